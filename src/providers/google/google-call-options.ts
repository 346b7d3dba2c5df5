import type { GenerateContentConfig } from '@google/genai';

/**
 * Adds the per-call transport options to a request config: the abort signal and `httpOptions.timeout` (ms,
 * per attempt). `retryOptions` is never set, so the SDK makes exactly one attempt (PROVIDERS.md §3.5) and
 * the routewise retry layer is the only one.
 */
export function withGoogleCallOptions(
  config: GenerateContentConfig,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): GenerateContentConfig {
  const out: GenerateContentConfig = { ...config };
  if (signal) out.abortSignal = signal;
  if (timeoutMs !== undefined && timeoutMs > 0) out.httpOptions = { timeout: timeoutMs };
  return out;
}
