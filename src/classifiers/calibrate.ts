// Threshold calibration for two-tier routing (as RouteLLM does), and λ calibration for the utility picker.
import { pickByUtility } from './pick-by-utility.js';
import { type RoutingPoint, routingCurve } from './routing-metrics.js';

/** Recorded per-query quality (in [0, 1]) of the weak and strong tiers, aligned with `scores`. */
export interface TierOutcomes {
  weak: readonly number[];
  strong: readonly number[];
}

/** Per-query cost of each tier, aligned with `scores`, or one number per tier when every query costs the same. */
export interface TierCosts {
  weak: number | readonly number[];
  strong: number | readonly number[];
}

/** What to calibrate for: a share of strong calls, a quality to reach, or a cost ceiling. */
export type CalibrateInput =
  | { scores: readonly number[]; targetStrongShare: number }
  | { scores: readonly number[]; outcomes: TierOutcomes; targetQuality: number }
  | { scores: readonly number[]; costs: TierCosts; maxCostShare: number };

/** A calibrated threshold: route to the strong tier when score ≥ threshold. */
export interface Calibration {
  /** Scores at or above this go to the strong tier (`Infinity`: none do). */
  threshold: number;
  /** Share of the calibration queries sent to the strong tier at this threshold. */
  strongShare: number;
  /** Mean quality at this threshold (with `targetQuality`). */
  quality?: number;
  /** Cost as a share of sending everything to the strong tier (with `maxCostShare`). */
  costShare?: number;
  /** Whether the target was met (false: the closest point is returned, e.g. a quality no threshold reaches). */
  reached: boolean;
}

function costAt(costs: number | readonly number[], row: number): number {
  return typeof costs === 'number' ? costs : costs[row]!;
}

/**
 * Picks the score threshold for a target on calibration data (held-out scores of the classifier):
 * - `targetStrongShare`: the threshold whose share of strong calls is closest to the target (ties: the smaller);
 * - `targetQuality`: the highest threshold (fewest strong calls) whose routed quality reaches the target;
 * - `maxCostShare`: the lowest threshold (most strong calls) whose cost, as a share of all-strong, stays within it.
 * Thresholds are actual score values, so ties move together.
 */
export function calibrate(input: CalibrateInput): Calibration {
  const { scores } = input;
  if (scores.length === 0) throw new Error('calibrate: no scores');
  if ('targetStrongShare' in input) {
    const target = input.targetStrongShare;
    if (!(target >= 0 && target <= 1)) throw new RangeError(`calibrate: targetStrongShare must be in [0, 1]`);
    const zeros = scores.map(() => 0);
    let best: RoutingPoint | undefined;
    for (const point of routingCurve(scores, zeros, zeros)) {
      if (!best || Math.abs(point.strongShare - target) < Math.abs(best.strongShare - target) - 1e-12) best = point;
    }
    return { threshold: best!.threshold, strongShare: best!.strongShare, reached: true };
  }
  if ('targetQuality' in input) {
    const { weak, strong } = input.outcomes;
    if (weak.length !== scores.length || strong.length !== scores.length) {
      throw new Error('calibrate: outcomes.weak and outcomes.strong must align with scores');
    }
    const curve = routingCurve(scores, weak, strong);
    const hit = curve.find((point) => point.quality >= input.targetQuality - 1e-12);
    const best = hit ?? curve.reduce((a, b) => (b.quality > a.quality ? b : a));
    return { threshold: best.threshold, strongShare: best.strongShare, quality: best.quality, reached: !!hit };
  }
  const { costs, maxCostShare } = input;
  const n = scores.length;
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let allStrong = 0;
  let current = 0;
  for (let row = 0; row < n; row++) {
    allStrong += costAt(costs.strong, row);
    current += costAt(costs.weak, row);
  }
  const share = (cost: number) => (allStrong > 0 ? cost / allStrong : 0);
  let chosen: Calibration = {
    threshold: Number.POSITIVE_INFINITY,
    strongShare: 0,
    costShare: share(current),
    reached: share(current) <= maxCostShare + 1e-12,
  };
  let i = 0;
  while (i < n) {
    const threshold = scores[order[i]!]!;
    while (i < n && scores[order[i]!] === threshold) {
      current += costAt(costs.strong, order[i]!) - costAt(costs.weak, order[i]!);
      i++;
    }
    if (share(current) > maxCostShare + 1e-12) break;
    chosen = { threshold, strongShare: i / n, costShare: share(current), reached: true };
  }
  return chosen;
}

