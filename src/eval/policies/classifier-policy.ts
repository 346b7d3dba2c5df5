import { classifierScores } from './classifier-scores.js';
import type { ClassifierFactory, EvalPolicy } from './policy.js';
import { SHARE_GRID } from './policy.js';
import { rankedPolicy } from './share-sweep.js';

/**
 * Two-tier routing by a difficulty classifier: per split the factory trains on the training rows, the classifier
 * scores the test rows, and the sweep sends the top `share` of scores to the strong model (a threshold calibrated to
 * that strong share), the rest to the weak one. What the classifier reports its own calls cost is charged on every
 * row.
 */
export function classifierPolicy(factory: ClassifierFactory): EvalPolicy {
  return {
    name: factory.name,
    sweep: 'strong share',
    params: SHARE_GRID,
    async fit(split, context) {
      const { scores, costUsd } = await classifierScores(factory, split, context);
      const weak = [context.weak];
      const strong = [context.strong];
      return rankedPolicy({ scores, low: () => weak, high: () => strong }, context.seed, costUsd);
    },
  };
}
