// A per-task difficulty prior learned online from the classifier's own scores (no labels): a query's score is blended
// with the running mean score of its task. On multi-task traffic much of the difference between what a weak and a
// strong model get right is per task (one subject is hard for the weak model throughout), and one prompt is a noisy
// witness of that; the mean of many prompts of the same task is a steadier one. Held out on RouteLLM's MMLU with
// folds grouped by subject (so every task is unseen in training), blending learned() with its own task mean lifts
// APGR and lowers CPT(50%) (docs/classifiers.md has the figures).
import { ConfigError, type ValidationIssue } from '../errors.js';
import type { SyncDifficultyClassifier } from './sync-classifier.js';
import type { ClassifierInput, ClassifierResult, DifficultyClassifier } from './types.js';

/** Options of `withTaskPrior()`. */
export interface TaskPriorOptions {
  /** Weight of the task's running mean in the blended score, in [0, 1] (default 0.6; 0 turns the prior off). */
  weight?: number;
  /** Tasks remembered at once; the least recently seen is forgotten past this (default 10,000). */
  maxTasks?: number;
  /**
   * Running means to start from, e.g. `Object.fromEntries(previous.taskPriors())` saved before a restart, so a new
   * process does not relearn every task from its first queries.
   */
  initial?: Readonly<Record<string, Readonly<TaskPriorEntry>>>;
}

/** Running mean score of one task. */
export interface TaskPriorEntry {
  /** Mean of the inner classifier's scores for the task so far. */
  mean: number;
  /** How many queries of the task were scored. */
  count: number;
}

/** A classifier blended with its per-task running mean; `taskPriors()` shows what it has learned. */
export interface TaskPriorClassifier extends DifficultyClassifier {
  /** The running mean per task label, most recently seen last. */
  taskPriors(): ReadonlyMap<string, Readonly<TaskPriorEntry>>;
  /** Forgets every task (e.g. between evaluation folds). */
  reset(): void;
}

/** A task-prior classifier over a synchronous classifier scores synchronously too. */
export interface SyncTaskPriorClassifier extends TaskPriorClassifier, SyncDifficultyClassifier {
  /** Scores one query and updates its task's running mean. */
  classify(input: ClassifierInput): ClassifierResult;
}

/** Default weight of the task mean (chosen on held-out MMLU; see docs/classifiers.md). */
export const DEFAULT_TASK_PRIOR_WEIGHT = 0.6;

const DEFAULT_MAX_TASKS = 10_000;

function checkOptions(options: TaskPriorOptions): { weight: number; maxTasks: number } {
  const weight = options.weight ?? DEFAULT_TASK_PRIOR_WEIGHT;
  const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
  const issues: ValidationIssue[] = [];
  for (const [task, entry] of Object.entries(options.initial ?? {})) {
    const path = `withTaskPrior.initial[${JSON.stringify(task)}]`;
    if (!(typeof entry?.mean === 'number' && entry.mean >= 0 && entry.mean <= 1)) {
      issues.push({ path: `${path}.mean`, message: `must be a number in [0, 1] (got ${String(entry?.mean)})` });
    }
    if (!(Number.isInteger(entry?.count) && entry.count >= 1)) {
      issues.push({ path: `${path}.count`, message: `must be an integer ≥ 1 (got ${String(entry?.count)})` });
    }
  }
  if (!(weight >= 0 && weight <= 1)) {
    issues.push({ path: 'withTaskPrior.weight', message: `must be a number in [0, 1] (got ${String(weight)})` });
  }
  if (!Number.isInteger(maxTasks) || maxTasks < 1) {
    issues.push({ path: 'withTaskPrior.maxTasks', message: `must be an integer ≥ 1 (got ${String(maxTasks)})` });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { weight, maxTasks };
}

/**
 * Wraps a classifier so each score is `(1 − weight) × score + weight × mean`, where `mean` is the running mean of the
 * inner classifier's scores for the query's task (`metadata.feature` at run time, a column such as `source` in
 * recorded data), this query included. Queries without a task keep the inner score. State is per process and bounded
 * (`maxTasks`, least recently seen forgotten first); it learns from scores only, never from outcomes.
 */
export function withTaskPrior(
  classifier: SyncDifficultyClassifier,
  options?: TaskPriorOptions,
): SyncTaskPriorClassifier;
export function withTaskPrior(classifier: DifficultyClassifier, options?: TaskPriorOptions): TaskPriorClassifier;
export function withTaskPrior(classifier: DifficultyClassifier, options: TaskPriorOptions = {}): TaskPriorClassifier {
  const { weight, maxTasks } = checkOptions(options);
  const tasks = new Map<string, TaskPriorEntry>();
  for (const [task, entry] of Object.entries(options.initial ?? {}).slice(-maxTasks)) {
    tasks.set(task, { mean: entry.mean, count: entry.count });
  }

  const blend = (input: ClassifierInput, result: ClassifierResult): ClassifierResult => {
    const { task } = input;
    if (task === undefined || weight === 0) return result;
    let entry = tasks.get(task);
    if (entry) tasks.delete(task);
    else {
      entry = { mean: 0, count: 0 };
      if (tasks.size >= maxTasks) tasks.delete(tasks.keys().next().value as string);
    }
    entry.count++;
    entry.mean += (result.score - entry.mean) / entry.count;
    tasks.set(task, entry);
    return { ...result, score: (1 - weight) * result.score + weight * entry.mean };
  };

  return {
    name: `${classifier.name}+task-prior`,
    classify(input: ClassifierInput) {
      const result = classifier.classify(input);
      return result instanceof Promise ? result.then((r) => blend(input, r)) : blend(input, result);
    },
    taskPriors: () => tasks,
    reset: () => tasks.clear(),
  } as TaskPriorClassifier;
}
