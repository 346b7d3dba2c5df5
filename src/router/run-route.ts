import pRetry from 'p-retry';
import type { AttemptWorstCase } from '../budgets/budget-gate.js';
import { type EstimateInputOptions, estimateInputTokens } from '../budgets/estimate-input-tokens.js';
import { estimateMissingUsage, hasReportedUsage } from '../budgets/estimate-missing-usage.js';
import { inputTokensLowerBound, inputTokensUpperBound } from '../budgets/input-size-bound.js';
import {
  BudgetExceededError,
  ContextWindowExceededError,
  ProviderError,
  RouteExhaustedError,
  StreamInterruptedError,
} from '../errors.js';
import { reconcileUsage, usageIsConsistent } from '../pricing/reconcile-usage.js';
import type { RateLimitPermit, RateLimiter } from '../rate-limits/rate-limiter.js';
import { RateLimitedError } from '../rate-limits/rate-limited-error.js';
import { worstCaseCostUsd } from '../pricing/worst-case-cost.js';
import type { CallOptions, ChatRequest } from '../providers/spec/request.js';
import type { ChatResponse } from '../providers/spec/response.js';
import { type AttemptRecord, totalCostUsd } from './attempt.js';
import { type AttemptDeadline, AttemptTimeout, startAttemptDeadline } from './attempt-deadline.js';
import { retryDelayMs, sleep } from '../core/backoff.js';
import { isoTimestamp } from '../core/iso-timestamp.js';
import type { RouterRequest } from './request.js';
import { cappedAttempt, type RouteCaps } from './route-caps.js';
import type { ResolvedRetryOptions } from '../core/retry-options.js';
import { inputEstimateOptions, type Target } from './target.js';
import { toChatRequest } from './to-chat-request.js';
import { mayHaveBeenBilled } from './may-have-been-billed.js';

/** One call at one target; the route runs it once per attempt. */
export type AttemptCall = (target: Target, request: ChatRequest, options: CallOptions) => Promise<ChatResponse>;

/** What a route run needs besides the call itself. */
export interface RouteRunOptions {
  request: RouterRequest;
  chain: Target[];
  retry: ResolvedRetryOptions;
  defaultMaxOutputTokens: number;
  /** Deadline of one whole attempt, body included, in ms (the request's `timeoutMs` wins over it). */
  timeoutMs: number;
  /**
   * For a streamed route: the longest wait for the next provider event, in ms (the request's `streamIdleTimeoutMs`
   * wins over it). Unset for non-streamed calls.
   */
  streamIdleTimeoutMs?: number;
  /** Whether a failed attempt may be retried or fall back (a stream that already emitted text may not). */
  mayTryAgain?: () => boolean;
  /** USD this request already spent before this route (earlier cascade steps, checks); counts against its budget. */
  priorSpendUsd?: number;
  /** Running caps (tenant, user, feature, run) every attempt reserves against; absent when none apply. */
  caps?: RouteCaps;
  /** Client-side rate limits: each attempt waits for room in its buckets; a 429's retry-after pauses them. */
  rateLimiter?: RateLimiter;
}

/** The answer of a route and everything it cost. */
export interface RouteOutcome {
  response: ChatResponse;
  target: Target;
  attempts: AttemptRecord[];
}

/**
 * Runs a chain of targets: for each, checks the context window and the per-request budget before every
 * attempt, calls, prices the attempt (failed ones too, when usage was reported), and retries retryable
 * failures with backoff; a target that still fails hands over to the next. Every attempt is recorded.
 */
