// Learns cascade routing's estimates from recorded outcomes: per task (and over all rows), each model's mean quality
// and cost, how the models' recorded answers agree when right and when wrong, and what a second call gains when the
// first answer is wrong. The evaluator's `cascade-routing(...)` policy fits this on each fold's training rows; a live
// `cascadeRouting({ learned })` policy reads the same JSON.
import { EvalInputError } from './eval-input-error.js';
import {
  CASCADE_ROUTING_FORMAT,
  type CascadeRoutingModel,
  type CascadeTaskEstimates,
} from '../router/policies/cascade-routing-model.js';
import type { EvalDataset, EvalRow } from './dataset.js';
import { learnAgreementRates, learnGainIfWrong } from './policies/learn-cascade-estimates.js';
import { RecordedKeys } from './policies/recorded-keys.js';
import { ALL_TASKS, taskStats } from './policies/task-stats.js';

/** Options of `trainCascadeRouting()`. */
export interface TrainCascadeRoutingOptions {
  /** The models to learn (candidate names), default every model of the data. */
  models?: readonly string[];
}

/** Pseudo-rows a task's means are shrunk with towards the all-row means. */
const TASK_PRIOR_ROWS = 10;

/**
 * Learns cascade routing's estimates on recorded rows (an `EvalDataset` with recorded answers, e.g. RouterBench's
 * `|model_response` columns): the JSON a live `cascadeRouting({ learned })` policy reads. Throws `EvalInputError`
 * when the data has no rows or names an unknown model.
 */
export function trainCascadeRouting(data: EvalDataset, options: TrainCascadeRoutingOptions = {}): CascadeRoutingModel {
  const models = [...(options.models ?? data.models)];
  const unknown = models.filter((m) => !data.models.includes(m));
  if (unknown.length > 0) {
    throw new EvalInputError(
      `trainCascadeRouting: no model ${unknown.join(', ')} in the data (${data.models.join(', ')})`,
    );
  }
  if (data.rows.length === 0) throw new EvalInputError('trainCascadeRouting: the data has no rows');
  return learnCascadeRouting(data.rows, models, new RecordedKeys(data.rows, models));
}

/** `trainCascadeRouting` on rows whose answers' keys `keys` reads (the evaluator shares one cache per fold). */
export function learnCascadeRouting(
  rows: readonly EvalRow[],
  models: readonly string[],
  keys: RecordedKeys,
): CascadeRoutingModel {
  const stats = taskStats(rows, models, TASK_PRIOR_ROWS);
  const rates = learnAgreementRates(rows, models, keys);
  const byTask = new Map<string, EvalRow[]>();
  for (const row of rows) {
    if (row.task === undefined) continue;
    let list = byTask.get(row.task);
    if (!list) {
      list = [];
      byTask.set(row.task, list);
    }
    list.push(row);
  }
  const estimates = (key: string): CascadeTaskEstimates => {
    const taskRows = key === ALL_TASKS ? rows : byTask.get(key)!;
    const taskRates = (key === ALL_TASKS ? undefined : rates.byTask.get(key)) ?? rates.all;
    const quality = stats.quality.get(key)!;
    return {
      quality,
      costUsd: stats.cost.get(key)!,
      rates: taskRates,
      gainIfWrong: learnGainIfWrong(taskRows, models, keys, quality, taskRates),
      rows: taskRows.length,
    };
  };
  const tasks: Record<string, CascadeTaskEstimates> = {};
  for (const task of byTask.keys()) tasks[task] = estimates(task);
  return {
    format: CASCADE_ROUTING_FORMAT,
    models: [...models],
    all: estimates(ALL_TASKS),
    tasks,
    answerKinds: keys.kinds(),
  };
}
