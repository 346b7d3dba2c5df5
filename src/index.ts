// The public surface of routewise: everything a user imports, nothing else.

export { warmUpTokenCounter } from './budgets/count-o200k-tokens.js';
export type { EstimateInputOptions } from './budgets/estimate-input-tokens.js';
export { estimateInputTokens, IMAGE_TOKENS, NON_OPENAI_SAFETY_FACTOR } from './budgets/estimate-input-tokens.js';
export type { ImageEstimateOptions } from './budgets/estimate-image-tokens.js';
export { estimateImageTokens } from './budgets/estimate-image-tokens.js';
export type { ImageSize } from './budgets/read-image-size.js';
export { readImageSize } from './budgets/read-image-size.js';
export type { BudgetScope, ProviderErrorDetails, ProviderErrorKind, ValidationIssue } from './errors.js';
// Errors
export {
  BudgetExceededError,
  ConfigError,
  ContextWindowExceededError,
  InvalidRequestError,
  MalformedResponseError,
  ProviderError,
  RouteExhaustedError,
  RoutewiseError,
  StreamInterruptedError,
} from './errors.js';
export type { CostBreakdown } from './pricing/cost-of-usage.js';
export { InconsistentUsageError } from './pricing/cost-of-usage.js';
export type { ModelPricing, PriceCatalog, PriceLookup } from './pricing/price-catalog.js';
// Pricing and estimates
export { createPriceCatalog } from './pricing/price-catalog.js';
export type { PriceOverride } from './pricing/price-override.js';
export type { WorstCaseCall } from './pricing/worst-case-cost.js';
export { worstCaseCostUsd } from './pricing/worst-case-cost.js';
export type {
  AnthropicRequestOptions,
  GoogleRequestOptions,
  OpenAIRequestOptions,
  RequestProviderOptions,
} from './providers/spec/provider-options.js';
export type { AnthropicProviderOptions } from './providers/anthropic/anthropic-provider.js';
export { anthropic } from './providers/anthropic/anthropic-provider.js';
export type { GoogleProviderOptions } from './providers/google/google-provider.js';
export { google } from './providers/google/google-provider.js';
export type { OpenAIProviderOptions } from './providers/openai/openai-provider.js';
export { openai } from './providers/openai/openai-provider.js';
export type { MaxTokensField } from './providers/openai/openai-chat-dialect.js';
export type { OpenAICompatibleProviderOptions } from './providers/openai-compatible/openai-compatible-provider.js';
export { openaiCompatible } from './providers/openai-compatible/openai-compatible-provider.js';
export type { OpenAICompatiblePresetOptions } from './providers/openai-compatible/presets.js';
export {
  deepseek,
  fireworks,
  groq,
  ollama,
  openrouter,
  together,
  vllm,
} from './providers/openai-compatible/presets.js';
export { budgetToEffort, EFFORT_TO_BUDGET } from './providers/reasoning.js';
// Providers: the normalized types and the reasoning table
export * from './providers/spec/index.js';
export type { AttemptRecord } from './router/attempt.js';
export type { ModelConfig, RouterConfig, RouterDefaults } from './router/config.js';
export type { Router, RouterStream, RouterStreamEvent } from './router/create-router.js';
// Router
export { createRouter } from './router/create-router.js';
export type {
  RoutewiseChatCompletion,
  RoutewiseChatCompletionChunk,
  RoutewiseChatCompletionCreateParams,
  RoutewiseChatCompletionStream,
  RoutewiseChatOptions,
  RoutewiseChatRequestOptions,
  RoutewiseCompletionInfo,
  RoutewiseOpenAI,
} from './openai-client/openai-client-types.js';
export { UnsupportedParameterError } from './openai-client/unsupported-parameter-error.js';
export type { TelemetryConfig } from './telemetry/telemetry-config.js';
export type { RequestMetadata, RouterRequest } from './router/request.js';
export type { CostInfo, RouteInfo, RouterResult } from './router/result.js';
export type { RetryOptions } from './core/retry-options.js';
export { DEFAULT_RETRY_OPTIONS } from './core/retry-options.js';
// Routing policies, cascades and acceptance checks (the live router's AcceptanceCheck; the evaluator's recorded-answer
// check is exported as RecordedAcceptanceCheck)
export type { AcceptanceCheck } from './router/acceptance/index.js';
export * from './router/acceptance/index.js';
export * from './router/policies/index.js';
// A/B experiments, per-arm statistics, feedback and shadow policies
export * from './router/experiments/index.js';
export type {
  CheckRecord,
  ExtraCharge,
  PinnedRouteInfo,
  PolicyRouteInfo,
  StepRecord,
  StepVerdict,
} from './router/result.js';

// Difficulty classifiers
export * from './classifiers/index.js';
// Calibration: thresholds and λ from labelled data or recorded outcomes
export * from './calibration/index.js';
// The LLM classifier (a model rates difficulty; it routes through a router of its own)
export * from './llm-classifier/index.js';

// Embedders (embeddingKnn; shared with the semantic cache)
export * from './embedders/index.js';

// Offline evaluation (the engine behind `routewise eval`)
export type { AcceptanceCheck as RecordedAcceptanceCheck } from './eval/index.js';
export * from './eval/index.js';

// Stores (shared counters, reservations and values) and router events
export * from './stores/index.js';
export type {
  AlertType,
  RouterAlert,
  RouterEventListener,
  RouterEventMap,
  RouterEvents,
} from './core/router-events.js';
// Running caps (budgets) and withBudget runs
export type { BudgetCap, BudgetsConfig } from './budgets/cap-config.js';
export type { OnStoreError } from './budgets/budget-gate.js';
export type { RunLimits, RunUsage, ScopedRouter } from './router/with-budget.js';

// Response caches (exact and semantic; not `request.cache`, the provider's prompt cache)
export * from './cache/index.js';
// The spend ledger: one row per attempt; sinks; spend queries
export * from './ledger/index.js';
// The spend report and forecast (`routewise report`, `routewise forecast`) over ledger rows
export * from './spend-report/index.js';

// Client-side rate limits (rpm / tpm per alias or provider, shared through the store)
export * from './rate-limits/index.js';
