import { FeatureVectorCache } from '../../classifiers/feature-vector-cache.js';
import { predictHeads } from '../../classifiers/learned-model.js';
import { trainLearnedHeads } from '../../classifiers/train-learned.js';
import { type CascadeEstimates, runCascadeRouting } from '../../router/policies/cascade-routing-core.js';
import type { EvalRow } from '../dataset.js';
import { answeredRoute } from '../replay.js';
import { learnAgreementRates, learnGainIfWrong } from './learn-cascade-estimates.js';
import { type EvalPolicy, LAMBDA_GRID } from './policy.js';
import { RecordedKeys } from './recorded-keys.js';
import { ALL_TASKS, taskStats } from './task-stats.js';

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
      const stats = taskStats(split.train, models, 10);
      const unit = stats.cost.get(ALL_TASKS)?.[context.strong] || 1;
      const keys = new RecordedKeys(split.train, models);
      const rates = learnAgreementRates(split.train, models, keys);
      // Per task: the training rows of that task (all rows for an unseen task) give the gains of a second call.
      const byTask = new Map<string, EvalRow[]>();
      for (const row of split.train) {
        if (row.task === undefined) continue;
        let list = byTask.get(row.task);
        if (!list) {
          list = [];
          byTask.set(row.task, list);
        }
        list.push(row);
      }
      const gains = new Map<string, number[][]>();
      const gainsFor = (key: string) => {
        let g = gains.get(key);
        if (!g) {
          const taskRows = key === ALL_TASKS ? split.train : byTask.get(key)!;
          const taskRates = (key === ALL_TASKS ? undefined : rates.byTask.get(key)) ?? rates.all;
          g = learnGainIfWrong(taskRows, models, keys, stats.quality.get(key)!, taskRates);
          gains.set(key, g);
        }
        return g;
      };
      const heads =
        prior === 'heads'
          ? trainLearnedHeads(
              split.train.map((row) => ({ ...taskOf(row), prompt: row.prompt, labels: qualities(row, models) })),
              { seed: context.seed, featureCache },
            )
          : undefined;
      const estimates: CascadeEstimates[] = split.test.map((row) => {
        const key = row.task !== undefined && stats.quality.has(row.task) ? row.task : ALL_TASKS;
        let quality = stats.quality.get(key)!;
        if (heads) {
          const p = predictHeads(heads, { ...taskOf(row), prompt: row.prompt });
          quality = models.map((m, i) => (p[m]! + quality[i]!) / 2);
        }
        return {
          quality,
          cost: stats.cost.get(key)!.map((c) => c / unit),
          rates: (row.task !== undefined ? rates.byTask.get(row.task) : undefined) ?? rates.all,
          gainIfWrong: gainsFor(key),
        };
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

function taskOf(row: EvalRow): { task?: string } {
  return row.task === undefined ? {} : { task: row.task };
}

function qualities(row: EvalRow, models: readonly string[]): Record<string, number> {
  const labels: Record<string, number> = {};
  for (const m of models) labels[m] = row.outcomes[m]!.quality;
  return labels;
}
