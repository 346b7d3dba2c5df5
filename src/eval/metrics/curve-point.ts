/** One operating point of a policy, aggregated over every scored row. */
export interface CurvePoint {
  /** Sweep parameter that produced it (strong share target, λ, or 0). */
  param: number;
  /** Mean quality of the answers, in [0, 1]. */
  quality: number;
  /** Total cost of every call made, in USD. */
  costUsd: number;
  /** `costUsd` as a share of always calling the strongest model. */
  costShare: number;
  /** Share of queries that called the strongest model (escalations included). */
  strongShare: number;
}

/** Which share a curve's metrics are measured on: strong calls (two models, as RouteLLM) or cost (more models). */
export type CurveAxis = 'strongShare' | 'costShare';

/** The x value of a point on an axis. */
export function xOf(point: CurvePoint, axis: CurveAxis): number {
  return axis === 'strongShare' ? point.strongShare : point.costShare;
}

/** A policy's points sorted by x (then quality), with the weak and strong baseline points added at the ends if the
 * curve does not reach them: mixing a policy with always-weak or always-strong is always possible. */
export function completedCurve(points: readonly CurvePoint[], weak: CurvePoint, strong: CurvePoint, axis: CurveAxis) {
  const sorted = [...points].sort((a, b) => xOf(a, axis) - xOf(b, axis) || a.quality - b.quality);
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || xOf(first, axis) > xOf(weak, axis)) sorted.unshift(weak);
  if (!last || xOf(last, axis) < xOf(strong, axis)) sorted.push(strong);
  return sorted.map((p) => ({ x: xOf(p, axis), y: p.quality }));
}
