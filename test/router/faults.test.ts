import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createRouter,
  MalformedResponseError,
  openai,
  ProviderError,
  RouteExhaustedError,
  StreamInterruptedError,
} from '../../src/index.js';
import chatCompletion from '../../src/providers/openai/__fixtures__/chat-completion.json' with { type: 'json' };
import { parseChunksFile, sseStream, useMsw } from '../helpers/msw.js';

const URL = 'https://api.openai.com/v1/chat/completions';
const KEY = 'sk-test-routewise-faults-0000000000';
const streamBlocks = parseChunksFile(
  readFileSync(
    new globalThis.URL('../../src/providers/openai/__fixtures__/chat-stream.chunks.txt', import.meta.url),
    'utf8',
  ),
);

const server = useMsw();

/** Answers each request with the next scripted response and counts the requests. */
function script(...responses: Array<() => Response>) {
  const seen: Request[] = [];
  server.use(
    http.post(URL, ({ request }) => {
      seen.push(request);
      const next = responses.shift();
      if (!next) throw new Error('unexpected extra request');
      return next();
    }),
  );
  return seen;
}

const ok = () => HttpResponse.json(chatCompletion, { headers: { 'x-request-id': 'req_ok' } });
const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json(
      { error: { message: `status ${code}`, type: 'server_error', code: null } },
      { status: code, headers },
    );

