import { aiq, nonDecreasingHull } from './aiq.js';
import { apgr } from './apgr.js';
import { npInterp } from './np-interp.js';

/** A curve point as the metrics take it: x = share (strong calls or cost), y = quality. */
export interface XY {
  x: number;
  y: number;
}

/** Points sorted by x, ties by quality (RouteLLM sorts by strong share only; the order of ties is ours). */
function sortedByX(points: readonly XY[]): XY[] {
  return [...points].sort((a, b) => a.x - b.x || a.y - b.y);
}

/**
 * APGR exactly as RouteLLM's `evaluate.py` (`apgr_metric`): `np.trapz` of quality over the policy's own points
 * sorted by share, minus the always-weak area over the same span, over the always-strong minus always-weak area.
 * The span is the policy's own (first to last point): nothing is added at the ends. NaN for a single point (RouteLLM
 * divides 0 by 0).
 */
export function routeLlmApgr(points: readonly XY[], weakQuality: number, strongQuality: number): number {
  const sorted = sortedByX(points);
  if (sorted.length < 2) return Number.NaN;
  return apgr(sorted, sorted[0]!.x, sorted.at(-1)!.x, weakQuality, strongQuality);
}

/**
 * CPT(p) exactly as RouteLLM's `evaluate.py` (`pct_call_metric`): `np.interp(q_weak + p × (q_strong − q_weak),
 * qualities, shares)` over the policy's own points sorted by share. numpy's interpolation reads the qualities as if
 * they increased (`npInterp` reproduces its answer when they do not). One departure: where no point reaches the
 * target, np.interp would return the last point's share (as if the target were met there); this returns undefined.
 */
export function routeLlmCpt(
  points: readonly XY[],
  gapShare: number,
  weakQuality: number,
  strongQuality: number,
): number | undefined {
  const sorted = sortedByX(points);
  const target = weakQuality + gapShare * (strongQuality - weakQuality);
  if (!sorted.some((p) => p.y >= target - 1e-12)) return undefined;
  return npInterp(
    target,
    sorted.map((p) => p.y),
    sorted.map((p) => p.x),
  );
}

/**
 * The largest cost of any compared policy's non-decreasing hull (RouterBench's `max_x_value` in `calc_AIQ`): the
 * right end every hull is extended to, and what AIQ divides by.
 */
export function hullMaxCost(curves: readonly (readonly XY[])[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const points of curves) {
    if (points.length === 0) continue;
    max = Math.max(max, nonDecreasingHull(points).at(-1)!.x);
  }
  return max;
}

/**
 * AIQ exactly as RouterBench's `evaluation/AIQ.py` (`calc_AIQ`): the policy's non-decreasing convex hull, extended
 * flat to `maxCost` (`hullMaxCost` over every policy compared), integrated with `np.trapz` from its first point, and
 * divided by `maxCost` — not by the cost range: the part left of the cheapest point counts as zero quality.
 */
export function routerBenchAiq(points: readonly XY[], maxCost: number): number {
  if (points.length === 0 || !(maxCost > 0)) return Number.NaN;
  const first = nonDecreasingHull(points)[0]!.x;
  if (first >= maxCost) return 0;
  return (aiq(points, first, maxCost) * (maxCost - first)) / maxCost;
}
