// The classifiers' public surface (re-exported by src/index.ts).

export type { EmbeddingIndex } from './embedding-index.js';
export { buildEmbeddingIndex, EMBEDDING_INDEX_FORMAT } from './embedding-index.js';
export type { EmbeddingKnnClassifier, EmbeddingKnnOptions, EmbeddingKnnResult } from './embedding-knn.js';
export { embeddingKnn } from './embedding-knn.js';
export type { AnswerOptionStructure } from './answer-option-features.js';
export { answerOptionStructure, answerOptions } from './answer-option-features.js';
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
export type { NeighbourWeighting } from './nearest-neighbours.js';
export type { UtilityChoice } from './pick-by-utility.js';
export { pickByUtility } from './pick-by-utility.js';
export type { LearnedQualityOptions, QualityPredictor } from './quality-predictor.js';
export { learnedQuality } from './quality-predictor.js';
export type { SerializedLearnedHead, SerializedLearnedModel } from './serialize-learned-model.js';
export { loadLearnedModel, serializeLearnedModel } from './serialize-learned-model.js';
export type { SyncDifficultyClassifier } from './sync-classifier.js';
export type { LearnedExample, MultiHeadExample, TierExample, TrainLearnedOptions } from './train-learned.js';
export { trainLearned, trainLearnedHeads, trainLearnedTiers } from './train-learned.js';
export { FeatureVectorCache } from './feature-vector-cache.js';
export type { ClassifierInput, ClassifierResult, DifficultyClassifier } from './types.js';
export type {
  SyncTaskPriorClassifier,
  TaskPriorClassifier,
  TaskPriorEntry,
  TaskPriorOptions,
} from './task-prior.js';
export { DEFAULT_TASK_PRIOR_WEIGHT, withTaskPrior } from './task-prior.js';
