// `calibrateLambda`'s data form: the quality predictor reads recorded queries, then λ is swept over its predictions
// against what each model really scored and cost.
import { ConfigError } from '../errors.js';
import { joinPath } from '../core/zod-issues.js';
import { CalibrationIssues, checkConcurrency, isUnitNumber, pickTarget } from './calibrate-checks.js';
import { type LambdaCalibrationData, lambdaCalibrationRows } from './calibrate-lambda-examples.js';
import {
  type LambdaCalibration,
  type LambdaSweepRow,
  type LambdaTarget,
  sweepLambda,
} from './calibrate-lambda-predictions.js';
import { DEFAULT_CALIBRATION_CONCURRENCY, mapLimited } from './calibrate-map-limited.js';
import type { QualityPredictor } from '../classifiers/quality-predictor.js';

/** `calibrateLambda`'s data form: the predictor reads the data, and λ is picked on its predictions. */
export type CalibrateLambdaDataInput = {
  /** Predicts each candidate's quality (sync or async), e.g. `learnedQuality({ model })`. */
  predictor: Pick<QualityPredictor, 'predict'> & { readonly name?: string };
  /** Recorded queries: `LambdaCalibrationExample[]`, or an `EvalDataset` from `loadDataset`. */
  data: LambdaCalibrationData;
  /** Queries predicted at once by an asynchronous predictor (default 8). */
  concurrency?: number;
} & LambdaTarget;

/** A λ calibrated on data, with the cost scale it assumes. */
export interface DataLambdaCalibration extends LambdaCalibration {
  /**
   * Each model's cost as the picker weighed it: its mean recorded cost per query over the dearest model's (so the
   * dearest is 1, as `utility()` normalizes at run time). `pickByUtility(predicted, costs, lambda)` reproduces the
   * calibration's choices.
   */
  costs: Record<string, number>;
  /** The dearest model's mean recorded cost per query, in USD: the unit of `costs`. */
  costUnitUsd: number;
}

const ROOT = 'calibrateLambda';

/**
 * Calibrates λ for the utility picker on recorded queries: checks the input (`ConfigError` with each bad field's
 * path, before anything is predicted), predicts every example, then sweeps λ. The picker weighs each model's mean
 * recorded cost (a live router cannot know a call's cost before making it); the sweep scores each pick with the
 * recorded quality and cost of that query.
 */
export async function calibrateLambdaOnData(input: CalibrateLambdaDataInput): Promise<DataLambdaCalibration> {
  const record = input as unknown as Record<string, unknown>;
  const issues = new CalibrationIssues();
  const predictor = record.predictor as CalibrateLambdaDataInput['predictor'] | undefined;
  if (typeof predictor?.predict !== 'function') {
    issues.add(
      `${ROOT}.predictor`,
      predictor === undefined
        ? 'required with data: a quality predictor, e.g. learnedQuality({ model })'
        : 'must be a quality predictor ({ predict })',
    );
  }
  if (record.predictions !== undefined) {
    issues.add(`${ROOT}.predictions`, 'pass either predictions or predictor and data, not both');
  }
  pickTarget(record, ['targetQuality', 'maxCostShare'], ROOT, issues);
  checkConcurrency(record.concurrency, ROOT, issues);
  const data = lambdaCalibrationRows(record.data, ROOT, issues);
  issues.throwIfAny(ROOT);
  const { models, inputs, quality, costs } = data!;

  const meanCost = Object.fromEntries(
    models.map((model) => [model, costs.reduce((sum, row) => sum + row[model]!, 0) / costs.length]),
  );
  const costUnitUsd = Math.max(...Object.values(meanCost));
  const decisionCosts = Object.fromEntries(
    models.map((model) => [model, costUnitUsd > 0 ? meanCost[model]! / costUnitUsd : 0]),
  );

  const where = (row: number) => (Array.isArray(input.data) ? `data[${row}]` : `data.rows[${row}]`);
  const predictions = await mapLimited(
    inputs,
    input.concurrency ?? DEFAULT_CALIBRATION_CONCURRENCY,
    async (example, row) => checkPrediction(await predictor!.predict(example), models, predictor!, where(row)),
  );
  const rows = predictions.map(
    (predicted, row): LambdaSweepRow => ({ predicted, decisionCosts, quality: quality[row]!, costs: costs[row]! }),
  );
  return { ...sweepLambda(rows, input), costs: decisionCosts, costUnitUsd };
}

/** A prediction must give every candidate of the data, and no other, a quality in [0, 1]. */
function checkPrediction(
  prediction: unknown,
  models: readonly string[],
  predictor: CalibrateLambdaDataInput['predictor'],
  where: string,
): Record<string, number> {
  const name = predictor.name ?? 'the predictor';
  const fail = (message: string): never => {
    throw new ConfigError([{ path: `${ROOT}.predictor`, message: `${name} on ${where}: ${message}` }]);
  };
  if (typeof prediction !== 'object' || prediction === null)
    return fail(`returned ${String(prediction)}, not { [model]: quality }`);
  const predicted = prediction as Record<string, unknown>;
  for (const model of models) {
    const value = predicted[model];
    if (value === undefined)
      fail(`no prediction for ${JSON.stringify(model)} (the data's models: ${models.join(', ')})`);
    if (!isUnitNumber(value)) fail(`predicted ${joinPath('', [model])} = ${String(value)}, not a number in [0, 1]`);
  }
  for (const model of Object.keys(predicted)) {
    if (!models.includes(model)) {
      fail(
        `predicted ${JSON.stringify(model)}, which the data has no outcome for (models: ${models.join(', ')}); ` +
          'restrict the predictor to those, e.g. learnedQuality({ model, heads })',
      );
    }
  }
  return predicted as Record<string, number>;
}
