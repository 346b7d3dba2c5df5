import { type HashedFeatureOptions, type SparseVector, sparseFeatures } from './hashed-features.js';
import type { ClassifierInput } from './types.js';

/**
 * Remembers the sparse feature vector of each (prompt, task) under each feature setting, so training on overlapping
 * row sets (the K folds of a cross-validation each train on K−1 of them) featurizes every row once rather than K−1
 * times. Pass one to `trainLearned*` as `featureCache`; it holds every vector it has seen, so keep it only as long as
 * the rows themselves.
 */
export class FeatureVectorCache {
  private readonly bySettings = new Map<string, Map<string, SparseVector>>();

  /** The input's vector under these settings, computed on first use. */
  get(input: ClassifierInput, options: HashedFeatureOptions): SparseVector {
    const settings = JSON.stringify(options);
    let vectors = this.bySettings.get(settings);
    if (!vectors) {
      vectors = new Map();
      this.bySettings.set(settings, vectors);
    }
    // The task only matters when it is a feature; NUL cannot start a task label that means anything.
    const key =
      options.task && input.task !== undefined ? `${input.task}\u0000${input.prompt}` : `\u0000${input.prompt}`;
    let vector = vectors.get(key);
    if (!vector) {
      vector = sparseFeatures(input, options);
      vectors.set(key, vector);
    }
    return vector;
  }
}
