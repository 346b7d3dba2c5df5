import {
  type FeatureList,
  type FeatureSink,
  forEachFeature,
  type HashedFeatureOptions,
  listFeatures,
} from './hashed-features.js';
import type { ClassifierInput } from './types.js';

/** One logistic-regression head over the shared hashed features. */
export interface LearnedHead {
  /** What the head predicts: `needsStrong` for the two-tier model, a model name for a per-model quality head. */
  readonly name: string;
  /** Intercept (log-odds with no features). */
  readonly bias: number;
  /** One weight per feature index (`featureDimension(features)` long). */
  readonly weights: Float32Array;
  /** Quantization step: every weight is an integer multiple of it (set by training; makes saving lossless). */
  readonly step?: number;
}

/** A trained learned classifier: feature settings plus one or more heads. */
export interface LearnedModel {
  /** How text becomes features. */
  readonly features: HashedFeatureOptions;
  /** The heads; the first is the one `learned()` scores with unless told otherwise. */
  readonly heads: readonly LearnedHead[];
  /** Free-form provenance (training data, labelling, held-out figures). */
  readonly meta?: Record<string, unknown>;
}

/** Accumulates dot products of one input with every head's weights. */
class DotSink implements FeatureSink {
  readonly sums: Float64Array;
  constructor(private readonly heads: readonly LearnedHead[]) {
    this.sums = new Float64Array(heads.length);
    for (let h = 0; h < heads.length; h++) this.sums[h] = heads[h]!.bias;
  }
  add(index: number, value: number): void {
    for (let h = 0; h < this.heads.length; h++) this.sums[h]! += this.heads[h]!.weights[index]! * value;
  }
}

/** Accumulates the dot product of one input with one head (the fast path of `learned()`). */
class SingleDotSink implements FeatureSink {
  sum = 0;
  weights: Float32Array = new Float32Array(0);
  add(index: number, value: number): void {
    this.sum += this.weights[index]! * value;
  }
}

const single = new SingleDotSink();

/** The logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Probability from one head of a model. */
export function predictHead(model: LearnedModel, head: LearnedHead, input: ClassifierInput): number {
  single.sum = head.bias;
  single.weights = head.weights;
  forEachFeature(input, model.features, single);
  return sigmoid(single.sum);
}

/** Accumulates the dot products of one input with two heads (the fast path for tier models). */
class PairDotSink implements FeatureSink {
  a = 0;
  b = 0;
  weightsA: Float32Array = new Float32Array(0);
  weightsB: Float32Array = new Float32Array(0);
  add(index: number, value: number): void {
    this.a += this.weightsA[index]! * value;
    this.b += this.weightsB[index]! * value;
  }
}

const pair = new PairDotSink();

/** Probabilities from two heads of a model, hashing the features once: `[P(first), P(second)]`. */
export function predictPair(
  model: LearnedModel,
  first: LearnedHead,
  second: LearnedHead,
  input: ClassifierInput,
): [number, number] {
  pair.a = first.bias;
  pair.b = second.bias;
  pair.weightsA = first.weights;
  pair.weightsB = second.weights;
  forEachFeature(input, model.features, pair);
  return [sigmoid(pair.a), sigmoid(pair.b)];
}

/**
 * Every head's weights, interleaved (`weights[row × heads + h]`) so a feature's weights for all heads sit in one or
 * two cache lines, where separate arrays cost one cache miss per head; and only the rows of features some head
 * weighs (`rowOf[index]`, −1 for none): hashing leaves most of 2^18 buckets untouched by training and pruning zeroes
 * more, so the compact matrix is a fraction of the full one (11 heads of 2^18: 11.5 MB). Whether that is faster
 * depends on how many rows the prompts read; bench:cascade-routing shows at most a small gain (docs/routing.md).
 */
interface HeadMatrix {
  /** Row of each feature index in `weights`, or −1 when every head's weight there is 0. */
  readonly rowOf: Int32Array;
  /** The non-zero rows, each `heads` floats. */
  readonly weights: Float32Array;
}

/**
 * Every head's bias plus its dot product with the features, from a `HeadMatrix`, adding features in the order they
 * come. A skipped row adds ±0 to each sum, which leaves it unchanged (bar the sign of a zero sum, which the sigmoid
 * ignores), so the probabilities are the full matrix's.
 */
function interleavedDots(heads: readonly LearnedHead[], matrix: HeadMatrix, features: FeatureList): Float64Array {
  const count = heads.length;
  const sums = new Float64Array(count);
  for (let h = 0; h < count; h++) sums[h] = heads[h]!.bias;
  const { rowOf, weights } = matrix;
  const { indices, values } = features;
  for (let i = 0; i < features.count; i++) {
    const row = rowOf[indices[i]!]!;
    if (row < 0) continue;
    const value = values[i]!;
    const base = row * count;
    for (let h = 0; h < count; h++) sums[h]! += weights[base + h]! * value;
  }
  return sums;
}

/** Head matrix per heads array, built on first use. */
const headMatrices = new WeakMap<readonly LearnedHead[], HeadMatrix | null>();

/** Heads from which an interleaved copy pays: several, all of one dimension. */
const INTERLEAVE_MIN_HEADS = 3;

function interleaved(heads: readonly LearnedHead[]): HeadMatrix | null {
  let matrix = headMatrices.get(heads);
  if (matrix !== undefined) return matrix;
  const dimension = heads[0]?.weights.length ?? 0;
  matrix = null;
  if (heads.length >= INTERLEAVE_MIN_HEADS && heads.every((head) => head.weights.length === dimension)) {
    const rowOf = new Int32Array(dimension).fill(-1);
    let rows = 0;
    for (let i = 0; i < dimension; i++) {
      if (heads.some((head) => head.weights[i] !== 0)) rowOf[i] = rows++;
    }
    const weights = new Float32Array(rows * heads.length);
    for (let i = 0; i < dimension; i++) {
      const row = rowOf[i]!;
      if (row < 0) continue;
      for (let h = 0; h < heads.length; h++) weights[row * heads.length + h] = heads[h]!.weights[i]!;
    }
    matrix = { rowOf, weights };
  }
  headMatrices.set(heads, matrix);
  return matrix;
}

/** Probabilities from every head of a model, by head name (features are hashed once). */
export function predictHeads(model: LearnedModel, input: ClassifierInput): Record<string, number> {
  const matrix = interleaved(model.heads);
  let sums: Float64Array;
  if (matrix) sums = interleavedDots(model.heads, matrix, listFeatures(input, model.features));
  else {
    const sink = new DotSink(model.heads);
    forEachFeature(input, model.features, sink);
    sums = sink.sums;
  }
  const out: Record<string, number> = {};
  for (let h = 0; h < model.heads.length; h++) out[model.heads[h]!.name] = sigmoid(sums[h]!);
  return out;
}
