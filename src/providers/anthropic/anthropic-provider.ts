import type Anthropic from '@anthropic-ai/sdk';
import { loadSdkFirst } from '../shared/load-sdk-first.js';
import { isNodeFetch, noTimeoutDispatcher } from '../shared/no-timeout-dispatcher.js';
import type { ProviderAdapter, ProviderOptions } from '../spec/provider.js';
import type { CallOptions, ChatRequest } from '../spec/request.js';
import type { ChatStreamEvent } from '../spec/response.js';
import type { AnthropicCallContext } from './anthropic-error.js';
import { completeAnthropicMessage, streamAnthropicMessage } from './anthropic-messages-model.js';
import { anthropicSdk } from './anthropic-sdk.js';

/** Options of the `anthropic()` factory: `{ apiKey, baseURL, client }`. */
export type AnthropicProviderOptions = ProviderOptions<Anthropic>;

/**
 * The Anthropic adapter, over the official `@anthropic-ai/sdk` (Messages API). A `client` passed in is
 * used as given; otherwise one is built on first use from `apiKey` / `baseURL` (or the SDK's
 * `ANTHROPIC_API_KEY` / `ANTHROPIC_BASE_URL`). Either way every call sends `maxRetries: 0`. The SDK itself is
 * loaded when this factory first runs, not when routewise is imported.
 */
export function anthropic(options: AnthropicProviderOptions = {}): ProviderAdapter {
  // Kept in this closure, never on the adapter object, so the key cannot leak through a log of it.
  const { apiKey, baseURL, client: given } = options;
  let built: Anthropic | undefined;
  // Built lazily: the SDK captures `fetch` at construction, and a lazily built client sees the fetch
  // in place at the first call (instrumentation, test interceptors).
  const getClient = (): Anthropic => {
    if (given) return given;
    built ??= new (anthropicSdk.get().Anthropic)({
      ...(apiKey !== undefined ? { apiKey } : {}),
      ...(baseURL !== undefined ? { baseURL } : {}),
      maxRetries: 0,
      // Without undici's 300 s header and body timeouts: the router's `timeoutMs` is the limit that holds.
      ...(isNodeFetch
        ? { fetchOptions: { dispatcher: noTimeoutDispatcher } as Anthropic.RequestOptions['fetchOptions'] }
        : {}),
    });
    return built;
  };
  // The client's own credentials too: a key read from ANTHROPIC_API_KEY must not reach a message either.
  const context = (model: string, client: Anthropic): AnthropicCallContext => ({
    provider: 'anthropic',
    model,
    secrets: [apiKey, client.apiKey ?? undefined, client.authToken ?? undefined],
  });

  const adapter: ProviderAdapter = {
    name: 'anthropic',
    priceProviderId: 'anthropic',
    complete(model: string, request: ChatRequest, callOptions?: CallOptions) {
      const client = getClient();
      return completeAnthropicMessage(client, context(model, client), request, callOptions);
    },
    stream(model: string, request: ChatRequest, callOptions?: CallOptions): AsyncIterable<ChatStreamEvent> {
      const client = getClient();
      return streamAnthropicMessage(client, context(model, client), request, callOptions);
    },
  };
  return loadSdkFirst(adapter, anthropicSdk);
}
