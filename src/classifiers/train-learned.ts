import { seededRandom } from '../core/seeded-random.js';
import {
  DEFAULT_HASHED_FEATURE_OPTIONS,
  featureDimension,
  type HashedFeatureOptions,
  type SparseVector,
  sparseFeatures,
} from './hashed-features.js';
import type { FeatureVectorCache } from './feature-vector-cache.js';
import type { LearnedHead, LearnedModel } from './learned-model.js';

/** One labelled query for the two-tier model. */
export interface LearnedExample {
  /** The query text. */
  prompt: string;
  /** Optional task label (see `ClassifierInput.task`). */
  task?: string;
  /**
   * Target in [0, 1]: 1 = the strong model was needed (weak wrong, strong right), 0 = it was not. Fractions are
   * allowed (soft labels, e.g. 0.5 when both models were right or both wrong).
   */
  label: number;
  /** Optional example weight (default 1). */
  weight?: number;
}

/** One query labelled with how well each candidate model answered, for per-model heads. */
export interface MultiHeadExample {
  /** The query text. */
  prompt: string;
  /** Optional task label. */
  task?: string;
  /** Per model: 1 = answered well, 0 = did not (fractions allowed, e.g. a judge score scaled to [0, 1]). */
  labels: Record<string, number>;
}

/** One query with the recorded quality of the weak and the strong tier (1 = answered well, 0 = not; fractions ok). */
export interface TierExample {
  /** The query text. */
  prompt: string;
  /** Optional task label. */
  task?: string;
  /** How well the weak tier answered. */
  weak: number;
  /** How well the strong tier answered. */
  strong: number;
}

/** Options of `trainLearned`, `trainLearnedTiers` and `trainLearnedHeads`. */
export interface TrainLearnedOptions {
  /** Feature settings (defaults: `DEFAULT_HASHED_FEATURE_OPTIONS`). */
  features?: Partial<HashedFeatureOptions>;
  /** Passes over the data (default 6). */
  epochs?: number;
  /** Adagrad base learning rate (default 0.01: small enough to regularize thousands of rows against 2^18 features). */
  learningRate?: number;
  /** L2 penalty applied at each update of a weight (default 1e-4). */
  l2?: number;
  /** Seed of the shuffling (default 1): the same data and seed give the same model. */
  seed?: number;
  /** Weights smaller than this (in absolute value) are dropped before quantization (default 0). */
  pruneBelow?: number;
  /** Bits per stored weight: 16 (steps of max|w|/32767, default) or 8 (max|w|/127: half the file). */
  quantizationBits?: 8 | 16;
  /** Provenance stored with the model. */
  meta?: Record<string, unknown>;
  /** Vectors shared across trainings on overlapping rows (the folds of one evaluation); see `FeatureVectorCache`. */
  featureCache?: FeatureVectorCache;
}

export { seededRandom };

/** Rounds weights to steps of max|w|/(2^(bits−1) − 1) (what serialization stores), so a saved model scores the same. */
function quantize(weights: Float64Array, pruneBelow: number, bits: 8 | 16): { weights: Float32Array; step: number } {
  let maxAbs = 0;
  for (const w of weights) if (Math.abs(w) > maxAbs) maxAbs = Math.abs(w);
  const out = new Float32Array(weights.length);
  if (maxAbs === 0) return { weights: out, step: 1 };
  const step = maxAbs / (bits === 8 ? 127 : 32767);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (Math.abs(w) < pruneBelow) continue;
    out[i] = Math.round(w / step) * step;
  }
  return { weights: out, step };
}

/**
 * Fits logistic-regression heads by Adagrad SGD over precomputed sparse vectors, all heads in one pass per epoch.
 * Each head's arithmetic is exactly what fitting it alone would do (the same shuffled order from the same seed, the
 * same sums in the same order), so the weights are the same to the bit; sharing the pass reads each row's features
 * once, and keeping a feature's weights and squared gradients of every head side by side (one cache line, where
 * separate arrays cost one miss each) is what makes training several times faster on 2^18 hashed features.
 */
