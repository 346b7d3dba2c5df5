import { aiq } from './metrics/aiq.js';
import { apgr } from './metrics/apgr.js';
import { bestUnderCostShare, COST_SHARE_BUDGETS } from './metrics/best-under-cost-share.js';
import { costSavedAt } from './metrics/cost-saved.js';
import { cpt } from './metrics/cpt.js';
import { type CurveAxis, type CurvePoint, completedCurve } from './metrics/curve-point.js';

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
  /** Average performance gap recovered over the curve (RouteLLM), on `axis`. */
  apgr: number | null;
  /** APGR over the cost-share axis (equals `apgr` with more than two models). */
  apgrCost: number | null;
  /** Smallest share on `axis` reaching 50% of the weak-to-strong gap (RouteLLM's CPT(50%)). */
  cpt50: number | null;
  /** Same at 80%. */
  cpt80: number | null;
  /** RouterBench's AIQ over the report's common cost-share range. */
  aiq: number | null;
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
  /** Common cost-share range of AIQ. */
  costRange: [number, number];
}

const finite = (value: number | undefined): number | null =>
  value === undefined || !Number.isFinite(value) ? null : value;

/**
 * Computes every metric of a policy's curve. The curve is completed with the always-weak and always-strong points
 * (mixing a policy with either is always possible), so a single operating point still has an APGR, CPT and AIQ. With
 * `fixed` (the always-weak and always-strong baselines themselves) there is no curve: APGR and CPT are null, and AIQ
 * is that of the single point where it is defined (`fixedAiq`).
 */
export function summarizePolicy(
  name: string,
  sweep: string,
  curve: CurvePoint[],
  ref: SummaryReference,
  fixed = false,
): PolicySummary {
  const { weak, strong, axis } = ref;
  const qw = weak.quality;
  const qs = strong.quality;
  const onAxis = completedCurve(curve, weak, strong, axis);
  const onCost = completedCurve(curve, weak, strong, 'costShare');
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
    apgr: fixed ? null : finite(apgr(onAxis, xLow, xHigh, qw, qs)),
    apgrCost: fixed ? null : finite(apgr(onCost, weak.costShare, strong.costShare, qw, qs)),
    cpt50: fixed ? null : finite(cpt(onAxis, 0.5, qw, qs)),
    cpt80: fixed ? null : finite(cpt(onAxis, 0.8, qw, qs)),
    aiq: fixed ? fixedAiq(curve, ref.costRange) : finite(aiq(onCost, ...ref.costRange)),
    costSaved95: finite(costSavedAt(fixed ? points : onCost, qs)),
    budgets: COST_SHARE_BUDGETS.map((maxCostShare) => ({
      maxCostShare,
      point: bestUnderCostShare(curve, maxCostShare) ?? null,
    })),
    curve,
  };
}

/**
 * AIQ of one fixed operating point. Its non-decreasing hull is the point extended flat to the right end of the cost
 * range, so where the point is the cheapest of the report (always-weak) the curve spans the whole range and AIQ is
 * its quality: what it delivers at every budget. A point further right (always-strong, at cost share 1) has no
 * operating point at the budgets below it; RouterBench's formula would count them as quality 0 and call the best
 * model the worst router, so its AIQ is left undefined (null) instead.
 */
function fixedAiq(curve: readonly CurvePoint[], costRange: [number, number]): number | null {
  const [low, high] = costRange;
  const point = curve[0];
  if (!point || curve.length !== 1 || !(high > low)) return null;
  if (point.costShare > low + 1e-12 * Math.max(1, Math.abs(low))) return null;
  return finite(aiq([{ x: point.costShare, y: point.quality }], low, high));
}
