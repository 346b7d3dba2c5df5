import { heuristic } from '../../classifiers/heuristic.js';
import { FeatureVectorCache } from '../../classifiers/feature-vector-cache.js';
import { learned } from '../../classifiers/learned.js';
import { type TrainLearnedOptions, trainLearned, trainLearnedTiers } from '../../classifiers/train-learned.js';
import type { ClassifierFactory } from './policy.js';

/** The rule-based `heuristic()` classifier; it does not train. */
export function heuristicFactory(): ClassifierFactory {
  return { name: 'heuristic', create: () => heuristic() };
}

/** Options of `learnedFactory`. */
export interface LearnedFactoryOptions extends TrainLearnedOptions {
  /**
   * `tiers` (default, as the shipped model): one head per tier predicting whether it answers well, scored
   * (1 + P(strong) − P(weak)) / 2. `soft`: one head on the strong-needed label (1, 0, or 0.5 on ties).
   */
  labels?: 'tiers' | 'soft';
}

/**
 * The shipped model's form (scripts/train-learned.ts): no task-label features, because per-task signal is the job of
 * the per-task, per-task+ and task-prior policies, and with folds grouped by task the label's one-hot would soak up
 * per-task difficulty that the text features should learn for tasks never seen in training.
 */
const SHIPPED_FORM: TrainLearnedOptions = { features: { task: false } };

/**
 * `learned()` retrained from scratch on each split's training rows (never the shipped weights, which saw RouteLLM's
 * data): `trainLearnedTiers` on the recorded weak and strong qualities, then `learned({ model })`. Trained as the
 * shipped model is (rate 0.01, 6 epochs, no task features) unless the options say otherwise. The factory keeps the
 * feature vectors of the rows it trained on, for the next split.
 */
export function learnedFactory(options: LearnedFactoryOptions = {}): ClassifierFactory {
  const { labels = 'tiers', ...training } = options;
  // The folds' training sets overlap: each row is featurized once for all of them.
  const featureCache = new FeatureVectorCache();
  return {
    name: 'learned',
    create(train, seed) {
      const model =
        labels === 'tiers'
          ? trainLearnedTiers(train, { ...SHIPPED_FORM, seed, featureCache, ...training })
          : trainLearned(train, { ...SHIPPED_FORM, seed, featureCache, ...training });
      return learned({ model });
    },
  };
}
