// Threshold calibration for two-tier routing on precomputed scores (as RouteLLM does): `calibrate`'s score form.
import { CalibrationIssues, isCost, isUnitNumber, pickTarget } from './calibrate-checks.js';
import { type RoutingPoint, routingCurve } from '../eval/metrics/routing-metrics.js';

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
  /** Mean quality at this threshold (with `targetQuality`, or when the data records both tiers' quality). */
  quality?: number;
  /** Cost as a share of sending everything to the strong tier (with `maxCostShare`, or when the data has costs). */
  costShare?: number;
  /** Whether the target was met (false: the closest point is returned, e.g. a quality no threshold reaches). */
  reached: boolean;
}

const ROOT = 'calibrate';

function costAt(costs: number | readonly number[], row: number): number {
  return typeof costs === 'number' ? costs : costs[row]!;
}

/**
 * Picks the score threshold for a target on calibration data (held-out scores of the classifier):
 * - `targetStrongShare`: the threshold whose share of strong calls is closest to the target (ties: the smaller);
 * - `targetQuality`: the highest threshold (fewest strong calls) whose routed quality reaches the target;
 * - `maxCostShare`: the lowest threshold (most strong calls) whose cost, as a share of all-strong, stays within it.
 * Thresholds are actual score values, so ties move together. Bad input throws `ConfigError` with each field's path.
 */
export function calibrateScores(input: CalibrateInput): Calibration {
  const target = checkScoreInput(input);
  const { scores } = input;
  if (target === 'targetStrongShare') {
    const share = (input as { targetStrongShare: number }).targetStrongShare;
    const zeros = scores.map(() => 0);
    let best: RoutingPoint | undefined;
    for (const point of routingCurve(scores, zeros, zeros)) {
      if (!best || Math.abs(point.strongShare - share) < Math.abs(best.strongShare - share) - 1e-12) best = point;
    }
    return { threshold: best!.threshold, strongShare: best!.strongShare, reached: true };
  }
  if (target === 'targetQuality') {
    const { outcomes, targetQuality } = input as { outcomes: TierOutcomes; targetQuality: number };
    const curve = routingCurve(scores, outcomes.weak, outcomes.strong);
    const hit = curve.find((point) => point.quality >= targetQuality - 1e-12);
    const best = hit ?? curve.reduce((a, b) => (b.quality > a.quality ? b : a));
    return { threshold: best.threshold, strongShare: best.strongShare, quality: best.quality, reached: !!hit };
  }
  const { costs, maxCostShare } = input as { costs: TierCosts; maxCostShare: number };
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

/** Quality and cost share of routing `scores` at `threshold`, for whichever of outcomes and costs are known. */
export function tierFiguresAt(
  threshold: number,
  scores: readonly number[],
  outcomes: TierOutcomes | undefined,
  costs: TierCosts | undefined,
): { quality?: number; costShare?: number } {
  let quality = 0;
  let cost = 0;
  let allStrong = 0;
  for (let row = 0; row < scores.length; row++) {
    const strong = scores[row]! >= threshold;
    if (outcomes) quality += strong ? outcomes.strong[row]! : outcomes.weak[row]!;
    if (costs) {
      allStrong += costAt(costs.strong, row);
      cost += costAt(strong ? costs.strong : costs.weak, row);
    }
  }
  const figures: { quality?: number; costShare?: number } = {};
  if (outcomes) figures.quality = quality / scores.length;
  if (costs) figures.costShare = allStrong > 0 ? cost / allStrong : 0;
  return figures;
}

/** Checks the score form; returns its target or throws `ConfigError` listing every problem. */
function checkScoreInput(input: CalibrateInput): 'targetStrongShare' | 'targetQuality' | 'maxCostShare' {
  const issues = new CalibrationIssues();
  const record = input as unknown as Record<string, unknown>;
  const scores = record.scores;
  let n = 0;
  if (!Array.isArray(scores)) {
    issues.add(`${ROOT}.scores`, 'must be an array of scores in [0, 1] (or pass classifier and data)');
  } else if (scores.length === 0) {
    issues.add(`${ROOT}.scores`, 'must not be empty');
  } else {
    n = scores.length;
    scores.forEach((score, i) => {
      if (!isUnitNumber(score)) issues.add(`${ROOT}.scores[${i}]`, `must be a number in [0, 1] (got ${String(score)})`);
    });
  }
  const target = pickTarget(record, ['targetStrongShare', 'targetQuality', 'maxCostShare'], ROOT, issues);
  if (target === 'targetQuality') checkOutcomes(record.outcomes, n, issues);
  if (target === 'maxCostShare') checkCosts(record.costs, n, issues);
  issues.throwIfAny(ROOT);
  return target!;
}

function checkOutcomes(outcomes: unknown, n: number, issues: CalibrationIssues): void {
  const path = `${ROOT}.outcomes`;
  if (typeof outcomes !== 'object' || outcomes === null) {
    issues.add(path, 'targetQuality needs { weak, strong }: each tier’s recorded quality per score');
    return;
  }
  for (const tier of ['weak', 'strong'] as const) {
    const values = (outcomes as Record<string, unknown>)[tier];
    if (!Array.isArray(values)) {
      issues.add(`${path}.${tier}`, 'must be an array of qualities in [0, 1], aligned with scores');
      continue;
    }
    if (n > 0 && values.length !== n) issues.add(`${path}.${tier}`, `has ${values.length} entries; scores has ${n}`);
    values.forEach((value, i) => {
      if (!isUnitNumber(value))
        issues.add(`${path}.${tier}[${i}]`, `must be a number in [0, 1] (got ${String(value)})`);
    });
  }
}

function checkCosts(costs: unknown, n: number, issues: CalibrationIssues): void {
  const path = `${ROOT}.costs`;
  if (typeof costs !== 'object' || costs === null) {
    issues.add(path, 'maxCostShare needs { weak, strong }: each tier’s cost, one number or one per score');
    return;
  }
  for (const tier of ['weak', 'strong'] as const) {
    const value = (costs as Record<string, unknown>)[tier];
    if (Array.isArray(value)) {
      if (n > 0 && value.length !== n) issues.add(`${path}.${tier}`, `has ${value.length} entries; scores has ${n}`);
      value.forEach((cost, i) => {
        if (!isCost(cost)) issues.add(`${path}.${tier}[${i}]`, `must be a finite number ≥ 0 (got ${String(cost)})`);
      });
    } else if (!isCost(value)) {
      issues.add(`${path}.${tier}`, `must be a finite number ≥ 0 or an array of them (got ${String(value)})`);
    }
  }
}
