import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { MalformedResponseError, ProviderError, StreamInterruptedError } from '../../errors.js';
import { redact } from '../shared/redact.js';
import { isRetryableStatus, retryAfterMs } from '../shared/retry-after.js';
import type { Usage } from '../spec/usage.js';

/** Who made the failed call, and which secrets its messages must not show. */
export interface AnthropicCallContext {
  /** Adapter name (`anthropic`). */
  provider: string;
  /** Model id of the call. */
  model: string;
  /** Secrets (the API key) to strip from every message. */
  secrets: ReadonlyArray<string | undefined>;
}

/** A `MalformedResponseError` for a response that does not have the documented shape. */
export function malformedResponse(
  ctx: AnthropicCallContext,
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

/** A `StreamInterruptedError` for a stream that ended or broke before `message_stop`. */
export function streamInterrupted(
  ctx: AnthropicCallContext,
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

/**
 * Turns anything the Anthropic SDK throws into a `ProviderError`. The SDK's retries are off, so
 * retryability is decided here: connection errors, timeouts and 408/409/429/5xx (529 overloaded
 * included) are retryable; the server's `x-should-retry` header wins when present.
 */
export function toAnthropicProviderError(error: unknown, ctx: AnthropicCallContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const base = { provider: ctx.provider, model: ctx.model, cause: scrub(error, ctx.secrets) };
  const message = (what: string) => redact(`${ctx.provider} ${ctx.model}: ${what}`, ctx.secrets);
  const text = error instanceof Error ? error.message : String(error);

  // Order matters: the abort, timeout and connection classes all extend APIError.
  if (error instanceof APIUserAbortError) {
    return new ProviderError(message(`request aborted: ${text}`), { ...base, kind: 'aborted', retryable: false });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError(message(`request timed out: ${text}`), { ...base, kind: 'timeout', retryable: true });
  }
  if (error instanceof APIConnectionError) {
    return new ProviderError(message(`connection failed: ${text}${causeText(error)}`), {
      ...base,
      kind: 'connection',
      retryable: true,
    });
  }
  if (error instanceof APIError) {
    const code = nonEmpty(error.type) ?? nonEmpty(error.errorCode);
    const requestId = nonEmpty(error.requestID);
    if (typeof error.status !== 'number') {
      // An `event: error` inside a 200 stream: the answer was cut, and a replay would bill again.
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
    // The SDK hands a 200 `application/json` body that is not JSON straight to `response.json()`.
    return malformedResponse(ctx, `body is not valid JSON (${text})`, { cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new ProviderError(message(`request aborted: ${text}`), { ...base, kind: 'aborted', retryable: false });
  }
  return new ProviderError(message(text), { ...base, kind: 'unknown', retryable: false });
}

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

function nonEmpty(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Strips secrets from the SDK error kept as `cause`: a 401 body may echo the key, and a logged error
 * prints its cause chain.
 */
function scrub(error: unknown, secrets: ReadonlyArray<string | undefined>): unknown {
  if (!(error instanceof Error)) return error;
  try {
    error.message = redact(error.message, secrets);
    const inner = (error as { error?: { error?: { message?: unknown } } }).error?.error;
    if (inner && typeof inner.message === 'string') inner.message = redact(inner.message, secrets);
    const withApiMessage = error as { apiMessage?: unknown };
    if (typeof withApiMessage.apiMessage === 'string')
      withApiMessage.apiMessage = redact(withApiMessage.apiMessage, secrets);
  } catch {
    // A frozen error object: leave it; our own message is already redacted.
  }
  return error;
}
