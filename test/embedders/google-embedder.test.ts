import { GoogleGenAI } from '@google/genai';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  createRouter,
  embeddingKnn,
  google,
  googleEmbedder,
  MalformedResponseError,
  memoryLedger,
  ProviderError,
} from '../../src/index.js';
import { wordVector } from '../helpers/bag-of-words-embedder.js';
import { useMsw } from '../helpers/msw.js';

/**
 * `googleEmbedder` through the real `@google/genai` SDK, msw answering the Gemini API at the HTTP layer
 * (`…/models/{model}:batchEmbedContents`, PROVIDERS.md §3.6; the response carries no token usage).
 */
const server = useMsw();
const BASE = 'https://generativelanguage.googleapis.com/v1beta/models/*';
// Key-shaped (so pattern redaction is exercised) but assembled here, so no key-like literal sits in the repo.
const apiKey = ['AIza', 'SyTEST-embedder-not-a-real-key-0123'].join('');

interface EmbedRequest {
  content: { role?: string; parts: { text: string }[] };
  model: string;
  outputDimensionality?: number;
  taskType?: string;
}

const textOf = (request: EmbedRequest) => request.content.parts.map((part) => part.text).join('');

/** Vectors that put text i of a batch on axis i (so order is visible), `dims` long. */
function axisVectors(requests: EmbedRequest[], dims: number): { values: number[] }[] {
  return requests.map((request, i) => ({
    values: Array.from({ length: dims }, (_, d) => (d === i % dims ? 1 : 0.01 * textOf(request).length)),
  }));
}

interface Traffic {
  paths: string[];
  bodies: { requests: EmbedRequest[] }[];
  keys: (string | null)[];
}

/** Serves `batchEmbedContents` with `reply` (default: axis vectors of the asked length) and records every call. */
function serveEmbeddings(
  reply: (body: { requests: EmbedRequest[] }, call: number) => Response | undefined = () => undefined,
  dims = 3072,
): Traffic {
  const traffic: Traffic = { paths: [], bodies: [], keys: [] };
  server.use(
    http.post(BASE, async ({ request }) => {
      const url = new URL(request.url);
      if (!url.pathname.endsWith(':batchEmbedContents')) return undefined;
      const body = (await request.json()) as { requests: EmbedRequest[] };
      traffic.paths.push(url.pathname);
      traffic.bodies.push(body);
      traffic.keys.push(request.headers.get('x-goog-api-key'));
      const custom = reply(body, traffic.bodies.length);
      if (custom) return custom;
      const length = body.requests[0]?.outputDimensionality ?? dims;
      return HttpResponse.json({ embeddings: axisVectors(body.requests, length) });
    }),
  );
  return traffic;
}

/** gemini-embedding-001 at the catalog's $0.15 per million input tokens. */
const usdAtCatalog = (tokens: number) => (tokens * 0.15) / 1e6;

