import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cascade,
  createRouter,
  type Embedder,
  embeddingKnn,
  memoryLedger,
  memoryStore,
  openai,
  openaiEmbedder,
  type RouterConfig,
} from '../../src/index.js';
import { bagOfWordsEmbedder, wordVector } from '../helpers/bag-of-words-embedder.js';
import { useMsw } from '../helpers/msw.js';

/**
 * A paid embedder's cost in `res.cost` and the ledger, and one embedding per request shared by the semantic cache and
 * `embeddingKnn`: through the real OpenAI SDK, msw answering chat completions and embeddings (bag-of-words vectors,
 * so similar questions are similar, with the usage the API reports).
 */
const completion = JSON.parse(
  readFileSync(new URL('../../src/providers/openai/__fixtures__/chat-completion.json', import.meta.url), 'utf8'),
);
const server = useMsw();
const DIMS = 64;
const apiKey = 'sk-test-routewise-embedding-cost-0000';

function serveOpenAI(): { embeddingCalls: number; embeddedTexts: string[]; answers: number } {
  const traffic = { embeddingCalls: 0, embeddedTexts: [] as string[], answers: 0 };
  server.use(
    http.post('https://api.openai.com/v1/embeddings', async ({ request }) => {
      const body = (await request.json()) as { input: string[] };
      traffic.embeddingCalls += 1;
      traffic.embeddedTexts.push(...body.input);
      const tokens = body.input.reduce((sum, text) => sum + text.split(/\s+/).length + 1, 0);
      return HttpResponse.json({
        object: 'list',
        model: 'text-embedding-3-small',
        data: body.input.map((text, index) => ({ object: 'embedding', index, embedding: wordVector(text, DIMS) })),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }),
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      // biome-ignore lint/suspicious/noExplicitAny: wire body
      const body = (await request.json()) as any;
      traffic.answers += 1;
      return HttpResponse.json({ ...structuredClone(completion), model: body.model });
    }),
  );
  return traffic;
}

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((item) => item.close()));
});

function router(embedder: Embedder, extra: Partial<RouterConfig> = {}) {
  const r = createRouter({
    providers: { openai: openai({ apiKey }) },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      big: { provider: 'openai', model: 'gpt-4.1' },
    },
    responseCache: { semantic: { embedder, threshold: 0.8 } },
    ...extra,
  });
  closing.push(r);
  return r;
}

const ask = (content: string, more: Record<string, unknown> = {}) => ({
  temperature: 0,
  messages: [{ role: 'user' as const, content }],
  ...more,
});

const source = 'cache:embedding:openai:text-embedding-3-small';

