import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type LearnedModel, predictHead, predictPair } from './learned-model.js';
import { loadLearnedModel, type SerializedLearnedModel } from './serialize-learned-model.js';
import type { SyncDifficultyClassifier } from './sync-classifier.js';
import type { ClassifierInput, ClassifierResult } from './types.js';

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

/** The model trained by `scripts/train-learned.ts` on RouteLLM's GSM8K and MMLU data, read and decoded on first use. */
export function shippedLearnedModel(): LearnedModel {
  shipped ??= loadLearnedModel(readShippedWeights());
  return shipped;
}

/**
 * Read from disk when first needed, not at import: 1.25 MB of JSON that most processes never use. The file is beside
 * this module in source (`src/classifiers/weights/`) and beside the bundle in the build (`dist/weights/`, copied
 * there by tsup.config.ts). The CommonJS build has `__filename`, the ESM build `import.meta.url`.
 */
function readShippedWeights(): SerializedLearnedModel {
  const here = typeof __filename === 'string' ? pathToFileURL(__filename) : import.meta.url;
  const file = new URL('./weights/learned-routellm.json', here);
  return JSON.parse(readFileSync(file, 'utf8')) as SerializedLearnedModel;
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
