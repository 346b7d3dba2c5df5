import type { ClassifierInput, ClassifierResult, DifficultyClassifier } from './types.js';

/** A classifier that scores synchronously (no I/O), like `heuristic()` and `learned()`. */
export interface SyncDifficultyClassifier extends DifficultyClassifier {
  /** Scores one query. */
  classify(input: ClassifierInput): ClassifierResult;
}
