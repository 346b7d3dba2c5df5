/**
 * Average performance gap recovered (RouteLLM, Ong et al. 2024, §5.1; `routellm/evals/evaluate.py`): the area under
 * the quality curve over the share of strong-model calls, minus the always-weak area, over the always-strong minus
 * always-weak area — the mean PGR across strong shares. Trapezoids over the curve's points as RouteLLM's `np.trapz`.
 * With more than two models the x axis is the cost share instead of the strong-call share. `curve` must be sorted by
 * x and span [xLow, xHigh] (see `completedCurve`); the part outside [xLow, xHigh] is ignored.
 */
export function apgr(
  curve: readonly { x: number; y: number }[],
  xLow: number,
  xHigh: number,
  weakQuality: number,
  strongQuality: number,
): number {
  const width = xHigh - xLow;
  if (!(width > 0) || strongQuality === weakQuality) return Number.NaN;
  const area = areaBetween(curve, xLow, xHigh);
  return (area - weakQuality * width) / ((strongQuality - weakQuality) * width);
}

/** Trapezoid area under a piecewise-linear curve (sorted by x) between two x values. */
export function areaBetween(curve: readonly { x: number; y: number }[], lo: number, hi: number): number {
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1]!;
    const b = curve[i]!;
    const left = Math.max(a.x, lo);
    const right = Math.min(b.x, hi);
    if (right <= left) continue;
    const at = (x: number) => (b.x === a.x ? b.y : a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x));
    area += ((at(left) + at(right)) / 2) * (right - left);
  }
  return area;
}