describe('googleEmbedder', () => {
  it('calls batchEmbedContents with outputDimensionality and taskType, returns the vectors in order, and charges the estimate', async () => {
    const traffic = serveEmbeddings();
    const embedder = googleEmbedder({ apiKey, dimensions: 8, taskType: 'SEMANTIC_SIMILARITY' });
    expect(embedder.name).toBe('google:gemini-embedding-001');
    expect(embedder.dimensions).toBe(8);
    const texts = ['a', 'bb', 'héllo wörld, this is twenty-five bytes?'];
    const result = await embedder.embedWithCost!(texts);
    expect(traffic.paths).toEqual(['/v1beta/models/gemini-embedding-001:batchEmbedContents']);
    expect(traffic.keys).toEqual([apiKey]);
    expect(traffic.bodies[0]!.requests).toEqual(
      texts.map((text) => ({
        content: { role: 'user', parts: [{ text }] },
        taskType: 'SEMANTIC_SIMILARITY',
        outputDimensionality: 8,
        model: 'models/gemini-embedding-001',
      })),
    );
    expect(result.vectors).toHaveLength(3);
    expect(result.vectors[0]).toEqual([1, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]);
    expect(result.vectors[1]).toEqual([0.02, 1, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02]);
    expect(result.vectors[2]![2]).toBe(1);
    // No usage on the wire: ceil(UTF-8 bytes / 4) per text, at least 1: "a" 1, "bb" 1, the third (41 bytes) 11.
    expect(Buffer.byteLength(texts[2]!, 'utf8')).toBe(41);
    expect(result).toMatchObject({ inputTokens: 13, estimated: true });
    expect(result.costUsd).toBeCloseTo(usdAtCatalog(13), 18);
    // `embed` returns the same vectors.
    expect(await embedder.embed(texts)).toEqual(result.vectors);
  });

  it('is 3072 long by default and sends no outputDimensionality or taskType unless asked', async () => {
    const traffic = serveEmbeddings();
    const embedder = googleEmbedder({ apiKey });
    expect(embedder.dimensions).toBe(3072);
    const [vector] = await embedder.embed(['hello']);
    expect(vector).toHaveLength(3072);
    expect(traffic.bodies[0]!.requests).toEqual([
      { content: { role: 'user', parts: [{ text: 'hello' }] }, model: 'models/gemini-embedding-001' },
    ]);
  });

  it('batches by batchSize, keeps the input order across batches, and sums the estimates', async () => {
    const traffic = serveEmbeddings();
    const embedder = googleEmbedder({
      apiKey,
      dimensions: 4,
      batchSize: 2,
      price: { inputPerMTok: 1, outputPerMTok: 0 },
    });
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const result = await embedder.embedWithCost!(texts);
    expect(traffic.bodies.map((body) => body.requests.map(textOf))).toEqual([
      ['one', 'two'],
      ['three', 'four'],
      ['five'],
    ]);
    // Text i of its batch lies on axis i: 0, 1, 0, 1, 0.
    expect(result.vectors.map((v) => v.indexOf(1))).toEqual([0, 1, 0, 1, 0]);
    // 1 + 1 + 2 + 1 + 1 tokens at the override's $1 per million.
    expect(result.inputTokens).toBe(6);
    expect(result.costUsd).toBeCloseTo(6e-6, 15);
  });

  it('worstCase bounds the tokens by UTF-8 bytes + 1 per text, at the price, and covers the charge', async () => {
    serveEmbeddings();
    const embedder = googleEmbedder({ apiKey, dimensions: 4 });
    const texts = ['How do I reset my password?', '日本語', ''];
    // 27 + 9 + 0 bytes, plus one per text.
    expect(embedder.worstCase!(texts)).toEqual({ usd: expect.closeTo(usdAtCatalog(39), 18), inputTokens: 39 });
    const charged = await embedder.embedWithCost!(texts);
    expect(charged.inputTokens).toBe(7 + 3 + 1);
    expect(charged.costUsd).toBeLessThanOrEqual(embedder.worstCase!(texts).usd);
  });

  it('charges a kNN index and query through the classifier', async () => {
    serveEmbeddings();
    const knn = embeddingKnn({
      embedder: googleEmbedder({ apiKey, dimensions: 4, batchSize: 2, price: { inputPerMTok: 1, outputPerMTok: 0 } }),
      k: 1,
      examples: [
        { prompt: 'e', label: 0 },
        { prompt: 'h', label: 1 },
        { prompt: 'x', label: 0 },
      ],
    });
    const index = await knn.index();
    expect(index.costUsd).toBeCloseTo(3e-6, 15);
    // The query (index 0 of its batch) matches "e".
    expect(await knn.classify({ prompt: 'q' })).toEqual({ score: 0, costUsd: 1e-6 });
  });

  it('fails with a MalformedResponseError on no embeddings, a wrong count, a wrong length or a non-number', async () => {
    const embedder = googleEmbedder({ apiKey, dimensions: 2 });
    const cases: [JsonBodyType, RegExp][] = [
      [{}, /malformed response: expected 2 embeddings, got none/],
      [{ embeddings: [{ values: [1, 2] }] }, /malformed response: expected 2 embeddings, got 1/],
      [{ embeddings: [{ values: [1, 2] }, { values: [1] }] }, /embedding 1 is not a vector of 2 numbers/],
      [{ embeddings: [{ values: [1, '2'] }, { values: [1, 2] }] }, /embedding 0 is not a vector of 2 numbers/],
      [{ embeddings: [{ values: [1, 2] }, {}] }, /embedding 1 is not a vector of 2 numbers/],
    ];
    for (const [body, message] of cases) {
      serveEmbeddings(() => HttpResponse.json(body));
      const error = await embedder.embed(['a', 'b']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect((error as Error).message).toMatch(message);
      expect((error as MalformedResponseError).provider).toBe('google');
    }
  });

  it('maps SDK errors as the adapter does: a 400 fails at once, a 429 is retried after its RetryInfo delay', async () => {
    serveEmbeddings(() =>
      HttpResponse.json(
        { error: { code: 400, message: `API key ${apiKey} is bad`, status: 'INVALID_ARGUMENT' } },
        { status: 400 },
      ),
    );
    const error = await googleEmbedder({ apiKey, dimensions: 2 })
      .embed(['a'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT', retryable: false, provider: 'google' });
    expect((error as Error).message).not.toContain(apiKey);

    const traffic = serveEmbeddings((_, call) =>
      call === 1
        ? HttpResponse.json(
            {
              error: {
                code: 429,
                message: 'quota',
                status: 'RESOURCE_EXHAUSTED',
                details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.001s' }],
              },
            },
            { status: 429 },
          )
        : undefined,
    );
    const vectors = await googleEmbedder({ apiKey, dimensions: 2 }).embed(['a']);
    expect(traffic.bodies).toHaveLength(2);
    expect(vectors).toEqual([[1, 0.01]]);
  });

  it('uses a given client as is, and refuses an unpriced or unsized model or a missing key', async () => {
    const traffic = serveEmbeddings();
    const client = new GoogleGenAI({ apiKey });
    expect(await googleEmbedder({ client, dimensions: 2 }).embed(['a'])).toEqual([[1, 0.01]]);
    expect(traffic.keys).toEqual([apiKey]);

    expect(() => googleEmbedder({ model: 'my-embedder' })).toThrow(ConfigError);
    const unpriced = (() => {
      try {
        googleEmbedder({ model: 'my-embedder', dimensions: 16 });
      } catch (e) {
        return e;
      }
    })();
    expect((unpriced as ConfigError).issues).toEqual([
      {
        path: 'googleEmbedder.model',
        message: 'no price is known for "my-embedder"; pass price: { inputPerMTok, outputPerMTok: 0 }',
      },
    ]);
    expect(() => googleEmbedder({ apiKey, batchSize: 101 })).toThrow(/googleEmbedder.batchSize/);
    expect(
      googleEmbedder({ model: 'my-embedder', dimensions: 16, price: { inputPerMTok: 0.01, outputPerMTok: 0 } })
        .dimensions,
    ).toBe(16);

    const saved = { GOOGLE_API_KEY: process.env.GOOGLE_API_KEY, GEMINI_API_KEY: process.env.GEMINI_API_KEY };
    delete process.env.GOOGLE_API_KEY;
    delete process.env.GEMINI_API_KEY;
    try {
      const error = await googleEmbedder({ dimensions: 2 })
        .embed(['a'])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues[0]?.path).toBe('googleEmbedder.apiKey');
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
    }
  });
});

describe('googleEmbedder in the semantic cache', () => {
  const closing: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((item) => item.close()));
  });

  const DIMS = 64;
  /** Serves embeddings (bag-of-words vectors) and Gemini answers on the same host, counting each. */
  function serveGemini(): { embeddings: number; answers: number } {
    const traffic = { embeddings: 0, answers: 0 };
    server.use(
      http.post(BASE, async ({ request }) => {
        const url = new URL(request.url);
        // biome-ignore lint/suspicious/noExplicitAny: wire body
        const body = (await request.json()) as any;
        if (url.pathname.endsWith(':batchEmbedContents')) {
          traffic.embeddings++;
          return HttpResponse.json({
            embeddings: (body.requests as EmbedRequest[]).map((r) => ({ values: wordVector(textOf(r), DIMS) })),
          });
        }
        traffic.answers++;
        return HttpResponse.json({
          candidates: [{ content: { role: 'model', parts: [{ text: 'Use the reset link.' }] }, finishReason: 'STOP' }],
          usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
          modelVersion: 'gemini-2.5-flash',
        });
      }),
    );
    return traffic;
  }

  function router(embedder = googleEmbedder({ apiKey, dimensions: DIMS }), ledger = memoryLedger()) {
    const r = createRouter({
      providers: { google: google({ apiKey }) },
      models: { flash: { provider: 'google', model: 'gemini-2.5-flash' } },
      responseCache: { semantic: { embedder, threshold: 0.8 } },
      ledger,
    });
    closing.push(r);
    return r;
  }

  const ask = (content: string, more: Record<string, unknown> = {}) => ({
    model: 'flash',
    temperature: 0,
    messages: [{ role: 'user' as const, content }],
    ...more,
  });
  const source = 'cache:embedding:google:gemini-embedding-001';

  it("charges the question's estimated embedding cost to the request (cache:embedding:google:…), on a miss and a hit", async () => {
    const traffic = serveGemini();
    const ledger = memoryLedger();
    const r = router(undefined, ledger);
    const miss = await r.complete(ask('How do I reset my password?'));
    const hit = await r.complete(ask('How can I reset my password?'));
    expect([miss.cache?.hit, hit.cache?.hit]).toEqual([false, 'semantic']);
    expect([traffic.embeddings, traffic.answers]).toEqual([2, 1]);
    // The questions are 27 and 28 bytes of UTF-8: an estimated 7 tokens each at $0.15 per million.
    const embeddingUsd = usdAtCatalog(7);
    expect(miss.cost.charges).toEqual([{ source, usd: expect.closeTo(embeddingUsd, 18) }]);
    expect(miss.cost.usd).toBeCloseTo(miss.cost.attempts[0]!.costUsd + embeddingUsd, 18);
    expect(hit.cost).toEqual({
      usd: expect.closeTo(embeddingUsd, 18),
      attempts: [],
      charges: [{ source, usd: expect.closeTo(embeddingUsd, 18) }],
    });
    const charges = ledger.records().filter((row) => row.kind === 'charge');
    expect(charges.map((row) => `${row.purpose}/${row.source}/${row.cache}`)).toEqual([
      `cache/${source}/miss`,
      `cache/${source}/semantic`,
    ]);
  });

  it('is reserved at its worst case on a request budget: charged at the estimate when it fits, skipped when not', async () => {
    const traffic = serveGemini();
    // $1,000 per million tokens: the worst case of the 27-byte question (28 tokens) is $0.028, the estimate $0.007.
    const dear = googleEmbedder({ apiKey, dimensions: DIMS, price: { inputPerMTok: 1000, outputPerMTok: 0 } });
    expect(dear.worstCase!(['How do I reset my password?']).usd).toBeCloseTo(0.028, 12);
    const r = router(dear);
    const fits = await r.complete(ask('How do I reset my password?', { maxOutputTokens: 16, budget: { maxUsd: 1 } }));
    expect(fits.cost.charges).toEqual([{ source, usd: expect.closeTo(0.007, 12) }]);
    const tight = await r.complete(
      ask('What is the capital of France?', { maxOutputTokens: 16, budget: { maxUsd: 0.02 } }),
    );
    expect(tight.cache?.semanticSkipped).toContain('does not fit');
    expect(tight.cost.charges).toBeUndefined();
    expect([traffic.embeddings, traffic.answers]).toEqual([1, 2]);
  });
});
