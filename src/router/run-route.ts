import pRetry from 'p-retry';
import { estimateInputTokens } from '../budgets/estimate-input-tokens.js';
import { estimateMissingUsage, hasReportedUsage } from '../budgets/estimate-missing-usage.js';
import { inputTokensLowerBound, inputTokensUpperBound } from '../budgets/input-size-bound.js';
import {
  BudgetExceededError,
  ContextWindowExceededError,
  MalformedResponseError,
  ProviderError,
  RouteExhaustedError,
} from '../errors.js';
import { InconsistentUsageError } from '../pricing/cost-of-usage.js';
import { worstCaseCostUsd } from '../pricing/worst-case-cost.js';
import type { CallOptions, ChatRequest } from '../providers/spec/request.js';
import type { ChatResponse } from '../providers/spec/response.js';
import { type AttemptRecord, totalCostUsd } from './attempt.js';
import { retryDelayMs, sleep } from './backoff.js';
import type { RouterRequest } from './request.js';
import type { ResolvedRetryOptions } from './retry-options.js';
import { inputEstimateOptions, type Target } from './target.js';
import { toChatRequest } from './to-chat-request.js';

/** One call at one target; the route runs it once per attempt. */
export type AttemptCall = (target: Target, request: ChatRequest, options: CallOptions) => Promise<ChatResponse>;

/** What a route run needs besides the call itself. */
export interface RouteRunOptions {
  request: RouterRequest;
  chain: Target[];
  retry: ResolvedRetryOptions;
  defaultMaxOutputTokens: number;
  timeoutMs: number;
  /** Whether a failed attempt may be retried or fall back (a stream that already emitted text may not). */
  mayTryAgain?: () => boolean;
  /** USD this request already spent before this route (earlier cascade steps, checks); counts against its budget. */
  priorSpendUsd?: number;
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
  const mayTryAgain = options.mayTryAgain ?? (() => true);

  for (const target of options.chain) {
    const fitWarnings: string[] = [];
    const chat = toChatRequest(request, target, options.defaultMaxOutputTokens, fitWarnings);
    const estimate = lazyInputEstimate(chat, target);
    checkContextWindow(chat, target, estimate);
    const callOptions: CallOptions = {
      timeoutMs: options.timeoutMs,
      ...(request.signal ? { signal: request.signal } : {}),
    };
    const attempt = (attemptNumber: number) => {
      checkBudget(request, chat, target, estimate, attempts, options.priorSpendUsd ?? 0);
      return attemptOnce(target, chat, attemptNumber, attempts, call, callOptions);
    };
    try {
      const response = await withRetries(attempt, retry, request.signal, mayTryAgain);
      if (fitWarnings.length > 0) response.warnings.unshift(...fitWarnings);
      return { response, target, attempts };
    } catch (error) {
      if (!isFailover(error, request.signal) || !mayTryAgain()) {
        if (error instanceof BudgetExceededError) error.attempts.push(...attempts);
        // The caller still learns what the request cost so far.
        else if (error instanceof ProviderError) error.attempts = attempts;
        throw error;
      }
    }
  }
  throw new RouteExhaustedError(attempts, totalCostUsd(attempts));
}

/**
 * Runs `attempt` with the retry layer. The first attempt is a plain call, so the common case of an answer at
 * the first try pays nothing for the retry machinery; a retryable failure hands the remaining retries to p-retry,
 * which sleeps per `retryDelayMs` (full-jitter backoff, or the provider's retry-after up to the ceiling).
 */
async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  retry: ResolvedRetryOptions,
  signal: AbortSignal | undefined,
  mayTryAgain: () => boolean,
): Promise<T> {
  const shouldRetry = async (error: unknown, retryNumber: number): Promise<boolean> => {
    if (!(error instanceof ProviderError) || !error.retryable || !mayTryAgain()) return false;
    await sleep(retryDelayMs(retryNumber, retry, error.retryAfterMs), signal);
    return true;
  };
  try {
    return await attempt(1);
  } catch (error) {
    if (retry.retries === 0 || !(await shouldRetry(error, 1))) throw error;
  }
  return pRetry((n) => attempt(n + 1), {
    retries: retry.retries - 1,
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    shouldRetry: ({ error, retriesConsumed }) => shouldRetry(error, retriesConsumed + 2),
  });
}