describe('a paid embedder in the semantic cache', () => {
  it("charges the question's embedding to the request, on a miss and on a hit, and records it", async () => {
    const traffic = serveOpenAI();
    const ledger = memoryLedger();
    const r = router(openaiEmbedder({ apiKey, dimensions: DIMS }), { ledger });
    const miss = await r.complete(ask('How do I reset my password?', { model: 'mini' }));
    const hit = await r.complete(ask('How can I reset my password?', { model: 'mini' }));
    expect([miss.cache?.hit, hit.cache?.hit]).toEqual([false, 'semantic']);
    // "How do I reset my password?" is 6 words: 7 tokens at $0.02 per million.
    const embeddingUsd = (7 * 0.02) / 1e6;
    expect(miss.cost.charges).toEqual([{ source, usd: expect.closeTo(embeddingUsd, 18) }]);
    expect(miss.cost.usd).toBeCloseTo(miss.cost.attempts[0]!.costUsd + embeddingUsd, 18);
    expect(hit.cost).toEqual({
      usd: expect.closeTo(embeddingUsd, 18),
      attempts: [],
      charges: [{ source, usd: expect.closeTo(embeddingUsd, 18) }],
    });
    expect(traffic.embeddingCalls).toBe(2);
    const charges = ledger.records().filter((row) => row.kind === 'charge');
    expect(charges.map((row) => `${row.purpose}/${row.source}/${row.cache}`)).toEqual([
      `cache/${source}/miss`,
      `cache/${source}/semantic`,
    ]);
    const spend = await r.spend();
    expect(spend.usd).toBeCloseTo(miss.cost.usd + hit.cost.usd, 18);
  });

  it("a store failing the candidate's read after the embedding: answered fresh, the embedding still charged", async () => {
    const traffic = serveOpenAI();
    const ledger = memoryLedger();
    const store = memoryStore();
    // A store of the app's own (answers go through get and set) whose reads fail once the first answer is in.
    let failReads = false;
    const flaky = new Proxy(store, {
      get: (target, key) =>
        key === 'engine'
          ? { kind: 'memory' }
          : key === 'get' && failReads
            ? () => Promise.reject(new Error('store down'))
            : Reflect.get(target, key, target),
    });
    const r = router(openaiEmbedder({ apiKey, dimensions: DIMS }), { ledger, store: flaky });
    await r.complete(ask('How do I reset my password?', { model: 'mini' }));
    failReads = true;
    const res = await r.complete(ask('How can I reset my password?', { model: 'mini' }));
    expect(res.cache).toEqual({ hit: false });
    expect([traffic.embeddingCalls, traffic.answers]).toEqual([2, 2]);
    // "How can I reset my password?": 7 tokens at $0.02 per million, in the result and in the ledger.
    expect(res.cost.charges).toEqual([{ source, usd: expect.closeTo((7 * 0.02) / 1e6, 18) }]);
    const charges = ledger.records().filter((row) => row.kind === 'charge' && row.requestId === res.requestId);
    expect(charges).toHaveLength(1);
  });

  it('the embedding counts against the request budget: the answer must fit what is left', async () => {
    serveOpenAI();
    // A paid embedding at $1 per million tokens: 7 tokens leave the answer $0.000007 less room.
    const embedder = openaiEmbedder({ apiKey, dimensions: DIMS, price: { inputPerMTok: 1, outputPerMTok: 0 } });
    const r = router(embedder);
    const res = await r.complete(
      ask('How do I reset my password?', { model: 'mini', maxOutputTokens: 20, budget: { maxUsd: 1 } }),
    );
    expect(res.cost.charges?.[0]?.usd).toBeCloseTo(7e-6, 12);
  });
});

describe("the embedding in the tenant's running caps", () => {
  it('is charged to every USD cap the request draws on, on a miss and on a hit, so the cap counts what spend counts', async () => {
    serveOpenAI();
    const store = memoryStore();
    const embedder = openaiEmbedder({ apiKey, dimensions: DIMS, price: { inputPerMTok: 1, outputPerMTok: 0 } });
    const r = router(embedder, { store, budgets: { tenants: { acme: { dailyUsd: 1, monthlyUsd: 10 } } } });
    const metadata = { tenant: 'acme' };
    const miss = await r.complete(ask('How do I reset my password?', { model: 'mini', metadata }));
    const hit = await r.complete(ask('How can I reset my password?', { model: 'mini', metadata }));
    expect([miss.cache?.hit, hit.cache?.hit]).toEqual([false, 'semantic']);
    expect(hit.cost.usd).toBeCloseTo(7e-6, 12);
    const day = new Date().toISOString().slice(0, 10);
    const [daily, monthly] = await store.counters([
      `budget:tenant:acme:daily:${day}`,
      `budget:tenant:acme:monthly:${day.slice(0, 7)}`,
    ]);
    // The answer's attempt (settled to its cost) and both embeddings: exactly what the two results cost.
    expect(daily?.spent).toBeCloseTo(miss.cost.usd + hit.cost.usd, 12);
    expect(monthly?.spent).toBeCloseTo(miss.cost.usd + hit.cost.usd, 12);
    expect(daily?.reserved).toBe(0);
    expect((await r.spend({ tenant: 'acme' })).usd).toBeCloseTo(daily?.spent ?? 0, 12);
    // A hit served through router.stream is charged the same way.
    const stream = r.stream(ask('How can I reset my password?', { model: 'mini', metadata }));
    for await (const _ of stream) {
      // drain
    }
    const streamed = await stream.result;
    expect(streamed.cache?.hit).toBe('semantic');
    const [after] = await store.counters([`budget:tenant:acme:daily:${day}`]);
    expect(after?.spent).toBeCloseTo(miss.cost.usd + hit.cost.usd + streamed.cost.usd, 12);
  });
});

