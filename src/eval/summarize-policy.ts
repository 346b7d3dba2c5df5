import { aiq } from './metrics/aiq.js';
import { apgr } from './metrics/apgr.js';
import { bestUnderCostShare, COST_SHARE_BUDGETS } from './metrics/best-under-cost-share.js';
import { costSavedAt } from './metrics/cost-saved.js';
import { cpt } from './metrics/cpt.js';
import { type CurveAxis, type CurvePoint, completedCurve, xOf } from './metrics/curve-point.js';
import { routeLlmApgr, routeLlmCpt, routerBenchAiq } from './metrics/reference-metrics.js';

/** Every metric of one policy. Shares are fractions in [0, 1]; `null` where a metric is undefined. */
export interface PolicySummary {
  /** Policy name. */
  name: string;
  /** What was swept (`strong share`, `lambda`) or `none` for a single operating point. */
  sweep: string;
  /** Headline point: the cheapest point reaching 95% of the strong model's quality, else the best-quality point. */
  quality: number;
  /** Total USD cost at the headline point. */
  costUsd: number;
  /** Cost share of the strongest model's cost at the headline point. */
  costShare: number;
  /** Share of queries calling the strongest model at the headline point. */
  strongShare: number;
  /** Average performance gap recovered over the policy's own points, on `axis`, as RouteLLM's `evaluate.py`. */
  apgr: number | null;
  /** The same APGR over the cost-share axis (equals `apgr` with more than two models). */
  apgrCost: number | null;
  /** Share on `axis` where the curve reaches 50% of the weak-to-strong gap, RouteLLM's `np.interp` (CPT(50%)). */
  cpt50: number | null;
  /** Same at 80%. */
  cpt80: number | null;
  /** RouterBench's AIQ (`AIQ.py`): area under the hull from its first point to the report's max cost, ÷ that cost. */
  aiq: number | null;
  /** APGR of the curve completed with the always-weak and always-strong points, over their whole span (ours). */
  apgrCompleted: number | null;
  /** CPT(50%) on the completed curve, first crossing interpolated (ours). */
  cpt50Completed: number | null;
  /** CPT(80%) on the completed curve (ours). */
  cpt80Completed: number | null;
  /** AIQ of the completed curve over the report's (min, max) cost-share range, ÷ that range (ours). */
  aiqCompleted: number | null;
  /** 1 − cost share at the first point reaching 95% of the strong model's quality. */
  costSaved95: number | null;
  /** Best point under each cost-share budget (5%, 10%, 20%, 50%). */
  budgets: { maxCostShare: number; point: CurvePoint | null }[];
  /** Every operating point, in sweep order. */
  curve: CurvePoint[];
}

/** What summaries are measured against. */
export interface SummaryReference {
  /** Axis of APGR and CPT. */
  axis: CurveAxis;
  /** Always-weak point on the scored rows. */
  weak: CurvePoint;
  /** Always-strong point on the scored rows. */
  strong: CurvePoint;
  /** Common cost-share range of the completed-curve AIQ. */
  costRange: [number, number];
  /** The largest cost share of any compared policy's hull: RouterBench's AIQ divides by it. */
  aiqMaxCost: number;
}

const finite = (value: number | undefined): number | null =>
  value === undefined || !Number.isFinite(value) ? null : value;

/**
 * Computes every metric of a policy's curve. `apgr`, `cpt50`, `cpt80` and `aiq` are the reference definitions, on the
 * policy's own points (RouteLLM's `evaluate.py`, RouterBench's `AIQ.py`): a single operating point has no APGR. The
 * `…Completed` variants first complete the curve with the always-weak and always-strong points (mixing a policy with
 * either is always possible). With `fixed` (the always-weak and always-strong baselines themselves) there is no
 * curve: APGR and CPT are null, and AIQ is that of the single point where it is defined (`fixedAiq`). With
 * `allowedShareAxis` (the two-model oracle) APGR and CPT read each point at the strong share it was allowed, as
 * RouteLLM's optimal curve is drawn; its recorded points keep the share actually called.
 */
