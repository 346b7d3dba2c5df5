// What a learned pair verifier for the semantic cache would look at (bench/semantic-verifier.ts measures one): a question pair (the query and a cached question the embedding put
// close) reduced to a few numbers — the similarity, how much of the wording the two share, and the counts of what
// wording cannot change that differ (numbers, negation, names, rare words, what is asked for). Deterministic, no
// model, a few microseconds a pair.
import { type QuestionFeatures, questionFeatures } from '../../src/cache/lexical-check.js';
import { stem } from '../../src/cache/stem.js';

/** The features, in the order of `pairFeatures`' vector and of the verifier's weights. */
export const PAIR_FEATURE_NAMES = [
  'similarity',
  'similarityAbove0.85',
  'similarityAbove0.9',
  'similarityAbove0.95',
  'numbersDiffer',
  'negationDiffers',
  'comparisonDiffers',
  'asksDiffer',
  'nameMismatches',
  'rareWordMismatches',
  'rareWordMismatchShare',
  'contentJaccard',
  'contentOverlap',
  'lengthRatio',
  'sameLeadingWord',
  'trigramJaccard',
  'bigramJaccard',
  'longestMismatchedWord',
  'questionCountDiffers',
] as const;

/** Name of one pair feature. */
export type PairFeatureName = (typeof PAIR_FEATURE_NAMES)[number];

// Words that carry no content of their own: what a question asks about is what is left.
const FUNCTION_WORDS = new Set(
  `a an the and or but if then than so of to in on at by for from with about into over under after before between
  through during within is are was were be been being am do does did done doing have has had having will would shall
  should can could may might must i me my mine we us our you your yours he him his she her it its they them their
  this that these those there here what which who whom whose when where why how whats hows whos wheres whys
  i'm it's what's how's why's one some any`.split(/\s+/),
);

const hinge = (x: number, at: number) => Math.max(0, x - at);

function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

function overlap<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const smaller = Math.min(a.size, b.size);
  if (smaller === 0) return a.size === b.size ? 1 : 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / smaller;
}

function contentStems(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const word of words) if (!FUNCTION_WORDS.has(word)) out.add(stem(word));
  return out;
}

function trigrams(text: string): Set<string> {
  const squeezed = ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= squeezed.length; i++) out.add(squeezed.slice(i, i + 3));
  return out;
}

function bigrams(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) out.add(`${stem(words[i] as string)} ${stem(words[i + 1] as string)}`);
  return out;
}

const sameMultiset = (a: readonly string[], b: readonly string[]) => a.join(' ') === b.join(' ');

/** Counts of one side's names / rare words missing from the other side. */
function mismatches(a: QuestionFeatures, b: QuestionFeatures) {
  let names = 0;
  for (const name of a.entities) if (!b.stems.has(stem(name))) names++;
  for (const name of b.entities) if (!a.stems.has(stem(name))) names++;
  const rare = [...a.rare].filter((word) => !b.stems.has(word)).concat([...b.rare].filter((w) => !a.stems.has(w)));
  return { names, rare, rareTotal: a.rare.size + b.rare.size };
}

/** The feature vector of a pair (order of `PAIR_FEATURE_NAMES`); symmetric in `query` and `candidate`. */
export function pairFeatures(query: string, candidate: string, similarity: number): number[] {
  const a = questionFeatures(query);
  const b = questionFeatures(candidate);
  const { names, rare, rareTotal } = mismatches(a, b);
  const ca = contentStems(a.words);
  const cb = contentStems(b.words);
  const lengths = [a.words.length, b.words.length];
  const questions = (text: string) => Math.min(3, (text.match(/\?/gu) ?? []).length);
  const features: Record<PairFeatureName, number> = {
    similarity,
    'similarityAbove0.85': hinge(similarity, 0.85),
    'similarityAbove0.9': hinge(similarity, 0.9),
    'similarityAbove0.95': hinge(similarity, 0.95),
    numbersDiffer: sameMultiset(a.numbers, b.numbers) ? 0 : 1,
    negationDiffers: a.negations % 2 === b.negations % 2 ? 0 : 1,
    comparisonDiffers: a.comparatives === b.comparatives ? 0 : 1,
    asksDiffer: a.asks === b.asks ? 0 : 1,
    nameMismatches: Math.min(names, 3),
    rareWordMismatches: Math.min(rare.length, 5),
    rareWordMismatchShare: rareTotal === 0 ? 0 : rare.length / rareTotal,
    contentJaccard: jaccard(ca, cb),
    contentOverlap: overlap(ca, cb),
    lengthRatio: Math.min(...lengths) / Math.max(1, ...lengths),
    sameLeadingWord: a.words[0] === b.words[0] ? 1 : 0,
    trigramJaccard: jaccard(trigrams(query), trigrams(candidate)),
    bigramJaccard: jaccard(bigrams(a.words), bigrams(b.words)),
    longestMismatchedWord: Math.min(12, Math.max(0, ...rare.map((word) => word.length))) / 12,
    questionCountDiffers: questions(query) === questions(candidate) ? 0 : 1,
  };
  return PAIR_FEATURE_NAMES.map((name) => features[name]);
}
