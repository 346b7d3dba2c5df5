import type OpenAI from 'openai';
import { ConfigError } from '../../errors.js';
import { lazyOpenAIClient } from '../openai/openai-adapter-config.js';
import { createOpenAIChatAdapter } from '../openai/openai-chat-model.js';
import type { MaxTokensField, OpenAIChatDialect } from '../openai/openai-chat-dialect.js';
import { openaiSdk } from '../openai/openai-sdk.js';
import { loadSdkFirst } from '../shared/load-sdk-first.js';
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
  /**
   * The body field that carries the output cap: `max_tokens` (what most hosts document), `max_completion_tokens`
   * (OpenAI's current name), or `both` (the same cap in each; harmless on hosts that ignore an unknown field).
   * Default `both`, so the cap applies whichever field the host reads; the presets send what each host documents.
   */
  maxTokensField?: MaxTokensField;
  /** The most stop sequences the host accepts; more is refused before sending. Default: no limit checked. */
  maxStopSequences?: number;
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
  const chatDialect: OpenAIChatDialect = {
    name: options.name,
    maxTokensField: options.maxTokensField ?? 'both',
    ...(options.maxStopSequences !== undefined ? { maxStopSequences: options.maxStopSequences } : {}),
  };
  const adapter = createOpenAIChatAdapter({
    name: options.name,
    priceProviderId: options.priceProviderId,
    chatDialect,
    ...client,
  });
  return loadSdkFirst(adapter, openaiSdk);
}