/** Calibration data for the utility picker: per query, each model's predicted quality; costs per model. */
export interface CalibrateLambdaData {
  /** Per query: predicted quality per model (e.g. `predictHeads`). */
  predictions: readonly Readonly<Record<string, number>>[];
  /** Cost per model (same for every query), or per query and model. */
  costs: Readonly<Record<string, number>> | readonly Readonly<Record<string, number>>[];
  /** Per query: recorded quality per model; without it the predicted quality is used. */
  outcomes?: readonly Readonly<Record<string, number>>[];
}

/** What to calibrate λ for. */
export type CalibrateLambdaInput = CalibrateLambdaData & ({ targetQuality: number } | { maxCostShare: number });

/** A calibrated λ and what it gives on the calibration data. */
export interface LambdaCalibration {
  lambda: number;
  /** Mean quality (recorded when outcomes are given, else predicted). */
  quality: number;
  /** Cost as a share of always calling the best-quality model. */
  costShare: number;
  /** Share of queries sent to each model. */
  shares: Record<string, number>;
  /** Whether the target was met (false: the end of the sweep closest to it is returned). */
  reached: boolean;
}

/** The λ values swept by `calibrateLambda`: 0, then 241 log-spaced values from 1e-4 to 1e4. */
export const LAMBDA_GRID: readonly number[] = [0, ...Array.from({ length: 241 }, (_, i) => 10 ** (-4 + i / 30))];

/** Evaluates the utility picker at one λ over calibration data. */
function evaluateLambda(data: CalibrateLambdaData, lambda: number, bestModel: string): LambdaCalibration {
  const n = data.predictions.length;
  const counts: Record<string, number> = {};
  let quality = 0;
  let cost = 0;
  let bestCost = 0;
  for (let row = 0; row < n; row++) {
    const costs = Array.isArray(data.costs) ? data.costs[row]! : (data.costs as Record<string, number>);
    const { model } = pickByUtility(data.predictions[row]!, costs, lambda);
    counts[model] = (counts[model] ?? 0) + 1;
    quality += (data.outcomes ? data.outcomes[row]! : data.predictions[row]!)[model] ?? 0;
    cost += costs[model]!;
    bestCost += costs[bestModel]!;
  }
  const shares = Object.fromEntries(Object.entries(counts).map(([model, count]) => [model, count / n]));
  return { lambda, quality: quality / n, costShare: bestCost > 0 ? cost / bestCost : 0, shares, reached: true };
}

/**
 * Picks λ for `pickByUtility` by sweeping `LAMBDA_GRID` on calibration data: with `targetQuality`, the largest λ
 * (cheapest routing) whose quality reaches the target; with `maxCostShare`, the smallest λ (best quality) whose cost
 * share stays within it. Cost share is measured against always calling the model of best mean quality.
 */
export function calibrateLambda(input: CalibrateLambdaInput): LambdaCalibration {
  const rows = input.predictions;
  if (rows.length === 0) throw new Error('calibrateLambda: no predictions');
  const means: Record<string, number> = {};
  for (let row = 0; row < rows.length; row++) {
    const q = input.outcomes ? input.outcomes[row]! : rows[row]!;
    for (const [model, value] of Object.entries(q)) means[model] = (means[model] ?? 0) + value;
  }
  const bestModel = Object.keys(means).sort((a, b) => means[b]! - means[a]! || a.localeCompare(b))[0]!;
  const sweep = LAMBDA_GRID.map((lambda) => evaluateLambda(input, lambda, bestModel));
  if ('targetQuality' in input) {
    const hits = sweep.filter((point) => point.quality >= input.targetQuality - 1e-12);
    return hits.length > 0 ? hits[hits.length - 1]! : { ...sweep[0]!, reached: false };
  }
  const hit = sweep.find((point) => point.costShare <= input.maxCostShare + 1e-12);
  return hit ?? { ...sweep[sweep.length - 1]!, reached: false };
}
