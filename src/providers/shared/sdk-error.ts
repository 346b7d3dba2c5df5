import { MalformedResponseError, ProviderError, StreamInterruptedError } from '../../errors.js';
import type { Usage } from '../spec/usage.js';
import { redact } from './redact.js';
import { isRetryableStatus, retryAfterMs } from './retry-after.js';
import { scrubSecrets } from './scrub-secrets.js';

/** Who made the failed call, and which secrets its messages must not show. */
export interface CallContext {
  /** Adapter name (`openai`, `anthropic`, `deepseek`, …). */
  provider: string;
  /** Model id of the call. */
  model: string;
  /** Secrets (the API key) to strip from every message. */
  secrets: ReadonlyArray<string | undefined>;
}

/** A `MalformedResponseError` for a response that does not have the documented shape. */
export function malformedResponse(
  ctx: CallContext,
  what: string,
  extra: { requestId?: string; cause?: unknown } = {},
): MalformedResponseError {
  return new MalformedResponseError(redact(`${ctx.provider} ${ctx.model}: malformed response: ${what}`, ctx.secrets), {
    provider: ctx.provider,
    model: ctx.model,
    requestId: extra.requestId,
    cause: scrub(extra.cause, ctx.secrets),
  });
}

/** A `StreamInterruptedError` for a stream that ended or broke before its end-of-message event. */
export function streamInterrupted(
  ctx: CallContext,
  why: string,
  state: { partialText: string; usage?: Usage; requestId?: string; code?: string; cause?: unknown },
): StreamInterruptedError {
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

/** A `ProviderError` of kind `aborted` for a stream the caller's signal stopped (never retried). */
export function streamAborted(
  ctx: CallContext,
  state: { requestId?: string | undefined; usage?: Usage | undefined; cause?: unknown },
): ProviderError {
  return new ProviderError(`${ctx.provider} ${ctx.model}: stream aborted by the caller`, {
    provider: ctx.provider,
    model: ctx.model,
    kind: 'aborted',
    retryable: false,
    requestId: state.requestId,
    usage: state.usage,
    cause: scrub(state.cause, ctx.secrets),
  });
}

/** The error classes of a Stainless-generated SDK (`openai`, `@anthropic-ai/sdk` share this hierarchy). */
export interface SdkErrorClasses {
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIError: abstract new (...args: never[]) => Error & { status?: unknown; headers?: Headers; requestID?: unknown };
}

/** How to read the provider's error code (`rate_limit_error`, `insufficient_quota`, …) off an SDK `APIError`. */
export type ErrorCodeReader = (error: Error) => string | undefined;

/**
 * Turns anything a Stainless-generated SDK throws into a `ProviderError`. The SDK's retries are off, so
 * retryability is decided here: connection errors, timeouts and 408/409/429/5xx (529 included) are retryable,
 * and the server's `x-should-retry` header wins when it sends one.
 */
export function toSdkProviderError(
  error: unknown,
  ctx: CallContext,
  classes: SdkErrorClasses,
  codeOf: ErrorCodeReader,
): ProviderError {
  if (error instanceof ProviderError) return error;
  const base = { provider: ctx.provider, model: ctx.model, cause: scrub(error, ctx.secrets) };
  const message = (what: string) => redact(`${ctx.provider} ${ctx.model}: ${what}`, ctx.secrets);
  const text = error instanceof Error ? error.message : String(error);

  // Order matters: the abort, timeout and connection classes all extend APIError.
  if (error instanceof classes.APIUserAbortError) {
    return new ProviderError(message(`request aborted: ${text}`), { ...base, kind: 'aborted', retryable: false });
  }
  if (error instanceof classes.APIConnectionTimeoutError) {
    return new ProviderError(message(`request timed out: ${text}`), { ...base, kind: 'timeout', retryable: true });
  }
  if (error instanceof classes.APIConnectionError) {
    return new ProviderError(message(`connection failed: ${text}${causeText(error)}`), {
      ...base,
      kind: 'connection',
      retryable: true,
    });
  }
  if (error instanceof classes.APIError) {
    const code = codeOf(error);
    const requestId = nonEmpty(error.requestID);
    if (typeof error.status !== 'number') {
      // An error event inside a 200 stream: the answer was cut, and a replay would bill again.
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
    return malformedResponse(ctx, `body is not valid JSON (${text})`, { cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new ProviderError(message(`request aborted: ${text}`), { ...base, kind: 'aborted', retryable: false });
  }
  return new ProviderError(message(text), { ...base, kind: 'unknown', retryable: false });
}

/** A code or id as a non-empty string (numbers become strings), else undefined. */
export function nonEmpty(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
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

/**
 * Strips secrets from the SDK error kept as `cause`: a 401 body or its headers may echo the key, and a logged error
 * prints its whole cause chain (OpenAI keeps the body's inner error as `error` plus `param`, `code` and `headers`;
 * Anthropic keeps the whole body as `error`). Every string reachable from it is scrubbed, stack included.
 */
function scrub(error: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  return scrubSecrets(error, secrets);
}
