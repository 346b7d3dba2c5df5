import OpenAI from 'openai';
import { MalformedResponseError, ProviderError, StreamInterruptedError } from '../../errors.js';
import { redact } from '../shared/redact.js';
import { isRetryableStatus, retryAfterMs } from '../shared/retry-after.js';
import type { Usage } from '../spec/usage.js';

/** Who made the failed call, and which secrets its messages must not show. */
export interface OpenAICallContext {
  /** Adapter name (`openai`, `deepseek`, …). */
  provider: string;
  /** Model id of the call. */
  model: string;
  /** Secrets (the API key) to strip from every message. */
  secrets: ReadonlyArray<string | undefined>;
}

/** A `MalformedResponseError` for a response that does not have the documented shape. */
export function malformedResponse(
  ctx: OpenAICallContext,
  what: string,
  extra: { requestId?: string; cause?: unknown } = {},
) {
  return new MalformedResponseError(redact(`${ctx.provider} ${ctx.model}: malformed response: ${what}`, ctx.secrets), {
    provider: ctx.provider,
    model: ctx.model,
    requestId: extra.requestId,
    cause: extra.cause,
  });
}

/** A `StreamInterruptedError` for a stream that ended or broke before its end-of-message event. */
export function streamInterrupted(
  ctx: OpenAICallContext,
  why: string,
  state: { partialText: string; usage?: Usage; requestId?: string; code?: string; cause?: unknown },
) {
  return new StreamInterruptedError(redact(`${ctx.provider} ${ctx.model}: stream interrupted: ${why}`, ctx.secrets), {
    provider: ctx.provider,
    model: ctx.model,
    partialText: state.partialText,
    usage: state.usage,
    requestId: state.requestId,
    code: state.code,
    cause: scrub(state.cause, ctx.secrets),
  });
}

/**
 * Turns anything the OpenAI SDK throws into a `ProviderError`. The SDK's retries are off, so
 * retryability is decided here: connection errors, timeouts and 408/409/429/5xx are retryable.
 */
export function toOpenAIProviderError(error: unknown, ctx: OpenAICallContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const base = { provider: ctx.provider, model: ctx.model, cause: scrub(error, ctx.secrets) };
  const message = (what: string) => redact(`${ctx.provider} ${ctx.model}: ${what}`, ctx.secrets);
  const text = error instanceof Error ? error.message : String(error);

  // Order matters: the abort, timeout and connection classes all extend APIError.
  if (error instanceof OpenAI.APIUserAbortError) {
    return new ProviderError(message(`request aborted: ${text}`), { ...base, kind: 'aborted', retryable: false });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new ProviderError(message(`request timed out: ${text}`), { ...base, kind: 'timeout', retryable: true });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new ProviderError(message(`connection failed: ${text}${causeText(error)}`), {
      ...base,
      kind: 'connection',
      retryable: true,
    });
  }
  if (error instanceof OpenAI.APIError) {
    const code = stringOrUndefined(error.code) ?? stringOrUndefined(error.type);
    const requestId = error.requestID ?? undefined;
    if (typeof error.status !== 'number') {
      // An `error` payload inside a 200 stream: the answer was cut, and a replay would bill again.
      return streamInterrupted(ctx, text, { partialText: '', requestId, code, cause: error });
    }
    return new ProviderError(message(text), {
      ...base,
      kind: 'http',
      status: error.status,
      retryable: shouldRetry(error.status, error.headers),
      requestId,
      retryAfterMs: retryAfterMs(error.headers),
      code,
    });
  }
  if (error instanceof SyntaxError) {
    // An SDK path that parses a 200 body itself passes `response.json()`'s SyntaxError straight through.
    return malformedResponse(ctx, `body is not valid JSON (${text})`, { cause: base.cause });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new ProviderError(message(`request aborted: ${text}`), { ...base, kind: 'aborted', retryable: false });
  }
  return new ProviderError(message(text), { ...base, kind: 'unknown', retryable: false });
}

/** Status-based retryability, overridden by the server's `x-should-retry` header when it sends one. */
function shouldRetry(status: number, headers: Headers | undefined): boolean {
  const hint = headers?.get('x-should-retry');
  if (hint === 'true') return true;
  if (hint === 'false') return false;
  return isRetryableStatus(status);
}

function causeText(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error && cause.message ? ` (${cause.message})` : '';
}

function stringOrUndefined(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Strips secrets from the SDK error kept as `cause`: a 401 body may echo the key, and a logged
 * error prints its cause chain.
 */
function scrub(error: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  if (!(error instanceof Error)) return error;
  try {
    error.message = redact(error.message, secrets);
    const body = (error as { error?: unknown }).error;
    if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
      (body as { message: string }).message = redact((body as { message: string }).message, secrets);
    }
  } catch {
    // A frozen error object: leave it; our own message is already redacted.
  }
  return error;
}
