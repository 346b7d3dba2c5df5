import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ConfigError, embeddingKnn, openaiEmbedder, ProviderError } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

const server = useMsw();
const URL_ = 'https://api.openai.com/v1/embeddings';
const apiKey = 'sk-test-embeddings-000000000000';

/** An embeddings response honouring the request's `encoding_format` (PROVIDERS.md §1.8). */
function respond(body: { input: string[]; encoding_format?: string }, dims: number, tokensPerText = 5) {
  const vectors = body.input.map((text, i) =>
    Array.from({ length: dims }, (_, d) => (d === i % dims ? 1 : 0.01 * text.length)),
  );
  const encode = (v: number[]) => Buffer.from(new Float32Array(v).buffer).toString('base64');
  return HttpResponse.json({
    object: 'list',
    model: 'text-embedding-3-small',
    data: vectors.map((v, index) => ({
      object: 'embedding',
      index,
      embedding: body.encoding_format === 'base64' ? encode(v) : v,
    })),
    usage: { prompt_tokens: body.input.length * tokensPerText, total_tokens: body.input.length * tokensPerText },
  });
}

describe('openaiEmbedder', () => {
  it('sends encoding_format "float" and dimensions, and prices the reported tokens', async () => {
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.post(URL_, async ({ request }) => {
        const body = (await request.json()) as { input: string[]; encoding_format?: string };
        bodies.push(body);
        return respond(body, 8);
      }),
    );
    const embedder = openaiEmbedder({ apiKey, dimensions: 8 });
    expect(embedder.name).toBe('openai:text-embedding-3-small');
    expect(embedder.dimensions).toBe(8);
    const result = await embedder.embedWithCost!(['a', 'bb', 'ccc']);
    expect(bodies).toEqual([
      { model: 'text-embedding-3-small', input: ['a', 'bb', 'ccc'], encoding_format: 'float', dimensions: 8 },
    ]);
    expect(result.vectors).toHaveLength(3);
    expect(result.vectors[1]).toEqual([0.02, 1, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02]);
    // 15 tokens at text-embedding-3-small's $0.02 per million.
    expect(result.inputTokens).toBe(15);
    expect(result.costUsd).toBeCloseTo((15 * 0.02) / 1e6, 15);
  });

  it('batches, retries a 429 (charging nothing for it), and charges a kNN query through the classifier', async () => {
    let calls = 0;
    server.use(
      http.post(URL_, async ({ request }) => {
        calls++;
        if (calls === 2)
          return HttpResponse.json(
            { error: { message: 'slow down' } },
            { status: 429, headers: { 'retry-after-ms': '1' } },
          );
        return respond((await request.json()) as { input: string[] }, 4, 10);
      }),
    );
    const embedder = openaiEmbedder({
      apiKey,
      dimensions: 4,
      batchSize: 2,
      price: { inputPerMTok: 1, outputPerMTok: 0 },
    });
    const knn = embeddingKnn({
      embedder,
      k: 1,
      examples: [
        { prompt: 'e', label: 0 },
        { prompt: 'h', label: 1 },
        { prompt: 'x', label: 0 },
      ],
    });
    const index = await knn.index();
    expect(calls).toBe(3); // batch [e, h], a 429, then [x]
    expect(index.costUsd).toBeCloseTo((30 * 1) / 1e6, 15);
    // Vectors put text i of a batch on axis i: the query (index 0 of its batch) matches "e".
    const result = await knn.classify({ prompt: 'q' });
    expect(result).toEqual({ score: 0, costUsd: 10 / 1e6 });
  });

  it('fails with a ProviderError on a 400 and on a malformed body; refuses an unpriced or unsized model', async () => {
    server.use(http.post(URL_, () => HttpResponse.json({ error: { message: 'bad input' } }, { status: 400 })));
    const error = await openaiEmbedder({ apiKey })
      .embed(['a'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).status).toBe(400);
    expect((error as Error).message).not.toContain(apiKey);

    server.use(http.post(URL_, () => HttpResponse.json({ data: [], usage: { prompt_tokens: 1 } })));
    await expect(openaiEmbedder({ apiKey }).embed(['a'])).rejects.toThrow(
      /malformed response: expected 1 embeddings, got 0/,
    );

    expect(() => openaiEmbedder({ model: 'my-embedder' })).toThrow(ConfigError);
    try {
      openaiEmbedder({ model: 'my-embedder', dimensions: 16 });
    } catch (e) {
      expect((e as ConfigError).issues).toEqual([
        {
          path: 'openaiEmbedder.model',
          message: 'no price is known for "my-embedder"; pass price: { inputPerMTok, outputPerMTok: 0 }',
        },
      ]);
    }
    expect(
      openaiEmbedder({ model: 'my-embedder', dimensions: 16, price: { inputPerMTok: 0.01, outputPerMTok: 0 } })
        .dimensions,
    ).toBe(16);
  });
});
