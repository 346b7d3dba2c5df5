// λ calibration for the utility picker on precomputed predictions (`calibrateLambda`'s prediction form), and the λ
// sweep both forms share.
import { joinPath } from '../core/zod-issues.js';
import { CalibrationIssues, isCost, isUnitNumber, pickTarget } from './calibrate-checks.js';
import { pickByUtility } from '../classifiers/pick-by-utility.js';

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

import type { LambdaCalibration } from '../core/lambda-calibration.js';

export type { LambdaCalibration };

/** The λ values swept by `calibrateLambda`: 0, then 241 log-spaced values from 1e-4 to 1e4. */
export const LAMBDA_GRID: readonly number[] = [0, ...Array.from({ length: 241 }, (_, i) => 10 ** (-4 + i / 30))];

/** One calibration query as the λ sweep reads it. */
export interface LambdaSweepRow {
  /** Predicted quality per model: what the picker weighs. */
  predicted: Readonly<Record<string, number>>;
  /** Cost per model as the picker weighs it (known before the call). */
  decisionCosts: Readonly<Record<string, number>>;
  /** Quality per model the routed answer is scored with (recorded, else predicted). */
  quality: Readonly<Record<string, number>>;
  /** Cost per model the routed call is charged (recorded, else the decision cost). */
  costs: Readonly<Record<string, number>>;
}

/** The target of a λ sweep. */
export type LambdaTarget = { targetQuality: number } | { maxCostShare: number };

const ROOT = 'calibrateLambda';

/**
 * Picks λ for `pickByUtility` by sweeping `LAMBDA_GRID` on calibration data: with `targetQuality`, the largest λ
 * (cheapest routing) whose quality reaches the target; with `maxCostShare`, the smallest λ (best quality) whose cost
 * share stays within it. Cost share is measured against always calling the model of best mean quality. Bad input
 * throws `ConfigError` with each field's path.
 */
export function calibrateLambdaPredictions(input: CalibrateLambdaInput): LambdaCalibration {
  checkPredictionInput(input);
  const perRowCosts = Array.isArray(input.costs);
  const rows = input.predictions.map((predicted, row): LambdaSweepRow => {
    const costs = perRowCosts
      ? (input.costs as readonly Readonly<Record<string, number>>[])[row]!
      : (input.costs as Readonly<Record<string, number>>);
    return { predicted, decisionCosts: costs, quality: input.outcomes ? input.outcomes[row]! : predicted, costs };
  });
  return sweepLambda(rows, input);
}

/**
 * Sweeps `LAMBDA_GRID` over checked rows (at least one, every model with a quality and both costs) and returns the λ
 * meeting `target`, or the end of the sweep closest to it with `reached: false`.
 */
export function sweepLambda(rows: readonly LambdaSweepRow[], target: LambdaTarget): LambdaCalibration {
  const reference = bestModel(rows);
  const sweep = LAMBDA_GRID.map((lambda) => evaluateLambda(rows, lambda, reference));
  if ('targetQuality' in target) {
    const hits = sweep.filter((point) => point.quality >= target.targetQuality - 1e-12);
    return hits.length > 0 ? hits[hits.length - 1]! : { ...sweep[0]!, reached: false };
  }
  const hit = sweep.find((point) => point.costShare <= target.maxCostShare + 1e-12);
  return hit ?? { ...sweep[sweep.length - 1]!, reached: false };
}

/** The model of best mean quality (ties: the cheaper in total, then by name): the cost share's reference. */
function bestModel(rows: readonly LambdaSweepRow[]): string {
  const quality: Record<string, number> = {};
  const cost: Record<string, number> = {};
  for (const row of rows) {
    for (const model of Object.keys(row.predicted)) {
      quality[model] = (quality[model] ?? 0) + row.quality[model]!;
      cost[model] = (cost[model] ?? 0) + row.costs[model]!;
    }
  }
  return Object.keys(quality).sort(
    (a, b) => quality[b]! - quality[a]! || cost[a]! - cost[b]! || a.localeCompare(b),
  )[0]!;
}