export async function runRoute(options: RouteRunOptions, call: AttemptCall): Promise<RouteOutcome> {
  const { request, retry } = options;
  const attempts: AttemptRecord[] = [];
  const mayTryAgain = options.mayTryAgain ?? always;

  for (const target of options.chain) {
    const fitWarnings: string[] = [];
    const chat = toChatRequest(request, target, options.defaultMaxOutputTokens, fitWarnings);
    const estimate = lazyInputEstimate(chat, target);
    checkContextWindow(chat, target, estimate);
    const limits: AttemptLimits = {
      timeoutMs: request.timeoutMs ?? options.timeoutMs,
      signal: request.signal,
      headers: request.headers,
      idleTimeoutMs:
        options.streamIdleTimeoutMs === undefined
          ? undefined
          : (request.streamIdleTimeoutMs ?? options.streamIdleTimeoutMs),
    };
    const caps = options.caps;
    const attempt = (attemptNumber: number) => {
      const worst = checkBudget(request, chat, target, estimate, attempts, options.priorSpendUsd ?? 0);
      const limited = options.rateLimiter;
      // The common case (no caps, no rate limits): the attempt itself, with no closure around it.
      if (!caps && !limited) return attemptOnce(target, chat, attemptNumber, attempts, call, limits, estimate);
      const once = () => attemptOnce(target, chat, attemptNumber, attempts, call, limits, estimate);
      // The rate-limit permit is asked for only once the caps have granted the attempt (a refused attempt holds none).
      const run = limited
        ? () => {
            const permit = limited.acquire(target, () => estimate.exact() + chat.maxOutputTokens, request.signal);
            return permit ? rateLimitedAttempt(limited, permit, target, once) : once();
          }
        : once;
      if (!caps) return run();
      if (worst) return cappedAttempt(caps, worst, attempts, run);
      return cappedAttempt(caps, reservationWorstCase(chat, target, estimate), attempts, run, () =>
        attemptWorstCase(chat, target, estimate),
      );
    };
    try {
      const response = await withRetries(attempt, retry, request.signal, mayTryAgain);
      if (fitWarnings.length > 0) response.warnings.unshift(...fitWarnings);
      return { response, target, attempts };
    } catch (error) {
      if (!isFailover(error, request.signal) || !mayTryAgain()) {
        if (error instanceof BudgetExceededError) error.attempts.push(...attempts);
        else if (error instanceof RateLimitedError) error.attempts = attempts;
        // The caller still learns what the request cost so far.
        else if (error instanceof ProviderError) error.attempts = attempts;
        throw error;
      }
    }
  }
  throw new RouteExhaustedError(attempts, totalCostUsd(attempts));
}

/** `mayTryAgain` of a route that may always try again (a non-streamed one): one function, not one per call. */
const always = () => true;

/**
 * Runs `attempt` with the retry layer. The first attempt is a plain call, so the common case of an answer at
 * the first try pays one `catch` for the retry machinery (no async function around it); a retryable failure hands
 * the remaining retries to p-retry, which sleeps per `retryDelayMs` (full-jitter backoff, or the provider's
 * retry-after). A provider that asks to wait longer than `maxRetryAfterMs` is not retried at all (waiting the ceiling
 * would only meet the same refusal): the route moves on to its fallback at once. An abort while waiting ends the
 * route as a `ProviderError` of kind `aborted`, which the route then gives every attempt made so far.
 */
function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  retry: ResolvedRetryOptions,
  signal: AbortSignal | undefined,
  mayTryAgain: () => boolean,
): Promise<T> {
  let first: Promise<T>;
  try {
    first = attempt(1);
  } catch (error) {
    // A refusal before the call (the request's budget) rejects, as it did inside an async function.
    return Promise.reject(error);
  }
  return first.catch((error: unknown) => retryAfterFirst(error, attempt, retry, signal, mayTryAgain));
}

/** The retry layer after a failed first attempt (built only then: the first attempt's path allocates nothing for it). */
async function retryAfterFirst<T>(
  firstError: unknown,
  attempt: (attemptNumber: number) => Promise<T>,
  retry: ResolvedRetryOptions,
  signal: AbortSignal | undefined,
  mayTryAgain: () => boolean,
): Promise<T> {
  async function shouldRetry(error: unknown, retryNumber: number): Promise<boolean> {
    if (!(error instanceof ProviderError) || !error.retryable || !mayTryAgain()) return false;
    if (error.retryAfterMs !== undefined && error.retryAfterMs > retry.maxRetryAfterMs) return false;
    try {
      await sleep(retryDelayMs(retryNumber, retry, error.retryAfterMs), signal);
    } catch (reason) {
      throw abortedWhileWaiting(error, reason);
    }
    return true;
  }
  if (retry.retries === 0 || !(await shouldRetry(firstError, 1))) throw firstError;
  return pRetry((n) => attempt(n + 1), {
    retries: retry.retries - 1,
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    shouldRetry: ({ error, retriesConsumed }) => shouldRetry(error, retriesConsumed + 2),
  });
}

/** The error of a route the caller aborted during a retry's backoff: an abort, like one in the middle of a call. */
function abortedWhileWaiting(last: ProviderError, reason: unknown): ProviderError {
  const why = reason instanceof Error && reason.message ? `: ${reason.message}` : '';
  return new ProviderError(`${last.provider} ${last.model}: request aborted while waiting to retry${why}`, {
    provider: last.provider,
    model: last.model,
    kind: 'aborted',
    retryable: false,
    cause: reason,
  });
}

