import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type BudgetGate, createBudgetGate } from '../budgets/budget-gate.js';
import type { LookupCaps } from '../cache/lookup-caps.js';
import { addLookupSpend, budgetAfterLookup, type LookupSpend } from '../cache/lookup-spend.js';
import { type CacheLookup, createResponseCache, type LookupCall } from '../cache/response-cache.js';
import { withRequestEmbeddings } from '../embedders/request-embeddings.js';
import { OptionalDependencyError } from '../embedders/optional-dependency-error.js';
import { type CapScope, capResolver } from '../budgets/cap-scopes.js';
import { BudgetExceededError, ConfigError, InvalidRequestError, type ValidationIssue } from '../errors.js';
import { createLedgerAlerts } from '../ledger/alerts/ledger-alerts.js';
import { feedbackRecord, recordingAlerts } from '../ledger/event-records.js';
import type { Ledger } from '../ledger/ledger.js';
import { memoryLedger } from '../ledger/memory-ledger.js';
import { recordOutcome } from '../ledger/record-outcome.js';
import { normalizeSpendQuery, type SpendQuery, type SpendResult } from '../ledger/spend-query.js';
import { createPriceCatalog, type ModelPricing, type PriceCatalog } from '../pricing/price-catalog.js';
import type { ProviderAdapter } from '../providers/spec/provider.js';
import { knownModelLimits } from '../providers/model-limits.js';
import { parseStructuredOutput } from '../providers/shared/structured-output.js';
import { emptyUsage } from '../providers/spec/usage.js';
import { createRateLimiter } from '../rate-limits/rate-limiter.js';
import { AsyncQueue } from './async-queue.js';
import { buildResult, type ResultParts } from './build-result.js';
import { completeWithPolicy } from './complete-with-policy.js';
import type { RouterConfig } from './config.js';
import { validateRouterConfig } from './config-schema.js';
import { UnknownRequestError } from './experiments/experiment-errors.js';
import type { ExperimentReport } from './experiments/experiment-report.js';
import { type ChosenArm, createExperiments, type Feedback } from './experiments/experiments.js';
import { FEEDBACK_TTL_MS, type RememberedRequest, requestMemory } from './feedback/remembered-requests.js';
import { FEEDBACK_WINDOW } from './experiments/recent-requests.js';
import { checkEvidence, feedbackEvidence } from './feedback/task-evidence.js';
import { toRoutingPolicy } from './policies/to-routing-policy.js';
import type { RouterRequest } from './request.js';
import { isPlainTextRequest } from './plain-request-check.js';
import { requestIssues } from './request-issues.js';
import { routerRequestSchema } from './request-schema.js';
import type { RouteInfo, RouterResult } from './result.js';
import type { RouteCaps } from './route-caps.js';
import { checkRunLimits, type RunLimits, type ScopedRouter } from './with-budget.js';
import { DEFAULT_RETRY_OPTIONS } from '../core/retry-options.js';
import { type AttemptCall, type RouteOutcome, type RouteRunOptions, runRoute } from './run-route.js';
import { streamingCall } from './streaming-call.js';
import type { Target } from './target.js';
import { DEFAULT_MAX_OUTPUT_TOKENS } from './to-chat-request.js';
import { createRouterEvents, type RouterEventListener, type RouterEventMap } from '../core/router-events.js';
import { memoryStore } from '../stores/memory-store.js';
import { createRouterTelemetry, type RequestTelemetry } from '../telemetry/router-telemetry.js';
import { createOpenAIClient } from '../openai-client/openai-client.js';
import type { RoutewiseOpenAI } from '../openai-client/openai-client-types.js';
import type { Store } from '../stores/store.js';
import { throttledWarnings } from './throttled-warning.js';
import { toValidationIssues } from '../core/zod-issues.js';

/** Default deadline of one attempt, body included: 10 minutes, the official SDKs' own default. */
const DEFAULT_TIMEOUT_MS = 600_000;

/**
 * Default longest wait between two events of a stream: 5 minutes. A reasoning model can think that long without
 * sending an event (OpenAI sends nothing while it reasons), and Node's fetch used to cut a silent body at 300 s.
 */
const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

/** One event of `router.stream`: text deltas, then one `finish` carrying the full result. */
export type RouterStreamEvent<Output = unknown> =
  | { type: 'text-delta'; text: string }
  | { type: 'finish'; result: RouterResult<Output> };

/** What `router.stream` returns: iterate it for deltas, or await `result`. */
export interface RouterStream<Output = unknown> extends AsyncIterable<RouterStreamEvent<Output>> {
  /** The full result (usage and cost included), once the stream has ended. */
  readonly result: Promise<RouterResult<Output>>;
}