/** The utility picker at one λ over the rows: mean quality, cost share against `reference`, share per model. */
function evaluateLambda(rows: readonly LambdaSweepRow[], lambda: number, reference: string): LambdaCalibration {
  const counts: Record<string, number> = {};
  let quality = 0;
  let cost = 0;
  let referenceCost = 0;
  for (const row of rows) {
    const { model } = pickByUtility(row.predicted, row.decisionCosts, lambda);
    counts[model] = (counts[model] ?? 0) + 1;
    quality += row.quality[model]!;
    cost += row.costs[model]!;
    referenceCost += row.costs[reference]!;
  }
  const n = rows.length;
  const shares = Object.fromEntries(Object.entries(counts).map(([model, count]) => [model, count / n]));
  return {
    lambda,
    quality: quality / n,
    costShare: referenceCost > 0 ? cost / referenceCost : 0,
    shares,
    reached: true,
  };
}

/** Checks the prediction form; throws `ConfigError` listing every problem. */
function checkPredictionInput(input: CalibrateLambdaInput): void {
  const record = input as unknown as Record<string, unknown>;
  const issues = new CalibrationIssues();
  pickTarget(record, ['targetQuality', 'maxCostShare'], ROOT, issues);
  const predictions = record.predictions;
  if (!Array.isArray(predictions)) {
    issues.add(
      `${ROOT}.predictions`,
      'must be an array of { [model]: predicted quality } (or pass predictor and data)',
    );
    issues.throwIfAny(ROOT);
    return;
  }
  if (predictions.length === 0) issues.add(`${ROOT}.predictions`, 'must not be empty');
  const n = predictions.length;
  const costs = record.costs;
  const perRowCosts = Array.isArray(costs);
  if (perRowCosts && costs.length !== n)
    issues.add(`${ROOT}.costs`, `has ${costs.length} entries; predictions has ${n}`);
  if (!perRowCosts && (typeof costs !== 'object' || costs === null)) {
    issues.add(`${ROOT}.costs`, 'must be { [model]: cost } or one such object per prediction');
  }
  const outcomes = record.outcomes;
  if (outcomes !== undefined && !Array.isArray(outcomes)) {
    issues.add(`${ROOT}.outcomes`, 'must be an array of { [model]: recorded quality }, aligned with predictions');
  } else if (outcomes && outcomes.length !== n) {
    issues.add(`${ROOT}.outcomes`, `has ${outcomes.length} entries; predictions has ${n}`);
  }
  const sharedCostsChecked = new Set<string>();
  predictions.forEach((prediction: unknown, row) => {
    if (typeof prediction !== 'object' || prediction === null || Object.keys(prediction).length === 0) {
      issues.add(`${ROOT}.predictions[${row}]`, 'must map at least one model to its predicted quality');
      return;
    }
    for (const [model, value] of Object.entries(prediction)) {
      if (!isUnitNumber(value)) {
        issues.add(
          joinPath(`${ROOT}.predictions[${row}]`, [model]),
          `must be a number in [0, 1] (got ${String(value)})`,
        );
      }
      const rowCosts = perRowCosts
        ? (costs[row] as Record<string, unknown> | undefined)
        : (costs as Record<string, unknown>);
      const costPath = joinPath(perRowCosts ? `${ROOT}.costs[${row}]` : `${ROOT}.costs`, [model]);
      const cost = rowCosts?.[model];
      // A shared cost table is checked once per model, not once per row.
      const checkCost = perRowCosts || !sharedCostsChecked.has(model);
      sharedCostsChecked.add(model);
      if (checkCost && !isCost(cost)) {
        issues.add(
          costPath,
          cost === undefined
            ? 'missing: every predicted model needs a cost'
            : `must be a finite number ≥ 0 (got ${String(cost)})`,
        );
      }
      if (Array.isArray(outcomes) && row < outcomes.length) {
        const recorded = (outcomes[row] as Record<string, unknown> | undefined)?.[model];
        if (!isUnitNumber(recorded)) {
          issues.add(
            joinPath(`${ROOT}.outcomes[${row}]`, [model]),
            recorded === undefined
              ? 'missing: every predicted model needs a recorded quality'
              : `must be a number in [0, 1] (got ${String(recorded)})`,
          );
        }
      }
    }
  });
  issues.throwIfAny(ROOT);
}
