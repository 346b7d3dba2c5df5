// The per-task choice of model, learned online from a deployment's own traffic: feedback scores (`router.feedback`)
// and, optionally, acceptance-check verdicts, counted per (learner, task, model) in the store. Once a task has
// `minCount` scores, each candidate's mean score on it — shrunk towards the model's mean over every task, that
// towards ½ — picks the cheapest candidate within `tolerance` of the best, the rule a team would write by hand
// ("best value per task") but kept up to date by the traffic itself and shared by every instance on the store.
import { hashString } from '../../core/hash-text.js';
import { ConfigError, type ValidationIssue } from '../../errors.js';
import { readTaskEvidence, shrunkMean } from '../feedback/task-evidence.js';
import type { RouterRequest } from '../request.js';
import type {
  PolicyContext,
  PolicyLike,
  RouteDecision,
  RouteStep,
  RoutingPolicy,
  TaskChoiceCandidateInfo,
  TaskChoiceInfo,
} from './policy.js';
import { toRoutingPolicy } from './to-routing-policy.js';

/** Options of `learnPerTask()`. */
export interface LearnPerTaskOptions {
  /** The aliases the learned choice picks among (each must be a configured alias). */
  models: readonly string[];
  /** Namespace of the evidence in the store (`learn:<name>:…`); learners with one name share it. Default `default`. */
  name?: string;
  /** Scores a task needs (over every candidate) before the learned choice moves the route. Default 20. */
  minCount?: number;
  /** Pseudo-count k of the shrinkage: a model's task mean is (Σ + k × its all-task mean) / (n + k). Default 10. */
  priorStrength?: number;
  /** The cheapest candidate whose mean is within this of the best one's is chosen. Default 0.02. */
  tolerance?: number;
  /**
   * Share of requests routed by the wrapped policy anyway, so the other candidates keep getting evidence (by a hash
   * of the request id when it has one). Default 0.05; 0 never explores.
   */
  explore?: number;
  /** What it learns from: feedback scores (default true) and acceptance-check verdicts (default false). */
  learnFrom?: { feedback?: boolean; checks?: boolean };
  /**
   * Whether the learned choice may move the route (default true). `false` only records evidence: for a policy that
   * reads it itself, e.g. `cascadeRouting({ predictor: feedbackQuality({ store, candidates }) })`.
   */
  choose?: boolean;
}

/** Default scores a task needs before the learned choice moves the route. */
export const DEFAULT_TASK_MIN_COUNT = 20;
/** Default pseudo-count of the shrinkage towards a model's all-task mean. */
export const DEFAULT_TASK_PRIOR_STRENGTH = 10;

/** Seed of the exploration hash (distinct from arm assignment and shadow sampling). */
const EXPLORE_SEED = 0x7a;

/**
 * Wraps a policy with a per-task choice of model learned online. A request with a task (`metadata.feature`) reads
 * its task's evidence from the router's store (one `numbers` call); below `minCount` scores, or when exploring,
 * the wrapped policy's decision runs unchanged; otherwise the route starts at the chosen model (the wrapped
 * decision's steps from that model on, when it has it, else that model alone). `res.route.taskChoice` shows the
 * evidence, each candidate's mean and the choice. The router remembers which model answered, so a later
 * `router.feedback` score (through any instance) counts for that model on that task.
 */
export function learnPerTask(policy: PolicyLike, options: LearnPerTaskOptions): RoutingPolicy {
  const inner = toRoutingPolicy(policy);
  const settings = checkOptions(options);
  const { models, name, minCount, priorStrength, tolerance, explore, learnFrom, choose } = settings;
  const innerAliases = inner.aliases ?? [];

  return {
    name: `${inner.name}+per-task`,
    aliases: [...innerAliases, ...models.map((alias, i) => ({ path: `learnPerTask.models[${i}]`, alias }))],
    async decide(request: RouterRequest, context: PolicyContext): Promise<RouteDecision> {
      const decision = await inner.decide(request, context);
      const task = request.metadata?.feature;
      if (task === undefined || !context.store) return decision;
      const evidence = await readTaskEvidence(context.store, name, task, models);
      const candidates: TaskChoiceCandidateInfo[] = evidence.map((e) => ({
        alias: e.alias,
        n: e.n,
        mean: shrunkMean(e, priorStrength),
        costUsd: context.estimateCostUsd ? context.estimateCostUsd({ model: e.alias }, request) : 0,
      }));
      const total = evidence.reduce((sum, e) => sum + e.n, 0);
      const info = (applied: boolean, reason: string, chosen?: string): TaskChoiceInfo => ({
        learner: name,
        task,
        evidence: total,
        minCount,
        applied,
        reason,
        ...(chosen !== undefined ? { chosen } : {}),
        candidates,
        learnFrom,
      });
      if (!choose) return { ...decision, taskChoice: info(false, 'recording only') };
      if (total < minCount) return { ...decision, taskChoice: info(false, 'too few scores') };
      if (explore > 0 && exploring(request, explore)) return { ...decision, taskChoice: info(false, 'exploring') };
      const chosen = bestValue(candidates, tolerance);
      return { ...routeFrom(decision, chosen), taskChoice: info(true, 'learned', chosen) };
    },
  };
}

