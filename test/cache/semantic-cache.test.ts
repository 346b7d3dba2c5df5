import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRouter,
  OptionalDependencyError,
  openai,
  type RouterConfig,
  redisStore,
  type SemanticCacheConfig,
} from '../../src/index.js';
import { bagOfWordsEmbedder } from '../helpers/bag-of-words-embedder.js';
import { useMsw } from '../helpers/msw.js';
import { dropPrefix, REDIS_URL, requireRedis, uniqueName } from '../helpers/servers.js';

/** The semantic cache through the real OpenAI SDK (msw answering), with a bag-of-words embedder so no model is needed. */
const completion = JSON.parse(
  readFileSync(new URL('../../src/providers/openai/__fixtures__/chat-completion.json', import.meta.url), 'utf8'),
);
const server = useMsw();

function mockOpenAI(): string[] {
  const asked: string[] = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      // biome-ignore lint/suspicious/noExplicitAny: wire body
      const body = (await request.json()) as any;
      asked.push(body.messages.at(-1).content);
      return HttpResponse.json(completion);
    }),
  );
  return asked;
}

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((item) => item.close()));
});

function router(semantic: Partial<SemanticCacheConfig> = {}, extra: Partial<RouterConfig> = {}) {
  const embedder = bagOfWordsEmbedder();
  return createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-routewise-semantic-00000000000' }) },
    models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
    responseCache: { semantic: { embedder, threshold: 0.8, ...semantic } },
    ...extra,
  });
}

/** One instance of a deployment sharing Redis under `prefix`. */
function redisInstance(prefix: string, responseCache: RouterConfig['responseCache']) {
  return createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-routewise-semantic-00000000000' }) },
    models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
    store: redisStore({ url: REDIS_URL, prefix }),
    responseCache,
  });
}

const ask = (content: string, more: Record<string, unknown> = {}) => ({
  model: 'mini',
  temperature: 0,
  messages: [{ role: 'user' as const, content }],
  ...more,
});

