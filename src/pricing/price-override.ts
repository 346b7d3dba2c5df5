import type * as Zod from 'zod';
import { lazySchema } from '../core/lazy-zod.js';

/**
 * A user-supplied price for one model: a negotiated rate, a self-hosted model, or a model the catalog does not
 * know yet. Prices are USD per million tokens. An override replaces the catalog price of that model entirely,
 * so give its cache prices too: a cache read or write with no price of its own is billed at `inputPerMTok`.
 */
export interface PriceOverride {
  /** USD per million uncached input tokens. */
  inputPerMTok: number;
  /** USD per million output tokens, reasoning included. */
  outputPerMTok: number;
  /** USD per million input tokens read from the prompt cache (default: `inputPerMTok`). */
  cachedInputPerMTok?: number;
  /** USD per million input tokens written to the prompt cache (default: `inputPerMTok`). */
  cacheWritePerMTok?: number;
  /** USD per million input tokens written with a one-hour TTL (needs `cacheWritePerMTok`; default: that rate). */
  cacheWrite1hPerMTok?: number;
  /** The model's context window in tokens, when the catalog does not know it or you want a smaller one. */
  contextWindow?: number;
}

const schemas = lazySchema((z) => {
  const usdPerMTok = z.number().finite().nonnegative();

  const priceOverrideSchema = z
    .object({
      inputPerMTok: usdPerMTok,
      outputPerMTok: usdPerMTok,
      cachedInputPerMTok: usdPerMTok.optional(),
      cacheWritePerMTok: usdPerMTok.optional(),
      cacheWrite1hPerMTok: usdPerMTok.optional(),
      contextWindow: z.number().int().positive().optional(),
    })
    .strict()
    // genai-prices prices a 1h write as a part of all cache writes, so it needs the parent rate (it throws otherwise).
    .refine((price) => price.cacheWrite1hPerMTok === undefined || price.cacheWritePerMTok !== undefined, {
      message: 'cacheWrite1hPerMTok needs cacheWritePerMTok (the 5-minute write rate) as well',
      path: ['cacheWrite1hPerMTok'],
    }) satisfies Zod.ZodType<PriceOverride>;
  return { priceOverrideSchema };
});

/** The zod schema of a `PriceOverride`; the router's config schema reuses it under `prices`. */
export const priceOverrideSchema = () => schemas().priceOverrideSchema;
