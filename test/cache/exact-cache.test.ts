import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createRouter,
  InvalidRequestError,
  memoryStore,
  openai,
  type RouterConfig,
  redisStore,
  type Store,
} from '../../src/index.js';
import { parseChunksFile, sseStream, useMsw } from '../helpers/msw.js';
import { dropPrefix, REDIS_URL, requireRedis, uniqueName } from '../helpers/servers.js';

/** The exact response cache through the real OpenAI SDK, msw answering: a repeat makes no HTTP call and costs $0. */
const fixture = (name: string) =>
  readFileSync(new URL(`../../src/providers/openai/__fixtures__/${name}`, import.meta.url), 'utf8');
const URL_CHAT = 'https://api.openai.com/v1/chat/completions';
const server = useMsw();

// biome-ignore lint/suspicious/noExplicitAny: captured wire bodies are free-form JSON
type Json = any;

function mockOpenAI(): Json[] {
  const bodies: Json[] = [];
  server.use(
    http.post(URL_CHAT, async ({ request }) => {
      const body = (await request.json()) as Json;
      bodies.push(body);
      if (body.stream) {
        return new HttpResponse(sseStream(parseChunksFile(fixture('chat-stream.chunks.txt'))), {
          headers: { 'content-type': 'text/event-stream' },
        });
      }
      return HttpResponse.json(JSON.parse(fixture('chat-completion.json')));
    }),
  );
  return bodies;
}

const config = (extra: Partial<RouterConfig> = {}): RouterConfig => ({
  providers: { openai: openai({ apiKey: 'sk-test-routewise-cache-000000000000' }) },
  models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
  responseCache: { exact: true },
  ...extra,
});

const ask = {
  model: 'mini',
  temperature: 0,
  messages: [{ role: 'user' as const, content: 'What is the capital of France?' }],
};

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