describe('semantic response cache', () => {
  it('serves a reworded question from the cache, at $0, with its similarity and the cost it saved', async () => {
    const asked = mockOpenAI();
    const r = router();
    const first = await r.complete(ask('How do I reset my password?'));
    expect(first.cache).toEqual({ hit: false });
    const second = await r.complete(ask('How can I reset my password?'));
    expect(asked).toHaveLength(1);
    expect(second.cache?.hit).toBe('semantic');
    expect(second.cache?.similarity).toBeGreaterThanOrEqual(0.8);
    expect(second.cache?.similarity).toBeLessThan(1);
    expect(second.cache?.savedUsd).toBeCloseTo(first.cost.usd, 12);
    expect(second.cost.usd).toBe(0);
    expect(second.text).toBe(first.text);
  });

  it('the lexical check refuses near misses the embedding puts close: numbers, negation, swapped names', async () => {
    const pairs = [
      ['What is 2+3?', 'What is 2+4?'],
      ['Is aspirin safe for children?', 'Is aspirin not safe for children?'],
      ['How do I learn Python quickly?', 'How do I learn Java quickly?'],
      ['What is the capital of Australia?', 'What is the capital of Austria?'],
    ];
    for (const [a, b] of pairs) {
      const guarded = router({ threshold: 0.7 });
      const asked = mockOpenAI();
      await guarded.complete(ask(a as string));
      expect((await guarded.complete(ask(b as string))).cache, `${a} / ${b}`).toEqual({ hit: false });
      expect(asked).toHaveLength(2);
      // Without the lexical check the same pair would be served the wrong answer: the check is what stops it.
      const unguarded = router({ threshold: 0.7, lexical: false });
      await unguarded.complete(ask(a as string));
      expect((await unguarded.complete(ask(b as string))).cache?.hit, `${a} / ${b}`).toBe('semantic');
    }
  });

  it('matches only when everything but the wording agrees: system, tools, parameters, earlier turns', async () => {
    const asked = mockOpenAI();
    const r = router();
    await r.complete(ask('How do I reset my password?', { system: 'You support Acme Cloud.' }));
    await r.complete(ask('How can I reset my password?', { system: 'You support Globex Mail.' }));
    await r.complete(ask('How can I reset my password?', { system: 'You support Acme Cloud.', maxOutputTokens: 50 }));
    const followUp = (first: string, question: string) => ({
      model: 'mini',
      temperature: 0,
      messages: [
        { role: 'user' as const, content: first },
        { role: 'assistant' as const, content: 'Sure.' },
        { role: 'user' as const, content: question },
      ],
    });
    await r.complete(followUp('I use the Acme app.', 'How do I reset my password?'));
    await r.complete(followUp('I use the Globex app.', 'How can I reset my password?'));
    expect(asked).toHaveLength(5);
    expect((await r.complete(followUp('I use the Acme app.', 'How can I reset my password?'))).cache?.hit).toBe(
      'semantic',
    );
  });

  it('keeps tenants apart', async () => {
    const asked = mockOpenAI();
    const r = router();
    await r.complete(ask('How do I reset my password?', { metadata: { tenant: 'acme' } }));
    expect((await r.complete(ask('How can I reset my password?', { metadata: { tenant: 'globex' } }))).cache).toEqual({
      hit: false,
    });
    expect((await r.complete(ask('How can I reset my password?'))).cache).toEqual({ hit: false });
    expect(asked).toHaveLength(3);
  });

  it('runs the user verify last, and serves nothing it refuses', async () => {
    const asked = mockOpenAI();
    const seen: string[][] = [];
    const r = router({
      verify: async (query, candidate) => {
        seen.push([query, candidate]);
        return false;
      },
    });
    await r.complete(ask('How do I reset my password?'));
    expect((await r.complete(ask('How can I reset my password?'))).cache).toEqual({ hit: false });
    expect(seen).toEqual([['How can I reset my password?', 'How do I reset my password?']]);
    expect(asked).toHaveLength(2);
  });

  it('a verify that throws refuses the candidate: the request is answered fresh, not failed', async () => {
    const asked = mockOpenAI();
    const r = router({
      verify: () => {
        throw new Error('a bug in verify');
      },
    });
    await r.complete(ask('How do I reset my password?'));
    const res = await r.complete(ask('How can I reset my password?'));
    expect(res.cache).toEqual({ hit: false });
    expect(res.text).toBe('The capital of France is Paris.');
    expect(asked).toHaveLength(2);
  });

  it('an embedder that fails skips the semantic lookup alone: answered fresh, said why, and still cached exactly', async () => {
    const asked = mockOpenAI();
    const failing = {
      name: 'failing',
      dimensions: 512,
      embed: () => Promise.reject(new Error('embedding endpoint down')),
    };
    const r = createRouter({
      providers: { openai: openai({ apiKey: 'sk-test-routewise-semantic-00000000000' }) },
      models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
      responseCache: { exact: true, semantic: { embedder: failing } },
    });
    closing.push(r);
    const first = await r.complete(ask('How do I reset my password?'));
    expect(first.cache).toEqual({ hit: false, semanticSkipped: 'the embedding failed: embedding endpoint down' });
    const stream = r.stream(ask('How do I reset my password?'));
    for await (const _ of stream);
    expect((await stream.result).cache?.hit).toBe('exact');
    expect(asked).toHaveLength(1);
  });

  it('an embedder whose optional packages are missing fails the request, naming what to install', async () => {
    mockOpenAI();
    const missing = {
      name: 'missing',
      dimensions: 512,
      embed: () => Promise.reject(new OptionalDependencyError('universalSentenceEncoder()', ['@energetic-ai/core'])),
    };
    const r = router({ embedder: missing });
    await expect(r.complete(ask('How do I reset my password?'))).rejects.toThrow(/npm install @energetic-ai\/core/);
  });

  it('low feedback on a semantic hit evicts the entry and raises its neighbourhood’s threshold', async () => {
    const asked = mockOpenAI();
    const r = router();
    await r.complete(ask('How do I reset my password?'));
    const hit = await r.complete(ask('How can I reset my password?', { requestId: 'wrong-hit' }));
    expect(hit.cache?.hit).toBe('semantic');
    await r.feedback('wrong-hit', { score: 0 });
    expect((await r.complete(ask('How can I reset my password?'))).cache).toEqual({ hit: false });
    expect(asked).toHaveLength(2);
    // The fresh entry is as close to the first wording as the wrong hit was: the raised threshold no longer serves it.
    expect((await r.complete(ask('How do I reset my password?'))).cache).toEqual({ hit: false });
  });

  it('bounds the index with maxEntries, least recently used out first', async () => {
    const asked = mockOpenAI();
    const r = router({ maxEntries: 2 });
    await r.complete(ask('How do I reset my password?'));
    await r.complete(ask('How do I rename my workspace?'));
    await r.complete(ask('How do I delete my account?'));
    expect((await r.complete(ask('How can I reset my password?'))).cache).toEqual({ hit: false });
    expect((await r.complete(ask('How can I delete my account?'))).cache?.hit).toBe('semantic');
    expect(asked).toHaveLength(4);
  });

  it('expires semantic entries after their TTL', async () => {
    mockOpenAI();
    const r = router({ ttlMs: 40 });
    await r.complete(ask('How do I reset my password?'));
    expect((await r.complete(ask('How can I reset my password?'))).cache?.hit).toBe('semantic');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await r.complete(ask('How can I reset my password?'))).cache).toEqual({ hit: false });
  });

  it('each cache keeps its own TTL when both are on: a short semantic one, then a short exact one', async () => {
    mockOpenAI();
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const shortSemantic = createRouter({
      providers: { openai: openai({ apiKey: 'sk-test-routewise-semantic-00000000000' }) },
      models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
      responseCache: { exact: true, semantic: { embedder: bagOfWordsEmbedder(), threshold: 0.8, ttlMs: 40 } },
    });
    await shortSemantic.complete(ask('How do I reset my password?'));
    await wait(80);
    // The reworded question is past the semantic TTL; the same question is still within the exact one (1 h).
    expect((await shortSemantic.complete(ask('How can I reset my password?'))).cache).toEqual({ hit: false });
    expect((await shortSemantic.complete(ask('How do I reset my password?'))).cache?.hit).toBe('exact');

    const shortExact = createRouter({
      providers: { openai: openai({ apiKey: 'sk-test-routewise-semantic-00000000000' }) },
      models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
      responseCache: {
        exact: { ttlMs: 40 },
        semantic: { embedder: bagOfWordsEmbedder(), threshold: 0.8, ttlMs: 60_000 },
      },
    });
    await shortExact.complete(ask('How do I reset my password?'));
    expect((await shortExact.complete(ask('How do I reset my password?'))).cache?.hit).toBe('exact');
    await wait(80);
    // Past the exact TTL the answer is kept for the semantic cache, which still serves both wordings.
    expect((await shortExact.complete(ask('How do I reset my password?'))).cache).toMatchObject({
      hit: 'semantic',
      similarity: expect.closeTo(1, 6),
    });
    expect((await shortExact.complete(ask('How can I reset my password?'))).cache?.hit).toBe('semantic');
  });

  it('keeps answers in a Redis store (own prefix), with the exact cache in front', async () => {
    await requireRedis();
    const prefix = uniqueName('cache-semantic');
    const asked = mockOpenAI();
    try {
      const store = redisStore({ url: REDIS_URL, prefix });
      const embedder = bagOfWordsEmbedder();
      const r = createRouter({
        providers: { openai: openai({ apiKey: 'sk-test-routewise-semantic-00000000000' }) },
        models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
        store,
        responseCache: { exact: true, semantic: { embedder, threshold: 0.8 } },
      });
      await r.complete(ask('How do I reset my password?'));
      expect((await r.complete(ask('How do I reset my password?'))).cache?.hit).toBe('exact');
      expect(embedder.calls).toBe(1); // an exact hit needs no embedding
      expect((await r.complete(ask('How can I reset my password?'))).cache?.hit).toBe('semantic');
      expect(asked).toHaveLength(1);
      await r.close();
    } finally {
      await dropPrefix(prefix);
    }
  });

  it('shares semantic entries across instances through Redis: one caches, the others serve', async () => {
    await requireRedis();
    const prefix = uniqueName('cache-semantic-shared');
    const asked = mockOpenAI();
    // The followers refuse their own wording, so a hit can only be the entry another instance cached.
    const instance = (verify?: (q: string, c: string) => boolean) =>
      createRouter({
        providers: { openai: openai({ apiKey: 'sk-test-routewise-semantic-00000000000' }) },
        models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
        store: redisStore({ url: REDIS_URL, prefix }),
        responseCache: {
          semantic: { embedder: bagOfWordsEmbedder(), threshold: 0.8, ttlMs: 60_000, ...(verify ? { verify } : {}) },
        },
      });
    const notOwn = (query: string, candidate: string) => query !== candidate;
    const pollHit = async (router: ReturnType<typeof instance>, tenant: string) => {
      const started = performance.now();
      while (performance.now() - started < 3_000) {
        const res = await router.complete(ask('How can I reset my password?', { metadata: { tenant } }));
        if (res.cache?.hit === 'semantic') return res;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return undefined;
    };
    try {
      const a = instance();
      const b = instance(notOwn);
      closing.push(a, b);
      await a.complete(ask('How do I reset my password?', { metadata: { tenant: 'acme' } }));
      const served = await pollHit(b, 'acme');
      expect(served?.cache?.hit).toBe('semantic');
      // Another tenant on b gets nothing from acme's entry.
      expect((await b.complete(ask('How do I reset my password?', { metadata: { tenant: 'globex' } }))).cache).toEqual({
        hit: false,
      });
      // An instance started later catches up from the stream.
      const c = instance(notOwn);
      closing.push(c);
      expect((await pollHit(c, 'acme'))?.cache?.hit).toBe('semantic');
      expect(asked.filter((q) => q === 'How do I reset my password?')).toHaveLength(2);
    } finally {
      await Promise.all(closing.splice(0).map((item) => item.close()));
      await dropPrefix(prefix);
    }
  });

  it('feedback sent to another instance than the one that served the hit evicts it (semantic and exact, Redis)', async () => {
    await requireRedis();
    const prefix = uniqueName('cache-feedback-elsewhere');
    mockOpenAI();
    const instance = () =>
      redisInstance(prefix, {
        exact: true,
        semantic: { embedder: bagOfWordsEmbedder(), threshold: 0.8, ttlMs: 60_000 },
      });
    const a = instance();
    const b = instance();
    try {
      const tenant = { metadata: { tenant: 'acme' } };
      await a.complete(ask('How do I reset my password?', tenant));
      // B serves the reworded question once A's entry has reached it through the stream (a stream read away).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const wrong = await b.complete(ask('How can I reset my password?', tenant));
      expect(wrong.cache?.hit).toBe('semantic');
      // The feedback lands on A, which did not serve it: it still finds the entry and evicts it everywhere.
      await a.feedback(wrong.requestId, { score: 0 });
      expect((await a.complete(ask('How could I reset my password?', tenant))).cache).toEqual({ hit: false });
      // An exact hit served by B, feedback on A: the answer is deleted from the store, so B asks again.
      const exact = await b.complete(ask('What is the capital of France?', tenant));
      const again = await b.complete(ask('What is the capital of France?', tenant));
      expect(again.cache?.hit).toBe('exact');
      await a.feedback(again.requestId, { score: 0.1 });
      expect((await b.complete(ask('What is the capital of France?', tenant))).cache).toEqual({ hit: false });
      // A high score keeps the entry, and feedback on a request the cache never served is not the cache's.
      const served = await b.complete(ask('What is the capital of France?', tenant));
      await a.feedback(served.requestId, { score: 0.9 });
      expect((await b.complete(ask('What is the capital of France?', tenant))).cache?.hit).toBe('exact');
      await expect(a.feedback(exact.requestId, { score: 0 })).rejects.toMatchObject({ name: 'UnknownRequestError' });
    } finally {
      await Promise.all([a.close(), b.close()]);
      await dropPrefix(prefix);
    }
  });

  it('a feedback eviction reaches every instance through Redis, and an instance started later does not serve it again', async () => {
    await requireRedis();
    const prefix = uniqueName('cache-semantic-evict');
    mockOpenAI();
    // Every instance refuses a question's own wording, so a hit is always the first question's entry.
    const instance = () =>
      redisInstance(prefix, {
        semantic: { embedder: bagOfWordsEmbedder(), threshold: 0.8, ttlMs: 60_000, verify: (q, c) => q !== c },
      });
    const until = async (router: ReturnType<typeof instance>, question: string, tenant: string, hit: boolean) => {
      const started = performance.now();
      while (performance.now() - started < 3_000) {
        const res = await router.complete(ask(question, { metadata: { tenant } }));
        if ((res.cache?.hit === 'semantic') === hit) return res;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return undefined;
    };
    try {
      const a = instance();
      const b = instance();
      closing.push(a, b);
      await a.complete(ask('How do I reset my password?', { metadata: { tenant: 'acme' } }));
      const wrong = await until(b, 'How can I reset my password?', 'acme', true);
      await expect(
        a.complete(ask('How can I reset my password?', { metadata: { tenant: 'acme' } })),
      ).resolves.toMatchObject({
        cache: { hit: 'semantic' },
      });
      await b.feedback(wrong?.requestId as string, { score: 0 });
      expect((await b.complete(ask('How can I reset my password?', { metadata: { tenant: 'acme' } }))).cache).toEqual({
        hit: false,
      });
      // The other instance drops the entry too.
      expect((await until(a, 'How can I reset my password?', 'acme', false))?.cache).toEqual({ hit: false });
      // One started later replays the stream, eviction included: caught up (another tenant's entry cached after the
      // eviction is served), it does not serve the evicted entry.
      await a.complete(ask('How do I delete my account?', { metadata: { tenant: 'globex' } }));
      const c = instance();
      closing.push(c);
      expect((await until(c, 'How can I delete my account?', 'globex', true))?.cache?.hit).toBe('semantic');
      expect((await c.complete(ask('How can I reset my password?', { metadata: { tenant: 'acme' } }))).cache).toEqual({
        hit: false,
      });
    } finally {
      await Promise.all(closing.splice(0).map((item) => item.close()));
      await dropPrefix(prefix);
    }
  });
});
