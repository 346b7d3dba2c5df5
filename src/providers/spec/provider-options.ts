import type { SafetySetting } from '@google/genai';

/**
 * Options for OpenAI Chat Completions and Responses, and for every OpenAI-compatible host. Typed fields are sent under
 * their wire names (`topP` → `top_p`); `extraBody` is merged into the body as given. Fields that would override a
 * cap or a field routewise sets from the request are refused (see `providerOptionsIssues`).
 */
export interface OpenAIRequestOptions {
  /** Nucleus sampling (`top_p`). */
  topP?: number;
  /** Best-effort deterministic sampling (`seed`; Chat Completions only). */
  seed?: number;
  /** Penalty on tokens by frequency so far, −2 to 2 (`frequency_penalty`; Chat Completions only). */
  frequencyPenalty?: number;
  /** Penalty on tokens already present, −2 to 2 (`presence_penalty`; Chat Completions only). */
  presencePenalty?: number;
  /** Token id → bias, −100 to 100 (`logit_bias`; Chat Completions only). */
  logitBias?: Record<string, number>;
  /** Most likely alternatives per token when `logprobs` is on, 0–20 (`top_logprobs`). */
  topLogprobs?: number;
  /** A stable id for the end user, for abuse detection (`safety_identifier`). */
  safetyIdentifier?: string;
  /** Whether the model may call several tools at once (`parallel_tool_calls`). */
  parallelToolCalls?: boolean;
  /** Processing tier (`service_tier`). */
  serviceTier?: 'auto' | 'default' | 'flex' | 'scale' | 'priority';
  /** Whether OpenAI stores the completion (`store`). */
  store?: boolean;
  /** Up to 16 string tags stored with the completion (`metadata`). */
  metadata?: Record<string, string>;
  /** Answer length hint (`verbosity`; Responses: `text.verbosity`). */
  verbosity?: 'low' | 'medium' | 'high';
  /** Raw body fields sent as given: a host's own parameters (`top_k`, `min_p`, OpenRouter's `provider`…). */
  extraBody?: Record<string, unknown>;
}

/** Options for the Anthropic Messages API; `extraBody` is merged into the body as given. */
export interface AnthropicRequestOptions {
  /** `metadata.user_id`: an opaque id for the end user. */
  userId?: string;
  /** `service_tier`: `auto` may use priority capacity, `standard_only` never does. */
  serviceTier?: 'auto' | 'standard_only';
  /** `speed`: `fast` output on models that offer it (billed at its own rate). */
  speed?: 'standard' | 'fast';
  /** `inference_geo`: where the request is processed. */
  inferenceGeo?: string;
  /** Raw body fields sent as given. */
  extraBody?: Record<string, unknown>;
}

/** Options for Gemini `generateContent`: typed fields go into `config`; `extraBody` is deep-merged into the JSON body. */
export interface GoogleRequestOptions {
  /** Nucleus sampling (`topP`). */
  topP?: number;
  /** Top-k sampling (`topK`). */
  topK?: number;
  /** Sampling seed (`seed`). */
  seed?: number;
  /** Penalty on tokens by frequency so far (`frequencyPenalty`). */
  frequencyPenalty?: number;
  /** Penalty on tokens already present (`presencePenalty`). */
  presencePenalty?: number;
  /** Per-category blocking thresholds (`safetySettings`). */
  safetySettings?: SafetySetting[];
  /** Billing labels (`labels`; Vertex AI). */
  labels?: Record<string, string>;
  /** Raw JSON body fields, deep-merged by the SDK (`httpOptions.extraBody`), e.g. `{ generationConfig: { … } }`. */
  extraBody?: Record<string, unknown>;
}

/**
 * Provider options passed through to the provider request, by provider: `openai` (OpenAI and every
 * OpenAI-compatible host), `anthropic`, `google`, and any OpenAI-compatible host by its adapter name (`deepseek`,
 * `groq`, `vllm`…; same fields as `openai`, applied after them). An adapter reads only its own keys. Nothing here
 * may override a cap (output tokens, thinking budget, reasoning effort, stream, model, number of choices).
 */
export interface RequestProviderOptions {
  /** OpenAI, and every OpenAI-compatible host. */
  openai?: OpenAIRequestOptions;
  /** Anthropic Messages. */
  anthropic?: AnthropicRequestOptions;
  /** Gemini. */
  google?: GoogleRequestOptions;
  /** An OpenAI-compatible host by adapter name. */
  [host: string]: OpenAIRequestOptions | AnthropicRequestOptions | GoogleRequestOptions | undefined;
}
