import type { PriceOverride } from '../../pricing/price-override.js';
import type { CallOptions, ChatRequest } from './request.js';
import type { ChatResponse, ChatStreamEvent } from './response.js';

/** What every provider adapter implements; the router only ever talks to this. */
export interface ProviderAdapter {
  /** Adapter kind, e.g. `openai`, `anthropic`, `google`, `deepseek`. */
  readonly name: string;
  /** The provider id in the price catalog (`@pydantic/genai-prices`), or undefined for self-hosted. */
  readonly priceProviderId: string | undefined;
  /**
   * A price the adapter knows for one of its models (the recorded provider's, derived from its data), used when
   * neither the router's `prices` nor the catalog has one. Real provider adapters leave it unset.
   */
  ownPrice?(model: string): PriceOverride | undefined;
  /** One non-streaming call. Throws `ProviderError` on failure. */
  complete(model: string, request: ChatRequest, options?: CallOptions): Promise<ChatResponse>;
  /** One streaming call: text deltas then one `finish`. A stream cut short throws `StreamInterruptedError`. */
  stream(model: string, request: ChatRequest, options?: CallOptions): AsyncIterable<ChatStreamEvent>;
}

/** Options every provider factory accepts. */
export interface ProviderOptions<Client> {
  /** API key; defaults to the SDK's own environment variable. */
  apiKey?: string;
  /** Base URL of the API. */
  baseURL?: string;
  /** A client instance to use as given (its retry settings are the caller's responsibility). */
  client?: Client;
}