/** A configured router. */
export interface Router {
  /** Sends one request down its route and returns the answer with its cost. */
  complete<Output = unknown>(request: RouterRequest<Output>): Promise<RouterResult<Output>>;
  /**
   * Streams one request: text deltas, then the full result. A pinned request streams its route. A request routed
   * by a policy or an experiment is decided as for `complete`; steps with acceptance checks run non-streamed (their
   * full answer is judged) and an accepted answer arrives as one delta; the first step without checks the cascade
   * reaches streams live (retries and fallbacks only before its first delta). The `finish` result (and `result`) is
   * what `complete` returns; errors reject both the iterator and `result`.
   */
  stream<Output = unknown>(request: RouterRequest<Output>): RouterStream<Output>;
  /**
   * The `openai` SDK's `chat.completions.create`, answered through this router: swap an `openai` client for it.
   * `model` is an alias or `'auto'`; route and cost come back in each completion's extra `routewise` field.
   */
  readonly openai: RoutewiseOpenAI;
  /** The model aliases this router knows. */
  readonly models: readonly string[];
  /**
   * Records outcome feedback (a score in [0, 1]) for a recent request an experiment routed or a per-task learner
   * (`learnPerTask`) decided on, or one the response cache served (a low score evicts the entry that served it,
   * so a wrong hit is not served twice). With a shared
   * store the request may have been answered by another instance. A score outside [0, 1] throws at once
   * (`InvalidRequestError`); the returned promise resolves once the score is in the store, and rejects with
   * `UnknownRequestError` for a request nothing remembers.
   */
  feedback(requestId: string, feedback: Feedback): Promise<void>;
  /**
   * An experiment's per-arm statistics with 95% intervals, each arm against the first, and its shadows: read from
   * the store, so every instance sharing it reports the same figures (and, on Redis or PostgreSQL, after restarts).
   */
  experimentReport(name: string): Promise<ExperimentReport>;
  /** Listen to router events (`alert`); returns a function that stops listening. */
  on<K extends keyof RouterEventMap>(name: K, listener: RouterEventListener<K>): () => void;
  /** The store holding this router's shared state. */
  readonly store: Store;
  /** A router for one multi-call task (an agent run): every call through it draws from one USD cap and one call count. */
  withBudget(limits: RunLimits): ScopedRouter;
  /**
   * What was charged, read from the ledger: USD, requests, attempts (and retries, errors), optionally grouped.
   * Its `usd` is the sum of the `cost.usd` of the results (and failed requests' errors) it selects.
   */
  spend(query?: SpendQuery): Promise<SpendResult>;
  /** Runs the ledger's alert checks now (they also run after requests, throttled by `alerts.checkEveryMs`). */
  checkAlerts(): Promise<void>;
  /** The ledger the router records to (`config.ledger`, else its in-memory one). */
  readonly ledger: Ledger;
  /** Flushes the ledger, then releases the ledger's and the store's connections; the process can exit after. Idempotent. */
  close(): Promise<void>;
}

/**
 * Builds a router from its config. Validates everything up front: a bad field, an unknown provider,
 * or a model without a known price raises `ConfigError` naming the field's path.
 */
