/**
 * The non-decreasing convex hull of cost–quality points (RouterBench, Hu et al. 2024, §3.2;
 * `withmartian/routerbench` `evaluation/AIQ.py`): the upper concave hull — every mixture of two operating points is
 * achievable by routing a random part of traffic to each — cut at its highest point, since spending more for less
 * quality is never chosen. Returns hull vertices sorted by cost.
 */
export function nonDecreasingHull(points: readonly { x: number; y: number }[]): { x: number; y: number }[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || b.y - a.y);
  const hull: { x: number; y: number }[] = [];
  for (const p of sorted) {
    if (hull.length > 0 && hull.at(-1)!.x === p.x) continue;
    while (hull.length >= 2) {
      const a = hull[hull.length - 2]!;
      const b = hull[hull.length - 1]!;
      // Drop b when it lies on or below the segment a–p (within rounding).
      if ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) >= -1e-12) hull.pop();
      else break;
    }
    hull.push(p);
  }
  let peak = 0;
  for (let i = 1; i < hull.length; i++) if (hull[i]!.y > hull[peak]!.y) peak = i;
  return hull.slice(0, peak + 1);
}

/**
 * Average improvement in quality, AIQ (RouterBench, Hu et al. 2024, §3.2): the area under a policy's non-decreasing
 * convex hull over the cost range [costLow, costHigh], divided by that range. The hull is extended flat from its
 * last point to costHigh; left of its first point it contributes nothing (as RouterBench's `np.trapz`). Use one cost
 * range for every policy compared (the evaluator uses the lowest and highest cost share of any point it reports).
 */
export function aiq(points: readonly { x: number; y: number }[], costLow: number, costHigh: number): number {
  if (!(costHigh > costLow) || points.length === 0) return Number.NaN;
  const hull = nonDecreasingHull(points);
  const last = hull.at(-1)!;
  if (last.x < costHigh) hull.push({ x: costHigh, y: last.y });
  let area = 0;
  for (let i = 1; i < hull.length; i++) {
    const a = hull[i - 1]!;
    const b = hull[i]!;
    const left = Math.max(a.x, costLow);
    const right = Math.min(b.x, costHigh);
    if (right <= left) continue;
    const at = (x: number) => a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
    area += ((at(left) + at(right)) / 2) * (right - left);
  }
  return area / (costHigh - costLow);
}
