import type { LedgerAlertsConfig } from '../ledger/alerts/ledger-alerts.js';
import type { Ledger } from '../ledger/ledger.js';
import type { TelemetryConfig } from '../telemetry/telemetry-config.js';
import type { RateLimitsConfig } from '../rate-limits/rate-limit-config.js';
import type { PriceOverride } from '../pricing/price-override.js';
import type { ProviderAdapter } from '../providers/spec/provider.js';
import type { RequestProviderOptions } from '../providers/spec/provider-options.js';
import type { ReasoningSetting } from '../providers/spec/request.js';
import type { BudgetsConfig } from '../budgets/cap-config.js';
import type { ResponseCacheConfig } from '../cache/response-cache-config.js';
import type { Store } from '../stores/store.js';
import type { ExperimentConfig } from './experiments/experiment-config.js';
import type { PolicyLike } from './policies/policy.js';
import type { RetryOptions } from '../core/retry-options.js';

/** One model alias: which provider serves it, under which model id, with which caps. */
export interface ModelConfig {
  /** Key of a configured provider. */
  provider: string;
  /** The provider's model id, e.g. `gemini-2.5-flash`. */
  model: string;
  /** This model's default output cap (reasoning included). */
  maxOutputTokens?: number;
  /** This model's default reasoning effort or thinking budget. */
  reasoning?: ReasoningSetting;
  /** Context window in tokens; defaults to the price catalog's figure when it has one. */
  contextWindow?: number;
  /**
   * The model's own maximum output tokens: a larger cap is lowered to it, with a warning. Defaults to routewise's
   * table of well-known models (`src/providers/model-limits.ts`), else the context window.
   */
  outputTokenLimit?: number;
  /** Provider options sent with every call to this alias (a request's own `providerOptions` fields win). */
  providerOptions?: RequestProviderOptions;
  /** Aliases tried in order when this model's provider still fails after retries (their own fallbacks are not followed). */
  fallbacks?: string[];
}

/** Router-wide defaults. */
export interface RouterDefaults {
  /** Output cap when neither the request nor the model sets one. Default 4096. */
  maxOutputTokens?: number;
  /**
   * Deadline of one attempt, in ms, from sending the request to the last byte of the answer (a body that trickles
   * does not extend it). Default 600000 (10 minutes, the SDKs' own default). A timed-out attempt is retried.
   */
  timeoutMs?: number;
  /**
   * Longest wait for the next event of a stream, in ms (reasoning and tool events count; pings and SSE comments do
   * not). Default 300000 (5 minutes: a reasoning model may think that long without sending anything).
   */
  streamIdleTimeoutMs?: number;
  /**
   * Worst-case input tokens of one image whose size is not known (given by URL), for budget and context-window
   * checks. Inline images (base64, data URLs) are sized from their header and priced by the provider's formula.
   * Default: the model's documented maximum (Claude 1,600, gpt-4.1-nano 3,779, gpt-4o 1,445, Gemini 3 1,120), else
   * `IMAGE_TOKENS` (3,800).
   */
  imageTokens?: number;
}

/** What `createRouter` accepts. */
export interface RouterConfig {
  /** Provider adapters by name, e.g. `{ openai: openai(), anthropic: anthropic() }`. */
  providers: Record<string, ProviderAdapter>;
  /** Model aliases by name. */
  models: Record<string, ModelConfig>;
  /** Price overrides on top of the catalog, keyed `provider:model` or `model` (USD per million tokens). */
  prices?: Record<string, PriceOverride>;
  /** The retry layer's settings. */
  retry?: RetryOptions;
  /** Router-wide defaults. */
  defaults?: RouterDefaults;
  /** Routes requests that pin no `model`: `cascade(...)`, `fixed(alias)`, or a function of the request. */
  policy?: PolicyLike;
  /** A/B experiments: each splits unpinned requests over arms, each arm's policy routing its share (see docs/routing.md). */
  experiments?: ExperimentConfig[];
  /**
   * How long a shared store (Redis, PostgreSQL) remembers an answered experiment or `learnPerTask` request, so
   * `router.feedback` on it still counts, in ms. Default `FEEDBACK_TTL_MS` (24 hours). The memory store keeps the
   * last `FEEDBACK_WINDOW` (50,000) instead.
   */
  feedbackTtlMs?: number;
  /** Shared state (budgets, rate limits, experiment statistics): `redisStore(…)`, `postgresStore(…)`; default `memoryStore()`. */
  store?: Store;
  /** The default per-request cap and running caps per tenant, user and feature, held atomically in the store. */
  budgets?: BudgetsConfig;
  /** When the store cannot be reached: `fail-closed` (default) refuses capped requests; `fail-open` serves, counts locally and reconciles. */
  onStoreError?: 'fail-closed' | 'fail-open';
  /**
   * Response caches (not `request.cache`, the provider's prompt cache): `{ exact: true, semantic: { embedder } }`.
   * Entries live in `store`, scoped by `metadata.tenant`; see docs/caching.md for which requests are cacheable.
   */
  responseCache?: ResponseCacheConfig;
  /** Where every attempt is recorded: `memoryLedger()` (the default), `jsonlLedger({ path })`, `postgresLedger({ url })`. */
  ledger?: Ledger;
  /** Client-side rate limits per alias or provider name, e.g. `{ mini: { rpm: 500, tpm: 200_000 } }`, shared through the store. */
  rateLimits?: RateLimitsConfig;
  /** The ledger's alert checks (spend spike, model-mix shift, retry storm): settings, or `false` per check. */
  alerts?: LedgerAlertsConfig;
  /**
   * OpenTelemetry spans and metrics (GenAI conventions), through `@opentelemetry/api`: on by default and a no-op
   * until the app registers an SDK; `recordContent: true` adds prompts and answers to spans.
   */
  telemetry?: TelemetryConfig;
}
