import { MalformedResponseError, ProviderError, StreamInterruptedError } from '../../errors.js';
import { redact } from '../shared/redact.js';
import { isRetryableStatus, retryAfterMs } from '../shared/retry-after.js';
import { scrubSecrets } from '../shared/scrub-secrets.js';
import type { Usage } from '../spec/usage.js';

/** What the error mapping needs to know about the failed call. */
export interface GoogleErrorContext {
  /** Adapter name (`google`). */
  provider: string;
  model: string;
  /** The key to scrub from messages (the SDK sends it as `x-goog-api-key`). */
  apiKey: string | undefined;
  /** The caller's signal: an abort it caused is `aborted`, any other abort is the SDK's timeout. */
  signal: AbortSignal | undefined;
  /** Headers of the call's error response, when there was one (the SDK's `ApiError` drops them). */
  errorHeaders?: Headers;
}

/** The error context of one call: the adapter, the model, the key in use (read now), the caller's signal. */
export function googleErrorContext(
  ctx: { provider: string; apiKey(): string | undefined },
  model: string,
  signal: AbortSignal | undefined,
): GoogleErrorContext {
  return { provider: ctx.provider, model, apiKey: ctx.apiKey(), signal };
}

/** The parts of Google's JSON error body that routewise uses (`{"error":{code,message,status,details}}`). */
export interface GoogleErrorBody {
  code?: number;
  message?: string;
  status?: string;
  details?: Array<Record<string, unknown>>;
}

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * The error body inside an `ApiError` message. The SDK sets `message` to `JSON.stringify(body)` for an HTTP
 * error, and to `got status: X. {json}` for an error chunk in a stream, so parsing starts at the first `{`.
 */
export function parseGoogleErrorBody(message: string): GoogleErrorBody | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(message.slice(start));
    const error = (parsed as { error?: unknown } | null)?.error;
    return typeof error === 'object' && error !== null ? (error as GoogleErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/** The delay of a `google.rpc.RetryInfo` detail (`retryDelay: "12s"` / `"0.5s"`), in milliseconds. */
export function googleRetryDelayMs(body: GoogleErrorBody | undefined): number | undefined {
  for (const detail of body?.details ?? []) {
    if (detail['@type'] !== RETRY_INFO_TYPE) continue;
    const delay = detail.retryDelay;
    const match = typeof delay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(delay.trim()) : null;
    if (match) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}

/** Whether an error is the SDK's `ApiError` (HTTP error, or an `{"error":…}` chunk in a stream). */
export function isGoogleApiError(error: unknown): error is Error & { status: number } {
  return (
    error instanceof Error && error.name === 'ApiError' && typeof (error as { status?: unknown }).status === 'number'
  );
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** Network failures as undici / fetch report them (`TypeError: fetch failed` with a socket cause). */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof TypeError && /fetch failed|failed to fetch|network/i.test(error.message)) return true;
  const codes = [error, error.cause].map((e) => (e as { code?: unknown } | undefined)?.code);
  return codes.some((code) => typeof code === 'string' && CONNECTION_CODES.has(code));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Any failure of a Google SDK call (before a stream has started) → `ProviderError`.
 * Messages pass through `redact` so the key never reaches a message.
 */
export function toGoogleProviderError(error: unknown, ctx: GoogleErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  // The SDK's `ApiError` message is the raw error body, which a proxy may have made echo the key.
  const base = { provider: ctx.provider, model: ctx.model, cause: scrubSecrets(error, [ctx.apiKey]) };
  const clean = (text: string) => redact(text, [ctx.apiKey]);

  if (isGoogleApiError(error)) {
    const body = parseGoogleErrorBody(error.message);
    const status = error.status;
    const detail = body?.message ?? error.message;
    const details: ConstructorParameters<typeof ProviderError>[1] = {
      ...base,
      kind: 'http',
      status,
      retryable: isRetryableStatus(status),
    };
    if (body?.status) details.code = body.status;
    // Google's own RetryInfo is the more precise hint; the standard header is read when it is absent.
    const retryAfter = googleRetryDelayMs(body) ?? retryAfterMs(ctx.errorHeaders);
    if (retryAfter !== undefined) details.retryAfterMs = retryAfter;
    return new ProviderError(
      clean(`Google API error ${status}${body?.status ? ` ${body.status}` : ''} (${ctx.model}): ${detail}`),
      details,
    );
  }

  if (ctx.signal?.aborted) {
    return new ProviderError(clean(`Google call aborted (${ctx.model})`), {
      ...base,
      kind: 'aborted',
      retryable: false,
    });
  }
  if (isAbort(error)) {
    // The SDK aborts its own per-attempt signal when `httpOptions.timeout` expires.
    return new ProviderError(clean(`Google call timed out (${ctx.model})`), {
      ...base,
      kind: 'timeout',
      retryable: true,
    });
  }
  if (error instanceof SyntaxError) {
    // A 200 whose body is not JSON: `response.json()` inside the SDK throws.
    return new MalformedResponseError(
      clean(`Google returned a response that is not valid JSON (${ctx.model}): ${error.message}`),
      base,
    );
  }
  if (isConnectionError(error)) {
    const cause = (error as Error).cause;
    const suffix = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
    return new ProviderError(clean(`Google connection failed (${ctx.model}): ${errorMessage(error)}${suffix}`), {
      ...base,
      kind: 'connection',
      retryable: true,
    });
  }
  return new ProviderError(clean(`Google call failed (${ctx.model}): ${errorMessage(error)}`), {
    ...base,
    kind: 'unknown',
    retryable: false,
  });
}

/**
 * A failure after a stream has started → `StreamInterruptedError` with the text so far and the last usage
 * seen (the caller's own abort stays `aborted`). Never retryable: a replay would bill the prompt again.
 */
export function toGoogleStreamError(
  error: unknown,
  ctx: GoogleErrorContext,
  partial: { text: string; usage: Usage | undefined; requestId: string | undefined },
): ProviderError {
  const base = {
    provider: ctx.provider,
    model: ctx.model,
    cause: scrubSecrets(error, [ctx.apiKey]),
    ...(partial.usage ? { usage: partial.usage } : {}),
    ...(partial.requestId ? { requestId: partial.requestId } : {}),
  };
  const clean = (text: string) => redact(text, [ctx.apiKey]);
  if (ctx.signal?.aborted) {
    return new ProviderError(clean(`Google stream aborted (${ctx.model})`), {
      ...base,
      kind: 'aborted',
      retryable: false,
    });
  }
  let reason = errorMessage(error);
  let status: number | undefined;
  let code: string | undefined;
  if (isGoogleApiError(error)) {
    const body = parseGoogleErrorBody(error.message);
    status = error.status;
    code = body?.status;
    reason = `error event ${status}${code ? ` ${code}` : ''}: ${body?.message ?? error.message}`;
  } else if (isAbort(error)) {
    reason = 'timed out';
  }
  return new StreamInterruptedError(
    clean(`Google stream interrupted after ${partial.text.length} characters (${ctx.model}): ${reason}`),
    {
      ...base,
      partialText: partial.text,
      ...(status !== undefined ? { status } : {}),
      ...(code !== undefined ? { code } : {}),
    },
  );
}
