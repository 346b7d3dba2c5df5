import { EvalInputError } from '../eval-input-error.js';
import type { Split } from '../splits.js';
import type { ClassifierFactory, PolicyContext } from './policy.js';
import { trainingExamples } from './training-examples.js';

/** A classifier's verdicts on a split's test rows. */
export interface ClassifierScores {
  /** Score of each test row, in order. */
  scores: number[];
  /** What classifying each test row cost in USD (`costUsd` on its results); undefined when none reported a cost. */
  costUsd?: number[];
}

const cache = new WeakMap<Split, Map<ClassifierFactory, Promise<ClassifierScores>>>();

/**
 * A classifier's scores on a split's test rows, trained on its training rows. Memoized per split and factory, so
 * policies sharing a classifier (plain, per-task+, +cascade) train it once per split.
 */
export function classifierScores(
  factory: ClassifierFactory,
  split: Split,
  context: PolicyContext,
): Promise<ClassifierScores> {
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

async function computeScores(
  factory: ClassifierFactory,
  split: Split,
  context: PolicyContext,
): Promise<ClassifierScores> {
  const classifier = await factory.create(trainingExamples(split.train, context), context.seed);
  if (typeof classifier?.classify !== 'function') {
    throw new EvalInputError(`${factory.name}: the factory returned no classifier (an object with classify)`);
  }
  const scores = new Array<number>(split.test.length);
  const costs = new Array<number>(split.test.length).fill(0);
  let charged = false;
  const concurrency = Math.max(1, Math.floor(factory.concurrency ?? 1));
  const classifyRow = async (i: number) => {
    const row = split.test[i]!;
    const input = row.task === undefined ? { prompt: row.prompt } : { prompt: row.prompt, task: row.task };
    const result = await classifier.classify(input);
    const score = result?.score;
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw new EvalInputError(
        `${factory.name}: classify returned score ${String(score)} for "${row.prompt.slice(0, 40)}" ` +
          '(expected a number in [0, 1])',
      );
    }
    scores[i] = score;
    const cost = (result as { costUsd?: unknown }).costUsd;
    if (typeof cost === 'number' && Number.isFinite(cost)) {
      costs[i] = cost;
      charged = true;
    }
  };
  // Up to `concurrency` rows in flight; results land at their own index, so the order never depends on timing.
  for (let start = 0; start < split.test.length; start += concurrency) {
    const end = Math.min(start + concurrency, split.test.length);
    await Promise.all(Array.from({ length: end - start }, (_, j) => classifyRow(start + j)));
  }
  return charged ? { scores, costUsd: costs } : { scores };
}
