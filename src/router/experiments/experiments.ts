import type { Store } from '../../stores/store.js';
import { type AttemptRecord, totalCostUsd } from '../attempt.js';
import type { RememberedRequest } from '../feedback/remembered-requests.js';
import type { PolicyContext, RouteDecision, RoutingPolicy } from '../policies/policy.js';
import { toRoutingPolicy } from '../policies/to-routing-policy.js';
import { policyContext } from '../policy-context.js';
import type { RouterRequest } from '../request.js';
import type { RouterResult } from '../result.js';
import type { Target } from '../target.js';
import { DEFAULT_MAX_OUTPUT_TOKENS } from '../to-chat-request.js';
import { assignArm } from './assign-arm.js';
import type { ExperimentArm, ExperimentConfig } from './experiment-config.js';
import { UnknownExperimentError } from './experiment-errors.js';
import { buildExperimentReport, type ExperimentReport } from './experiment-report.js';
import { StoredArmStats } from './experiment-stats.js';
import { inShadowSample } from './shadow-sample.js';
import { type ShadowObservation, StoredShadowStats } from './shadow-stats.js';
import { armKeyBase, type Increment, shadowKeyBase } from './stats-keys.js';

/** The arm chosen for one request: its policy routes the request; `observe` records how it went. */
export interface ChosenArm {
  /** The experiment and arm, as results and attempt records carry them. */
  readonly arm: ExperimentArm;
  /** The arm's policy, wrapped so its decisions name the experiment arm. */
  readonly policy: RoutingPolicy;
  /** The request's id (for `router.feedback`). */
  readonly requestId: string;
  /** @internal */
  readonly state: ChosenState;
}

interface ChosenState {
  experiment: RunningExperiment;
  armIndex: number;
  startedAt: number;
  shadows: PendingShadow[];
}

/** One outcome feedback: a score in [0, 1] (1 = the answer served its purpose). */
export interface Feedback {
  /** The outcome's score in [0, 1]: 0 or 1 for thumbs down / up (binary), or a grade in between. */
  score: number;
}

/**
 * The router's experiments at run time: assignment, statistics, feedback and reports. Every statistic lives in the
 * router's store (one atomic increment per request, feedback score or shadow evaluation), so all instances sharing
 * a store add to, and report, the same figures.
 */
export interface Experiments {
  /** Whether any experiment is configured. */
  readonly active: boolean;
  /** Picks the arm of the first experiment that applies to an unpinned request; undefined when none does. */
  choose(request: RouterRequest, requestId: string): ChosenArm | undefined;
  /**
   * The arm `choose` would pick for the request and the name of its policy, without starting anything (no shadows,
   * no statistics): the response cache keys an experiment's requests by it.
   */
  assignedArm(request: RouterRequest, requestId: string): { arm: ExperimentArm; policy: string } | undefined;
  /**
   * Awaits a request's outcome and records it under its arm: stamps `res.experiment` and every attempt record,
   * adds cost, latency, escalation and acceptance to the arm's statistics in the store (awaited, so a report made
   * anywhere after the result counts it), and prices the sampled shadows. A failure is recorded too (with the cost
   * its error reports) and rethrown. A failed statistics write is reported through `onError`, never to the caller.
   * `alongside` (remembering the request for feedback) runs on the answer at the same time as the writes, so the
   * two store round trips overlap.
   */
  observe<R extends RouterResult>(
    chosen: ChosenArm | undefined,
    outcome: Promise<R>,
    alongside?: (result: R) => Promise<void>,
  ): Promise<R>;
  /** The increments a feedback score on a remembered request adds to its arm (none when no experiment routed it). */
  feedbackIncrements(entry: RememberedRequest, score: number): Increment[];
  /** Writes statistics increments in one atomic step; rejects when the store fails (`report` and `idle` wait for it). */
  write(increments: readonly Increment[]): Promise<void>;
  /** Every arm's statistics with 95% intervals, each arm against the first, and the shadow policies, from the store. */
  report(name: string): Promise<ExperimentReport>;
  /** Resolves once every statistics write this router started has finished. */
  idle(): Promise<void>;
}

