import type OpenAI from 'openai';
import { isNodeFetch, noTimeoutDispatcher } from '../shared/no-timeout-dispatcher.js';
import type { OpenAIChatDialect } from './openai-chat-dialect.js';
import type { OpenAICallContext } from './openai-error.js';
import { openaiSdk } from './openai-sdk.js';

/** What an OpenAI-SDK adapter needs: its names, and a client built on first use. */
export interface OpenAIAdapterConfig {
  /** Adapter name (`openai`, `deepseek`, …), used in errors. */
  name: string;
  /** Provider id in the price catalog, or undefined for self-hosted servers. */
  priceProviderId: string | undefined;
  /** The SDK client; built on first call, so a missing key fails the call, not the router's construction. */
  getClient: () => OpenAI;
  /** Secrets to strip from error messages (the API key in use). */
  secrets: () => ReadonlyArray<string | undefined>;
  /** How the host's Chat Completions body differs from OpenAI's (cap field, stop limit); OpenAI's own by default. */
  chatDialect?: OpenAIChatDialect;
}

/** Options for building an SDK client when the caller did not pass one. */
export type OpenAIClientOptions = NonNullable<ConstructorParameters<typeof OpenAI>[0]>;

/**
 * A lazily built client plus the secrets to redact. A given client is used as is; a built one also
 * gets `maxRetries: 0` (every call sets it again per request anyway) and, on Node, a dispatcher without
 * undici's 300 s header and body timeouts, so that the router's `timeoutMs` is the limit that holds.
 * The key stays in this closure, never on an enumerable property.
 */
export function lazyOpenAIClient(
  given: OpenAI | undefined,
  build: () => OpenAIClientOptions,
): Pick<OpenAIAdapterConfig, 'getClient' | 'secrets'> {
  let client = given;
  const getClient = () => {
    client ??= new (openaiSdk.get().OpenAI)({
      ...build(),
      maxRetries: 0,
      ...(isNodeFetch ? { fetchOptions: { dispatcher: noTimeoutDispatcher } } : {}),
    });
    return client;
  };
  // Asked before the first call has built the client too, so fall back to the configured key.
  const secrets = () => {
    const key = client ? client.apiKey : build().apiKey;
    return typeof key === 'string' ? [key] : [];
  };
  return { getClient, secrets };
}

/** The error context of one call: the adapter's name, the model, and the secrets to redact. */
function openAICallContext(config: OpenAIAdapterConfig, model: string): OpenAICallContext {
  return {
    provider: config.name,
    model,
    // Read when an error is built: the client (and so its key) may not exist before the first call.
    get secrets() {
      return config.secrets();
    },
  };
}

/**
 * The call contexts of one adapter, one per model, built on its first call and reused (the per-call object with a
 * getter showed in the hot path); bounded, since model names come from requests.
 */
export function openAICallContexts(config: OpenAIAdapterConfig): (model: string) => OpenAICallContext {
  const contexts = new Map<string, OpenAICallContext>();
  return (model) => {
    let ctx = contexts.get(model);
    if (!ctx) {
      ctx = openAICallContext(config, model);
      if (contexts.size >= 1000) contexts.clear();
      contexts.set(model, ctx);
    }
    return ctx;
  };
}
