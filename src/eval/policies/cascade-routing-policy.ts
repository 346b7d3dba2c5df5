import { qualities, taskOf } from './training-examples.js';
import { FeatureVectorCache } from '../../classifiers/feature-vector-cache.js';
import { predictHeads } from '../../classifiers/learned-model.js';
import { trainLearnedHeads } from '../../classifiers/train-learned.js';
import { type CascadeEstimates, runCascadeRouting } from '../../router/policies/cascade-routing-core.js';
import { cascadeEstimatesFor, taskEstimates } from '../../router/policies/cascade-routing-model.js';
import { answeredRoute } from '../replay.js';
import { learnCascadeRouting } from '../train-cascade-routing.js';
import { type EvalPolicy, LAMBDA_GRID } from './policy.js';
import { RecordedKeys } from './recorded-keys.js';

/** Where cascade routing's prior quality per model comes from. */
export type CascadePrior = 'task' | 'heads';

/**
 * Cascade routing (Dekoninck et al., ICML 2025) over every model of the data, replayed on recorded answers: per
 * request, `nextCascadeStep` (the live policy's rule) calls models one at a time and stops when no further call's
 * expected gain is worth λ × its cost; the answer returned is the one with the best posterior quality, the answers'
 * agreement counting as evidence (rates learned on the training rows). Priors: `task` = the model's mean quality on
 * the request's task in training, shrunk towards its overall mean (the overall mean for an unseen task); `heads` =
 * one learned head per model (task label as a feature), averaged with the task prior. Costs: the model's mean cost on
 * the task in training, in units of the strong model's overall mean. Swept over λ.
 */
export function cascadeRoutingPolicy(prior: CascadePrior = 'task'): EvalPolicy {
  const featureCache = new FeatureVectorCache();
  return {
    name: `cascade-routing(${prior})`,
    sweep: 'lambda',
    params: LAMBDA_GRID,
    fit(split, context) {
      const { models } = context;
      const keys = new RecordedKeys(split.train, models);
      // The same learned estimates a live cascadeRouting({ learned }) reads (trainCascadeRouting).
      const learned = learnCascadeRouting(split.train, models, keys);
      const unit = learned.all.costUsd[context.strong] || 1;
      const all = models.map((_, i) => i);
      const heads =
        prior === 'heads'
          ? trainLearnedHeads(
              split.train.map((row) => ({ ...taskOf(row), prompt: row.prompt, labels: qualities(row, models) })),
              { seed: context.seed, featureCache },
            )
          : undefined;
      const estimates: CascadeEstimates[] = split.test.map((row) => {
        const cost = taskEstimates(learned, row.task).costUsd.map((c) => c / unit);
        const predicted = heads ? predictHeads(heads, { ...taskOf(row), prompt: row.prompt }) : undefined;
        return cascadeEstimatesFor(learned, row.task, all, cost, predicted && models.map((m) => predicted[m]!));
      });
      return {
        routes: (lambda) =>
          split.test.map((row, r) => {
            let kind: ReturnType<RecordedKeys['kindOf']> | undefined;
            const { called, answer } = runCascadeRouting(estimates[r]!, lambda, (m) => {
              kind ??= keys.kindOf(row, m);
              return keys.key(row, m, kind);
            });
            return answeredRoute(called, answer);
          }),
      };
    },
  };
}