/** The cheapest candidate whose mean is within `tolerance` of the best (the first listed among equals). */
function bestValue(candidates: readonly TaskChoiceCandidateInfo[], tolerance: number): string {
  const best = Math.max(...candidates.map((c) => c.mean));
  let chosen: TaskChoiceCandidateInfo | undefined;
  for (const c of candidates) {
    if (c.mean >= best - tolerance && (chosen === undefined || c.costUsd < chosen.costUsd)) chosen = c;
  }
  return (chosen as TaskChoiceCandidateInfo).alias;
}

/**
 * The wrapped decision started at `alias`: its steps from the first one on that model (keeping their caps, checks
 * and the escalation after them), else that model alone. A step-by-step plan (cascade routing) is replaced by the
 * chosen candidate's step alone: its choice is what the learned one overrides.
 */
function routeFrom(decision: RouteDecision, alias: string): RouteDecision {
  const at = decision.steps.findIndex((step) => step.model === alias);
  if (at === 0 && !decision.plan) return decision;
  const { plan: _plan, utility: _utility, ...rest } = decision;
  const steps: RouteStep[] =
    at < 0 ? [{ model: alias }] : decision.plan ? [decision.steps[at] as RouteStep] : decision.steps.slice(at);
  return { ...rest, steps };
}

function exploring(request: RouterRequest, share: number): boolean {
  const id = request.requestId;
  const point = id === undefined ? Math.random() : hashString(id, EXPLORE_SEED) / 2 ** 32;
  return point < share;
}

function checkOptions(options: LearnPerTaskOptions) {
  const issues: ValidationIssue[] = [];
  const models = Array.isArray(options?.models) ? options.models : [];
  if (models.length === 0 || !models.every((m) => typeof m === 'string' && m.length > 0)) {
    issues.push({ path: 'learnPerTask.models', message: 'must list at least one model alias' });
  }
  const minCount = options?.minCount ?? DEFAULT_TASK_MIN_COUNT;
  if (!Number.isInteger(minCount) || minCount < 1) {
    issues.push({ path: 'learnPerTask.minCount', message: `must be an integer ≥ 1 (got ${String(minCount)})` });
  }
  const priorStrength = options?.priorStrength ?? DEFAULT_TASK_PRIOR_STRENGTH;
  if (!(typeof priorStrength === 'number' && priorStrength > 0 && Number.isFinite(priorStrength))) {
    issues.push({ path: 'learnPerTask.priorStrength', message: `must be a number > 0 (got ${String(priorStrength)})` });
  }
  const tolerance = options?.tolerance ?? 0.02;
  if (!(typeof tolerance === 'number' && tolerance >= 0 && tolerance <= 1)) {
    issues.push({ path: 'learnPerTask.tolerance', message: `must be a number in [0, 1] (got ${String(tolerance)})` });
  }
  const explore = options?.explore ?? 0.05;
  if (!(typeof explore === 'number' && explore >= 0 && explore < 1)) {
    issues.push({ path: 'learnPerTask.explore', message: `must be a number in [0, 1) (got ${String(explore)})` });
  }
  const name = options?.name ?? 'default';
  if (typeof name !== 'string' || name.length === 0) {
    issues.push({ path: 'learnPerTask.name', message: 'must be a non-empty string' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const learnFrom = { feedback: options.learnFrom?.feedback ?? true, checks: options.learnFrom?.checks ?? false };
  const choose = options.choose ?? true;
  return { models, name, minCount, priorStrength, tolerance, explore, learnFrom, choose };
}
