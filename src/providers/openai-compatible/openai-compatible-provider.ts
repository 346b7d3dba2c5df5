import type OpenAI from 'openai';
import { ConfigError } from '../../errors.js';
import { lazyOpenAIClient } from '../openai/openai-adapter-config.js';
import { createOpenAIChatAdapter } from '../openai/openai-chat-model.js';
import type { ProviderAdapter, ProviderOptions } from '../spec/provider.js';

/** Options of `openaiCompatible()`: any host that speaks OpenAI Chat Completions. */
export interface OpenAICompatibleProviderOptions extends ProviderOptions<OpenAI> {
  /** Adapter name, e.g. `deepseek`; appears in errors, the ledger and spans. */
  name: string;
  /** The host's OpenAI-compatible base URL, `/v1` included. Required unless `client` is given. */
  baseURL?: string;
  /** Provider id in the price catalog (`@pydantic/genai-prices`); leave undefined for self-hosted models. */
  priceProviderId?: string;
  /** Extra headers sent with every request (OpenRouter's `HTTP-Referer`, say). */
  headers?: Record<string, string>;
}

/** Sent when a host needs no key: the SDK refuses to build a client without one. */
const NO_KEY = 'not-needed';

/**
 * A provider for an OpenAI-compatible host, over the OpenAI SDK's Chat Completions.
 * It never reads `OPENAI_API_KEY`, `OPENAI_ORG_ID` or `OPENAI_PROJECT_ID`: OpenAI's credentials
 * must not be sent to another host.
 */
export function openaiCompatible(options: OpenAICompatibleProviderOptions): ProviderAdapter {
  if (!options.client && !options.baseURL) {
    throw new ConfigError([
      {
        path: `providers.${options.name}.baseURL`,
        message: 'required for an OpenAI-compatible provider (or pass `client`)',
      },
    ]);
  }
  const client = lazyOpenAIClient(options.client, () => ({
    apiKey: options.apiKey || NO_KEY,
    baseURL: options.baseURL ?? null,
    organization: null,
    project: null,
    ...(options.headers ? { defaultHeaders: options.headers } : {}),
  }));
  return createOpenAIChatAdapter({ name: options.name, priceProviderId: options.priceProviderId, ...client });
}
