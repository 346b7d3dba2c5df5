import { HEURISTIC_FEATURES, type HeuristicFeatureName } from './heuristic-features.js';
import type { SyncDifficultyClassifier } from './sync-classifier.js';
import type { ClassifierInput, ClassifierResult } from './types.js';

/**
 * Default weights of the heuristic's logistic combination: score = σ(bias + Σ weight × feature).
 * Each feature is in [0, 1], so a weight is the log-odds a feature adds at full strength. They are set by hand from
 * what makes a weak model fail (multi-step arithmetic, code, long constrained prompts, non-English text) and checked
 * for sign on RouteLLM's GSM8K and MMLU data; `learned()` is the data-fitted alternative.
 */
export const DEFAULT_HEURISTIC_WEIGHTS: Readonly<Record<HeuristicFeatureName, number>> = {
  length: 1.5,
  code: 1.0,
  math: 1.2,
  quantities: 0.8,
  multiStep: 1.0,
  reasoningRequest: 0.8,
  constraints: 0.6,
  nonEnglish: 0.8,
  multiQuestion: 0.4,
  simpleRequest: -1.5,
};

/** Default bias: an empty prompt scores σ(-2.5) ≈ 0.08. */
export const DEFAULT_HEURISTIC_BIAS = -2.5;

/** Options of `heuristic()`. */
export interface HeuristicOptions {
  /** Overrides some of the default weights (a weight of 0 turns a feature off). */
  weights?: Partial<Record<HeuristicFeatureName, number>>;
  /** Overrides the bias (log-odds of a prompt with every feature at 0). */
  bias?: number;
}

/** A rule-based difficulty classifier: documented text features combined logistically; no data, no network. */
export function heuristic(options: HeuristicOptions = {}): SyncDifficultyClassifier {
  const bias = options.bias ?? DEFAULT_HEURISTIC_BIAS;
  const weights = HEURISTIC_FEATURES.map(
    (feature) =>
      options.weights?.[feature.name as HeuristicFeatureName] ??
      DEFAULT_HEURISTIC_WEIGHTS[feature.name as HeuristicFeatureName],
  );
  const features = HEURISTIC_FEATURES.map((feature) => feature.compute);
  return {
    name: 'heuristic',
    classify(input: ClassifierInput): ClassifierResult {
      let z = bias;
      for (let i = 0; i < features.length; i++) {
        const weight = weights[i]!;
        if (weight !== 0) z += weight * features[i]!(input.prompt);
      }
      return { score: 1 / (1 + Math.exp(-z)) };
    },
  };
}
