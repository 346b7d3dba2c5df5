import { chooseByLambda } from './choose-by-lambda.js';
import { type EvalPolicy, LAMBDA_GRID, type Route } from './policy.js';
import { ALL_TASKS, taskStats } from './task-stats.js';

/**
 * Per-task model choice: on the training rows, the mean quality and cost of every model per task; each test row goes
 * to the model maximizing its task's mean quality − λ × mean cost (cost in units of the strong model's mean cost per
 * query). Sweeping λ from 0 (best quality per task) to ∞ (cheapest) traces the curve. A task absent from training
 * (always the case with `--group-column` on the task column) falls back to the all-task means.
 */
export function perTaskPolicy(): EvalPolicy {
  return {
    name: 'per-task',
    sweep: 'lambda',
    params: LAMBDA_GRID,
    fit(split, context) {
      const stats = taskStats(split.train, context.models);
      const unit = stats.cost.get(ALL_TASKS)?.[context.strong] || 1;
      const keys = split.test.map((row) =>
        row.task !== undefined && stats.quality.has(row.task) ? row.task : ALL_TASKS,
      );
      const routesByTask = (lambda: number) => {
        const chosen = new Map<string, Route>();
        for (const [key, quality] of stats.quality) {
          const cost = stats.cost.get(key)!.map((c) => c / unit);
          chosen.set(key, [chooseByLambda(quality, cost, lambda)]);
        }
        return chosen;
      };
      return {
        routes(lambda) {
          const chosen = routesByTask(lambda);
          return keys.map((key) => chosen.get(key)!);
        },
      };
    },
  };
}
