import { classifierScores } from './classifier-scores.js';
import type { EvalPolicy } from './policy.js';
import { type ClassifierFactory, SHARE_GRID } from './policy.js';
import { rankedPolicy } from './share-sweep.js';
import { trainingExamples } from './training-examples.js';

const EPS = 1e-4;
const logit = (p: number) => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};

/**
 * Task prior + per-query classifier: the classifier's log-odds are shifted by how much more (or less) often the
 * strong model was needed on the row's task than overall in training — logit(p) + logit(p_task) − logit(p_all), with
 * p_task shrunk towards p_all by `prior` pseudo-rows. An unseen task adds nothing. Swept by strong share.
 */
export function combinedPolicy(factory: ClassifierFactory, prior = 20): EvalPolicy {
  return {
    name: `per-task+${factory.name}`,
    sweep: 'strong share',
    params: SHARE_GRID,
    async fit(split, context) {
      const examples = trainingExamples(split.train, context);
      const { scores: classifierScoresOfTest, costUsd } = await classifierScores(factory, split, context);
      let all = 0;
      const byTask = new Map<string, { n: number; sum: number }>();
      for (const example of examples) {
        all += example.label;
        if (example.task === undefined) continue;
        const s = byTask.get(example.task) ?? { n: 0, sum: 0 };
        s.n++;
        s.sum += example.label;
        byTask.set(example.task, s);
      }
      const pAll = examples.length > 0 ? all / examples.length : 0.5;
      const scores: number[] = [];
      for (const [i, row] of split.test.entries()) {
        const p = classifierScoresOfTest[i]!;
        const s = row.task === undefined ? undefined : byTask.get(row.task);
        const pTask = s ? (s.sum + prior * pAll) / (s.n + prior) : pAll;
        scores.push(logit(p) + logit(pTask) - logit(pAll));
      }
      const weak = [context.weak];
      const strong = [context.strong];
      return rankedPolicy({ scores, low: () => weak, high: () => strong }, context.seed, costUsd);
    },
  };
}