function fitHeads(
  names: readonly string[],
  vectors: readonly SparseVector[],
  targets: readonly Float64Array[],
  sampleWeights: Float64Array,
  dimension: number,
  options: TrainLearnedOptions,
): LearnedHead[] {
  const epochs = options.epochs ?? 6;
  const rate = options.learningRate ?? 0.01;
  const l2 = options.l2 ?? 1e-4;
  const random = seededRandom(options.seed ?? 1);
  const heads = names.length;
  // state[(index * heads + h) * 2] is head h's weight at `index`, the next slot its sum of squared gradients.
  const stride = heads * 2;
  const state = new Float64Array(dimension * stride);
  const bias = new Float64Array(heads);
  const biasG2 = new Float64Array(heads);
  const errors = new Float64Array(heads);
  for (let h = 0; h < heads; h++) {
    const t = targets[h]!;
    let mean = 0;
    let total = 0;
    for (let i = 0; i < t.length; i++) {
      mean += t[i]! * sampleWeights[i]!;
      total += sampleWeights[i]!;
    }
    mean = total > 0 ? Math.min(1 - 1e-6, Math.max(1e-6, mean / total)) : 0.5;
    bias[h] = Math.log(mean / (1 - mean));
  }
  const order = Int32Array.from(vectors, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    for (let r = 0; r < order.length; r++) {
      const row = order[r]!;
      const { indices, values } = vectors[row]!;
      const n = indices.length;
      const sampleWeight = sampleWeights[row]!;
      // One head at a time over the row (its features stay in cache between heads): scalar sums the JIT keeps in
      // registers, in the same order as fitting the head alone.
      for (let h = 0; h < heads; h++) {
        const offset = 2 * h;
        let z = bias[h]!;
        for (let k = 0; k < n; k++) z += state[indices[k]! * stride + offset]! * values[k]!;
        errors[h] = (1 / (1 + Math.exp(-z)) - targets[h]![row]!) * sampleWeight;
      }
      for (let h = 0; h < heads; h++) {
        const error = errors[h]!;
        if (error === 0) continue;
        const offset = 2 * h;
        for (let k = 0; k < n; k++) {
          const slot = indices[k]! * stride + offset;
          const g = error * values[k]! + l2 * state[slot]!;
          const g2 = state[slot + 1]! + g * g;
          state[slot + 1] = g2;
          state[slot]! -= (rate * g) / (Math.sqrt(g2) + 1e-8);
        }
        biasG2[h]! += error * error;
        bias[h]! -= (rate * error) / (Math.sqrt(biasG2[h]!) + 1e-8);
      }
    }
  }
  return names.map((name, h) => {
    const w = new Float64Array(dimension);
    for (let index = 0; index < dimension; index++) w[index] = state[index * stride + 2 * h]!;
    return { name, bias: bias[h]!, ...quantize(w, options.pruneBelow ?? 0, options.quantizationBits ?? 16) };
  });
}

function featurize(
  examples: readonly { prompt: string; task?: string }[],
  features: HashedFeatureOptions,
  cache: FeatureVectorCache | undefined,
): SparseVector[] {
  return examples.map((example) => (cache ? cache.get(example, features) : sparseFeatures(example, features)));
}

function resolveFeatures(options: TrainLearnedOptions): HashedFeatureOptions {
  return { ...DEFAULT_HASHED_FEATURE_OPTIONS, ...options.features };
}

/**
 * Trains the two-tier learned classifier: logistic regression on hashed word and character n-grams, the task label
 * and the heuristic features. Its single head `needsStrong` predicts the example labels.
 */
export function trainLearned(examples: readonly LearnedExample[], options: TrainLearnedOptions = {}): LearnedModel {
  if (examples.length === 0) throw new Error('trainLearned: no examples');
  const features = resolveFeatures(options);
  const vectors = featurize(examples, features, options.featureCache);
  const targets = Float64Array.from(examples, (example) => example.label);
  const weights = Float64Array.from(examples, (example) => example.weight ?? 1);
  const heads = fitHeads(['needsStrong'], vectors, [targets], weights, featureDimension(features), options);
  return { features, heads, meta: { rows: examples.length, ...options.meta } };
}

/**
 * Trains one head per candidate model, each predicting P(model answers well), over the same features. Use with
 * `predictHeads` and `pickByUtility` when there are more than two candidates. Every example must label every model.
 */
export function trainLearnedHeads(
  examples: readonly MultiHeadExample[],
  options: TrainLearnedOptions = {},
): LearnedModel {
  const first = examples[0];
  if (!first) throw new Error('trainLearnedHeads: no examples');
  const names = Object.keys(first.labels);
  const features = resolveFeatures(options);
  const vectors = featurize(examples, features, options.featureCache);
  const ones = new Float64Array(examples.length).fill(1);
  const targets = names.map((name) =>
    Float64Array.from(examples, (example, row) => {
      const label = example.labels[name];
      if (label === undefined) throw new Error(`trainLearnedHeads: example ${row} has no label for "${name}"`);
      return label;
    }),
  );
  const heads = fitHeads(names, vectors, targets, ones, featureDimension(features), options);
  return { features, heads, meta: { rows: examples.length, ...options.meta } };
}

/**
 * Trains the two-tier model the shipped weights use: heads `weak` and `strong`, each predicting P(tier answers well)
 * over the same features. `learned()` scores such a model by the expected gain of escalating,
 * (1 + P(strong) − P(weak)) / 2 — the order that maximizes quality for any share of strong calls, including rows
 * where both tiers are right or both wrong (no gain) and where only the weak one is right (a loss).
 */
export function trainLearnedTiers(examples: readonly TierExample[], options: TrainLearnedOptions = {}): LearnedModel {
  return trainLearnedHeads(
    examples.map((example) => ({
      prompt: example.prompt,
      ...(example.task === undefined ? {} : { task: example.task }),
      labels: { weak: example.weak, strong: example.strong },
    })),
    options,
  );
}
