import { qualities, taskOf } from './training-examples.js';
import { FeatureVectorCache } from '../../classifiers/feature-vector-cache.js';
import { predictHeads } from '../../classifiers/learned-model.js';
import { type TrainLearnedOptions, trainLearnedHeads } from '../../classifiers/train-learned.js';
import { chooseByLambda } from './choose-by-lambda.js';
import { type EvalPolicy, LAMBDA_GRID } from './policy.js';

/**
 * RouterBench's predictive router over every model of the data: per split, `trainLearnedHeads` fits one head per
 * model on the training rows (label = that model's recorded quality, fractions kept as soft labels); each test row goes
 * to the model maximizing predicted quality − λ × cost, swept over `LAMBDA_GRID` (0 = best predicted quality, ∞ = the
 * cheapest model). A model's cost is its mean cost per query on the training rows, in units of the strong model's —
 * never the test row's recorded cost, which a live router cannot know before calling (it depends on the answer).
 */
export function utilityPolicy(options: TrainLearnedOptions = {}): EvalPolicy {
  // The splits' training sets overlap: each row is featurized once for all of them.
  const featureCache = new FeatureVectorCache();
  return {
    name: 'utility',
    sweep: 'lambda',
    params: LAMBDA_GRID,
    fit(split, context) {
      const { models } = context;
      const model = trainLearnedHeads(
        split.train.map((row) => ({ ...taskOf(row), prompt: row.prompt, labels: qualities(row, models) })),
        { seed: context.seed, featureCache, ...options },
      );
      const meanCost = models.map(
        (m) => split.train.reduce((sum, row) => sum + row.outcomes[m]!.costUsd, 0) / split.train.length,
      );
      const unit = meanCost[context.strong] || 1;
      const cost = meanCost.map((c) => c / unit);
      const predicted = split.test.map((row) => {
        const p = predictHeads(model, { ...taskOf(row), prompt: row.prompt });
        return models.map((m) => p[m]!);
      });
      return { routes: (lambda) => predicted.map((quality) => [chooseByLambda(quality, cost, lambda)]) };
    },
  };
}