/** A provider failure hands over to the next target; a budget refusal, an abort or a bug does not. */
function isFailover(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return false;
  return error instanceof ProviderError && error.kind !== 'aborted';
}

async function attemptOnce(
  target: Target,
  chat: ChatRequest,
  attemptNumber: number,
  attempts: AttemptRecord[],
  call: AttemptCall,
  callOptions: CallOptions,
): Promise<ChatResponse> {
  const startedAt = new Date();
  const started = performance.now();
  try {
    const response = await call(target, chat, callOptions);
    const usageEstimated = !hasReportedUsage(response.usage);
    if (usageEstimated) {
      // Some OpenAI-compatible hosts omit usage: estimate it rather than record a paid call at $0.
      response.usage = estimateMissingUsage(chat, response, target.adapter.name);
      response.warnings.push('the provider reported no usage: usage and cost are estimated from the text (o200k)');
    }
    const costUsd = priceResponse(target, response, startedAt);
    // A plain literal, not spreads: this runs on every call.
    const record: AttemptRecord = {
      alias: target.alias,
      provider: target.providerName,
      model: target.model,
      attempt: attemptNumber,
      status: 'ok',
      latencyMs: performance.now() - started,
      startedAt: startedAt.toISOString(),
      usage: response.usage,
      costUsd,
    };
    if (response.requestId) record.requestId = response.requestId;
    if (usageEstimated) record.usageEstimated = true;
    attempts.push(record);
    return response;
  } catch (error) {
    const providerError = error instanceof ProviderError ? error : undefined;
    const usage = providerError?.usage;
    const record: AttemptRecord = {
      alias: target.alias,
      provider: target.providerName,
      model: target.model,
      attempt: attemptNumber,
      status: 'error',
      error: error as Error,
      latencyMs: performance.now() - started,
      startedAt: startedAt.toISOString(),
      costUsd: usage ? target.pricing.cost(usage, startedAt).usd : 0,
    };
    if (usage) record.usage = usage;
    if (providerError?.status !== undefined) record.httpStatus = providerError.status;
    if (providerError?.requestId) record.requestId = providerError.requestId;
    attempts.push(record);
    throw error;
  }
}

/**
 * Prices a successful response. Usage that contradicts itself (cached tokens above input, say) cannot be priced
 * exactly, so the attempt fails as a malformed response rather than being recorded at a guessed cost.
 */
function priceResponse(target: Target, response: ChatResponse, at: Date): number {
  try {
    return target.pricing.cost(response.usage, at).usd;
  } catch (error) {
    if (!(error instanceof InconsistentUsageError)) throw error;
    throw new MalformedResponseError(`${target.providerName} ${target.model}: ${error.message}`, {
      provider: target.providerName,
      model: target.model,
      cause: error,
      ...(response.requestId ? { requestId: response.requestId } : {}),
    });
  }
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
  const options = inputEstimateOptions(target);
  let exact: number | undefined;
  let upper: number | undefined;
  return {
    exact: () => {
      exact ??= estimateInputTokens(chat, options);
      return exact;
    },
    upper: () => {
      upper ??= inputTokensUpperBound(chat, options);
      return upper;
    },
  };
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

function checkBudget(
  request: RouterRequest,
  chat: ChatRequest,
  target: Target,
  estimate: InputEstimate,
  attempts: AttemptRecord[],
  priorSpendUsd: number,
): void {
  const limitUsd = request.budget?.maxUsd;
  if (limitUsd === undefined) return;
  const now = new Date();
  const spentUsd = priorSpendUsd + totalCostUsd(attempts);
  const call = { maxOutputTokens: chat.maxOutputTokens, ...(chat.cache ? { cache: chat.cache } : {}) };
  // The worst case at the size bound is a worst case too: when even it fits, the exact count cannot change the answer.
  if (spentUsd + worstCaseCostUsd(target.pricing, { ...call, inputTokens: estimate.upper() }, now) <= limitUsd) return;
  const inputTokens = estimate.exact();
  const estimateUsd = worstCaseCostUsd(target.pricing, { ...call, inputTokens }, now);
  if (spentUsd + estimateUsd > limitUsd) {
    throw new BudgetExceededError({
      scope: 'request',
      limitUsd,
      spentUsd,
      estimateUsd,
      estimate: { model: target.model, inputTokens, maxOutputTokens: chat.maxOutputTokens },
    });
  }
}
