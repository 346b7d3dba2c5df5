// The structure of a multiple-choice question's answer options, as hashed indicator features of `learned()`.
//
// Why: on RouteLLM's MMLU data with every scored subject unseen in training, what separates the subjects where the
// weak model falls far behind (moral scenarios: options "Wrong, Not wrong" …; professional law: "not guilty, if …";
// formal logic: "Tdc" / "Tcd") is options that differ by little — near-duplicates, shared first words, anagrams,
// compound answers — which word and character n-grams of one subject do not carry over to another. Off by default
// (`HashedFeatureOptions.answerOptions`); docs/classifiers.md gives the figures.

import { combineHashes } from '../core/hash-text.js';

/** What `answerOptionStructure` measures over a prompt's answer options (lines `A. …`, `B) …`, …). */
export interface AnswerOptionStructure {
  /** Number of options found (at least 2; otherwise there is no structure). */
  count: number;
  /** Mean pairwise Jaccard similarity of the options' character trigrams, in [0, 1]. */
  similarity: number;
  /** Share of options whose first word another option also starts with, in [0, 1]. */
  sharedFirstWord: number;
  /** Share of options made of the same characters as another option (spaces ignored), in [0, 1]. */
  anagram: number;
  /** Share of options holding a comma (compound answers such as "Wrong, Not wrong"), in [0, 1]. */
  compound: number;
  /** Mean option length in characters. */
  meanLength: number;
}

const OPTION_LINE = /^\s*\(?([A-J])[.):]\s*(.*?)\s*$/;

/**
 * The answer options of a multiple-choice prompt: the last run of lines lettered A, B, C, … in order. Fewer than two
 * → none (the prompt is not multiple choice, as far as this can tell).
 */
export function answerOptions(prompt: string): string[] {
  let current: string[] = [];
  let last: string[] = [];
  for (const line of prompt.split('\n')) {
    const match = OPTION_LINE.exec(line);
    if (!match) continue;
    const index = match[1]!.charCodeAt(0) - 65;
    if (index === 0) {
      if (current.length >= 2) last = current;
      current = [match[2]!];
    } else if (index === current.length) {
      current.push(match[2]!);
    }
  }
  const options = current.length >= 2 ? current : last;
  return options.length >= 2 ? options : [];
}

function trigrams(text: string): Set<string> {
  const padded = ` ${text.toLowerCase()} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** Share of keys equal to at least one other key. */
function shareRepeated(keys: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return keys.filter((key) => counts.get(key)! > 1).length / keys.length;
}

/** Measures the answer options of a prompt; undefined when it has fewer than two (see `answerOptions`). */
export function answerOptionStructure(prompt: string): AnswerOptionStructure | undefined {
  const options = answerOptions(prompt);
  if (options.length < 2) return undefined;
  const grams = options.map(trigrams);
  let similarity = 0;
  let pairs = 0;
  for (let i = 0; i < grams.length; i++) {
    for (let j = i + 1; j < grams.length; j++) {
      similarity += jaccard(grams[i]!, grams[j]!);
      pairs++;
    }
  }
  return {
    count: options.length,
    similarity: similarity / pairs,
    sharedFirstWord: shareRepeated(options.map((o) => o.split(/\s+/)[0]!.toLowerCase())),
    anagram: shareRepeated(options.map((o) => [...o.replace(/\s/g, '')].sort().join(''))),
    compound: options.filter((o) => o.includes(',')).length / options.length,
    meanLength: options.reduce((sum, o) => sum + o.length, 0) / options.length,
  };
}

/** The indicator features of a structure: one bucket per measure, coarse enough to be shared across subjects. */
export function answerOptionBuckets(structure: AnswerOptionStructure): number[] {
  return [
    100 + Math.min(10, Math.floor(structure.similarity * 10)),
    200 + Math.min(4, Math.floor(structure.sharedFirstWord * 4)),
    300 + Math.min(4, Math.floor(structure.anagram * 4)),
    400 + Math.min(4, Math.floor(structure.compound * 4)),
    500 + Math.min(16, Math.floor(Math.log2(structure.meanLength + 1))),
  ];
}

const SEED_OPTIONS = 0x6f;

/** Sends a prompt's answer-option buckets to `emit` as hashed indices (nothing when it has no options). */
export function forEachAnswerOptionFeature(prompt: string, emit: (hash: number) => void): void {
  const structure = answerOptionStructure(prompt);
  if (!structure) return;
  for (const bucket of answerOptionBuckets(structure)) emit(combineHashes(SEED_OPTIONS, bucket));
}
