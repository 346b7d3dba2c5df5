import { lazySchema } from './lazy-zod.js';

/** How the one retry layer retries a failed provider call. */
export interface RetryOptions {
  /** Retries after the first attempt (so `retries + 1` attempts at most). Default 2. */
  retries?: number;
  /** Base of the exponential backoff, in ms: attempt n waits up to `baseDelayMs × 2^(n-1)`. Default 500. */
  baseDelayMs?: number;
  /** Cap on one backoff delay, in ms. Default 8000. */
  maxDelayMs?: number;
  /** Ceiling on a provider's `retry-after` / `retry-after-ms` delay, in ms. Default 30000. */
  maxRetryAfterMs?: number;
}

/** Retry options with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** The defaults: 2 retries, 500 ms base, 8 s cap, retry-after honoured up to 30 s. */
export const DEFAULT_RETRY_OPTIONS: ResolvedRetryOptions = {
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 30_000,
};

/** Zod schema of `RetryOptions`. */
const schemas = lazySchema((z) => {
  const retryOptionsSchema = z
    .object({
      retries: z.number().int().min(0).max(10).optional(),
      baseDelayMs: z.number().finite().min(0).optional(),
      maxDelayMs: z.number().finite().min(0).optional(),
      maxRetryAfterMs: z.number().finite().min(0).optional(),
    })
    .strict();
  return { retryOptionsSchema };
});

export const retryOptionsSchema = () => schemas().retryOptionsSchema;
