// Feature hashing for the learned classifier: word unigrams and bigrams, character n-grams, the task label, a few
// length buckets and the heuristic features, written as (index, value) pairs into one reused list (`listFeatures`) or sent to a sink, without building a vector.

import { combineHashes, FNV_OFFSET, fmix32, fnvStep, hashString } from '../core/hash-text.js';
import { forEachAnswerOptionFeature } from './answer-option-features.js';
import { HEURISTIC_FEATURES } from './heuristic-features.js';
import type { ClassifierInput } from './types.js';

/** How text becomes features; stored with a trained model so scoring uses the same settings. */
export interface HashedFeatureOptions {
  /** log2 of the number of hash buckets (18 → 262,144). */
  bits: number;
  /** Longest word n-gram (1 = unigrams, 2 = unigrams and bigrams). */
  wordNgrams: number;
  /** Shortest character n-gram (0 turns character n-grams off). */
  charNgramMin: number;
  /** Longest character n-gram. */
  charNgramMax: number;
  /** Characters read from a long prompt: the first and last halves of this many. */
  maxChars: number;
  /** Whether `input.task` is a feature (its whole label one-hot, plus its words). */
  task: boolean;
  /** Whether the heuristic features are dense inputs. */
  dense: boolean;
  /**
   * Whether the structure of a multiple-choice prompt's answer options is a feature (`answer-option-features.ts`:
   * how alike the options are, shared first words, anagrams, compound answers, their length). Off unless set;
   * models saved without it score as before.
   */
  answerOptions?: boolean;
}

/** Default feature settings. */
export const DEFAULT_HASHED_FEATURE_OPTIONS: Readonly<HashedFeatureOptions> = {
  bits: 18,
  wordNgrams: 2,
  charNgramMin: 3,
  charNgramMax: 5,
  maxChars: 4096,
  task: true,
  dense: true,
};

/** Receives features one at a time; a repeated index means its values add up. */
export interface FeatureSink {
  /** Adds `value` at feature `index`. */
  add(index: number, value: number): void;
}

/** Size of a weight vector for these options: hash buckets, then one slot per dense feature. */
export function featureDimension(options: HashedFeatureOptions): number {
  return 2 ** options.bits + (options.dense ? HEURISTIC_FEATURES.length : 0);
}

const SEED_WORD = 0x77;
const SEED_CHAR = 0x63;
const SEED_TASK = 0x74;
const SEED_TASK_WORD = 0x54;
const SEED_META = 0x6d;
const SPACE = 32;
const ZERO = 48;

let buffer = new Uint16Array(8192);
let wordHashes = new Uint32Array(2048);

/** Normalizes text into `buffer`: lower-case ASCII, digits → '0', whitespace runs → one space, padded by spaces. */
function normalize(text: string, maxChars: number): number {
  const long = text.length > maxChars;
  const half = maxChars >> 1;
  if (buffer.length < Math.min(text.length, maxChars) + 4) buffer = new Uint16Array(2 * maxChars + 8);
  let length = 0;
  buffer[length++] = SPACE;
  const append = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      let c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      else if (c >= 48 && c <= 57) c = ZERO;
      else if (c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 160) c = SPACE;
      if (c === SPACE && buffer[length - 1] === SPACE) continue;
      buffer[length++] = c;
    }
  };
  if (long) {
    append(0, half);
    if (buffer[length - 1] !== SPACE) buffer[length++] = SPACE;
    append(text.length - half, text.length);
  } else {
    append(0, text.length);
  }
  if (buffer[length - 1] !== SPACE) buffer[length++] = SPACE;
  return length;
}

/** The first and last `maxChars / 2` characters of a long text, joined by a newline (short texts unchanged). */
function headAndTail(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const half = maxChars >> 1;
  return `${text.slice(0, half)}\n${text.slice(text.length - half)}`;
}

/** A word character: a-z, the digit placeholder, or any non-ASCII code unit (letters of other scripts). */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || c === ZERO || c > 127;
}

/** An input's features in the order they come: `indices[i]` gets `values[i]` (a repeated index adds up). */
export interface FeatureList {
  /** Feature indices (repeats possible). */
  indices: Int32Array;
  /** Their values. */
  values: Float64Array;
  /** How many of the entries are this input's. */
  count: number;
}

/** The one list every call fills (reused: scoring must not allocate per feature); valid until the next call. */
const list: FeatureList = { indices: new Int32Array(8192), values: new Float64Array(8192), count: 0 };

/** Appends one feature to the list. */
function push(index: number, value: number): void {
  if (list.count === list.indices.length) {
    const indices = new Int32Array(list.count * 2);
    indices.set(list.indices);
    const values = new Float64Array(list.count * 2);
    values.set(list.values);
    list.indices = indices;
    list.values = values;
  }
  list.indices[list.count] = index;
  list.values[list.count++] = value;
}

/** Appends one hashed feature: bucket from the low bits, sign from the top bit. */
function emit(hash: number, mask: number, value: number): void {
  push(hash & mask, hash >>> 31 === 1 ? -value : value);
}

/** Length buckets (log2 of characters and of words) as hashed indicator features. */
function emitMeta(chars: number, words: number, mask: number): void {
  emit(combineHashes(SEED_META, 1000 + Math.floor(Math.log2(chars + 1))), mask, 1);
  emit(combineHashes(SEED_META, 2000 + Math.floor(Math.log2(words + 1))), mask, 1);
}

