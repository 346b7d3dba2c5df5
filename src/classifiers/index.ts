// The classifiers' public surface (re-exported by src/index.ts).

export type {
  CalibrateInput,
  CalibrateLambdaData,
  CalibrateLambdaInput,
  Calibration,
  LambdaCalibration,
  TierCosts,
  TierOutcomes,
} from './calibrate.js';
export { calibrate, calibrateLambda, LAMBDA_GRID } from './calibrate.js';
export type { HashedFeatureOptions } from './hashed-features.js';
export { DEFAULT_HASHED_FEATURE_OPTIONS } from './hashed-features.js';
export type { HeuristicOptions } from './heuristic.js';
export { DEFAULT_HEURISTIC_BIAS, DEFAULT_HEURISTIC_WEIGHTS, heuristic } from './heuristic.js';
export type { HeuristicFeature, HeuristicFeatureName } from './heuristic-features.js';
export { HEURISTIC_FEATURES, heuristicFeatures } from './heuristic-features.js';
export type { LearnedOptions } from './learned.js';
export { learned, shippedLearnedModel } from './learned.js';
export type { LearnedHead, LearnedModel } from './learned-model.js';
export { predictHead, predictHeads, predictPair } from './learned-model.js';
export type { UtilityChoice } from './pick-by-utility.js';
export { pickByUtility } from './pick-by-utility.js';
export type { RoutingPoint } from './routing-metrics.js';
export { rocAuc, routingCurve } from './routing-metrics.js';
export type { SerializedLearnedHead, SerializedLearnedModel } from './serialize-learned-model.js';
export { loadLearnedModel, serializeLearnedModel } from './serialize-learned-model.js';
export type { SyncDifficultyClassifier } from './sync-classifier.js';
export type { LearnedExample, MultiHeadExample, TierExample, TrainLearnedOptions } from './train-learned.js';
export { trainLearned, trainLearnedHeads, trainLearnedTiers } from './train-learned.js';
export type { ClassifierInput, ClassifierResult, DifficultyClassifier } from './types.js';