interface RunningArm {
  name: string;
  weight: number;
  policy: RoutingPolicy;
  stats: StoredArmStats;
}

interface RunningShadow {
  name: string;
  sample: number;
  policy: RoutingPolicy;
  stats: StoredShadowStats;
}

interface RunningExperiment {
  config: ExperimentConfig;
  arms: RunningArm[];
  shadows: RunningShadow[];
}

/** A shadow's decision, started when the request was assigned; `settled` is set once it resolves. */
interface PendingShadow {
  shadow: RunningShadow;
  settled?: { decision: RouteDecision } | { error: unknown };
  done: Promise<void>;
}

/** What the runtime needs from the router: the targets (shadow estimates use their prices) and the store. */
export interface ExperimentDeps {
  targets: ReadonlyMap<string, Target>;
  /** Where the statistics live. */
  store: Store;
  /** The router's default output cap (worst-case estimates a policy asks for). Default `DEFAULT_MAX_OUTPUT_TOKENS`. */
  defaultMaxOutputTokens?: number;
  /** Told about a statistics write that failed (the store was unreachable); the request is served regardless. */
  onError?: (error: unknown) => void;
}

/** Builds the runtime of a router's (already validated) experiments. */
export function createExperiments(configs: readonly ExperimentConfig[], deps: ExperimentDeps): Experiments {
  const models = [...deps.targets.keys()];
  const experiments: RunningExperiment[] = configs.map((config) => ({
    config,
    arms: config.arms.map((arm) => ({
      name: arm.name,
      weight: arm.weight,
      policy: toRoutingPolicy(arm.policy),
      stats: new StoredArmStats(armKeyBase(config.name, arm.name)),
    })),
    shadows: (config.shadow ?? []).map((shadow) => ({
      name: shadow.name,
      sample: shadow.sample ?? 1,
      policy: toRoutingPolicy(shadow.policy),
      stats: new StoredShadowStats(shadowKeyBase(config.name, shadow.name), models),
    })),
  }));
  const { store } = deps;
  const onError = deps.onError ?? (() => {});
  const defaultMaxOutputTokens = deps.defaultMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const pending = new Set<Promise<void>>();

  /** One atomic write of increments, tracked until it settles. */
  function write(increments: readonly Increment[]): Promise<void> {
    if (increments.length === 0) return Promise.resolve();
    return track(store.incrementMany([...increments]).then(() => {}));
  }

  /** A write whose failure goes to `onError`: statistics never fail the request they describe. */
  function quietly(written: Promise<void>): Promise<void> {
    return written.catch((error: unknown) => onError(error));
  }

  /** Prices a sampled shadow against the live answer once its decision is in, and writes it. */
  function recordShadow(shadow: PendingShadow, result: RouterResult): Promise<void> {
    const record = () => write(shadow.shadow.stats.record(shadowObservation(shadow, result, deps.targets)));
    return quietly(shadow.settled ? record() : track(shadow.done.then(record)));
  }

  function track(promise: Promise<void>): Promise<void> {
    const settled = promise.then(
      () => {},
      () => {},
    );
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
    return promise;
  }

  return {
    active: experiments.length > 0,

    choose(request, requestId) {
      if (request.model !== undefined) return undefined;
      const experiment = experiments.find((e) => applies(e.config, request));
      if (!experiment) return undefined;
      const context = policyContext(request, deps.targets, defaultMaxOutputTokens, models, store);
      const assignment = assignArm(experiment.config, { ...request, requestId });
      const running = experiment.arms[assignment.armIndex] as RunningArm;
      const arm: ExperimentArm = { experiment: experiment.config.name, arm: running.name };
      const shadows = experiment.shadows
        .filter((shadow) => inShadowSample(shadow.name, requestId, shadow.sample))
        .map((shadow) => startShadow(shadow, request, context));
      return {
        arm,
        policy: armPolicy(running.policy, arm),
        requestId,
        state: { experiment, armIndex: assignment.armIndex, startedAt: performance.now(), shadows },
      };
    },

    assignedArm(request, requestId) {
      if (request.model !== undefined) return undefined;
      const experiment = experiments.find((e) => applies(e.config, request));
      if (!experiment) return undefined;
      const running = experiment.arms[assignArm(experiment.config, { ...request, requestId }).armIndex] as RunningArm;
      return { arm: { experiment: experiment.config.name, arm: running.name }, policy: running.policy.name };
    },

    async observe<R extends RouterResult>(
      chosen: ChosenArm | undefined,
      outcome: Promise<R>,
      alongside?: (result: R) => Promise<void>,
    ): Promise<R> {
      if (!chosen) {
        if (!alongside) return outcome;
        const result = await outcome;
        await alongside(result);
        return result;
      }
      const { experiment, armIndex, startedAt, shadows } = chosen.state;
      const stats = (experiment.arms[armIndex] as RunningArm).stats;
      let result: R;
      try {
        result = (await outcome) as R;
      } catch (error) {
        const attempts = attemptsOf(error);
        for (const attempt of attempts) stampAttempt(attempt, chosen.arm);
        await quietly(write(stats.request({ costUsd: costOfError(error, attempts), error: true })));
        throw error;
      }
      result.experiment = chosen.arm;
      for (const attempt of result.cost.attempts) stampAttempt(attempt, chosen.arm);
      const route = result.route;
      const armWrite = quietly(
        write(
          stats.request({
            costUsd: result.cost.usd,
            latencyMs: performance.now() - startedAt,
            error: false,
            ...(route.kind === 'policy' ? { escalated: route.escalations > 0, accepted: route.accepted } : {}),
          }),
        ),
      );
      // A shadow whose decision is still running is recorded when it settles; the caller does not wait for it.
      const shadowWrites = shadows.filter((s) => s.settled).map((s) => recordShadow(s, result));
      for (const shadow of shadows) if (!shadow.settled) void recordShadow(shadow, result);
      await Promise.all([armWrite, ...shadowWrites, alongside?.(result)]);
      return result;
    },

    feedbackIncrements(entry, score) {
      if (!entry.experiment) return [];
      const experiment = experiments.find((e) => e.config.name === entry.experiment?.name);
      const arm = experiment?.arms.find((a) => a.name === entry.experiment?.arm);
      // An arm this router does not run (its config changed since): the score stays in the ledger only.
      return arm ? arm.stats.feedback(score, entry.score) : [];
    },

    write,

    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },

    async report(name) {
      const experiment = experiments.find((e) => e.config.name === name);
      if (!experiment) {
        throw new UnknownExperimentError(
          name,
          experiments.map((e) => e.config.name),
        );
      }
      // This router's own writes first (a shadow still deciding), so a report made here counts all it has seen.
      await this.idle();
      const sources = [...experiment.arms.map((a) => a.stats), ...experiment.shadows.map((s) => s.stats)];
      const values = await store.numbers(sources.flatMap((stats) => stats.keys));
      let offset = 0;
      const slice = (keys: readonly string[]) => {
        const part = values.slice(offset, offset + keys.length);
        offset += keys.length;
        return part;
      };
      return buildExperimentReport(
        name,
        experiment.arms.map((arm) => ({
          name: arm.name,
          weight: arm.weight,
          policy: arm.policy.name,
          stats: arm.stats.parse(slice(arm.stats.keys)),
        })),
        experiment.shadows.map((shadow) => ({
          name: shadow.name,
          policy: shadow.policy.name,
          sample: shadow.sample,
          stats: shadow.stats.parse(slice(shadow.stats.keys)),
        })),
      );
    },
  };
}

