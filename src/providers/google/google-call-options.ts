import type { GenerateContentConfig } from '@google/genai';
import type { GoogleFetch } from './google-call-fetch.js';

/**
 * Adds the per-call transport options to a request config: the abort signal, `httpOptions.timeout` (ms,
 * per attempt), the call's `fetch` (see `googleCallFetch`) and its extra headers. `retryOptions` is never set, so the SDK makes
 * exactly one attempt (PROVIDERS.md §3.5) and the routewise retry layer is the only one.
 */
export function withGoogleCallOptions(
  config: GenerateContentConfig,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
  fetch?: GoogleFetch,
  headers?: Record<string, string>,
): GenerateContentConfig {
  const out: GenerateContentConfig = { ...config };
  if (signal) out.abortSignal = signal;
  // Spread, not replace: `httpOptions.extraBody` may carry the request's provider options.
  const httpOptions: NonNullable<GenerateContentConfig['httpOptions']> = { ...out.httpOptions };
  if (timeoutMs !== undefined && timeoutMs > 0) httpOptions.timeout = timeoutMs;
  if (fetch) httpOptions.fetch = fetch;
  if (headers) httpOptions.headers = { ...httpOptions.headers, ...headers };
  if (Object.keys(httpOptions).length > 0) out.httpOptions = httpOptions;
  return out;
}