export function summarizePolicy(
  name: string,
  sweep: string,
  curve: CurvePoint[],
  ref: SummaryReference,
  fixed = false,
  allowedShareAxis = false,
): PolicySummary {
  const { weak, strong, axis } = ref;
  // RouteLLM's optimal curve is plotted against the share of strong calls allowed (the sweep parameter), not made.
  const onCurve =
    allowedShareAxis && axis === 'strongShare' ? curve.map((p) => ({ ...p, strongShare: p.param })) : curve;
  const qw = weak.quality;
  const qs = strong.quality;
  const onAxis = completedCurve(onCurve, weak, strong, axis);
  const onCost = completedCurve(curve, weak, strong, 'costShare');
  const own = onCurve.map((p) => ({ x: xOf(p, axis), y: p.quality }));
  const ownCost = curve.map((p) => ({ x: p.costShare, y: p.quality }));
  const points = curve.map((p) => ({ x: p.costShare, y: p.quality })).sort((a, b) => a.x - b.x);
  const xLow = axis === 'strongShare' ? weak.strongShare : weak.costShare;
  const xHigh = axis === 'strongShare' ? strong.strongShare : strong.costShare;
  const target = 0.95 * qs;
  const byCost = [...curve].sort((a, b) => a.costShare - b.costShare);
  const headline =
    byCost.find((p) => p.quality >= target - 1e-12) ??
    byCost.reduce((best, p) => (p.quality > best.quality ? p : best), byCost[0]!);
  return {
    name,
    sweep,
    quality: headline.quality,
    costUsd: headline.costUsd,
    costShare: headline.costShare,
    strongShare: headline.strongShare,
    apgr: fixed ? null : finite(routeLlmApgr(own, qw, qs)),
    apgrCost: fixed ? null : finite(routeLlmApgr(ownCost, qw, qs)),
    cpt50: fixed ? null : finite(routeLlmCpt(own, 0.5, qw, qs)),
    cpt80: fixed ? null : finite(routeLlmCpt(own, 0.8, qw, qs)),
    aiq: fixed ? fixedAiq(curve, ref) : finite(routerBenchAiq(ownCost, ref.aiqMaxCost)),
    apgrCompleted: fixed ? null : finite(apgr(onAxis, xLow, xHigh, qw, qs)),
    cpt50Completed: fixed ? null : finite(cpt(onAxis, 0.5, qw, qs)),
    cpt80Completed: fixed ? null : finite(cpt(onAxis, 0.8, qw, qs)),
    aiqCompleted: fixed ? fixedAiq(curve, ref, true) : finite(aiq(onCost, ...ref.costRange)),
    costSaved95: finite(costSavedAt(fixed ? points : onCost, qs)),
    budgets: COST_SHARE_BUDGETS.map((maxCostShare) => ({
      maxCostShare,
      point: bestUnderCostShare(curve, maxCostShare) ?? null,
    })),
    curve,
  };
}

/**
 * AIQ of one fixed operating point. Its non-decreasing hull is the point extended flat to the right end, so the
 * cheapest point of the report (always-weak) scores its quality over the part of the range it covers (RouterBench's
 * formula: × (max − its cost) / max; `completed`: its quality, the range starting there). A point further right
 * (always-strong, at cost share 1) has no operating point at the budgets below it; RouterBench's formula would count
 * them as quality 0 and call the best model the worst router, so its AIQ is left undefined (null) instead (RouterBench's
 * own script skips routers with fewer than three distinct points).
 */
function fixedAiq(curve: readonly CurvePoint[], ref: SummaryReference, completed = false): number | null {
  const [low, high] = ref.costRange;
  const point = curve[0];
  if (!point || curve.length !== 1 || !(high > low)) return null;
  if (point.costShare > low + 1e-12 * Math.max(1, Math.abs(low))) return null;
  const xy = [{ x: point.costShare, y: point.quality }];
  return finite(completed ? aiq(xy, low, high) : routerBenchAiq(xy, ref.aiqMaxCost));
}