/** Whether an experiment takes a request: its `features` filter, when it has one, names the request's feature. */
function applies(config: ExperimentConfig, request: RouterRequest): boolean {
  if (!config.features) return true;
  const feature = request.metadata?.feature;
  return feature !== undefined && config.features.includes(feature);
}

/** The arm's policy, its decisions marked with the arm (`res.route.experiment`) and the policy's name. */
function armPolicy(policy: RoutingPolicy, arm: ExperimentArm): RoutingPolicy {
  const mark = (decision: RouteDecision): RouteDecision => ({
    ...decision,
    policy: decision.policy ?? policy.name,
    experiment: { name: arm.experiment, arm: arm.arm },
  });
  return {
    name: policy.name,
    ...(policy.aliases ? { aliases: policy.aliases } : {}),
    decide(request, context) {
      const decision = policy.decide(request, context);
      return decision instanceof Promise ? decision.then(mark) : mark(decision);
    },
  };
}

function startShadow(shadow: RunningShadow, request: RouterRequest, context: PolicyContext): PendingShadow {
  const pending: PendingShadow = { shadow, done: Promise.resolve() };
  try {
    const decided = shadow.policy.decide(request, context);
    if (decided instanceof Promise) {
      pending.done = decided.then(
        (decision) => {
          pending.settled = { decision };
        },
        (error: unknown) => {
          pending.settled = { error };
        },
      );
    } else pending.settled = { decision: decided };
  } catch (error) {
    pending.settled = { error };
  }
  return pending;
}