describe('exact response cache', () => {
  it('serves an identical request from the cache: no HTTP call, $0, with the cost it saved', async () => {
    const bodies = mockOpenAI();
    const router = createRouter(config());
    const first = await router.complete(ask);
    expect(first.cache).toEqual({ hit: false });
    expect(first.cost.usd).toBeGreaterThan(0);
    const second = await router.complete({ ...ask, requestId: 'again' });
    expect(bodies).toHaveLength(1);
    expect(second.text).toBe('The capital of France is Paris.');
    expect(second.requestId).toBe('again');
    expect(second.cost).toEqual({ usd: 0, attempts: [] });
    expect(second.usage.inputTokens).toBe(0);
    expect(second.cache?.hit).toBe('exact');
    expect(second.cache?.savedUsd).toBeCloseTo(first.cost.usd, 12);
    expect(second.cache?.ageMs).toBeGreaterThanOrEqual(0);
    expect(second.alias).toBe('mini');
  });

  it('keys on every answer-changing field and never on ids, metadata or the key order', async () => {
    const bodies = mockOpenAI();
    const router = createRouter(config());
    await router.complete(ask);
    await router.complete({
      temperature: 0,
      messages: ask.messages,
      model: 'mini',
      requestId: 'x',
      metadata: { feature: 'f' },
    });
    expect(bodies).toHaveLength(1);
    await router.complete({ ...ask, system: 'Answer in French.' });
    await router.complete({ ...ask, maxOutputTokens: 100 });
    await router.complete({ ...ask, stop: ['.'] });
    await router.complete({ ...ask, messages: [{ role: 'user', content: 'What is the capital of Spain?' }] });
    await router.complete({ ...ask, reasoning: { effort: 'low' } });
    expect(bodies).toHaveLength(6);
  });

  it('keeps tenants apart: one tenant never receives another tenant’s answer', async () => {
    const bodies = mockOpenAI();
    const router = createRouter(config());
    await router.complete({ ...ask, metadata: { tenant: 'acme' } });
    const other = await router.complete({ ...ask, metadata: { tenant: 'globex' } });
    expect(other.cache).toEqual({ hit: false });
    const shared = await router.complete(ask);
    expect(shared.cache).toEqual({ hit: false });
    expect(bodies).toHaveLength(3);
    expect((await router.complete({ ...ask, metadata: { tenant: 'acme' } })).cache?.hit).toBe('exact');
  });

  it('requireTenant refuses a cacheable request without a tenant, before any call', async () => {
    const bodies = mockOpenAI();
    const router = createRouter(config({ responseCache: { exact: true, requireTenant: true } }));
    await expect(router.complete(ask)).rejects.toThrow(InvalidRequestError);
    await expect(router.complete(ask)).rejects.toThrow(/metadata\.tenant/);
    expect(bodies).toHaveLength(0);
    // Opting out of the cache needs no tenant.
    await router.complete({ ...ask, responseCache: false });
    expect(bodies).toHaveLength(1);
  });

  it('does not cache a sampled request, an opted-out one, or one with tool results', async () => {
    const bodies = mockOpenAI();
    const router = createRouter(config());
    const sampled = { ...ask, temperature: 0.7 };
    await router.complete(sampled);
    const again = await router.complete(sampled);
    expect(again.cache).toMatchObject({ hit: false, skipped: expect.stringContaining('temperature') });
    await router.complete({ model: 'mini', messages: ask.messages }); // unset temperature: not cacheable either
    await router.complete({ model: 'mini', messages: ask.messages });
    await router.complete({ ...ask, responseCache: false });
    await router.complete({ ...ask, responseCache: false });
    const withTool = {
      ...ask,
      messages: [
        ...ask.messages,
        { role: 'assistant' as const, content: '', toolCalls: [{ id: 'c1', name: 'lookup', arguments: {} }] },
        { role: 'tool' as const, toolCallId: 'c1', content: 'Paris' },
      ],
    };
    await router.complete(withTool);
    await router.complete(withTool);
    expect(bodies).toHaveLength(8);
  });

  it('caches a sampled request marked cacheable with responseCache: { ttlMs }', async () => {
    const bodies = mockOpenAI();
    const router = createRouter(config());
    await router.complete({ ...ask, temperature: 1, responseCache: { ttlMs: 60_000 } });
    const hit = await router.complete({ ...ask, temperature: 1, responseCache: { ttlMs: 60_000 } });
    expect(hit.cache?.hit).toBe('exact');
    expect(bodies).toHaveLength(1);
  });

  it('a store whose read fails leaves the cache out: the request is answered fresh, not failed (complete and stream)', async () => {
    const bodies = mockOpenAI();
    const store = memoryStore();
    stores.push(store);
    // A store of the app's own whose reads fail (no in-process values: answers go through `get` and `set`).
    const down = new Proxy(store, {
      get: (target, key) =>
        key === 'get'
          ? () => Promise.reject(new Error('store down'))
          : key === 'engine'
            ? { kind: 'memory' }
            : Reflect.get(target, key, target),
    });
    const router = createRouter(config({ store: down }));
    const res = await router.complete(ask);
    expect(res.text).toBe('The capital of France is Paris.');
    expect(res.cache).toEqual({ hit: false, skipped: 'the cache lookup failed: store down' });
    const stream = router.stream(ask);
    for await (const _ of stream);
    expect((await stream.result).cache?.skipped).toBe('the cache lookup failed: store down');
    expect(bodies).toHaveLength(2);
  });

  it('a responseCache with neither cache on looks nothing up and stores nothing', async () => {
    mockOpenAI();
    const store = memoryStore();
    stores.push(store);
    const written: string[] = [];
    const watched = new Proxy(store, {
      get: (target, key) =>
        key === 'set'
          ? (name: string, ...rest: unknown[]) => {
              written.push(name);
              return (target.set as (...args: unknown[]) => Promise<void>)(name, ...rest);
            }
          : Reflect.get(target, key, target),
    });
    const router = createRouter(config({ store: watched, responseCache: {} }));
    expect((await router.complete(ask)).cache).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written.filter((name) => name.startsWith('cache:'))).toEqual([]);
  });

  it('expires entries after their TTL (store clock)', async () => {
    const bodies = mockOpenAI();
    let now = 1_000_000;
    const router = createRouter(
      config({ store: memoryStore({ now: () => now }), responseCache: { exact: { ttlMs: 5_000 } } }),
    );
    await router.complete(ask);
    now += 4_000;
    expect((await router.complete(ask)).cache?.hit).toBe('exact');
    now += 2_000;
    // lru-cache (inside memoryStore) reads its clock at most once a millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await router.complete(ask)).cache).toEqual({ hit: false });
    expect(bodies).toHaveLength(2);
  });

  it('streams a hit as text deltas, then the $0 result', async () => {
    const bodies = mockOpenAI();
    const router = createRouter(config());
    const first = router.stream(ask);
    let streamed = '';
    for await (const event of first) if (event.type === 'text-delta') streamed += event.text;
    expect((await first.result).cache).toEqual({ hit: false });
    const second = router.stream(ask);
    const deltas: string[] = [];
    for await (const event of second) if (event.type === 'text-delta') deltas.push(event.text);
    const result = await second.result;
    expect(bodies).toHaveLength(1);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(streamed);
    expect(result.cache?.hit).toBe('exact');
    expect(result.cost.usd).toBe(0);
  });

  it('evicts an exact entry on low feedback for the request it served', async () => {
    const bodies = mockOpenAI();
    const router = createRouter(config());
    await router.complete(ask);
    const hit = await router.complete({ ...ask, requestId: 'served' });
    expect(hit.cache?.hit).toBe('exact');
    expect(() => router.feedback('served', { score: 2 })).toThrow(InvalidRequestError);
    await router.feedback('served', { score: 0 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await router.complete(ask)).cache).toEqual({ hit: false });
    expect(bodies).toHaveLength(2);
  });

  it('rejects a bad responseCache config with the path of the field', () => {
    const bad = (responseCache: unknown) => {
      try {
        createRouter(config({ responseCache: responseCache as never }));
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues[0]?.path;
      }
      return undefined;
    };
    expect(bad({ exact: { ttlMs: -1 } })).toBe('responseCache.exact.ttlMs');
    expect(bad({ exact: true, semantic: { embedder: 'use' } })).toBe('responseCache.semantic.embedder');
    expect(bad({ exakt: true })).toBe('responseCache');
  });

  it('names the bad field of every responseCache setting, the semantic cache and its embedder included', () => {
    const embedder = { name: 'e', dimensions: 3, embed: async (texts: string[]) => texts.map(() => [1, 0, 0]) };
    const bad = (responseCache: unknown) => {
      try {
        createRouter(config({ responseCache: responseCache as never }));
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        const issue = (error as ConfigError).issues[0];
        return `${issue?.path}: ${issue?.message}`;
      }
      return 'accepted';
    };
    expect(bad({ exact: 'yes' })).toBe(
      'responseCache.exact: must be true or { ttlMs } (leave it out for no exact cache)',
    );
    expect(bad({ semantic: { embedder, maxEntries: -1 } })).toMatch(/^responseCache\.semantic\.maxEntries: /);
    expect(bad({ semantic: { embedder, maxEntries: 1.5 } })).toMatch(/^responseCache\.semantic\.maxEntries: /);
    expect(bad({ semantic: { embedder, ttlMs: 0 } })).toMatch(/^responseCache\.semantic\.ttlMs: /);
    expect(bad({ semantic: { embedder, verify: 'yes' } })).toBe('responseCache.semantic.verify: must be a function');
    expect(bad({ semantic: { embedder, lexical: true } })).toBe(
      'responseCache.semantic.lexical: must be false or an object of lexical rules',
    );
    expect(bad({ semantic: { embedder, judge: { model: 'nope' } } })).toMatch(
      /^responseCache\.semantic\.judge\.model: /,
    );
    expect(bad({ exact: true, requireTenant: 'yes' })).toMatch(/^responseCache\.requireTenant: /);
    // An embedder is checked for its whole shape: a length, and functions where functions go.
    const { dimensions: _, ...noDimensions } = embedder;
    for (const wrong of [
      noDimensions,
      { ...embedder, dimensions: 0 },
      { ...embedder, dimensions: '3' },
      { ...embedder, name: '' },
      { ...embedder, worstCase: 0.01 },
      { ...embedder, embedWithCost: true },
    ]) {
      expect(bad({ semantic: { embedder: wrong } })).toMatch(/^responseCache\.semantic\.embedder: must be an Embedder/);
    }
    expect(bad({ semantic: { embedder: { ...embedder, worstCase: () => ({ usd: 0, inputTokens: 0 }) } } })).toBe(
      'accepted',
    );
  });

  it('shares entries across routers through a Redis store (own prefix)', async () => {
    await requireRedis();
    const prefix = uniqueName('cache-exact');
    const bodies = mockOpenAI();
    try {
      const storeA = redisStore({ url: REDIS_URL, prefix });
      const storeB = redisStore({ url: REDIS_URL, prefix });
      stores.push(storeA, storeB);
      const a = createRouter(config({ store: storeA }));
      const b = createRouter(config({ store: storeB }));
      await a.complete({ ...ask, metadata: { tenant: 'acme' } });
      const hit = await b.complete({ ...ask, metadata: { tenant: 'acme' } });
      expect(hit.cache?.hit).toBe('exact');
      expect((await b.complete({ ...ask, metadata: { tenant: 'other' } })).cache).toEqual({ hit: false });
      expect(bodies).toHaveLength(2);
      // Short TTL on Redis: the entry is gone after it.
      const short = createRouter(config({ store: storeA, responseCache: { exact: { ttlMs: 50 } } }));
      await short.complete({ ...ask, system: 'short' });
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect((await short.complete({ ...ask, system: 'short' })).cache).toEqual({ hit: false });
    } finally {
      await dropPrefix(prefix);
    }
  });
});
