import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { anthropic, createRouter, google, openai, RouteExhaustedError } from '../../src/index.js';
import anthropicMessage from '../../src/providers/anthropic/__fixtures__/message-text.json' with { type: 'json' };
import geminiResponse from '../../src/providers/google/__fixtures__/generate-content.json' with { type: 'json' };
import chatCompletion from '../../src/providers/openai/__fixtures__/chat-completion.json' with { type: 'json' };
import { useMsw } from '../helpers/msw.js';

const GEMINI = 'https://generativelanguage.googleapis.com/v1beta/models/*';
const server = useMsw();

/** Answers each request with the next scripted response and counts the requests. */
function script(url: string, ...responses: Array<() => Response>) {
  const seen: number[] = [];
  server.use(
    http.post(url, () => {
      seen.push(performance.now());
      const next = responses.shift();
      if (!next) throw new Error('unexpected extra request');
      return next();
    }),
  );
  return seen;
}

const geminiError = (code: number, status: string, headers: Record<string, string>) => () =>
  HttpResponse.json({ error: { code, message: 'Resource has been exhausted.', status } }, { status: code, headers });

function geminiRouter(withFallback = false) {
  return createRouter({
    providers: { google: google({ apiKey: 'test-google-retries' }), openai: openai({ apiKey: 'sk-test-retries-000' }) },
    models: {
      flash: { provider: 'google', model: 'gemini-2.5-flash', ...(withFallback ? { fallbacks: ['mini'] } : {}) },
      mini: { provider: 'openai', model: 'gpt-4o-mini' },
    },
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
}
const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'hi' }] });

describe('retry hints and retryable failures, through the real SDKs', () => {
  it("google: a 429's Retry-After header is honoured (the SDK's error drops headers)", async () => {
    const seen = script(GEMINI, geminiError(429, 'RESOURCE_EXHAUSTED', { 'retry-after': '1' }), () =>
      HttpResponse.json(geminiResponse),
    );
    const res = await geminiRouter().complete(ask('flash'));
    expect(seen).toHaveLength(2);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(950);
    expect(res.cost.attempts[0]!.error).toMatchObject({ status: 429, retryAfterMs: 1000 });
  });

  it('google: RetryInfo in the body still wins over the header', async () => {
    script(
      GEMINI,
      () =>
        HttpResponse.json(
          {
            error: {
              code: 503,
              message: 'overloaded',
              status: 'UNAVAILABLE',
              details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.02s' }],
            },
          },
          { status: 503, headers: { 'retry-after': '7' } },
        ),
      () => HttpResponse.json(geminiResponse),
    );
    const res = await geminiRouter().complete(ask('flash'));
    expect(res.cost.attempts[0]!.error).toMatchObject({ retryAfterMs: 20 });
  });

  it('google: asked to wait beyond the ceiling (an hour), the route goes to its fallback at once', async () => {
    const seen = script(GEMINI, geminiError(503, 'UNAVAILABLE', { 'retry-after': '3600' }));
    server.use(http.post('https://api.openai.com/v1/chat/completions', () => HttpResponse.json(chatCompletion)));
    // Waiting out the hour would time the test out.
    const res = await geminiRouter(true).complete(ask('flash'));
    expect(seen).toHaveLength(1);
    expect(res.route).toMatchObject({ answeredBy: 'mini', fellBack: true });
  });

  it('google: asked to wait beyond the ceiling with no fallback, the route fails at once', async () => {
    const seen = script(GEMINI, geminiError(429, 'RESOURCE_EXHAUSTED', { 'retry-after': '3600' }));
    const error = await geminiRouter()
      .complete(ask('flash'))
      .catch((e) => e);
    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(RouteExhaustedError);
    expect(error.attempts[0].error.retryAfterMs).toBe(3_600_000);
  });

  it('anthropic: a connection reset in the middle of a non-streamed body is retried', async () => {
    const text = JSON.stringify(anthropicMessage);
    const seen = script(
      'https://api.anthropic.com/v1/messages',
      () => {
        const encoder = new TextEncoder();
        let sent = false;
        // Headers and half the body, then the socket goes.
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (!sent) {
              sent = true;
              controller.enqueue(encoder.encode(text.slice(0, 60)));
            } else controller.error(new TypeError('terminated', { cause: new Error('other side closed') }));
          },
        });
        return new HttpResponse(body, { headers: { 'content-type': 'application/json', 'request-id': 'req_cut' } });
      },
      () => HttpResponse.json(anthropicMessage, { headers: { 'request-id': 'req_ok' } }),
    );
    const router = createRouter({
      providers: { anthropic: anthropic({ apiKey: 'sk-ant-test-retries' }) },
      models: { sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' } },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const res = await router.complete(ask('sonnet'));
    expect(seen).toHaveLength(2);
    expect(res.text).toBe('Hello! How can I help you today?');
    expect(res.cost.attempts[0]!.error).toMatchObject({ kind: 'connection', retryable: true, requestId: 'req_cut' });
    expect(res.cost.attempts[1]).toMatchObject({ status: 'ok', requestId: 'req_ok' });
  });
});
