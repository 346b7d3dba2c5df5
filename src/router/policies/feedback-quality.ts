// A quality predictor over the per-task evidence `learnPerTask` keeps in the store: each candidate's shrunk mean
// feedback score on the request's task. Given to `cascadeRouting({ predictor })` or `utility({ predictor })`, it is
// the per-task prior learned online: it starts at ½ (or the model's all-task mean) and follows the traffic's scores.
import type { QualityPredictor } from '../../classifiers/quality-predictor.js';
import type { ClassifierInput } from '../../classifiers/types.js';
import { ConfigError, type ValidationIssue } from '../../errors.js';
import type { Store } from '../../stores/store.js';
import { readTaskEvidence, shrunkMean, type TaskEvidence } from '../feedback/task-evidence.js';
import { DEFAULT_TASK_PRIOR_STRENGTH } from './learn-per-task.js';

/** Options of `feedbackQuality()`. */
export interface FeedbackQualityOptions {
  /** The store the evidence is in: the router's own (`createRouter({ store })`). */
  store: Store;
  /** The candidates, name → model alias (the keys the policy asks for), or a list of aliases used as names. */
  candidates: Readonly<Record<string, string>> | readonly string[];
  /** The learner whose evidence it reads (the `name` given to `learnPerTask`). Default `default`. */
  name?: string;
  /** Pseudo-count of the shrinkage, as in `learnPerTask`. Default 10. */
  priorStrength?: number;
}

/**
 * Predicts each candidate's chance of answering well as its shrunk mean score on the request's task (`task`, i.e.
 * `metadata.feature`), read from the store; without a task, its mean over every task. The evidence is recorded
 * by a `learnPerTask(…, { name, choose: false })` wrapped around the policy that uses this predictor (so the router
 * remembers which model answered and counts feedback for it), or by any other learner of the same name.
 */
export function feedbackQuality(options: FeedbackQualityOptions): QualityPredictor {
  const issues: ValidationIssue[] = [];
  const store = options?.store;
  if (typeof store?.numbers !== 'function') {
    issues.push({
      path: 'feedbackQuality.store',
      message: 'must be the router’s store (memoryStore(), redisStore(…))',
    });
  }
  const candidates = options?.candidates;
  const entries: Array<[string, string]> = Array.isArray(candidates)
    ? candidates.map((alias) => [alias, alias])
    : Object.entries(candidates ?? {});
  if (entries.length === 0) {
    issues.push({ path: 'feedbackQuality.candidates', message: 'must name at least one candidate' });
  }
  const priorStrength = options?.priorStrength ?? DEFAULT_TASK_PRIOR_STRENGTH;
  if (!(typeof priorStrength === 'number' && priorStrength > 0 && Number.isFinite(priorStrength))) {
    issues.push({
      path: 'feedbackQuality.priorStrength',
      message: `must be a number > 0 (got ${String(priorStrength)})`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const name = options.name ?? 'default';
  const aliases = entries.map(([, alias]) => alias);
  return {
    name: `feedback-quality(${name})`,
    keys: entries.map(([key]) => key),
    async predict(input: ClassifierInput) {
      const evidence = input.task === undefined ? undefined : await readTaskEvidence(store, name, input.task, aliases);
      const overall = evidence ?? (await readTaskEvidence(store, name, '', aliases)).map(withoutTask);
      return Object.fromEntries(
        entries.map(([key], i) => [key, shrunkMean(overall[i] as TaskEvidence, priorStrength)]),
      );
    },
  };
}

/** The all-task evidence alone: a task-free request's mean is the model's overall mean. */
function withoutTask(evidence: TaskEvidence): TaskEvidence {
  return { ...evidence, n: 0, sum: 0 };
}
