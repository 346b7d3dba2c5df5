import { type LearnedModel, predictHead, predictPair } from './learned-model.js';
import { loadLearnedModel, type SerializedLearnedModel } from './serialize-learned-model.js';
import type { SyncDifficultyClassifier } from './sync-classifier.js';
import type { ClassifierInput, ClassifierResult } from './types.js';
import shippedWeights from './weights/learned-routellm.json' with { type: 'json' };

/** Options of `learned()`. */
export interface LearnedOptions {
  /** A trained model (`trainLearned`, or `loadLearnedModel` of saved JSON); default: the shipped RouteLLM model. */
  model?: LearnedModel;
  /**
   * Which head scores. Default: a model with heads `weak` and `strong` (`trainLearnedTiers`, the shipped model) scores
   * (1 + P(strong answers well) − P(weak answers well)) / 2; any other model scores with its first head.
   */
  head?: string;
}

let shipped: LearnedModel | undefined;

/** The model trained by `scripts/train-learned.ts` on RouteLLM's GSM8K and MMLU data, decoded once on first use. */
export function shippedLearnedModel(): LearnedModel {
  shipped ??= loadLearnedModel(shippedWeights as unknown as SerializedLearnedModel);
  return shipped;
}

/**
 * A learned difficulty classifier: logistic regression on hashed word and character n-grams, the task label and
 * the heuristic features, scored in-process (no download, no network). Without options it uses the shipped weights.
 */
export function learned(options: LearnedOptions = {}): SyncDifficultyClassifier {
  const model = options.model ?? shippedLearnedModel();
  const weak = model.heads.find((h) => h.name === 'weak');
  const strong = model.heads.find((h) => h.name === 'strong');
  if (options.head === undefined && weak && strong) {
    return {
      name: 'learned',
      classify(input: ClassifierInput): ClassifierResult {
        const [pWeak, pStrong] = predictPair(model, weak, strong, input);
        return { score: (1 + pStrong - pWeak) / 2 };
      },
    };
  }
  const head = options.head === undefined ? model.heads[0] : model.heads.find((h) => h.name === options.head);
  if (!head) {
    const names = model.heads.map((h) => h.name).join(', ');
    throw new Error(`learned: no head "${options.head ?? ''}" in the model (heads: ${names || 'none'})`);
  }
  return {
    name: 'learned',
    classify(input: ClassifierInput): ClassifierResult {
      return { score: predictHead(model, head, input) };
    },
  };
}
