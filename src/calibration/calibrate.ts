// Threshold calibration for two-tier routing (as RouteLLM does), and λ calibration for the utility picker. Each has
// a score form (precomputed scores or predictions; synchronous) and a data form (a classifier or predictor plus
// recorded queries; asynchronous, since classifiers may be). The work is in the calibrate-*.ts files.
import { type CalibrateDataInput, type ClassifierCalibration, calibrateClassifier } from './calibrate-classifier.js';
import {
  type CalibrateLambdaCascadeInput,
  type CascadeLambdaCalibration,
  calibrateLambdaCascade,
} from './calibrate-lambda-cascade.js';
import {
  type CalibrateLambdaDataInput,
  calibrateLambdaOnData,
  type DataLambdaCalibration,
} from './calibrate-lambda-predictor.js';
import {
  type CalibrateLambdaInput,
  calibrateLambdaPredictions,
  type LambdaCalibration,
} from './calibrate-lambda-predictions.js';
import { type CalibrateInput, type Calibration, calibrateScores } from './calibrate-scores.js';

export type { CalibrateDataInput, CalibrationTarget, ClassifierCalibration } from './calibrate-classifier.js';
export type {
  CalibrationData,
  CalibrationExample,
  CalibrationTierModels,
} from './calibrate-examples.js';
export type {
  LambdaCalibrationData,
  LambdaCalibrationExample,
  LambdaCalibrationOutcome,
} from './calibrate-lambda-examples.js';
export type { CalibrateLambdaDataInput, DataLambdaCalibration } from './calibrate-lambda-predictor.js';
export type {
  CalibrateLambdaCascadeInput,
  CascadeLambdaCalibration,
  CascadeToCalibrate,
} from './calibrate-lambda-cascade.js';
export type {
  CalibrateLambdaData,
  CalibrateLambdaInput,
  LambdaCalibration,
  LambdaTarget,
} from './calibrate-lambda-predictions.js';
export { LAMBDA_GRID } from './calibrate-lambda-predictions.js';
export type { CalibrateInput, Calibration, TierCosts, TierOutcomes } from './calibrate-scores.js';

/**
 * Picks the score threshold for a target (route to the strong tier when score ≥ threshold), as RouteLLM does:
 * - `targetStrongShare`: the threshold whose share of strong calls is closest to the target (ties: the smaller);
 * - `targetQuality`: the highest threshold (fewest strong calls) whose routed quality reaches the target;
 * - `maxCostShare`: the lowest threshold (most strong calls) whose cost, as a share of all-strong, stays within it.
 *
 * Score form: `calibrate({ scores, … })` on held-out scores, synchronous.
 * Data form: `calibrate({ classifier, data, … })` scores recorded queries (`CalibrationExample[]` or an
 * `EvalDataset`) with the classifier first, so it returns a promise.
 * Bad input throws (data form: rejects with) `ConfigError`, each issue with its path, e.g. `calibrate.data[3].weak`.
 */
export function calibrate(input: CalibrateInput): Calibration;
export function calibrate(input: CalibrateDataInput): Promise<ClassifierCalibration>;
export function calibrate(input: CalibrateInput | CalibrateDataInput): Calibration | Promise<ClassifierCalibration> {
  if (isDataForm(input, 'classifier')) return calibrateClassifier(input as CalibrateDataInput);
  return calibrateScores(input as CalibrateInput);
}

/**
 * Picks λ for `pickByUtility` (and `utility()` tiers) by sweeping `LAMBDA_GRID`: with `targetQuality`, the largest λ
 * (cheapest routing) whose quality reaches the target; with `maxCostShare`, the smallest λ (best quality) whose cost
 * share, against always calling the model of best mean quality, stays within it.
 *
 * Prediction form: `calibrateLambda({ predictions, costs, outcomes?, … })`, synchronous.
 * Data form: `calibrateLambda({ predictor, data, … })` predicts recorded queries (`LambdaCalibrationExample[]` or an
 * `EvalDataset`) with the predictor first, so it returns a promise.
 * Cascade form: `calibrateLambda({ cascade: { learned, predictor?, … }, data, … })` picks λ for `cascadeRouting()` by
 * replaying its rule over the data's recorded answers (a promise too).
 * Bad input throws (data and cascade forms: reject with) `ConfigError`, each issue with its path.
 */
export function calibrateLambda(input: CalibrateLambdaInput): LambdaCalibration;
export function calibrateLambda(input: CalibrateLambdaDataInput): Promise<DataLambdaCalibration>;
export function calibrateLambda(input: CalibrateLambdaCascadeInput): Promise<CascadeLambdaCalibration>;
export function calibrateLambda(
  input: CalibrateLambdaInput | CalibrateLambdaDataInput | CalibrateLambdaCascadeInput,
): LambdaCalibration | Promise<DataLambdaCalibration | CascadeLambdaCalibration> {
  if (typeof input === 'object' && input !== null && 'cascade' in input) {
    return calibrateLambdaCascade(input as CalibrateLambdaCascadeInput);
  }
  if (isDataForm(input, 'predictor')) return calibrateLambdaOnData(input as CalibrateLambdaDataInput);
  return calibrateLambdaPredictions(input as CalibrateLambdaInput);
}

/** The data form names its scorer or its data; anything else is read (and checked) as the score form. */
function isDataForm(input: unknown, scorer: string): boolean {
  return typeof input === 'object' && input !== null && (scorer in input || 'data' in input);
}
