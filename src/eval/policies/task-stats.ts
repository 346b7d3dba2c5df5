import type { EvalRow } from '../dataset.js';

/** Key under which `taskStats` pools every training row (used for tasks unseen in training). */
export const ALL_TASKS = '\u0000all';

/** Mean quality and cost of each model per task, over training rows. */
export interface TaskStats {
  /** Per task (and `ALL_TASKS`): mean quality per model index. */
  quality: Map<string, number[]>;
  /** Per task (and `ALL_TASKS`): mean cost per model index, in USD. */
  cost: Map<string, number[]>;
}

/**
 * Per-task means over training rows, shrunk towards the all-task means by `prior` pseudo-rows (so a task seen a few
 * times does not swing on noise). Rows without a task only count towards `ALL_TASKS`.
 */
export function taskStats(rows: readonly EvalRow[], models: readonly string[], prior = 5): TaskStats {
  const sums = new Map<string, { n: number; q: number[]; c: number[] }>();
  const add = (key: string, row: EvalRow) => {
    let s = sums.get(key);
    if (!s) {
      s = { n: 0, q: models.map(() => 0), c: models.map(() => 0) };
      sums.set(key, s);
    }
    s.n++;
    models.forEach((m, i) => {
      s.q[i]! += row.outcomes[m]!.quality;
      s.c[i]! += row.outcomes[m]!.costUsd;
    });
  };
  for (const row of rows) {
    add(ALL_TASKS, row);
    if (row.task !== undefined) add(row.task, row);
  }
  const all = sums.get(ALL_TASKS);
  const quality = new Map<string, number[]>();
  const cost = new Map<string, number[]>();
  if (!all) return { quality, cost };
  const allQ = all.q.map((q) => q / all.n);
  const allC = all.c.map((c) => c / all.n);
  for (const [key, s] of sums) {
    const k = key === ALL_TASKS ? 0 : prior;
    quality.set(
      key,
      s.q.map((q, i) => (q + k * allQ[i]!) / (s.n + k)),
    );
    cost.set(
      key,
      s.c.map((c, i) => (c + k * allC[i]!) / (s.n + k)),
    );
  }
  return { quality, cost };
}
