// Thresholds from data, not guesses: for a labelled set of question pairs, which similarity threshold (and which
// lexical rules) serves the most duplicates while serving at most `maxFalseHitRate` of the non-duplicates.
import { embedCharged, type Embedder } from '../embedders/embedder.js';
import { lexicalMismatch } from './lexical-check.js';
import type { LexicalCheckSettings } from './response-cache-config.js';
import { dot, normalizeVector } from './semantic-index.js';

/** One labelled pair: would `b` be rightly served `a`'s answer? */
export interface LabelledPair {
  a: string;
  b: string;
  duplicate: boolean;
}

/** One point of the curve: at this threshold, the share of duplicates served and of non-duplicates wrongly served. */
export interface CalibrationPoint {
  threshold: number;
  trueHitRate: number;
  falseHitRate: number;
}

/** What `calibrateSemanticCache` chose and what it expects. */
export interface CalibrationResult {
  /** The chosen similarity threshold. */
  threshold: number;
  /** The chosen lexical settings (`false` = no lexical check). */
  lexical: LexicalCheckSettings | false;
  /** Expected share of duplicates served at the choice. */
  trueHitRate: number;
  /** Expected share of non-duplicates wrongly served at the choice. */
  falseHitRate: number;
  /** The whole curve of the chosen lexical settings, thresholds ascending. */
  curve: CalibrationPoint[];
  /** Each lexical option tried, with its own best operating point (what the check buys). */
  options: { lexical: LexicalCheckSettings | false; threshold: number; trueHitRate: number; falseHitRate: number }[];
  /** Pairs in the set: duplicates and non-duplicates. */
  counts: { duplicates: number; nonDuplicates: number };
  /**
   * Whether the choice keeps false hits within `maxFalseHitRate`. When no threshold and lexical option does, the
   * choice is the one with the fewest false hits (check `falseHitRate` before shipping it).
   */
  withinBound: boolean;
}

/** Options of `calibrateSemanticCache`. */
export interface CalibrateOptions {
  embedder: Embedder;
  pairs: readonly LabelledPair[];
  /** Most non-duplicates a choice may serve, as a share (e.g. 0.01). */
  maxFalseHitRate: number;
  /** Lexical settings to choose among; default: every rule (0, 1 or 2 rare-word differences), no rare words, numbers+negations+question words, none. */
  lexicalOptions?: (LexicalCheckSettings | false)[];
  /** Thresholds tried (any order); default 0.50 to 1.00 by 0.005. */
  thresholds?: number[];
}

const DEFAULT_OPTIONS: (LexicalCheckSettings | false)[] = [
  {},
  { maxRareWordDifferences: 1 },
  { maxRareWordDifferences: 2 },
  { rareWords: false },
  { rareWords: false, entities: false },
  false,
];

/** Similarities of every pair under one embedder (each distinct text embedded once). */
export async function pairSimilarities(embedder: Embedder, pairs: readonly LabelledPair[]): Promise<number[]> {
  const texts = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))];
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < texts.length; i += 256) {
    const batch = texts.slice(i, i + 256);
    const { vectors: out } = await embedCharged(embedder, batch);
    batch.forEach((text, j) => {
      vectors.set(text, normalizeVector(out[j] ?? []));
    });
  }
  return pairs.map((pair) => dot(vectors.get(pair.a) as Float32Array, vectors.get(pair.b) as Float32Array));
}

/** Picks the semantic cache's threshold and lexical settings for a labelled set, and reports the rates it expects. */
export async function calibrateSemanticCache(options: CalibrateOptions): Promise<CalibrationResult> {
  const { pairs, maxFalseHitRate } = options;
  if (!(maxFalseHitRate >= 0 && maxFalseHitRate <= 1)) throw new RangeError('maxFalseHitRate must be in [0, 1]');
  const duplicates = pairs.filter((p) => p.duplicate).length;
  const nonDuplicates = pairs.length - duplicates;
  if (duplicates === 0 || nonDuplicates === 0) {
    throw new RangeError('calibrateSemanticCache needs both duplicate and non-duplicate pairs');
  }
  // Ascending (a given list sorted, a copy): the first point within the bound is then the lowest threshold, which
  // serves the most duplicates, and the curve reads as documented.
  const thresholds = options.thresholds
    ? [...new Set(options.thresholds)].sort((x, y) => x - y)
    : Array.from({ length: 101 }, (_, i) => Math.round((0.5 + i * 0.005) * 1000) / 1000);
  if (thresholds.length === 0 || thresholds.some((t) => !(t >= -1 && t <= 1))) {
    throw new RangeError('thresholds must be a non-empty list of similarities in [-1, 1]');
  }
  const similarities = await pairSimilarities(options.embedder, pairs);
  let best: { result: Omit<CalibrationResult, 'options' | 'counts' | 'withinBound'>; within: boolean } | undefined;
  const tried: CalibrationResult['options'] = [];
  for (const lexical of options.lexicalOptions ?? DEFAULT_OPTIONS) {
    const passes = pairs.map((pair) => lexical === false || lexicalMismatch(pair.b, pair.a, lexical) === undefined);
    const curve = thresholds.map((threshold) => {
      let trueHits = 0;
      let falseHits = 0;
      pairs.forEach((pair, i) => {
        if ((similarities[i] as number) < threshold || !passes[i]) return;
        if (pair.duplicate) trueHits++;
        else falseHits++;
      });
      return { threshold, trueHitRate: trueHits / duplicates, falseHitRate: falseHits / nonDuplicates };
    });
    // The lowest threshold within the false-hit bound serves the most duplicates; with none within it, the point
    // with the fewest false hits (the most duplicates among equals).
    const within = curve.find((p) => p.falseHitRate <= maxFalseHitRate);
    const point = within ?? fewestFalseHits(curve);
    tried.push({ lexical, ...point });
    // Within the bound beats outside it; then more duplicates served (within) or fewer false hits (outside).
    const better =
      !best ||
      (within !== undefined && !best.within) ||
      (within !== undefined && point.trueHitRate > best.result.trueHitRate) ||
      (within === undefined && !best.within && isFewer(point, best.result));
    if (better) best = { result: { lexical, ...point, curve }, within: within !== undefined };
  }
  const chosen = best as NonNullable<typeof best>;
  return { ...chosen.result, options: tried, counts: { duplicates, nonDuplicates }, withinBound: chosen.within };
}

/** Whether `a` serves fewer false hits than `b` (or as few, and more duplicates). */
function isFewer(a: CalibrationPoint, b: CalibrationPoint): boolean {
  return a.falseHitRate < b.falseHitRate || (a.falseHitRate === b.falseHitRate && a.trueHitRate > b.trueHitRate);
}

/** The curve's point with the fewest false hits (the most duplicates among equals). */
function fewestFalseHits(curve: readonly CalibrationPoint[]): CalibrationPoint {
  return curve.reduce((best, point) => (isFewer(point, best) ? point : best));
}
