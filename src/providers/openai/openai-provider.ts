import type OpenAI from 'openai';
import { loadSdkFirst } from '../shared/load-sdk-first.js';
import type { ProviderAdapter, ProviderOptions } from '../spec/provider.js';
import { lazyOpenAIClient } from './openai-adapter-config.js';
import { createOpenAIChatAdapter } from './openai-chat-model.js';
import { createOpenAIResponsesAdapter } from './openai-responses-model.js';
import { openaiSdk } from './openai-sdk.js';

/** Options of the `openai()` provider factory. */
export interface OpenAIProviderOptions extends ProviderOptions<OpenAI> {
  /** Which OpenAI API to call: Chat Completions (default) or Responses. */
  api?: 'chat' | 'responses';
  /** OpenAI organization id (defaults to the SDK's `OPENAI_ORG_ID`). */
  organization?: string;
  /** OpenAI project id (defaults to the SDK's `OPENAI_PROJECT_ID`). */
  project?: string;
}

/**
 * The OpenAI provider, over the official `openai` SDK. The key defaults to `OPENAI_API_KEY`; the
 * client is built on first call with the SDK's retries off. The SDK itself is loaded when this factory first runs,
 * not when routewise is imported.
 */
export function openai(options: OpenAIProviderOptions = {}): ProviderAdapter {
  const client = lazyOpenAIClient(options.client, () => ({
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
    ...(options.organization !== undefined ? { organization: options.organization } : {}),
    ...(options.project !== undefined ? { project: options.project } : {}),
  }));
  const config = { name: 'openai', priceProviderId: 'openai', ...client };
  const adapter = options.api === 'responses' ? createOpenAIResponsesAdapter(config) : createOpenAIChatAdapter(config);
  return loadSdkFirst(adapter, openaiSdk);
}
