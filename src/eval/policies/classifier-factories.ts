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
  /** Policy name in reports (default `learned`), e.g. `learned-options` for a variant with other features. */
  name?: string;
}

/**
 * The shipped model's form (scripts/train-learned.ts): no task-label features, because per-task signal is the job of
 * the per-task, per-task+ and task-prior policies, and with folds grouped by task the label's one-hot would soak up
 * per-task difficulty that the text features should learn for tasks never seen in training.
 */
const SHIPPED_FORM: TrainLearnedOptions = { features: { task: false } };

/**
 * `learned()` with the answer-option structure of multiple-choice prompts as features too
 * (`HashedFeatureOptions.answerOptions`), named `learned-options`; otherwise trained as `learnedFactory` trains.
 */
export function learnedOptionsFactory(options: LearnedFactoryOptions = {}): ClassifierFactory {
  return learnedFactory({
    name: 'learned-options',
    ...options,
    features: { answerOptions: true, ...options.features },
  });
}

/**
 * `learned()` retrained from scratch on each split's training rows (never the shipped weights, which saw RouteLLM's
 * data): `trainLearnedTiers` on the recorded weak and strong qualities, then `learned({ model })`. Trained as the
 * shipped model is (rate 0.01, 6 epochs, no task features) unless the options say otherwise. The factory keeps the
 * feature vectors of the rows it trained on, for the next split.
 */
export function learnedFactory(options: LearnedFactoryOptions = {}): ClassifierFactory {
  const { labels = 'tiers', name = 'learned', ...training } = options;
  // Feature settings merge with the shipped form's (so `{ answerOptions: true }` keeps the task label off).
  const features = { ...SHIPPED_FORM.features, ...training.features };
  // The folds' training sets overlap: each row is featurized once for all of them.
  const featureCache = new FeatureVectorCache();
  return {
    name,
    create(train, seed) {
      const settings = { seed, featureCache, ...training, features };
      const model = labels === 'tiers' ? trainLearnedTiers(train, settings) : trainLearned(train, settings);
      return learned({ model });
    },
  };
}
