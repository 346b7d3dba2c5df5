import { lazySchema } from '../core/lazy-zod.js';

/** One bucket's client-side limits (an alias's or a provider's), shared by every instance through the store. */
export interface RateLimit {
  /** Requests (attempts) per minute. */
  rpm?: number;
  /** Tokens per minute: each attempt holds its worst case (estimated input + output cap), settled to actual usage. */
  tpm?: number;
  /** How long an attempt may wait for room before `RateLimitedError`, ms. Default 30,000. */
  maxWaitMs?: number;
}

/** `config.rateLimits`: buckets keyed by model alias or provider name; an attempt draws from every bucket it is in. */
export type RateLimitsConfig = Record<string, RateLimit>;

/** The default longest wait for room in a bucket. */
export const DEFAULT_MAX_WAIT_MS = 30_000;

const schemas = lazySchema((z) => {
  const rateLimitsSchema = z.record(
    z.string(),
    z
      .object({
        rpm: z.number().int().positive().optional(),
        tpm: z.number().int().positive().optional(),
        maxWaitMs: z.number().int().min(0).optional(),
      })
      .strict()
      .refine((limit) => limit.rpm !== undefined || limit.tpm !== undefined, 'set rpm, tpm or both'),
  );
  return { rateLimitsSchema };
});

/** Zod schema of `config.rateLimits`. */
export const rateLimitsSchema = () => schemas().rateLimitsSchema;
