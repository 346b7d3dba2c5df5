/**
 * Cost saved at a quality target (RouteLLM reports cost reductions "while maintaining 95% of GPT-4's performance"):
 * walk the curve of (cost share, quality) sorted by cost share, find the first cost share reaching
 * `share × strongQuality` (linear interpolation between points), and return 1 − that cost share. Undefined when the
 * curve never reaches the target.
 */
export function costSavedAt(
  curve: readonly { x: number; y: number }[],
  strongQuality: number,
  share = 0.95,
): number | undefined {
  const target = share * strongQuality;
  for (let i = 0; i < curve.length; i++) {
    const b = curve[i]!;
    if (b.y < target - 1e-12) continue;
    const a = curve[i - 1];
    const x = !a || a.y >= b.y || b.x === a.x ? b.x : a.x + ((target - a.y) * (b.x - a.x)) / (b.y - a.y);
    return 1 - x;
  }
  return undefined;
}
