/**
 * Call-performance threshold CPT(p) (RouteLLM, Ong et al. 2024, §5.1): the smallest share of strong-model calls at
 * which the router reaches quality q_weak + p × (q_strong − q_weak), e.g. CPT(50%). RouteLLM interpolates with
 * `np.interp` over its points; this walks the curve (sorted by x) and interpolates linearly at the first crossing.
 * With more than two models the share is the cost share. Undefined when the curve never gets there.
 */
export function cpt(
  curve: readonly { x: number; y: number }[],
  gapShare: number,
  weakQuality: number,
  strongQuality: number,
): number | undefined {
  const target = weakQuality + gapShare * (strongQuality - weakQuality);
  for (let i = 0; i < curve.length; i++) {
    const b = curve[i]!;
    if (b.y < target - 1e-12) continue;
    const a = curve[i - 1];
    if (!a || a.y >= b.y || b.x === a.x) return b.x;
    return a.x + ((target - a.y) * (b.x - a.x)) / (b.y - a.y);
  }
  return undefined;
}