describe('one embedding per request for the semantic cache and embeddingKnn', () => {
  const examples = [
    { prompt: 'What is the capital of France?', label: 0 },
    { prompt: 'Say hello to me', label: 0 },
    { prompt: 'Prove the Riemann hypothesis in full detail', label: 1 },
    { prompt: 'Design a distributed consensus protocol with proofs', label: 1 },
  ];
  const policy = (embedder: Embedder) =>
    cascade({
      classifier: embeddingKnn({ embedder, k: 2, examples }),
      thresholds: 0.5,
      tiers: { easy: [{ model: 'mini' }], hard: [{ model: 'big' }] },
    });

  it('an in-process embedder is called once per routed request (counted), not twice', async () => {
    serveOpenAI();
    const embedder = bagOfWordsEmbedder(DIMS);
    const r = router(embedder, { policy: policy(embedder) });
    await r.complete(ask('What is the capital of Spain?')); // builds the kNN index first: one call for the examples
    const afterFirst = embedder.calls;
    expect(afterFirst).toBe(2); // the examples' batch + the question
    await r.complete(ask('Prove the Collatz conjecture in full detail'));
    await r.complete(ask('Say hello to my friend'));
    expect(embedder.calls - afterFirst).toBe(2);
  });

  it('a paid embedder: one embedding call and one charge per request; the classifier reuses it at no cost', async () => {
    const traffic = serveOpenAI();
    const embedder = openaiEmbedder({ apiKey, dimensions: DIMS });
    const r = router(embedder, { policy: policy(embedder) });
    await r.complete(ask('What is the capital of Spain?'));
    traffic.embeddingCalls = 0;
    traffic.embeddedTexts = [];
    const res = await r.complete(ask('Prove the Collatz conjecture in full detail'));
    expect(traffic.embeddingCalls).toBe(1);
    expect(traffic.embeddedTexts).toEqual(['Prove the Collatz conjecture in full detail']);
    expect(res.route.kind === 'policy' && res.route.tier).toBe('hard');
    expect(res.cost.charges).toEqual([{ source, usd: expect.any(Number) }]);
  });

  it('another embedder for the classifier is still called (nothing is shared across embedders)', async () => {
    serveOpenAI();
    const cacheEmbedder = bagOfWordsEmbedder(DIMS);
    const knnEmbedder = bagOfWordsEmbedder(DIMS);
    const r = router(cacheEmbedder, { policy: policy(knnEmbedder) });
    await r.complete(ask('What is the capital of Spain?'));
    await r.complete(ask('Say hello to my friend'));
    expect(cacheEmbedder.calls).toBe(2);
    expect(knnEmbedder.calls).toBe(3); // examples + one per request
  });
});