/**
 * One attempt inside its rate-limit permit: settled to the attempt's actual usage (a failure's reported usage, else
 * nothing but the request); a 429 with retry-after pauses the target's buckets for every instance.
 */
async function rateLimitedAttempt(
  limiter: RateLimiter,
  permit: Promise<RateLimitPermit>,
  target: Target,
  run: () => Promise<ChatResponse>,
): Promise<ChatResponse> {
  const granted = await permit;
  try {
    const response = await run();
    void granted.settle(response.usage).catch(() => {});
    return response;
  } catch (error) {
    const providerError = error instanceof ProviderError ? error : undefined;
    void granted.settle(providerError?.usage).catch(() => {});
    if (providerError?.status === 429 && providerError.retryAfterMs !== undefined) {
      await limiter.pause(target, providerError.retryAfterMs).catch(() => {});
    }
    throw error;
  }
}

/** A provider failure hands over to the next target; a budget refusal, an abort or a bug does not. */
function isFailover(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return false;
  return error instanceof ProviderError && error.kind !== 'aborted';
}

/** The bounds every attempt of a target runs under. */
interface AttemptLimits {
  timeoutMs: number;
  idleTimeoutMs: number | undefined;
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
}

async function attemptOnce(
  target: Target,
  chat: ChatRequest,
  attemptNumber: number,
  attempts: AttemptRecord[],
  call: AttemptCall,
  limits: AttemptLimits,
  estimate: InputEstimate,
): Promise<ChatResponse> {
  const startedAt = new Date();
  const started = performance.now();
  const deadline = startAttemptDeadline(limits.signal, limits.timeoutMs, limits.idleTimeoutMs);
  const callOptions: CallOptions =
    limits.signal === undefined && limits.idleTimeoutMs === undefined
      ? deadlineOnlyOptions(deadline, limits.timeoutMs)
      : { signal: deadline.signal, timeoutMs: limits.timeoutMs };
  if (limits.idleTimeoutMs !== undefined) callOptions.onEvent = deadline.touch;
  if (limits.headers) callOptions.headers = limits.headers;
  try {
    const response = await deadline.race(call(target, chat, callOptions));
    let usageEstimated = !hasReportedUsage(response.usage);
    if (usageEstimated) {
      // Some OpenAI-compatible hosts omit usage: estimate it rather than record a paid call at $0.
      response.usage = estimateMissingUsage(chat, response, target.adapter.name);
      response.warnings.push('the provider reported no usage: usage and cost are estimated from the text (o200k)');
    } else if (!usageIsConsistent(response.usage)) {
      // Usage that contradicts itself (cached above input, say) is still what the provider billed: keep the answer.
      const { usage, problems } = reconcileUsage(response.usage);
      if (problems.length > 0) {
        response.usage = usage;
        usageEstimated = true;
        response.warnings.push(
          `the provider's usage contradicted itself (${problems.join('; ')}): priced as the dearer consistent reading`,
        );
      }
    }
    // An adapter that knows the exact cost (recorded outcomes) is charged that; every other call is priced.
    const costUsd = response.costUsd ?? target.pricing.cost(response.usage, startedAt).usd;
    // A plain literal, not spreads: this runs on every call.
    const record: AttemptRecord = {
      alias: target.alias,
      provider: target.providerName,
      model: target.model,
      attempt: attemptNumber,
      maxOutputTokens: chat.maxOutputTokens,
      status: 'ok',
      latencyMs: performance.now() - started,
      startedAt: isoTimestamp(startedAt.getTime()),
      usage: response.usage,
      costUsd,
    };
    if (response.requestId) record.requestId = response.requestId;
    if (usageEstimated) record.usageEstimated = true;
    attempts.push(record);
    return response;
  } catch (thrown) {
    const error = attemptError(thrown, target, deadline);
    const providerError = error instanceof ProviderError ? error : undefined;
    const record: AttemptRecord = {
      alias: target.alias,
      provider: target.providerName,
      model: target.model,
      attempt: attemptNumber,
      maxOutputTokens: chat.maxOutputTokens,
      status: 'error',
      error: error as Error,
      latencyMs: performance.now() - started,
      startedAt: isoTimestamp(startedAt.getTime()),
      costUsd: 0,
    };
    chargeFailedAttempt(record, providerError, target, chat, estimate, startedAt);
    if (providerError?.status !== undefined) record.httpStatus = providerError.status;
    if (providerError?.requestId) record.requestId = providerError.requestId;
    attempts.push(record);
    throw error;
  } finally {
    deadline.dispose();
  }
}