export function createRouter(config: RouterConfig): Router {
  const valid = validateRouterConfig(config);
  const catalog = createPriceCatalog(valid.prices ?? {});
  const targets = resolveTargets(valid, catalog);
  const retry = { ...DEFAULT_RETRY_OPTIONS, ...valid.retry };
  const defaultMaxOutputTokens = valid.defaults?.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const timeoutMs = valid.defaults?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const streamIdleTimeoutMs = valid.defaults?.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS;
  const policy = valid.policy ? toRoutingPolicy(valid.policy) : undefined;
  const store = valid.store ?? memoryStore();
  // Statistics and remembered requests never fail a request; a store that is down warns once a minute, not per call.
  const warn = throttledWarnings();
  const experiments = createExperiments(valid.experiments ?? [], {
    targets,
    store,
    defaultMaxOutputTokens,
    onError: warn('an experiment statistics write failed'),
  });
  const memory = requestMemory(store, FEEDBACK_WINDOW, valid.feedbackTtlMs ?? FEEDBACK_TTL_MS);
  // Only with a cache to answer from: `responseCache: {}` (or `requireTenant` alone) looks nothing up and must store
  // nothing (an answer written under a key no lookup reads is prompt and answer text kept for nothing).
  const responseCache =
    valid.responseCache?.exact || valid.responseCache?.semantic
      ? createResponseCache(valid.responseCache, store, valid.feedbackTtlMs ?? FEEDBACK_TTL_MS)
      : undefined;
  checkJudgeModel(responseCache?.judgeModel, targets);
  // With a semantic cache, a request a policy or an experiment routes remembers what it embedded, so embeddingKnn
  // reuses the cache's embedding. A pinned request runs no classifier, so it gets no scope: an AsyncLocalStorage run
  // costs ~15 µs, and once one has run, Node 20 calls a hook on every promise the process creates.
  const embeddingScope =
    valid.responseCache?.semantic && (policy || experiments.active) ? withRequestEmbeddings : undefined;
  const inEmbeddingScope = <T>(request: unknown, fn: () => T): T =>
    embeddingScope && mayBeRouted(request) ? embeddingScope(fn) : fn();
  let closing: Promise<void> | undefined;
  const ledger = valid.ledger ?? memoryLedger();
  // Alerts go to the ledger too, so a spend report can list what fired.
  const events = recordingAlerts(createRouterEvents(), ledger);
  // A permit's hold lapses a little after the attempt's own timeout, so a crashed process frees its room.
  const rateLimiter =
    valid.rateLimits && Object.keys(valid.rateLimits).length > 0
      ? createRateLimiter(store, valid.rateLimits, timeoutMs + 30_000)
      : undefined;
  const alerts = createLedgerAlerts(valid.alerts ?? {}, {
    ledger,
    events,
    once: (key, ttlMs) => store.setIfAbsent(key, new Date().toISOString(), { ttlMs }),
    dearestAlias: dearestAlias(targets),
    onError: (error) => process.emitWarning(`routewise: an alert check failed: ${String(error)}`),
  });
  const afterRecord = () => alerts.afterWrite();
  const telemetry = createRouterTelemetry(valid.telemetry, targets);
  const perRequestUsd = valid.budgets?.perRequestUsd;
  const resolveCaps = capResolver(valid.budgets);
  let gate: BudgetGate | undefined;
  const budgetGate = () => {
    gate ??= createBudgetGate({
      store,
      events,
      onStoreError: valid.onStoreError ?? 'fail-closed',
      reservationTtlMs: valid.budgets?.reservationTtlMs ?? timeoutMs + 60_000,
      ...(valid.budgets?.leases === false ? { leases: false } : {}),
    });
    return gate;
  };
  // The run (withBudget) a call belongs to, so that calls made inside it through this router (an LLM classifier's)
  // draw from the run's caps too.
  const currentRun = new AsyncLocalStorage<readonly CapScope[]>();

  /** The running caps a request draws from, or undefined when none apply (the hot path then skips the store). */
  function capsFor(request: RouterRequest, run: readonly CapScope[] | undefined): RouteCaps | undefined {
    const own = resolveCaps?.(request.metadata);
    if (!own?.length && !run?.length) return undefined;
    const scopes = own?.length ? (run?.length ? [...own, ...run] : own) : (run as readonly CapScope[]);
    return { gate: budgetGate(), scopes, allowSoftOverrun: true };
  }

  /** Applies `budgets.perRequestUsd` to a request without its own budget. */
  function withDefaultBudget<R extends RouterRequest>(request: R): R {
    if (perRequestUsd === undefined || request.budget !== undefined) return request;
    return { ...request, budget: { maxUsd: perRequestUsd } };
  }
  // Each alias's chain (itself, then its fallbacks), built once rather than on every call.
  const chains = new Map<string, Target[]>();
  for (const [alias, target] of targets) {
    chains.set(alias, [target, ...(target.config.fallbacks ?? []).map((fallback) => targets.get(fallback) as Target)]);
  }

  /**
   * A pinned request's route; `signal` (a stream's) replaces the request's own once it is validated. `validated`: the
   * cache lookup of this very call has validated it already (zod once per call, not twice, on a non-plain request).
   */
  function plan(
    request: RouterRequest,
    caps: RouteCaps | undefined,
    signal?: AbortSignal,
    givenId?: string,
    validated = false,
  ): { request: RouterRequest; requestId: string; run: RouteRunOptions } {
    // An unpinned request reaching here is refused by the check (no policy took it): never skipped.
    let checked = validated && request.model !== undefined ? request : validateRequest(request, targets);
    if (signal) checked = { ...checked, signal };
    const chain = chains.get(checked.model as string) as Target[];
    const run: RouteRunOptions = { request: checked, chain, retry, defaultMaxOutputTokens, timeoutMs };
    if (caps) run.caps = caps;
    if (rateLimiter) run.rateLimiter = rateLimiter;
    return { request: checked, requestId: checked.requestId ?? givenId ?? randomUUID(), run };
  }

  /**
   * Routes an unpinned request by an experiment's arm or the router's policy, and lets the experiment observe it;
   * `onDelta` streams it. Undefined when neither takes the request (it must then be pinned).
   */
  function routeByPolicy(
    request: RouterRequest,
    caps: RouteCaps | undefined,
    stream?: { onDelta: (text: string) => void; signal: AbortSignal },
    givenId?: string,
    validated = false,
  ): Promise<RouterResult> | undefined {
    if (request.model !== undefined || !(policy || experiments.active)) return undefined;
    let checked = validated ? request : validateRequest(request, targets, true);
    if (stream) checked = { ...checked, signal: stream.signal };
    const requestId = checked.requestId ?? givenId ?? randomUUID();
    const settings = {
      targets,
      retry,
      defaultMaxOutputTokens,
      timeoutMs,
      streamIdleTimeoutMs,
      store,
      ...(caps ? { caps } : {}),
      ...(rateLimiter ? { rateLimiter } : {}),
    };
    // An experiment that takes the request routes it by its arm's policy and records the outcome.
    const chosen = experiments.choose(checked, requestId);
    const routing = chosen?.policy ?? policy;
    if (!routing) return undefined;
    return experiments.observe(
      chosen,
      completeWithPolicy(routing, checked, requestId, settings, stream?.onDelta),
      (result) => learnFromAnswer(chosen, result),
    );
  }

  /**
   * After an answer routed by an experiment arm or a per-task learner (`learnPerTask`): remembers what routed it,
   * so feedback on it (through any instance sharing the store) reaches the right statistics, and records its
   * acceptance checks' verdicts for a learner that learns from them. Awaited, so feedback sent as soon as the
   * answer arrives finds it; a failed write warns and never fails the request.
   */
  async function learnFromAnswer(chosen: ChosenArm | undefined, result: RouterResult): Promise<void> {
    const route = result.route;
    const choice = route.kind === 'policy' ? route.taskChoice : undefined;
    if (!chosen && !choice) return;
    const entry: RememberedRequest = {};
    if (chosen) entry.experiment = { name: chosen.arm.experiment, arm: chosen.arm.arm };
    if (choice?.learnFrom.feedback) {
      entry.learned = { learner: choice.learner, task: choice.task, alias: route.answeredBy };
    }
    const writes: Promise<void>[] = [];
    if (entry.experiment || entry.learned) {
      writes.push(memory.remember(result.requestId, entry).catch(warn('remembering a request for feedback failed')));
    }
    const verdicts = route.kind === 'policy' ? checkEvidence(route) : [];
    if (verdicts.length > 0) writes.push(experiments.write(verdicts).catch(warn('recording check verdicts failed')));
    await Promise.all(writes);
  }

  /** Records a checked score on a request an experiment or a per-task learner routed, wherever it was answered. */
  async function recordFeedback(requestId: string, score: number): Promise<void> {
    const entry = await memory.recall(requestId);
    if (!entry) {
      throw new UnknownRequestError(
        requestId,
        'it is not a recent answered request of an experiment or a per-task learner (unknown id, a pinned or ' +
          'failed request, a request neither applied to, or one too old to be remembered)',
      );
    }
    await experiments.write([...experiments.feedbackIncrements(entry, score), ...feedbackEvidence(entry, score)]);
    await memory.remember(requestId, { ...entry, score });
    // Accepted: kept in the ledger for the spend report's cost per resolved task.
    ledger.write([feedbackRecord(requestId, score)]);
  }

  /** Looks a request up in the response cache (validating it first); undefined when the router has none. */
  async function lookUp(request: RouterRequest, run?: readonly CapScope[]): Promise<CacheLookup | undefined> {
    if (!responseCache) return undefined;
    const routed = request.model === undefined;
    const checked = validateRequest(request, targets, routed);
    const requestId = checked.requestId ?? randomUUID();
    // The route is part of the key: the alias, the policy, or the experiment arm (and its policy) the request is
    // assigned to, so one arm never serves another arm's answers.
    const assigned = routed && experiments.active ? experiments.assignedArm(checked, requestId) : undefined;
    const route = !routed
      ? checked.model
      : assigned
        ? `experiment:${assigned.arm.experiment}:${assigned.arm.arm}:policy:${assigned.policy}`
        : policy
          ? `policy:${policy.name}`
          : undefined;
    // Unpinned with neither a policy nor an experiment that takes it: the request is refused later (it must be pinned).
    if (route === undefined) return { kind: 'skip', reason: 'no policy or experiment routes the request' };
    // try/await rather than `.catch()`: no promise more (nor tick) on every lookup.
    let looked: CacheLookup;
    try {
      looked = await responseCache.lookup(
        checked,
        requestId,
        route as string,
        lookupCall(checked, run),
        lookupCaps(checked, run),
      );
    } catch (error) {
      // A refused request (requireTenant) and a setup error (an embedder's missing optional package) are the
      // caller's to see; anything else — the store's read failing — leaves the cache out: the cache is an
      // optimisation, and the request is answered fresh (and not stored).
      if (error instanceof InvalidRequestError || error instanceof OptionalDependencyError || checked.signal?.aborted)
        throw error;
      looked = {
        kind: 'skip',
        reason: `the cache lookup failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    // A hit of an experiment arm says so (and its ledger row is tagged), though it adds nothing to the arm's statistics.
    if (assigned && looked.kind === 'hit') looked.result.experiment = assigned.arm;
    return looked;
  }

  /**
   * An experiment assigns an anonymous request (no user, no tenant) by its id: a request routed by one is given its
   * id before the cache lookup, so the lookup and the routing pick the same arm.
   */
  function withIdForExperiment<R extends RouterRequest>(request: R): R {
    if (!responseCache || !experiments.active || request.model !== undefined || request.requestId !== undefined) {
      return request;
    }
    return { ...request, requestId: randomUUID() };
  }

  /**
   * The cache judge's calls, made as part of the request looked up (as a cascade's classifier and checks are): the
   * request's budget (after what the lookup spent), signal, tags and running caps; the router's retries and limits.
   */
  function lookupCall(request: RouterRequest, run: readonly CapScope[] | undefined): LookupCall {
    return async (alias, judgeRequest, priorSpendUsd) => {
      const budgeted = withDefaultBudget(request);
      const routed: RouterRequest = {
        ...judgeRequest,
        ...(budgeted.budget ? { budget: budgeted.budget } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.metadata ? { metadata: request.metadata } : {}),
      };
      const caps = capsFor(budgeted, run);
      const options: RouteRunOptions = {
        request: routed,
        chain: chains.get(alias) as Target[],
        retry,
        defaultMaxOutputTokens,
        timeoutMs,
        priorSpendUsd,
        ...(caps ? { caps } : {}),
        ...(rateLimiter ? { rateLimiter } : {}),
      };
      const outcome = await runRoute(options, (target, chat, callOptions) =>
        target.adapter.complete(target.model, chat, callOptions),
      );
      return { text: outcome.response.text, attempts: outcome.attempts };
    };
  }

  /** Marks on a fresh result how the cache met the request (before it is recorded: the ledger reads it). */
  function markCache(looked: CacheLookup | undefined, result: RouterResult): RouterResult {
    if (!looked || !responseCache) return result;
    result.cache =
      looked.kind === 'skip'
        ? { hit: false, skipped: looked.reason }
        : looked.kind === 'miss' && looked.pending.semanticSkipped
          ? { hit: false, semanticSkipped: looked.pending.semanticSkipped }
          : { hit: false };
    return result;
  }

  /**
   * Stores a fresh answer after a miss (a failed store never fails the request), off the answer's critical path: the
   * write is issued before the caller sees the result, so a following identical request's read comes after it (the
   * memory store takes it at once; a Redis connection runs commands in order), and the index add follows the write.
   */
  function saveToCache(looked: CacheLookup | undefined, result: RouterResult): RouterResult {
    if (looked?.kind === 'miss' && responseCache) void responseCache.save(looked.pending, result);
    return result;
  }

  /** What a failed request's ledger rows carry from its cache lookup: the outcome and what the lookup spent. */
  const failureExtras = (looked: CacheLookup | undefined) =>
    looked?.kind === 'miss'
      ? () => ({
          cache: 'miss' as const,
          attempts: looked.pending.spend.attempts,
          charges: looked.pending.spend.charges,
        })
      : undefined;

  /** The lookup's spend of a miss (added to the fresh answer's cost and taken off its budget). */
  const spendOf = (looked: CacheLookup | undefined): LookupSpend | undefined =>
    looked?.kind === 'miss' ? looked.pending.spend : undefined;

  /**
   * The request's budget and running caps as the lookup spends against them: a paid embedding of the question is
   * reserved at its worst case (on the budget and every USD cap; a run's call count is for answer calls) and settled
   * to its cost, as an attempt is; one whose embedder cannot bound its cost is charged once spent.
   */
  function lookupCaps(request: RouterRequest, run: readonly CapScope[] | undefined): LookupCaps {
    return {
      async hold(worst) {
        // Read here, not when the caps are made: most lookups embed for free and never ask.
        const limitUsd = withDefaultBudget(request).budget?.maxUsd;
        if (limitUsd !== undefined && worst.usd > limitUsd) return undefined;
        const caps = capsFor(request, run);
        const usd = caps?.scopes.filter((scope) => scope.unit === 'usd');
        if (!caps || !usd?.length) return () => Promise.resolve();
        try {
          const held = await caps.gate.hold(
            usd,
            { estimateUsd: worst.usd, model: worst.embedder, inputTokens: worst.inputTokens, maxOutputTokens: 0 },
            caps.allowSoftOverrun,
          );
          return (costUsd) => held.finish(costUsd, costUsd === 0);
        } catch (error) {
          // Over a cap: no embedding, no lookup; the answer's own reservation refuses or serves the request.
          if (error instanceof BudgetExceededError) return undefined;
          throw error;
        }
      },
      charge(costUsd) {
        const caps = capsFor(request, run);
        return caps ? caps.gate.charge(caps.scopes, costUsd) : Promise.resolve();
      },
    };
  }

  /** Marks a fresh result with the cache outcome and adds what the lookup spent. */
  const settleFresh = (looked: CacheLookup | undefined, result: RouterResult): RouterResult => {
    const spend = spendOf(looked);
    return markCache(looked, spend ? addLookupSpend(result, spend) : result);
  };

  function completeIn<Output>(given: RouterRequest<Output>, run?: readonly CapScope[]): Promise<RouterResult<Output>> {
    return inEmbeddingScope(given, () => completeLookedUp(given, run));
  }

  function completeLookedUp<Output>(
    given: RouterRequest<Output>,
    run?: readonly CapScope[],
  ): Promise<RouterResult<Output>> {
    try {
      checkIsRequest(given);
    } catch (error) {
      return Promise.reject(error);
    }
    if (responseCache) return completeThroughCache(given, run);
    // Without a response cache nothing is looked up or saved: the answer, then the record stage's one `then`. One
    // id serves the result and the rows of a failure alike.
    const requestId = given.requestId ?? randomUUID();
    return recordOutcome(
      ledger,
      requestId,
      given as RouterRequest,
      completeFresh(given as RouterRequest, run, undefined, requestId),
      afterRecord,
    ) as Promise<RouterResult<Output>>;
  }

  async function completeThroughCache<Output>(
    given: RouterRequest<Output>,
    run?: readonly CapScope[],
  ): Promise<RouterResult<Output>> {
    given = withIdForExperiment(given);
    // A hit needs no answer call, so it is served before the answer's budget is reserved.
    const looked = await lookUp(given as RouterRequest, run);
    // A hit is recorded too: one `hit` row with what it saved.
    if (looked?.kind === 'hit') {
      const hit = looked.result;
      return (await recordOutcome(
        ledger,
        hit.requestId,
        given as RouterRequest,
        Promise.resolve(hit),
        afterRecord,
      )) as RouterResult<Output>;
    }
    // A miss answers under the id its lookup gave it (the request's own, or one made then).
    const requestId = looked?.kind === 'miss' ? looked.pending.requestId : (given.requestId ?? randomUUID());
    // The record stage: every attempt of the fresh answer goes to the ledger, answered or failed.
    const fresh = await recordOutcome(
      ledger,
      requestId,
      given as RouterRequest,
      completeFresh(given as RouterRequest, run, spendOf(looked), requestId, true).then((result) =>
        settleFresh(looked, result),
      ),
      afterRecord,
      failureExtras(looked),
    );
    return saveToCache(looked, fresh) as RouterResult<Output>;
  }

  /** A fresh answer; `requestId` is the id to give it when the request has none. Rejects (never throws). */
  function completeFresh(
    given: RouterRequest,
    run: readonly CapScope[] | undefined,
    spent: LookupSpend | undefined,
    requestId: string,
    validated = false,
  ): Promise<RouterResult> {
    let planned: ReturnType<typeof plan>;
    try {
      const request = spent ? budgetAfterLookup(withDefaultBudget(given), spent) : withDefaultBudget(given);
      const caps = capsFor(request as RouterRequest, run);
      const routed = routeByPolicy(request as RouterRequest, caps, undefined, requestId, validated);
      if (routed) return routed;
      planned = plan(request as RouterRequest, caps, undefined, requestId, validated);
    } catch (error) {
      return Promise.reject(error);
    }
    const { request: checked, run: options } = planned;
    return runRoute(options, completeCall).then((outcome) => toResult(planned.requestId, checked, options, outcome));
  }

  /** `complete` inside its telemetry span (the span's outcome recorded before the caller sees the result). */
  function completeTraced<Output>(
    request: RouterRequest<Output>,
    run?: readonly CapScope[],
  ): Promise<RouterResult<Output>> {
    const traced = telemetry.start(request as RouterRequest, false);
    if (!traced) return completeIn(request, run);
    return traced
      .run(() => completeIn(request, run))
      .then(
        (result) => {
          traced.succeed(result as RouterResult);
          return result;
        },
        (error: unknown) => {
          traced.fail(error);
          throw error;
        },
      );
  }

  function streamTraced<Output>(request: RouterRequest<Output>, run?: readonly CapScope[]): RouterStream<Output> {
    const traced = telemetry.start(request as RouterRequest, true);
    return traced ? traced.run(() => streamIn(request, run, traced)) : streamIn(request, run);
  }

  function streamIn<Output>(
    request: RouterRequest<Output>,
    run?: readonly CapScope[],
    traced?: RequestTelemetry,
  ): RouterStream<Output> {
    if (typeof request === 'object' && request !== null) request = withIdForExperiment(request);
    // Aborted by the caller's signal, or by the consumer leaving the loop early: either ends the attempt.
    const stop = new AbortController();
    // Read defensively: a request that is not one (null, a bad signal) must reject below, not throw here.
    const given = (request as RouterRequest | null | undefined)?.signal;
    const callerSignal = given instanceof AbortSignal ? given : undefined;
    const onCallerAbort = () => stop.abort(callerSignal?.reason);
    if (callerSignal?.aborted) stop.abort(callerSignal.reason);
    let settled = false;
    const queue = new AsyncQueue<RouterStreamEvent<Output>>(async () => {
      if (settled) return;
      stop.abort(new DOMException('the consumer left the stream before its end', 'AbortError'));
      // Settles promptly: every attempt races the signal. `result` then rejects with the attempts charged so far.
      await result.catch(() => {});
    });
    const push = traced
      ? (text: string) => {
          traced.firstChunk();
          queue.push({ type: 'text-delta', text });
        }
      : (text: string) => queue.push({ type: 'text-delta', text });
    // One id for the result and for a failure's rows.
    const streamId = (request as RouterRequest | null | undefined)?.requestId ?? randomUUID();
    // `validated`: the cache lookup has validated the request already.
    const startFresh = (spent?: LookupSpend, validated = false): Promise<RouterResult> => {
      const defaulted = withDefaultBudget(request as RouterRequest);
      const budgeted = spent ? budgetAfterLookup(defaulted, spent) : defaulted;
      const caps = capsFor(budgeted, run);
      const routed = routeByPolicy(budgeted, caps, { onDelta: push, signal: stop.signal }, streamId, validated);
      if (routed) return routed;
      const { request: checked, requestId, run: options } = plan(budgeted, caps, stop.signal, streamId, validated);
      let emitted = false;
      const call = streamingCall((text) => {
        emitted = true;
        push(text);
      });
      return runRoute({ ...options, streamIdleTimeoutMs, mayTryAgain: () => !emitted }, call).then((outcome) =>
        toResult(requestId, checked, options, outcome),
      );
    };
    // The stream's cache lookup, once done: a failed fresh answer's rows still say it missed.
    let lookedUp: CacheLookup | undefined;
    const start = (): Promise<RouterResult> => {
      checkIsRequest(request);
      if (!responseCache) return startFresh();
      return lookUp(request as RouterRequest, run).then(async (looked) => {
        // A hit streams as deltas too: the stored text in word-sized pieces.
        if (looked?.kind === 'hit') {
          for (const piece of looked.result.text.match(/\S+\s*|\s+/gu) ?? []) push(piece);
          return looked.result;
        }
        lookedUp = looked;
        return startFresh(spendOf(looked), true).then((result) => saveToCache(looked, settleFresh(looked, result)));
      });
    };
    let answer: Promise<RouterResult>;
    try {
      answer = inEmbeddingScope(request, start);
    } catch (error) {
      // As documented: a bad request rejects the iterator and `result`; `stream()` itself never throws.
      answer = Promise.reject(error);
    }
    // Linked only now: nothing can abort it during the synchronous start above.
    if (!callerSignal?.aborted) callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const recorded = recordOutcome(ledger, streamId, request as RouterRequest, answer, afterRecord, () =>
      failureExtras(lookedUp)?.(),
    );
    const result: Promise<RouterResult<Output>> = recorded.then(
      (final) => {
        settled = true;
        traced?.succeed(final);
        callerSignal?.removeEventListener('abort', onCallerAbort);
        queue.push({ type: 'finish', result: final as RouterResult<Output> });
        queue.end();
        return final as RouterResult<Output>;
      },
      (error: unknown) => {
        settled = true;
        traced?.fail(error);
        callerSignal?.removeEventListener('abort', onCallerAbort);
        queue.fail(error);
        throw error;
      },
    );
    // The caller may only iterate; the same error reaches them there, so the promise must not go unhandled.
    result.catch(() => {});
    return { result, [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator]() };
  }

  let openaiClient: RoutewiseOpenAI | undefined;
  const router: Router = {
    get openai() {
      openaiClient ??= createOpenAIClient(router);
      return openaiClient;
    },
    models: [...targets.keys()],
    feedback(requestId, feedback) {
      // A bad score is a programming error: thrown at once, before anything is looked up.
      const score = (feedback as Partial<Feedback> | undefined)?.score;
      if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) {
        throw new InvalidRequestError([
          { path: 'score', message: `must be a number in [0, 1] (got ${JSON.stringify(score)})` },
        ]);
      }
      if (!responseCache) return recordFeedback(requestId, score);
      // A request the cache served (on this instance or another sharing the store) is the cache's feedback.
      return responseCache.feedback(requestId, score).then((outcome) => {
        if (outcome === undefined) return recordFeedback(requestId, score);
        ledger.write([feedbackRecord(requestId, score)]);
      });
    },
    experimentReport: (name) => experiments.report(name),
    on: (name, listener) => events.on(name, listener),
    store,
    ledger,
    spend: async (query) => ledger.spend(normalizeSpendQuery(query)),
    checkAlerts: () => alerts.check(),
    complete: (request) => completeTraced(request, currentRun.getStore()),
    stream: (request) => streamTraced(request, currentRun.getStore()),
    withBudget(limits) {
      const id = limits.id ?? randomUUID();
      const scopes = checkRunLimits(limits, id);
      const keys = scopes.map((scope) => scope.base);
      let scopedOpenAI: RoutewiseOpenAI | undefined;
      return {
        ...router,
        get openai() {
          scopedOpenAI ??= createOpenAIClient(this);
          return scopedOpenAI;
        },
        id,
        complete: (request) => currentRun.run(scopes, () => completeTraced(request, scopes)),
        stream: (request) => currentRun.run(scopes, () => streamTraced(request, scopes)),
        async usage() {
          const states = await store.counters(keys);
          const at = (unit: 'usd' | 'calls') => states[scopes.findIndex((scope) => scope.unit === unit)];
          return {
            usd: at('usd')?.spent ?? 0,
            reservedUsd: at('usd')?.reserved ?? 0,
            calls: at('calls')?.spent ?? 0,
          };
        },
      };
    },
    close() {
      closing ??= (async () => {
        try {
          // The ledger first: its last rows must be written before the store shuts; the store closes regardless.
          await alerts.idle();
          await ledger.close();
          // Statistics of shadows still deciding, so a restart on the same store reports them.
          await experiments.idle();
        } finally {
          await gate?.close();
          await responseCache?.close();
          await store.close();
        }
      })();
      return closing;
    },
  };
  return router;
}

/** The alias whose million input plus million output tokens cost the most now: the model-mix check watches it. */
function dearestAlias(targets: ReadonlyMap<string, Target>): string | undefined {
  let dearest: string | undefined;
  let highest = Number.NEGATIVE_INFINITY;
  const now = new Date();
  for (const [alias, target] of targets) {
    let usd: number;
    try {
      usd = target.pricing.cost({ ...emptyUsage(), inputTokens: 1e6, outputTokens: 1e6 }, now).usd;
    } catch {
      continue;
    }
    if (usd > highest) {
      highest = usd;
      dearest = alias;
    }
  }
  // With one alias there is no mix to shift.
  return targets.size > 1 ? dearest : undefined;
}

function resolveTargets(config: RouterConfig, catalog: PriceCatalog): Map<string, Target> {
  const targets = new Map<string, Target>();
  const issues: ValidationIssue[] = [];
  for (const [alias, model] of Object.entries(config.models)) {
    const adapter = config.providers[model.provider]!;
    const pricing =
      catalog.lookup({ priceProviderId: adapter.priceProviderId, providerName: model.provider, model: model.model }) ??
      adapterOwnPricing(adapter, model.provider, model.model);
    if (!pricing) {
      issues.push({
        path: `models.${alias}.model`,
        message:
          `no price is known for "${model.model}" on ${model.provider}; add one under ` +
          `prices["${model.provider}:${model.model}"] ({ inputPerMTok, outputPerMTok }) — routewise never prices a call at $0`,
      });
      continue;
    }
    const known = knownModelLimits(adapter.priceProviderId, model.model);
    targets.set(alias, {
      alias,
      providerName: model.provider,
      adapter,
      model: model.model,
      config: model,
      pricing,
      contextWindow: model.contextWindow ?? pricing.contextWindow,
      outputTokenLimit: model.outputTokenLimit ?? known?.maxOutputTokens,
      reasoning: known?.reasoning,
      ...(config.defaults?.imageTokens !== undefined ? { unknownImageTokens: config.defaults.imageTokens } : {}),
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return targets;
}

/**
 * The price an adapter knows for its own model (the recorded provider's), when the router's `prices` and the catalog
 * have none: the same pricing as an override of that model.
 */
function adapterOwnPricing(adapter: ProviderAdapter, providerName: string, model: string): ModelPricing | undefined {
  const own = adapter.ownPrice?.(model);
  if (!own) return undefined;
  return createPriceCatalog({ [model]: own }).lookup({ priceProviderId: undefined, providerName, model });
}

/** The semantic cache's judge must be one of the router's aliases: checked at construction, like every alias. */
function checkJudgeModel(alias: string | undefined, targets: ReadonlyMap<string, Target>): void {
  if (alias === undefined || targets.has(alias)) return;
  throw new ConfigError([
    {
      path: 'responseCache.semantic.judge.model',
      message: `"${alias}" is not a configured model alias (configured: ${[...targets.keys()].join(', ')})`,
    },
  ]);
}

/** `complete(null)` and the like: refused as a request, not left to fail as a TypeError on the first field read. */
function checkIsRequest(request: unknown): void {
  if (typeof request === 'object' && request !== null && !Array.isArray(request)) return;
  throw new InvalidRequestError([
    {
      path: '',
      message: `must be a request object ({ messages, model?, … }); got ${request === null ? 'null' : Array.isArray(request) ? 'an array' : typeof request}`,
    },
  ]);
}

/** Whether a request may reach a routing policy (it is not pinned to an alias); a non-request is left to validation. */
function mayBeRouted(request: unknown): boolean {
  return typeof request !== 'object' || request === null || (request as { model?: unknown }).model === undefined;
}

function validateRequest(request: RouterRequest, targets: Map<string, Target>, routed = false): RouterRequest {
  if (!isPlainTextRequest(request)) {
    const parsed = routerRequestSchema().safeParse(request);
    if (!parsed.success) throw new InvalidRequestError(toValidationIssues(parsed.error));
    const issues = requestIssues(request);
    if (issues.length > 0) throw new InvalidRequestError(issues);
  }
  if (routed) return request;
  if (request.model === undefined) {
    throw new InvalidRequestError([
      {
        path: 'model',
        message: 'is required: pin a model alias (no routing policy or experiment takes this request)',
      },
    ]);
  }
  if (!targets.has(request.model)) {
    throw new InvalidRequestError([
      {
        path: 'model',
        message: `"${request.model}" is not a configured model alias (configured: ${[...targets.keys()].join(', ')})`,
      },
    ]);
  }
  // The parsed copy drops nothing we need, but keeping the caller's object keeps zod schemas and signals intact.
  return request;
}

/** A target's non-streamed call, the one `runRoute` makes for `complete` (one function, not a closure per call). */
const completeCall: AttemptCall = (target, chat, options) => target.adapter.complete(target.model, chat, options);

function toResult(
  requestId: string,
  request: RouterRequest,
  run: RouteRunOptions,
  outcome: RouteOutcome,
): RouterResult {
  const { response, target, attempts } = outcome;
  const route: RouteInfo = {
    kind: 'pinned',
    chain: run.chain.map((t) => t.alias),
    answeredBy: target.alias,
    fellBack: target !== run.chain[0],
  };
  const parts: ResultParts = { requestId, response, target, attempts, route };
  if (request.output) {
    const parsed = parseStructuredOutput(response.text, request.output);
    if (parsed.ok) parts.output = parsed.value;
    else parts.outputError = parsed.error;
  }
  return buildResult(parts);
}
