// `calibrate`'s data form: score recorded queries with the classifier, then pick the threshold on those scores.
import { ConfigError } from '../errors.js';
import {
  type CalibrationTargetName,
  CalibrationIssues,
  checkConcurrency,
  isUnitNumber,
  pickTarget,
} from './calibrate-checks.js';
import {
  type CalibrationColumns,
  type CalibrationData,
  type CalibrationTierModels,
  calibrationColumns,
} from './calibrate-examples.js';
import { DEFAULT_CALIBRATION_CONCURRENCY, mapLimited } from './calibrate-map-limited.js';
import { type CalibrateInput, type Calibration, calibrateScores, tierFiguresAt } from './calibrate-scores.js';
import type { ClassifierResult, DifficultyClassifier } from '../classifiers/types.js';

/** What a threshold is calibrated for: a share of strong calls, a quality to reach, or a cost ceiling. */
export type CalibrationTarget =
  | {
      /** Share of queries to send to the strong tier, in [0, 1]. */
      targetStrongShare: number;
    }
  | {
      /** Mean quality to reach with the fewest strong calls; needs `weak` and `strong` on every example. */
      targetQuality: number;
    }
  | {
      /** Most cost allowed, as a share of all-strong in [0, 1]; needs `weakCostUsd` and `strongCostUsd`. */
      maxCostShare: number;
    };

/** `calibrate`'s data form: the classifier scores the data, and the threshold is picked on those scores. */
export type CalibrateDataInput = {
  /** The classifier to calibrate (sync or async), e.g. `learned()`. */
  classifier: DifficultyClassifier;
  /** Recorded queries: `CalibrationExample[]`, or an `EvalDataset` from `loadDataset`. */
  data: CalibrationData;
  /** With an `EvalDataset`: its models for the tiers. Default: strong = best mean quality, weak = cheapest other. */
  models?: CalibrationTierModels;
  /** Queries scored at once by an asynchronous classifier (default 8). */
  concurrency?: number;
} & CalibrationTarget;

/** A threshold calibrated on data, with the scores it was picked on. */
export interface ClassifierCalibration extends Calibration {
  /** The classifier's score of each example, in data order (reuse them with the score form, at no new cost). */
  scores: number[];
  /** What scoring cost, in USD, when the classifier reports a cost (`llmClassifier`, a paid embedder). */
  scoringCostUsd?: number;
  /** With an `EvalDataset`: the models used as the tiers. */
  models?: CalibrationTierModels;
}

const ROOT = 'calibrate';

/**
 * Calibrates a classifier's threshold on recorded queries: checks the input (`ConfigError` with each bad field's
 * path, before any query is scored), scores every example, then picks the threshold as the score form does. The
 * result also reports quality and cost share at that threshold whenever the data records them.
 */
export async function calibrateClassifier(input: CalibrateDataInput): Promise<ClassifierCalibration> {
  const record = input as unknown as Record<string, unknown>;
  const issues = new CalibrationIssues();
  const classifier = record.classifier as DifficultyClassifier | undefined;
  if (typeof classifier?.classify !== 'function') {
    issues.add(
      `${ROOT}.classifier`,
      classifier === undefined
        ? 'required with data: the classifier to calibrate, e.g. learned() or heuristic()'
        : 'must be a difficulty classifier ({ name, classify })',
    );
  }
  if (record.scores !== undefined) issues.add(`${ROOT}.scores`, 'pass either scores or classifier and data, not both');
  const target = pickTarget(record, ['targetStrongShare', 'targetQuality', 'maxCostShare'], ROOT, issues);
  checkConcurrency(record.concurrency, ROOT, issues);
  const needs = { outcomes: target === 'targetQuality', costs: target === 'maxCostShare' };
  const columns = calibrationColumns(record.data, record.models, needs, ROOT, issues);
  issues.throwIfAny(ROOT);

  let scoringCostUsd: number | undefined;
  const scores = await mapLimited(
    columns!.inputs,
    input.concurrency ?? DEFAULT_CALIBRATION_CONCURRENCY,
    async (example, row) => {
      const result = (await classifier!.classify(example)) as ClassifierResult & { costUsd?: number };
      if (typeof result?.costUsd === 'number') scoringCostUsd = (scoringCostUsd ?? 0) + result.costUsd;
      const score = result?.score;
      if (!isUnitNumber(score)) {
        const where = Array.isArray(input.data) ? `data[${row}]` : `data.rows[${row}]`;
        throw new ConfigError([
          {
            path: `${ROOT}.classifier`,
            message: `${classifier!.name ?? 'the classifier'} scored ${where} as ${String(score)}, not a number in [0, 1]`,
          },
        ]);
      }
      return score;
    },
  );

  const calibration = calibrateScores(scoreInput(target!, scores, columns!, input));
  const figures = tierFiguresAt(calibration.threshold, scores, columns!.outcomes, columns!.costs);
  const result: ClassifierCalibration = { ...calibration, ...figures, scores };
  if (scoringCostUsd !== undefined) result.scoringCostUsd = scoringCostUsd;
  if (columns!.models) result.models = columns!.models;
  return result;
}

/** The score form's input for the same target. */
function scoreInput(
  target: CalibrationTargetName,
  scores: number[],
  columns: CalibrationColumns,
  input: CalibrateDataInput,
): CalibrateInput {
  const record = input as unknown as Record<CalibrationTargetName, number>;
  if (target === 'targetQuality') {
    return { scores, outcomes: columns.outcomes!, targetQuality: record.targetQuality };
  }
  if (target === 'maxCostShare') return { scores, costs: columns.costs!, maxCostShare: record.maxCostShare };
  return { scores, targetStrongShare: record.targetStrongShare };
}
