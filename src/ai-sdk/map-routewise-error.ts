import { APICallError } from '@ai-sdk/provider';
import { ProviderError, RouteExhaustedError, RoutewiseError } from '../errors.js';
import type { AttemptRecord } from '../router/attempt.js';

/**
 * An abort as the AI SDK recognizes one (its `name` is `AbortError`: `streamText` then ends with an `abort` part and
 * calls `onAbort`), carrying routewise's own error as its `cause`: the attempts made and what they cost.
 */
export class RoutewiseAbortError extends Error {
  override readonly name = 'AbortError';
  constructor(cause: unknown) {
    super('the request was aborted', { cause });
  }
}

/**
 * Routewise's errors as the AI SDK expects them. A failed route (every model failed after routewise's own retries
 * and fallbacks) or a provider failure becomes an `APICallError` with the last HTTP status, marked non-retryable so
 * the AI SDK's retry loop does not run the whole route again, with routewise's error as its `cause`. An abort becomes
 * an `AbortError`. Errors raised before anything was sent (`BudgetExceededError`, `InvalidRequestError`,
 * `ContextWindowExceededError`) stay as they are: they are not API call failures, and the AI SDK never retries them.
 */
export function toAiSdkError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted || (error instanceof ProviderError && error.kind === 'aborted')) {
    return new RoutewiseAbortError(error);
  }
  if (error instanceof RouteExhaustedError) {
    const last = error.attempts.at(-1);
    const cause = error.cause instanceof ProviderError ? error.cause : undefined;
    return new APICallError({
      message: error.message,
      url: `routewise:${last?.alias ?? 'route'}`,
      requestBodyValues: undefined,
      statusCode: last?.httpStatus ?? cause?.status,
      isRetryable: false,
      cause: error,
      data: { routewise: { costUsd: error.costUsd, attempts: error.attempts.map(attemptSummary) } },
    });
  }
  if (error instanceof ProviderError) {
    return new APICallError({
      message: error.message,
      url: `routewise:${error.provider}`,
      requestBodyValues: undefined,
      statusCode: error.status,
      isRetryable: false,
      cause: error,
      data: { routewise: { attempts: (error.attempts ?? []).map(attemptSummary) } },
    });
  }
  return error;
}

/** The routewise error behind an error the model threw: itself, or the `cause` of an `APICallError` or abort. */
export function routewiseErrorOf(error: unknown): RoutewiseError | undefined {
  if (error instanceof RoutewiseError) return error;
  const cause = (error as { cause?: unknown } | null | undefined)?.cause;
  return cause instanceof RoutewiseError ? cause : undefined;
}

/** One attempt as `attemptSummary` gives it: JSON only. */
// A type rather than an interface: it must be assignable to the AI SDK's JSONObject (an index signature).
export type AttemptSummary = {
  alias: string;
  provider: string;
  model: string;
  attempt: number;
  status: AttemptRecord['status'];
  httpStatus?: number;
  error?: string;
  costUsd: number;
  usageEstimated?: true;
  latencyMs: number;
  purpose?: NonNullable<AttemptRecord['purpose']>;
};

/** One attempt as JSON: who answered, how it went and what it cost (its `Error` as the message only). */
export function attemptSummary(attempt: AttemptRecord): AttemptSummary {
  // Fields assigned in order rather than spread in conditionally (a spread into a literal is a runtime copy; this
  // runs for every attempt of every answer).
  const summary: AttemptSummary = {
    alias: attempt.alias,
    provider: attempt.provider,
    model: attempt.model,
    attempt: attempt.attempt,
    status: attempt.status,
  } as AttemptSummary;
  if (attempt.httpStatus !== undefined) summary.httpStatus = attempt.httpStatus;
  if (attempt.error) summary.error = attempt.error.message;
  summary.costUsd = attempt.costUsd;
  if (attempt.usageEstimated) summary.usageEstimated = true;
  summary.latencyMs = Math.round(attempt.latencyMs);
  if (attempt.purpose) summary.purpose = attempt.purpose;
  return summary;
}