/** The task label: one-hot of the whole label, plus its words (`mmlu_college_physics` → college, physics). */
function emitTask(task: string, mask: number): void {
  const label = task.toLowerCase();
  emit(hashString(label, SEED_TASK), mask, 1);
  const parts = label.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length > 0);
  const value = parts.length > 0 ? 1 / Math.sqrt(parts.length) : 0;
  for (const part of parts) emit(hashString(part, SEED_TASK_WORD), mask, value);
}

/**
 * Sends every feature of an input to the sink. Each namespace (word n-grams, character n-grams) is scaled by
 * 1/√(its count), so long and short prompts weigh alike; dense features follow the hash buckets. A prompt longer
 * than `maxChars` is read as its first and last `maxChars / 2` characters, which bounds the time per decision.
 */
export function forEachFeature(input: ClassifierInput, options: HashedFeatureOptions, sink: FeatureSink): void {
  const { indices, values, count } = listFeatures(input, options);
  for (let i = 0; i < count; i++) sink.add(indices[i]!, values[i]!);
}

/**
 * Every feature of an input, as `forEachFeature` sends them, in a list reused by the next call: a scoring loop over
 * it is monomorphic, where a sink's `add` is called from one site for every kind of sink.
 */
export function listFeatures(input: ClassifierInput, options: HashedFeatureOptions): FeatureList {
  list.count = 0;
  const mask = 2 ** options.bits - 1;
  const length = normalize(input.prompt, options.maxChars);

  // Words: hashes of runs of word characters.
  let words = 0;
  let h = 0;
  let inWord = false;
  for (let i = 0; i < length; i++) {
    const c = buffer[i]!;
    if (isWordChar(c)) {
      if (!inWord) {
        h = fnvStep(FNV_OFFSET, SEED_WORD);
        inWord = true;
      }
      h = fnvStep(h, c);
    } else if (inWord) {
      if (words === wordHashes.length) {
        const grown = new Uint32Array(words * 2);
        grown.set(wordHashes);
        wordHashes = grown;
      }
      wordHashes[words++] = fmix32(h);
      inWord = false;
    }
  }
  if (words > 0) {
    const unigram = 1 / Math.sqrt(words);
    for (let i = 0; i < words; i++) emit(wordHashes[i]!, mask, unigram);
    if (options.wordNgrams >= 2 && words > 1) {
      const bigram = 1 / Math.sqrt(words - 1);
      for (let i = 1; i < words; i++) emit(combineHashes(wordHashes[i - 1]!, wordHashes[i]!), mask, bigram);
    }
  }

  // Character n-grams: one FNV pass per start position yields every length from min to max.
  const min = options.charNgramMin;
  const max = options.charNgramMax;
  if (min > 0) {
    let count = 0;
    for (let n = min; n <= max; n++) count += Math.max(0, length - n + 1);
    if (count > 0) {
      const value = 1 / Math.sqrt(count);
      const start = fnvStep(FNV_OFFSET, SEED_CHAR);
      for (let i = 0; i < length; i++) {
        let g = start;
        const last = Math.min(max, length - i);
        for (let n = 1; n <= last; n++) {
          g = fnvStep(g, buffer[i + n - 1]!);
          if (n >= min) emit(fmix32(g), mask, value);
        }
      }
    }
  }

  emitMeta(input.prompt.length, words, mask);
  if (options.task && input.task) emitTask(input.task, mask);
  if (options.answerOptions || options.dense) {
    const text = headAndTail(input.prompt, options.maxChars);
    if (options.answerOptions) forEachAnswerOptionFeature(text, (hash) => emit(hash, mask, 1));
    if (options.dense) {
      const base = mask + 1;
      for (let i = 0; i < HEURISTIC_FEATURES.length; i++) {
        const value = HEURISTIC_FEATURES[i]!.compute(text);
        if (value !== 0) push(base + i, value);
      }
    }
  }
  return list;
}

/** A feature vector in sparse form: sorted indices and their values. */
export interface SparseVector {
  /** Feature indices, ascending and distinct. */
  indices: Int32Array;
  /** Values at those indices. */
  values: Float32Array;
}

/**
 * Collects an input's features into a sparse vector (repeated indices summed, in the order they come, as a map
 * would); used for training. Sums go into a dense scratch array and the touched indices into a list, which is several
 * times faster than a Map on the thousands of n-grams of a long prompt.
 */
export function sparseFeatures(input: ClassifierInput, options: HashedFeatureOptions): SparseVector {
  const dimension = featureDimension(options);
  if (scratch.length < dimension) {
    scratch = new Float64Array(dimension);
    seen = new Uint8Array(dimension);
  }
  let count = 0;
  forEachFeature(input, options, {
    add(index, value) {
      if (seen[index] === 0) {
        seen[index] = 1;
        if (count === touched.length) {
          const grown = new Int32Array(count * 2);
          grown.set(touched);
          touched = grown;
        }
        touched[count++] = index;
      }
      scratch[index]! += value;
    },
  });
  const indices = touched.slice(0, count).sort();
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const index = indices[i]!;
    values[i] = scratch[index]!;
    scratch[index] = 0;
    seen[index] = 0;
  }
  return { indices, values };
}

let scratch = new Float64Array(0);
let seen = new Uint8Array(0);
let touched = new Int32Array(4096);
