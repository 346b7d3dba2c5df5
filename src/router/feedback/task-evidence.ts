// What a per-task learner (`learnPerTask`) knows, as counters in the store: per learner, task and model alias, how
// many scores it got and their sum, and the same per model over every task (what a task with little evidence is
// shrunk towards). Feedback and acceptance-check verdicts add to them with one atomic increment each, so every
// instance sharing the store learns from every instance's traffic.
import type { Store } from '../../stores/store.js';
import type { Increment } from '../experiments/stats-keys.js';
import type { PolicyRouteInfo } from '../result.js';
import type { RememberedRequest } from './remembered-requests.js';

/** One model's evidence on one task, and its shrunk mean. */
export interface TaskEvidence {
  /** The model alias. */
  alias: string;
  /** Scores recorded for it on this task. */
  n: number;
  /** Their sum (each score in [0, 1]). */
  sum: number;
  /** Scores recorded for it over every task, and their sum. */
  allN: number;
  allSum: number;
}

const base = (learner: string) => `learn:${encodeURIComponent(learner)}:`;
const taskKey = (learner: string, task: string, alias: string) =>
  `${base(learner)}task:${encodeURIComponent(task)}:${encodeURIComponent(alias)}`;
const modelKey = (learner: string, alias: string) => `${base(learner)}model:${encodeURIComponent(alias)}`;

/** The increments of one score (replacing `previous` for the same request when there was one). */
export function scoreIncrements(
  learner: string,
  task: string,
  alias: string,
  score: number,
  previous?: number,
): Increment[] {
  const out: Increment[] = [];
  for (const key of [taskKey(learner, task, alias), modelKey(learner, alias)]) {
    if (previous === undefined) out.push({ key: `${key}.n`, by: 1 });
    out.push({ key: `${key}.sum`, by: score - (previous ?? 0) });
  }
  return out;
}

/** The increments of a feedback score on a request a learner decided on (none when no learner did). */
export function feedbackEvidence(entry: RememberedRequest, score: number): Increment[] {
  const learned = entry.learned;
  return learned ? scoreIncrements(learned.learner, learned.task, learned.alias, score, entry.score) : [];
}

/**
 * The increments of an answered route's acceptance checks, for a learner that learns from them: each step whose
 * checks ran counts 1 for its answering model when they accepted, 0 when they rejected.
 */
export function checkEvidence(route: PolicyRouteInfo): Increment[] {
  const choice = route.taskChoice;
  if (!choice?.learnFrom.checks) return [];
  return route.steps.flatMap((step) =>
    step.checks.length > 0 && (step.verdict === 'accepted' || step.verdict === 'rejected')
      ? scoreIncrements(choice.learner, choice.task, step.answeredBy ?? step.alias, step.verdict === 'accepted' ? 1 : 0)
      : [],
  );
}

/** Every model's evidence on a task, read in one call. */
export async function readTaskEvidence(
  store: Store,
  learner: string,
  task: string,
  aliases: readonly string[],
): Promise<TaskEvidence[]> {
  const keys = aliases.flatMap((alias) => {
    const t = taskKey(learner, task, alias);
    const m = modelKey(learner, alias);
    return [`${t}.n`, `${t}.sum`, `${m}.n`, `${m}.sum`];
  });
  const values = await store.numbers(keys);
  return aliases.map((alias, i) => ({
    alias,
    n: values[4 * i] ?? 0,
    sum: values[4 * i + 1] ?? 0,
    allN: values[4 * i + 2] ?? 0,
    allSum: values[4 * i + 3] ?? 0,
  }));
}

/**
 * A model's shrunk mean score on a task: (Σ + k × m) / (n + k), where m is its mean over every task, itself
 * (Σall + k × ½) / (nall + k). With no evidence it is ½; each level moves from its prior as scores accrue. k > 0.
 */
export function shrunkMean(evidence: TaskEvidence, priorStrength: number): number {
  const overall = (evidence.allSum + priorStrength * 0.5) / (evidence.allN + priorStrength);
  return (evidence.sum + priorStrength * overall) / (evidence.n + priorStrength);
}
