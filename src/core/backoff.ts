import type { ResolvedRetryOptions } from './retry-options.js';

/**
 * Delay before retry number `retry` (1-based): the provider's requested delay when it sent one
 * (clamped to `maxRetryAfterMs`), else exponential backoff with full jitter:
 * a uniform draw in [0, min(maxDelayMs, baseDelayMs × 2^(retry-1))].
 */
export function retryDelayMs(
  retry: number,
  options: ResolvedRetryOptions,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxRetryAfterMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** Sleeps for `ms`, or rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
