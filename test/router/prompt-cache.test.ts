import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { anthropic, createRouter, InvalidRequestError } from '../../src/index.js';
import { isPlainTextRequest } from '../../src/router/plain-request-check.js';
import { parseChunksFile, sseStream, useMsw } from '../helpers/msw.js';

/** `cache` on a router request: validated, sent to Anthropic as `cache_control`, and the cache usage it earns is priced. */
const fixture = (path: string) => readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8');

const server = useMsw();
const perM = (tokens: number, usdPerMillion: number) => (tokens * usdPerMillion) / 1e6;

// biome-ignore lint/suspicious/noExplicitAny: captured wire bodies are free-form JSON
type Json = any;

function mockAnthropic(reply: () => Response): Json[] {
  const bodies: Json[] = [];
  server.use(
    http.post('https://api.anthropic.com/v1/messages', async ({ request }) => {
      bodies.push(await request.json());
      return reply();
    }),
  );
  return bodies;
}

const router = () =>
  createRouter({
    providers: { anthropic: anthropic({ apiKey: 'test-key-anthropic-prompt-cache' }) },
    models: { sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' } },
  });

const ask = {
  model: 'sonnet',
  system: 'The full contract text, long and reused on every call.',
  messages: [{ role: 'user' as const, content: 'Total of the three invoices?' }],
  maxOutputTokens: 2000,
};

describe('router requests with `cache`', () => {
  it('sends cache_control and prices the reported cache reads and writes at cache rates', async () => {
    const bodies = mockAnthropic(() =>
      HttpResponse.json(JSON.parse(fixture('anthropic/__fixtures__/message-cache-thinking.json'))),
    );
    const res = await router().complete({ ...ask, cache: { ttl: '1h' } });

    expect(bodies[0].cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
    // usage: 42 uncached input, 8000 cache reads, 1000 five-minute + 2000 one-hour writes, 640 output.
    // Sonnet 4.6: input $3, cache read $0.30, 5m write $3.75, 1h write $6, output $15 per million.
    const expected = perM(42, 3) + perM(8000, 0.3) + perM(1000, 3.75) + perM(2000, 6) + perM(640, 15);
    expect(res.usage).toMatchObject({ inputTokens: 11042, cachedInputTokens: 8000, cacheWriteTokens: 3000 });
    expect(res.cost.usd).toBeCloseTo(expected, 12);
    expect(res.cost.usd).toBeCloseTo(0.027876, 10);
    // The same tokens at the plain input rate would cost more: the cache is what makes the call cheaper.
    expect(res.cost.usd).toBeLessThan(perM(11042, 3) + perM(640, 15));
    expect(res.cost.attempts).toHaveLength(1);
    expect(res.cost.attempts[0]?.costUsd).toBeCloseTo(expected, 12);
  });

  it('sends no cache_control when `cache` is not asked for', async () => {
    const bodies = mockAnthropic(() =>
      HttpResponse.json(JSON.parse(fixture('anthropic/__fixtures__/message-text.json'))),
    );
    await router().complete(ask);
    expect(bodies[0]).not.toHaveProperty('cache_control');
  });

  it('streams with cache_control and prices the streamed cache reads and writes', async () => {
    const blocks = parseChunksFile(fixture('anthropic/__fixtures__/stream-thinking.chunks.txt'));
    const bodies = mockAnthropic(
      () => new HttpResponse(sseStream(blocks), { headers: { 'content-type': 'text/event-stream' } }),
    );
    const stream = router().stream({ ...ask, cache: {} });
    for await (const _ of stream) {
      // drain
    }
    const res = await stream.result;
    expect(bodies[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(res.usage.cachedInputTokens).toBe(8000);
    expect(res.usage.cacheWriteTokens).toBe(1500);
    const input = res.usage.inputTokens - 8000 - 1500;
    const expected = perM(input, 3) + perM(8000, 0.3) + perM(1500, 3.75) + perM(res.usage.outputTokens, 15);
    expect(res.cost.usd).toBeCloseTo(expected, 12);
  });

  it('rejects a malformed `cache` with its path, and never takes the plain-request fast path', async () => {
    expect(isPlainTextRequest({ ...ask, cache: {} })).toBe(false);
    expect(isPlainTextRequest({ ...ask, cache: { ttl: '1h', key: 'k' } })).toBe(false);
    const bad = router().complete({ ...ask, cache: { ttl: '2h' } } as never);
    await expect(bad).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(router().complete({ ...ask, cache: { ttl: '2h' } } as never)).rejects.toThrow(/cache\.ttl/);
    await expect(router().complete({ ...ask, cache: { ttls: '1h' } } as never)).rejects.toThrow(/cache/);
  });
});
