import type { CacheSetting } from '../../core/cache-setting.js';
import type { Message } from './message.js';
import type { RequestProviderOptions } from './provider-options.js';

export type { CacheSetting } from '../../core/cache-setting.js';

/** A JSON schema, as a plain object. */
export type JsonSchema = Record<string, unknown>;

/** Anything with zod's `safeParse` (a zod schema); kept structural so users' zod version does not matter. */
export interface ZodLike<T = unknown> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

/** A tool the model may call. `parameters` is a JSON schema or a zod object schema. */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters: JsonSchema | ZodLike;
}

/** How the model may use tools: let it decide, forbid, require any, or require one by name. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** Structured output: the answer must be JSON matching this schema (JSON schema or zod). */
export interface OutputSpec<Output = unknown> {
  /** JSON schema, or a zod schema (whose type then types `res.output`). */
  schema: ZodLike<Output> | JsonSchema;
  /** A name for the schema, sent where the provider wants one. Default `output`. */
  name?: string;
}

/** Reasoning effort levels, mapped to each provider's own form (see `src/providers/reasoning.ts`). */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high';

/** A cap on reasoning: an effort level or an explicit thinking-token budget. */
export type ReasoningSetting = { effort: ReasoningEffort } | { budgetTokens: number };

/**
 * The normalized request every adapter accepts. The router resolves `maxOutputTokens`
 * before it reaches an adapter, so adapters always see a finite cap.
 */
export interface ChatRequest {
  /** The conversation. System messages may appear anywhere; adapters hoist them where needed. */
  messages: Message[];
  /** A system prompt, sent before any system messages. */
  system?: string;
  /** Cap on all billed output of the call, reasoning included. */
  maxOutputTokens: number;
  /** Reasoning effort or thinking budget. */
  reasoning?: ReasoningSetting;
  /** Tools the model may call. */
  tools?: ToolDefinition[];
  /** How tools may be used. */
  toolChoice?: ToolChoice;
  /** Structured output schema. */
  output?: OutputSpec;
  /** Sampling temperature (not every provider accepts it; a dropped field becomes a warning). */
  temperature?: number;
  /** Stop sequences. */
  stop?: string[];
  /** Ask for output-token log-probabilities (OpenAI Chat Completions returns them; other adapters ignore it). */
  logprobs?: boolean;
  /** Ask the provider to cache the prompt prefix so repeated long prefixes are billed at cache-read rates. */
  cache?: CacheSetting;
  /** Provider options passed through to the provider request (`topP`, `seed`, raw fields); never a cap. */
  providerOptions?: RequestProviderOptions;
}

/** Per-call options passed down to the SDK call. */
export interface CallOptions {
  /** Abort signal for this attempt. */
  signal?: AbortSignal;
  /** Timeout for this attempt in milliseconds. */
  timeoutMs?: number;
  /**
   * A streaming call invokes it on each event the provider sends (reasoning, tool and usage events included, pings
   * and SSE comments not): the router's stream idle timeout restarts on it.
   */
  onEvent?: () => void;
  /** Extra HTTP headers for this call (the request's `headers`). */
  headers?: Record<string, string>;
  /**
   * Offered by the router when nothing but its own `timeoutMs` deadline can abort a non-streamed attempt (no caller
   * signal): `signal` is then built only when read. An adapter whose SDK stops the call by itself once `timeoutMs`
   * has passed before the response headers (the SDKs' `timeout` option) may leave `signal` unread and register here
   * to stop reading the body when the deadline runs out; `stop` is called at most once, with the abort reason. (An
   * `AbortSignal` and an SDK's listener on it cost ~5 µs a call on Node 20.) Adapters that ignore it read `signal`.
   */
  onDeadline?: (stop: (reason: unknown) => void) => void;
}
