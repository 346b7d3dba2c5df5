import type { SyncDifficultyClassifier } from '../../classifiers/sync-classifier.js';
import { withTaskPrior } from '../../classifiers/task-prior.js';
import { classifierScores } from './classifier-scores.js';
import type { ClassifierFactory, EvalPolicy } from './policy.js';
import { SHARE_GRID } from './policy.js';
import { rankedPolicy } from './share-sweep.js';

/**
 * A classifier behind `withTaskPrior`: each test row's score is blended with the running mean score of its task, the
 * rows taken in data order as traffic would arrive (a fresh prior per split: it learns from scores only, never from
 * the training rows' outcomes). Reuses the classifier's memoized scores, so it trains nothing new. Swept by share.
 */
export function taskPriorPolicy(factory: ClassifierFactory, weight?: number): EvalPolicy {
  return {
    name: `${factory.name}+task-prior`,
    sweep: 'strong share',
    params: SHARE_GRID,
    async fit(split, context) {
      const { scores: inner, costUsd } = await classifierScores(factory, split, context);
      let current = 0;
      const replay: SyncDifficultyClassifier = { name: factory.name, classify: () => ({ score: inner[current]! }) };
      const prior = withTaskPrior(replay, weight === undefined ? {} : { weight });
      const scores = split.test.map((row, i) => {
        current = i;
        return prior.classify(row.task === undefined ? { prompt: row.prompt } : { prompt: row.prompt, task: row.task })
          .score;
      });
      const weak = [context.weak];
      const strong = [context.strong];
      return rankedPolicy({ scores, low: () => weak, high: () => strong }, context.seed, costUsd);
    },
  };
}
