import type { Split } from '../splits.js';
import type { ClassifierFactory, PolicyContext } from './policy.js';
import { trainingExamples } from './training-examples.js';

const cache = new WeakMap<Split, Map<ClassifierFactory, Promise<number[]>>>();

/**
 * A classifier's scores on a split's test rows, trained on its training rows. Memoized per split and factory, so
 * policies sharing a classifier (plain, per-task+, +cascade) train it once per split.
 */
export function classifierScores(factory: ClassifierFactory, split: Split, context: PolicyContext): Promise<number[]> {
  let bySplit = cache.get(split);
  if (!bySplit) {
    bySplit = new Map();
    cache.set(split, bySplit);
  }
  let scores = bySplit.get(factory);
  if (!scores) {
    scores = computeScores(factory, split, context);
    bySplit.set(factory, scores);
  }
  return scores;
}

async function computeScores(factory: ClassifierFactory, split: Split, context: PolicyContext): Promise<number[]> {
  const classifier = await factory.create(trainingExamples(split.train, context), context.seed);
  const scores: number[] = [];
  for (const row of split.test) {
    const input = row.task === undefined ? { prompt: row.prompt } : { prompt: row.prompt, task: row.task };
    const result = classifier.classify(input);
    scores.push((result instanceof Promise ? await result : result).score);
  }
  return scores;
}
