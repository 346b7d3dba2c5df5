import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anthropic, createRouter, deepseek, google, openai } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

/**
 * Recorded provider responses, sent through the real SDKs, the adapters and the router: the router's cost must
 * equal a hand computation from each provider's published per-million-token prices, written out below.
 */
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const server = useMsw();
afterEach(() => {
  vi.useRealTimers();
});

const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'hi' }], maxOutputTokens: 2000 });
const perM = (tokens: number, usdPerMillion: number) => (tokens * usdPerMillion) / 1e6;

describe('fixture costs match a hand computation from published prices', () => {
  it('OpenAI o4-mini: cached input and reasoning tokens', async () => {
    server.use(
      http.post('https://api.openai.com/v1/chat/completions', () =>
        HttpResponse.json(fixture('openai/__fixtures__/chat-completion-cached-reasoning.json')),
      ),
    );
    const router = createRouter({
      providers: { openai: openai({ apiKey: 'sk-test-fixture-costs-000000' }) },
      models: { o4: { provider: 'openai', model: 'o4-mini' } },
    });
    const res = await router.complete(ask('o4'));
    // usage: prompt 2306 of which 2048 cached; completion 1186 of which 1152 reasoning (billed as output).
    // o4-mini: input $1.10, cached input $0.275, output $4.40 per million.
    const expected = perM(2306 - 2048, 1.1) + perM(2048, 0.275) + perM(1186, 4.4);
    expect(res.usage).toEqual({
      inputTokens: 2306,
      cachedInputTokens: 2048,
      cacheWriteTokens: 0,
      outputTokens: 1186,
      reasoningTokens: 1152,
    });
    expect(res.cost.usd).toBeCloseTo(expected, 12);
    expect(res.cost.usd).toBeCloseTo(0.0060654, 10);
  });

  it('Anthropic claude-sonnet-4-6: cache reads, 5-minute and 1-hour cache writes, thinking tokens', async () => {
    server.use(
      http.post('https://api.anthropic.com/v1/messages', () =>
        HttpResponse.json(fixture('anthropic/__fixtures__/message-cache-thinking.json')),
      ),
    );
    const router = createRouter({
      providers: { anthropic: anthropic({ apiKey: 'test-key-anthropic-costs' }) },
      models: { sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' } },
    });
    const res = await router.complete(ask('sonnet'));
    // usage: 42 uncached input, 8000 cache reads, 1000 five-minute + 2000 one-hour cache writes, 640 output (512 thinking).
    // Sonnet 4.6: input $3, cache read $0.30, 5m write $3.75, 1h write $6, output $15 per million.
    const expected = perM(42, 3) + perM(8000, 0.3) + perM(1000, 3.75) + perM(2000, 6) + perM(640, 15);
    expect(res.usage).toMatchObject({
      inputTokens: 11042,
      cachedInputTokens: 8000,
      cacheWriteTokens: 3000,
      outputTokens: 640,
      reasoningTokens: 512,
    });
    expect(res.cost.usd).toBeCloseTo(expected, 12);
    expect(res.cost.usd).toBeCloseTo(0.027876, 10);
  });

  it('Gemini 2.5 Pro: the above-200k tier and thoughts billed as output', async () => {
    server.use(
      http.post('https://generativelanguage.googleapis.com/v1beta/models/*', () =>
        HttpResponse.json(fixture('google/__fixtures__/generate-content-long-context.json')),
      ),
    );
    const router = createRouter({
      providers: { google: google({ apiKey: 'test-key-google-costs' }) },
      models: { pro: { provider: 'google', model: 'gemini-2.5-pro' } },
    });
    const res = await router.complete(ask('pro'));
    // usage: 250000 prompt tokens (> 200k: the whole request at the long-context rates), 27 answer + 404 thought tokens.
    // Gemini 2.5 Pro above 200k: input $2.50, output $15 per million.
    const expected = perM(250_000, 2.5) + perM(27 + 404, 15);
    expect(res.usage).toMatchObject({ inputTokens: 250_000, outputTokens: 431, reasoningTokens: 404 });
    expect(res.cost.usd).toBeCloseTo(expected, 12);
    expect(res.cost.usd).toBeCloseTo(0.631465, 10);
  });

  it.each([
    // DeepSeek's off-peak window is 16:30–00:30 UTC at the discounted rates: input $0.135, cache hit $0.035, output $0.55.
    ['2026-11-23T20:00:00Z', 0.135, 0.035, 0.55],
    // Standard hours: input $0.27, cache hit $0.07, output $1.10.
    ['2026-11-23T10:00:00Z', 0.27, 0.07, 1.1],
  ])('DeepSeek deepseek-chat priced at %s', async (at, input, cached, output) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(at));
    server.use(
      http.post('https://api.deepseek.com/v1/chat/completions', () =>
        HttpResponse.json(fixture('openai/__fixtures__/deepseek-chat-completion.json')),
      ),
    );
    const router = createRouter({
      providers: { deepseek: deepseek({ apiKey: 'sk-test-deepseek-fixture-0000' }) },
      models: { chat: { provider: 'deepseek', model: 'deepseek-chat' } },
    });
    const res = await router.complete(ask('chat'));
    // usage: prompt 1290 of which 1280 cache hits; completion 10.
    expect(res.cost.attempts[0]!.startedAt).toBe(new Date(at).toISOString());
    expect(res.cost.usd).toBeCloseTo(perM(10, input) + perM(1280, cached) + perM(10, output), 12);
  });
});
