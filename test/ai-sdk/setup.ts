// What the AI SDK tests share: the provider endpoints msw answers, and the router they route through.
import { anthropic, createRouter, openai, type Router, type RouterConfig } from '../../src/index.js';

/** OpenAI Chat Completions, as the routewise OpenAI provider calls it. */
export const OPENAI_URL = 'https://api.openai.com/v1/chat/completions';
/** Anthropic Messages, as the routewise Anthropic provider calls it. */
export const ANTHROPIC_URL = 'https://api.anthropic.com/v1/messages';
/** The response init of a server-sent event stream. */
export const SSE = { headers: { 'content-type': 'text/event-stream' } };

// biome-ignore lint/suspicious/noExplicitAny: request bodies and stream parts are the provider's JSON, read loosely
export type Json = any;

/**
 * A router with `mini` on OpenAI falling back to `haiku` on Anthropic, retried once with millisecond backoff, plus
 * any `models` a test file adds.
 */
export function aiSdkRouter(models: RouterConfig['models'] = {}): Router {
  return createRouter({
    providers: {
      openai: openai({ apiKey: 'test-key-openai-aisdk' }),
      anthropic: anthropic({ apiKey: 'test-key-anthropic-aisdk' }),
    },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini', fallbacks: ['haiku'] },
      haiku: { provider: 'anthropic', model: 'claude-haiku-4-5' },
      ...models,
    },
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
  });
}