/**
 * The call options of a non-streamed attempt only its deadline can abort: `signal` is built when an adapter reads it
 * (an own, enumerable accessor, so a spread copy still carries it), and `onDeadline` lets an adapter that bounds the
 * wait for headers by `timeoutMs` itself (through its SDK) stop the body read instead, so that no signal is built at
 * all. The accessor's descriptor is shared and finds the deadline under a symbol key: an object literal with a getter
 * of its own cost ~0.6 µs to build, this ~0.1 µs.
 */
function deadlineOnlyOptions(deadline: AttemptDeadline, timeoutMs: number): CallOptions {
  const options = { timeoutMs, onDeadline: deadline.onAbort, [DEADLINE]: deadline };
  Object.defineProperty(options, 'signal', LAZY_SIGNAL);
  return options;
}

const DEADLINE = Symbol('routewise.attemptDeadline');

const LAZY_SIGNAL: PropertyDescriptor = {
  get(this: { [DEADLINE]: AttemptDeadline }) {
    return this[DEADLINE].signal;
  },
  enumerable: true,
  configurable: true,
};

/**
 * What a failed attempt reports. When the attempt's deadline ran out, the adapter saw an abort: the failure is a
 * retryable `timeout` (keeping the usage and request id the adapter reported), unless the stream had already shown
 * text, which `streamingCall` reports as `StreamInterruptedError`. Anything that is not a `ProviderError` after an
 * abort (the raw reason, when an adapter ignored the signal) becomes one of kind `aborted`.
 */
function attemptError(error: unknown, target: Target, deadline: AttemptDeadline): unknown {
  if (!deadline.aborted || error instanceof StreamInterruptedError) return error;
  const reason: unknown = deadline.reason;
  const reported = error instanceof ProviderError ? error : undefined;
  const details = {
    provider: target.providerName,
    model: target.model,
    cause: error,
    ...(reported?.usage ? { usage: reported.usage } : {}),
    ...(reported?.requestId ? { requestId: reported.requestId } : {}),
  };
  if (reason instanceof AttemptTimeout) {
    return new ProviderError(`${target.providerName} ${target.model}: ${reason.message}`, {
      ...details,
      kind: 'timeout',
      retryable: true,
    });
  }
  if (reported) return error;
  return new ProviderError(`${target.providerName} ${target.model}: request aborted`, {
    ...details,
    kind: 'aborted',
    retryable: false,
  });
}

/**
 * What a failed attempt costs: the usage the provider reported with the failure (a stream cut after
 * `message_start`, a `failed` response), made consistent if it contradicts itself; else, when the provider may have
 * run the request to the end anyway (a timeout, a reset, a cut stream, an unreadable body), the attempt's worst
 * case at its estimated input (what the budget check holds it to), flagged as estimated. Only failures that bill
 * nothing cost $0.
 */
function chargeFailedAttempt(
  record: AttemptRecord,
  error: ProviderError | undefined,
  target: Target,
  chat: ChatRequest,
  estimate: InputEstimate,
  at: Date,
): void {
  const reported = error?.usage;
  if (reported && hasReportedUsage(reported)) {
    const { usage, problems } = reconcileUsage(reported);
    record.usage = usage;
    record.costUsd = target.pricing.cost(usage, at).usd;
    if (problems.length > 0) record.usageEstimated = true;
    return;
  }
  if (error && mayHaveBeenBilled(error)) {
    // The exact estimate (the tokenizer), not the size bound: this is a charge, not a quick check.
    const worst = attemptWorstCase(chat, target, estimate);
    record.usage = {
      inputTokens: worst.inputTokens,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: chat.maxOutputTokens,
      reasoningTokens: 0,
    };
    record.costUsd = worst.estimateUsd;
    record.usageEstimated = true;
    return;
  }
  if (reported) record.usage = reported;
}

/**
 * The input estimate of one target's request, each form computed at most once and only when something needs it:
 * `exact` tokenizes (~30 ns a character here, ~3 ms for 20k tokens); `upper` bounds it from the UTF-8 size alone,
 * which settles the context-window and budget checks of most calls, long prompts included, without counting.
 */
interface InputEstimate {
  exact: () => number;
  upper: () => number;
}

function lazyInputEstimate(chat: ChatRequest, target: Target): InputEstimate {
  return new LazyInputEstimate(chat, inputEstimateOptions(target));
}