/**
 * Prices a shadow's decision against the live answer: the shadow's first step's alias, priced on the live answer's
 * usage (what the same answer would have cost there). Recorded at once when the decision is in (a synchronous
 * classifier, or one that finished during the live call), else when it settles; never awaited by the caller.
 */
function shadowObservation(
  pending: PendingShadow,
  result: RouterResult,
  targets: ReadonlyMap<string, Target>,
): ShadowObservation {
  const settled = pending.settled;
  if (!settled || 'error' in settled) return { ok: false, decideCostUsd: 0 };
  const { decision } = settled;
  const decideCostUsd = (decision.costUsd ?? 0) + totalCostUsd(decision.attempts ?? []);
  const alias = decision.steps?.[0]?.model;
  const target = alias === undefined ? undefined : targets.get(alias);
  if (!target || alias === undefined) return { ok: false, decideCostUsd };
  let shadowCostUsd: number;
  try {
    shadowCostUsd = target.pricing.cost(result.usage, new Date()).usd;
  } catch {
    return { ok: false, decideCostUsd };
  }
  const route = result.route;
  const liveAlias = route.kind === 'policy' ? (route.steps[0]?.alias ?? route.answeredBy) : route.answeredBy;
  const liveTier = route.kind === 'policy' ? route.tier : 'default';
  return {
    ok: true,
    tier: decision.tier,
    alias,
    differentModel: alias !== liveAlias,
    differentTier: decision.tier !== liveTier,
    liveCostUsd: result.cost.usd,
    shadowCostUsd,
    decideCostUsd,
  };
}

function stampAttempt(attempt: AttemptRecord, arm: ExperimentArm): void {
  attempt.experiment = arm;
}

/** The attempts a routing error reports (route exhausted, budget exceeded), when it reports any. */
function attemptsOf(error: unknown): AttemptRecord[] {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return Array.isArray(attempts) ? (attempts as AttemptRecord[]) : [];
}

/** What a failed request cost: the error's own total when it carries one, else its attempts' sum. */
function costOfError(error: unknown, attempts: AttemptRecord[]): number {
  const costUsd = (error as { costUsd?: unknown } | null)?.costUsd;
  return typeof costUsd === 'number' ? costUsd : totalCostUsd(attempts);
}