function router(retries = 2) {
  return createRouter({
    providers: { openai: openai({ apiKey: KEY }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
    retry: { retries, baseDelayMs: 5, maxDelayMs: 10 },
  });
}
const ask = { model: 'mini', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('fault cases through the real OpenAI SDK', () => {
  it('429 with retry-after, then success: waits as asked, two attempts recorded', async () => {
    const seen = script(status(429, { 'retry-after-ms': '120' }), ok);
    const started = performance.now();
    const res = await router().complete(ask);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect(seen).toHaveLength(2);
    expect(res.cost.attempts.map((a) => [a.status, a.httpStatus])).toEqual([
      ['error', 429],
      ['ok', undefined],
    ]);
    expect(res.cost.attempts[1]!.requestId).toBe('req_ok');
  });

  it('an abort while waiting out a retry-after rejects with ProviderError (aborted) listing the attempt', async () => {
    const seen = script(status(429, { 'retry-after-ms': '5000' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await router()
      .complete({ ...ask, signal: controller.signal })
      .catch((e) => e);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('aborted');
    expect(error.attempts).toHaveLength(1);
    expect(error.attempts[0]).toMatchObject({ status: 'error', httpStatus: 429, costUsd: 0 });
  });

  it('500 twice, then success', async () => {
    const seen = script(status(500), status(500), ok);
    const res = await router().complete(ask);
    expect(seen).toHaveLength(3);
    expect(res.text.length).toBeGreaterThan(0);
    expect(res.cost.attempts.map((a) => a.status)).toEqual(['error', 'error', 'ok']);
  });

  it('400 is not retried', async () => {
    const seen = script(status(400));
    const error = await router()
      .complete(ask)
      .catch((e) => e);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(RouteExhaustedError);
    expect(error.attempts[0].error).toBeInstanceOf(ProviderError);
    expect(error.attempts[0].error.retryable).toBe(false);
    expect(error.attempts[0].httpStatus).toBe(400);
  });

  it('a connection reset is retried', async () => {
    const seen = script(() => HttpResponse.error(), ok);
    const res = await router().complete(ask);
    expect(seen).toHaveLength(2);
    expect(res.cost.attempts[0]!.error).toMatchObject({ kind: 'connection', retryable: true });
  });

  it('a malformed JSON body is a typed error, not a crash', async () => {
    script(
      () => new HttpResponse('{"id":"chatcmpl-x","choices":[', { headers: { 'content-type': 'application/json' } }),
    );
    const error = await router()
      .complete(ask)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RouteExhaustedError);
    expect(error.attempts[0].error).toBeInstanceOf(MalformedResponseError);
  });

  it('a stream cut mid-way is a StreamInterruptedError carrying the partial text', async () => {
    script(
      () =>
        new HttpResponse(sseStream(streamBlocks, { cutAfter: 3 }), {
          headers: { 'content-type': 'text/event-stream' },
        }),
    );
    const stream = router().stream(ask);
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const event of stream) if (event.type === 'text-delta') deltas.push(event.text);
    })().catch((e) => e);
    expect(deltas.join('')).toBe('Hello, world');
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.partialText).toBe('Hello, world');
    // The error still says what the request cost: the broken attempt is recorded. No usage arrived, but the provider
    // ran the request, so it counts at its worst case (estimated input + the whole output cap), never as free.
    expect(error.attempts).toHaveLength(1);
    expect(error.attempts[0]).toMatchObject({ status: 'error', alias: 'mini', usageEstimated: true });
    expect(error.attempts[0].usage.outputTokens).toBe(4096);
    expect(error.attempts[0].costUsd).toBeGreaterThan(0);
    await expect(stream.result).rejects.toBe(error);
  });

  it('a full stream yields deltas then a priced result with usage', async () => {
    script(() => new HttpResponse(sseStream(streamBlocks), { headers: { 'content-type': 'text/event-stream' } }));
    const stream = router().stream(ask);
    let text = '';
    for await (const event of stream) if (event.type === 'text-delta') text += event.text;
    const result = await stream.result;
    expect(text).toBe('Hello, world!');
    expect(result.usage).toMatchObject({ inputTokens: 1042, cachedInputTokens: 1024, outputTokens: 5 });
    expect(result.cost.usd).toBeGreaterThan(0);
  });

  it('retries exhausted: 3 attempts, then RouteExhaustedError listing each with its error', async () => {
    const seen = script(status(503), status(503), status(503));
    const error = await router()
      .complete(ask)
      .catch((e) => e);
    expect(seen).toHaveLength(3);
    expect(error).toBeInstanceOf(RouteExhaustedError);
    expect(error.attempts.map((a: { attempt: number; httpStatus: number }) => [a.attempt, a.httpStatus])).toEqual([
      [1, 503],
      [2, 503],
      [3, 503],
    ]);
    expect(error.costUsd).toBe(0);
  });

  it('falls back across providers when the first one is down', async () => {
    const seen = script(status(503), status(503), status(503));
    server.use(
      http.post('https://api.deepseek.com/v1/chat/completions', () =>
        HttpResponse.json({ ...chatCompletion, model: 'deepseek-chat' }),
      ),
    );
    const { deepseek } = await import('../../src/index.js');
    const r = createRouter({
      providers: { openai: openai({ apiKey: KEY }), deepseek: deepseek({ apiKey: 'sk-deepseek-test-000000' }) },
      models: {
        mini: { provider: 'openai', model: 'gpt-4o-mini', fallbacks: ['ds'] },
        ds: { provider: 'deepseek', model: 'deepseek-chat' },
      },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const res = await r.complete(ask);
    expect(seen).toHaveLength(3);
    expect(res.provider).toBe('deepseek');
    expect(res.route).toMatchObject({ answeredBy: 'ds', fellBack: true, chain: ['mini', 'ds'] });
    expect(res.cost.attempts).toHaveLength(4);
  });

  it('never lets the API key reach a message, a result, a stack or a log of the error', async () => {
    script(() =>
      HttpResponse.json(
        { error: { message: `Incorrect API key provided: ${KEY}`, type: 'invalid_request_error' } },
        { status: 401 },
      ),
    );
    const error = await router()
      .complete(ask)
      .catch((e) => e);
    const everything = [
      error.message,
      error.stack,
      JSON.stringify(error),
      error.attempts[0].error.message,
      error.attempts[0].error.stack,
      String(error.cause),
    ].join('\n');
    expect(everything).not.toContain(KEY);
    expect(everything).toContain('[redacted]');
  });
});
