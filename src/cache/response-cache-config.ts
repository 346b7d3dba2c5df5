import { lazySchema } from '../core/lazy-zod.js';
import type { Embedder } from '../embedders/embedder.js';
import type { SemanticJudgeConfig } from './semantic-judge.js';

/** A user's second check of a semantic match: does `candidate`'s cached answer also answer `query`? */
export type SemanticVerify = (query: string, candidate: string) => boolean | Promise<boolean>;

/** Which parts of the lexical check a semantic match must pass (see `lexical-check.ts`). */
export interface LexicalCheckSettings {
  /** Numbers (digits and number words) must agree. Default true. */
  numbers?: boolean;
  /** Negations (not, no, never, n't, without…) must agree. Default true. */
  negations?: boolean;
  /** Capitalized words and acronyms of one question must appear in the other. Default true. */
  entities?: boolean;
  /** The same words in swapped roles ("Are cats afraid of tigers?" / "Are tigers afraid of cats?") differ. Default true. */
  order?: boolean;
  /** Both must ask for the same kind of thing: a reason (why), place, time, person, count or amount. Default true. */
  questionWords?: boolean;
  /** Rare content words (outside a list of common words) of one question must appear in the other. Default true. */
  rareWords?: boolean;
  /** How many rare words may appear in one question only (with `rareWords`). Default 0. */
  maxRareWordDifferences?: number;
}

/** The semantic cache: serves a stored answer to a question that means the same thing. */
export interface SemanticCacheConfig {
  /** Turns the last user turn into a vector, e.g. `universalSentenceEncoder()`. */
  embedder: Embedder;
  /** How long an entry lives; default 1 hour. */
  ttlMs?: number;
  /** Entries kept in the in-memory index, least recently used out first; default 10,000. */
  maxEntries?: number;
  /** Cosine similarity a match must reach; default calibrated for the bundled encoder (see docs/caching.md). */
  threshold?: number;
  /** Which lexical rules a match must pass, or `false` to skip the lexical check; default every rule. */
  lexical?: LexicalCheckSettings | false;
  /** An extra check of your own, run on a match after the lexical check. */
  verify?: SemanticVerify;
  /**
   * A cheap model (an alias of the router) asked whether the two questions have the same answer, run last on the
   * best candidate that passed every other check; its calls are charged to the request, its verdicts cached.
   */
  judge?: SemanticJudgeConfig;
  /** A feedback score below this on a cache-served request evicts the entry; default 0.5. */
  evictBelowScore?: number;
}

/** The exact cache's settings: on with the default TTL (1 hour), or with your own. */
export type ExactCacheConfig = true | { ttlMs?: number };

/** `createRouter({ responseCache })`: the router's response caches (not `request.cache`, the provider's prompt cache). */
export interface ResponseCacheConfig {
  /** Serve a repeated identical request from the cache. */
  exact?: ExactCacheConfig;
  /** Serve a request whose last user turn means the same as a cached one's (everything else identical). */
  semantic?: SemanticCacheConfig;
  /** Refuse cacheable requests without `metadata.tenant` instead of using the shared default scope. */
  requireTenant?: boolean;
}

/** Per-request cache control: `false` opts out, `{ ttlMs }` marks the request cacheable (and sets its entry's TTL). */
export type RequestResponseCache = false | { ttlMs?: number };

const schemas = lazySchema((z) => {
  const ttlMs = z.number().int().positive();

  /** An Embedder: a name, a positive integer `dimensions`, `embed`, and `embedWithCost` / `worstCase` functions if set. */
  const isEmbedder = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null) return false;
    const { name, dimensions, embed, embedWithCost, worstCase } = value as Record<string, unknown>;
    return (
      typeof name === 'string' &&
      name !== '' &&
      typeof dimensions === 'number' &&
      Number.isInteger(dimensions) &&
      dimensions > 0 &&
      typeof embed === 'function' &&
      (embedWithCost === undefined || typeof embedWithCost === 'function') &&
      (worstCase === undefined || typeof worstCase === 'function')
    );
  };
  const embedderSchema = z.custom<Embedder>(isEmbedder, {
    message:
      'must be an Embedder ({ name, dimensions: a positive integer, embed(), and embedWithCost() / worstCase() if ' +
      'set, as functions}), e.g. universalSentenceEncoder()',
  });

  const lexicalSchema = z
    .object({
      numbers: z.boolean().optional(),
      negations: z.boolean().optional(),
      entities: z.boolean().optional(),
      order: z.boolean().optional(),
      questionWords: z.boolean().optional(),
      rareWords: z.boolean().optional(),
      maxRareWordDifferences: z.number().int().min(0).optional(),
    })
    .strict();

  const responseCache = z
    .object({
      exact: z
        .union([z.literal(true), z.object({ ttlMs: ttlMs.optional() }).strict()], {
          error: 'must be true or { ttlMs } (leave it out for no exact cache)',
        })
        .optional(),
      semantic: z
        .object({
          embedder: embedderSchema,
          ttlMs: ttlMs.optional(),
          maxEntries: z.number().int().positive().optional(),
          threshold: z.number().min(-1).max(1).optional(),
          lexical: z
            .union([z.literal(false), lexicalSchema], { error: 'must be false or an object of lexical rules' })
            .optional(),
          verify: z
            .custom<SemanticVerify>((value) => typeof value === 'function', { message: 'must be a function' })
            .optional(),
          evictBelowScore: z.number().min(0).max(1).optional(),
          judge: z
            .object({
              model: z.string().min(1),
              prompt: z.string().min(1).optional(),
              maxOutputTokens: z.number().int().positive().optional(),
              ttlMs: ttlMs.optional(),
            })
            .strict()
            .optional(),
        })
        .strict()
        .optional(),
      requireTenant: z.boolean().optional(),
    })
    .strict();

  const requestResponseCache = z.union([z.literal(false), z.object({ ttlMs: ttlMs.optional() }).strict()], {
    error: 'must be false or { ttlMs }',
  });
  return { responseCache, requestResponseCache };
});

/** Zod schema of `ResponseCacheConfig` (part of the router config schema). */
export const responseCacheSchema = () => schemas().responseCache;

/** Zod schema of a request's `responseCache`. */
export const requestResponseCacheSchema = () => schemas().requestResponseCache;

/** Default TTL of a cache entry: 1 hour. */
export const DEFAULT_CACHE_TTL_MS = 60 * 60 * 1000;
/** Default bound of the semantic index. */
export const DEFAULT_SEMANTIC_MAX_ENTRIES = 10_000;