describe('a paid embedding is reserved before it is spent', () => {
  const day = () => new Date().toISOString().slice(0, 10);
  // $1,000 per million tokens: "How do I reset my password?" is 27 bytes, so its worst case is 28 tokens = $0.028.
  const dear = () => openaiEmbedder({ apiKey, dimensions: DIMS, price: { inputPerMTok: 1000, outputPerMTok: 0 } });
  const question = 'How do I reset my password?';

  it('holds the worst case on the tenant cap while the embedding is under way, then settles it to the cost', async () => {
    const traffic = serveOpenAI();
    const store = memoryStore();
    let seenWhileEmbedding: { spent: number; reserved: number } | undefined;
    const r = router(dear(), { store, budgets: { tenants: { acme: { dailyUsd: 100 } } } });
    server.use(
      http.post('https://api.openai.com/v1/embeddings', async ({ request }) => {
        const [counter] = await store.counters([`budget:tenant:acme:daily:${day()}`]);
        seenWhileEmbedding = counter;
        const body = (await request.json()) as { input: string[] };
        traffic.embeddingCalls += 1;
        return HttpResponse.json({
          object: 'list',
          model: 'text-embedding-3-small',
          data: body.input.map((text, index) => ({ object: 'embedding', index, embedding: wordVector(text, DIMS) })),
          usage: { prompt_tokens: 7, total_tokens: 7 },
        });
      }),
    );
    const res = await r.complete(ask(question, { model: 'mini', metadata: { tenant: 'acme' } }));
    expect(traffic.embeddingCalls).toBe(1);
    expect(seenWhileEmbedding?.reserved).toBeCloseTo(0.028, 12);
    expect(seenWhileEmbedding?.spent).toBe(0);
    expect(res.cost.charges?.[0]?.usd).toBeCloseTo(0.007, 12);
    const [after] = await store.counters([`budget:tenant:acme:daily:${day()}`]);
    expect(after?.reserved).toBe(0);
    expect(after?.spent).toBeCloseTo(res.cost.usd, 12);
  });

  it('a tenant whose cap cannot cover the embedding is not embedded for: the answer alone is served, within the cap', async () => {
    const traffic = serveOpenAI();
    const store = memoryStore();
    const r = router(dear(), { store, budgets: { tenants: { acme: { dailyUsd: 0.01 } } } });
    const res = await r.complete(ask(question, { model: 'mini', maxOutputTokens: 16, metadata: { tenant: 'acme' } }));
    expect([traffic.embeddingCalls, traffic.answers]).toEqual([0, 1]);
    expect(res.cache).toEqual({ hit: false, semanticSkipped: expect.stringContaining('does not fit') });
    expect(res.cost.charges).toBeUndefined();
    const [counter] = await store.counters([`budget:tenant:acme:daily:${day()}`]);
    expect(counter?.spent).toBeCloseTo(res.cost.usd, 12);
    expect(counter?.spent).toBeLessThanOrEqual(0.01);
    expect(counter?.reserved).toBe(0);
  });

  it('a request budget smaller than the worst case skips the embedding too', async () => {
    const traffic = serveOpenAI();
    const r = router(dear());
    const res = await r.complete(ask(question, { model: 'mini', maxOutputTokens: 16, budget: { maxUsd: 0.02 } }));
    expect([traffic.embeddingCalls, traffic.answers]).toEqual([0, 1]);
    expect(res.cost.usd).toBeLessThanOrEqual(0.02);
    expect(res.cache?.semanticSkipped).toContain('does not fit');
  });

  it('a cap that covers neither is refused with nothing sent', async () => {
    const traffic = serveOpenAI();
    const r = router(dear(), { budgets: { tenants: { acme: { dailyUsd: 0.000001 } } } });
    await expect(r.complete(ask(question, { model: 'mini', metadata: { tenant: 'acme' } }))).rejects.toMatchObject({
      name: 'BudgetExceededError',
    });
    expect([traffic.embeddingCalls, traffic.answers]).toEqual([0, 0]);
  });

  it('an embedder that cannot bound its cost (no worstCase) is charged to the caps once spent', async () => {
    serveOpenAI();
    const store = memoryStore();
    const words = bagOfWordsEmbedder(DIMS);
    const unbounded: Embedder = {
      name: 'my-paid-embedder',
      dimensions: DIMS,
      embed: (texts) => words.embed(texts),
      async embedWithCost(texts) {
        return { vectors: await words.embed(texts), costUsd: 0.003 };
      },
    };
    const r = router(unbounded, { store, budgets: { tenants: { acme: { dailyUsd: 100 } } } });
    const res = await r.complete(ask(question, { model: 'mini', metadata: { tenant: 'acme' } }));
    expect(res.cost.charges).toEqual([{ source: 'cache:embedding:my-paid-embedder', usd: 0.003 }]);
    const [counter] = await store.counters([`budget:tenant:acme:daily:${day()}`]);
    expect(counter?.spent).toBeCloseTo(res.cost.usd, 12);
    expect(counter?.reserved).toBe(0);
  });
});