/** `InputEstimate` as a class: built on every call, so no closures. */
class LazyInputEstimate implements InputEstimate {
  private exactTokens: number | undefined;
  private upperTokens: number | undefined;
  constructor(
    private readonly chat: ChatRequest,
    private readonly options: EstimateInputOptions,
  ) {}
  exact(): number {
    this.exactTokens ??= estimateInputTokens(this.chat, this.options);
    return this.exactTokens;
  }
  upper(): number {
    this.upperTokens ??= inputTokensUpperBound(this.chat, this.options);
    return this.upperTokens;
  }
}

/**
 * Refuses an input whose estimate exceeds the window. The size bound settles most calls; an input whose lower bound
 * already exceeds the window is refused without counting (10 MB would block the event loop for seconds), and only
 * one in between is counted exactly.
 */
function checkContextWindow(chat: ChatRequest, target: Target, estimate: InputEstimate): void {
  const window = target.contextWindow;
  if (window === undefined || estimate.upper() <= window) return;
  const atLeast = inputTokensLowerBound(chat, inputEstimateOptions(target), window + 1);
  if (atLeast > window) {
    throw new ContextWindowExceededError({
      model: target.model,
      estimatedInputTokens: atLeast,
      contextWindow: window,
      atLeast: true,
    });
  }
  const estimatedInputTokens = estimate.exact();
  if (estimatedInputTokens > window) {
    throw new ContextWindowExceededError({ model: target.model, estimatedInputTokens, contextWindow: window });
  }
}

/** The most one attempt at `target` can cost: estimated input × input price + output cap × output price, now. */
function attemptWorstCase(chat: ChatRequest, target: Target, estimate: InputEstimate): AttemptWorstCase {
  // A reservation holds budget others could use: the exact count, not the cheap bound, keeps caps well used.
  const inputTokens = estimate.exact();
  const estimateUsd = worstCaseCostUsd(
    target.pricing,
    { inputTokens, maxOutputTokens: chat.maxOutputTokens, ...(chat.cache ? { cache: chat.cache } : {}) },
    new Date(),
  );
  return { estimateUsd, model: target.model, inputTokens, maxOutputTokens: chat.maxOutputTokens };
}

/**
 * Below this many tokens by the size bound, a running cap's reservation holds the bound rather than the exact count:
 * tokenizing a short, new user message costs more than the rest of the budget gate (~15 µs for 50 characters), and
 * the bound overstates it by at most a few hundred input tokens, held only until the call settles to its actual cost.
 * (Longer texts are counted exactly, and remembered: system prompts and history repeat on every call.)
 */
const SMALL_INPUT_TOKENS = 256;

/** The worst case a running cap reserves for one attempt: at the size bound for a small input, else exact. */
function reservationWorstCase(chat: ChatRequest, target: Target, estimate: InputEstimate): AttemptWorstCase {
  const upper = estimate.upper();
  if (upper > SMALL_INPUT_TOKENS) return attemptWorstCase(chat, target, estimate);
  const estimateUsd = worstCaseCostUsd(
    target.pricing,
    { inputTokens: upper, maxOutputTokens: chat.maxOutputTokens, ...(chat.cache ? { cache: chat.cache } : {}) },
    new Date(),
  );
  return { estimateUsd, model: target.model, inputTokens: upper, maxOutputTokens: chat.maxOutputTokens };
}

/** Refuses an attempt whose worst case does not fit the request's own budget; returns that worst case when computed. */
function checkBudget(
  request: RouterRequest,
  chat: ChatRequest,
  target: Target,
  estimate: InputEstimate,
  attempts: AttemptRecord[],
  priorSpendUsd: number,
): AttemptWorstCase | undefined {
  const limitUsd = request.budget?.maxUsd;
  if (limitUsd === undefined) return undefined;
  const now = new Date();
  const spentUsd = priorSpendUsd + totalCostUsd(attempts);
  const call = { maxOutputTokens: chat.maxOutputTokens, ...(chat.cache ? { cache: chat.cache } : {}) };
  // The worst case at the size bound is a worst case too: when even it fits, the exact count cannot change the answer.
  if (spentUsd + worstCaseCostUsd(target.pricing, { ...call, inputTokens: estimate.upper() }, now) <= limitUsd) {
    return undefined;
  }
  const worst = attemptWorstCase(chat, target, estimate);
  if (spentUsd + worst.estimateUsd > limitUsd) {
    throw new BudgetExceededError({
      scope: 'request',
      limitUsd,
      spentUsd,
      estimateUsd: worst.estimateUsd,
      estimate: { model: target.model, inputTokens: worst.inputTokens, maxOutputTokens: chat.maxOutputTokens },
    });
  }
  return worst;
}
