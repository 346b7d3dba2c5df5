import { readFileSync } from 'node:fs';
import { GoogleGenAI } from '@google/genai';
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { parseChunksFile, sseStream, useMsw } from '../../../test/helpers/msw.js';
import { MalformedResponseError, ProviderError, StreamInterruptedError } from '../../errors.js';
import type { ChatRequest } from '../spec/request.js';
import type { ChatResponse, ChatStreamEvent } from '../spec/response.js';
import { google } from './google-provider.js';

// Key-shaped (so pattern redaction is exercised) but assembled here, so no key-like literal sits in the repo.
const API_KEY = ['AIza', 'SyTEST-not-a-real-key-0123456789ab'].join('');
const BASE = 'https://generativelanguage.googleapis.com/v1beta/models/*';
const MODEL = 'gemini-2.5-flash';

// biome-ignore lint/suspicious/noExplicitAny: fixtures and captured wire bodies are free-form JSON, edited and read freely here
type Json = any;

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}
const json = (name: string): Json => JSON.parse(fixture(name));

interface Captured {
  url: URL;
  body: Json;
  headers: Headers;
}

const captured: Captured[] = [];
type Reply = (request: Request) => Response | Promise<Response>;

/** Routes both endpoints to the given replies and records every request the SDK sent. */
function serve(replies: { complete?: Reply; stream?: Reply }) {
  return http.post(BASE, async ({ request }) => {
    const url = new URL(request.url);
    const text = await request.clone().text();
    captured.push({ url, body: JSON.parse(text), headers: request.headers });
    if (url.pathname.endsWith(':streamGenerateContent') && replies.stream) return replies.stream(request);
    if (url.pathname.endsWith(':generateContent') && replies.complete) return replies.complete(request);
    return HttpResponse.json({ error: { code: 404, message: 'no mock', status: 'NOT_FOUND' } }, { status: 404 });
  });
}

const server = useMsw();

function setup(replies: { complete?: Reply; stream?: Reply }) {
  captured.length = 0;
  server.use(serve(replies));
}

const ok =
  (name: string): Reply =>
  () =>
    HttpResponse.json(json(name));
const sse =
  (blocks: string[], options: { cutAfter?: number; error?: boolean } = {}): Reply =>
  () =>
    new HttpResponse(sseStream(blocks, options), { headers: { 'content-type': 'text/event-stream' } });

const request = (overrides: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'Why is the sky blue?' }],
  maxOutputTokens: 400,
  ...overrides,
});

async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<{ deltas: string[]; finish: ChatResponse }> {
  const deltas: string[] = [];
  let finish: ChatResponse | undefined;
  for await (const event of stream) {
    if (event.type === 'text-delta') deltas.push(event.text);
    else finish = event.response;
  }
  if (!finish) throw new Error('no finish event');
  return { deltas, finish };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

function errorBody(code: number, status: string, message: string, details?: unknown[]) {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

describe('google() adapter', () => {
  it('is named google, prices as google, and keeps the key off enumerable properties', () => {
    const adapter = google({ apiKey: API_KEY });
    expect(adapter.name).toBe('google');
    expect(adapter.priceProviderId).toBe('google');
    expect(JSON.stringify(adapter)).not.toContain(API_KEY);
    expect(Object.values(adapter).some((v) => typeof v === 'string' && v.includes(API_KEY))).toBe(false);
  });

  it('uses a client passed in as given', async () => {
    setup({ complete: ok('generate-content.json') });
    const client = new GoogleGenAI({ apiKey: API_KEY, httpOptions: { headers: { 'x-custom': 'yes' } } });
    const res = await google({ client }).complete(MODEL, request());
    expect(res.text).toContain('Rayleigh');
    expect(captured[0]?.headers.get('x-custom')).toBe('yes');
  });
});

describe('complete', () => {
  it('normalizes a plain response and sends one request with the cap and no thinkingConfig', async () => {
    setup({ complete: ok('generate-content.json') });
    const res = await google({ apiKey: API_KEY }).complete(MODEL, request({ system: 'Be brief.' }));

    expect(res).toMatchObject({
      text: 'Rayleigh scattering: air molecules scatter short blue wavelengths of sunlight far more than long red ones.',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: { inputTokens: 11, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 21, reasoningTokens: 0 },
      responseModel: 'gemini-2.5-flash',
      requestId: 'p7kFaf3NBOPvz7IPkbeS8Qg',
      warnings: [],
    });
    expect(captured).toHaveLength(1);
    const sent = captured[0] as Captured;
    expect(sent.url.pathname).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(sent.headers.get('x-goog-api-key')).toBe(API_KEY);
    expect(sent.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Why is the sky blue?' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { maxOutputTokens: 400 },
    });
  });

  it('counts thoughts as output outside candidatesTokenCount and cached tokens inside the prompt', async () => {
    setup({ complete: ok('generate-content-thinking-cached.json') });
    const res = await google({ apiKey: API_KEY }).complete(MODEL, request());
    expect(res.text).toBe("Yes. Clause 7.2 lets either party terminate with 30 days' written notice.");
    expect(res.usage).toEqual({
      inputTokens: 4211,
      cachedInputTokens: 4096,
      cacheWriteTokens: 0,
      outputTokens: 19 + 312,
      reasoningTokens: 312,
    });
  });

  it('reports a prompt above 200k tokens as is (the pricing tier is decided later)', async () => {
    setup({ complete: ok('generate-content-long-context.json') });
    const res = await google({ apiKey: API_KEY }).complete('gemini-2.5-pro', request());
    expect(res.usage).toEqual({
      inputTokens: 250000,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 431,
      reasoningTokens: 404,
    });
    expect(res.responseModel).toBe('gemini-2.5-pro');
  });

  it('returns function calls with generated ids and their thought signature, finish tool-calls', async () => {
    setup({ complete: ok('generate-content-function-call.json') });
    const res = await google({ apiKey: API_KEY }).complete(MODEL, request());
    expect(res.finishReason).toBe('tool-calls');
    expect(res.rawFinishReason).toBe('STOP');
    expect(res.text).toBe('');
    expect(res.toolCalls).toEqual([
      {
        id: 'call_0',
        name: 'get_weather',
        arguments: { city: 'Paris', unit: 'celsius' },
        signature: 'CiQBVKhc7sZ2m4Yj0a8yq3mJ3D9nV1Yq0uXl2X3aZ5v6cQ4pZxwSWQFUqFzu',
      },
      { id: 'call_1', name: 'get_weather', arguments: { city: 'London', unit: 'celsius' } },
    ]);
    expect(res.usage.outputTokens).toBe(36 + 83);
  });

  it('keeps an id Gemini gave a function call', async () => {
    const body = json('generate-content-function-call.json') as Json;
    body.candidates[0].content.parts[0].functionCall.id = 'fc-7';
    setup({ complete: () => HttpResponse.json(body) });
    const res = await google({ apiKey: API_KEY }).complete(MODEL, request());
    expect(res.toolCalls.map((c) => c.id)).toEqual(['fc-7', 'call_1']);
  });

  it('turns a blocked prompt into content-filter with empty text, not a crash', async () => {
    setup({ complete: ok('generate-content-prompt-blocked.json') });
    const res = await google({ apiKey: API_KEY }).complete(MODEL, request());
    expect(res).toMatchObject({
      text: '',
      toolCalls: [],
      finishReason: 'content-filter',
      rawFinishReason: 'PROHIBITED_CONTENT',
      usage: { inputTokens: 17, outputTokens: 0 },
    });
    expect(res.warnings).toEqual(['Gemini blocked the prompt: PROHIBITED_CONTENT']);
  });

  it('maps MAX_TOKENS to length', async () => {
    const body = json('generate-content.json') as Json;
    body.candidates[0].finishReason = 'MAX_TOKENS';
    setup({ complete: () => HttpResponse.json(body) });
    const res = await google({ apiKey: API_KEY }).complete(MODEL, request());
    expect(res.finishReason).toBe('length');
  });

  it('never continues: a CONTINUATION finish is returned after exactly one request, with a warning', async () => {
    const body = json('generate-content.json') as Json;
    body.candidates[0].finishReason = 'CONTINUATION';
    body.continuationToken = 'Y29udGludWU=';
    body.candidates[0].continuationToken = 'Y29udGludWU=';
    setup({ complete: () => HttpResponse.json(body) });
    const res = await google({ apiKey: API_KEY }).complete(MODEL, request());
    expect(captured).toHaveLength(1);
    expect(captured[0]?.body).not.toHaveProperty('continuationToken');
    expect(captured[0]?.body.generationConfig).not.toHaveProperty('automaticContinuation');
    expect(res.finishReason).toBe('other');
    expect(res.warnings.join(' ')).toMatch(/CONTINUATION/);
  });

  it('honours baseURL and apiVersion', async () => {
    captured.length = 0;
    server.use(
      http.post('https://gemini.example.test/proxy/*', async ({ request: req }) => {
        captured.push({ url: new URL(req.url), body: (await req.json()) as Json, headers: req.headers });
        return HttpResponse.json(json('generate-content.json'));
      }),
    );
    await google({ apiKey: API_KEY, baseURL: 'https://gemini.example.test/proxy', apiVersion: 'v1' }).complete(
      MODEL,
      request(),
    );
    expect(captured[0]?.url.pathname).toBe('/proxy/v1/models/gemini-2.5-flash:generateContent');
  });
});

describe('caps and thinking on the wire', () => {
  const sentConfig = async (overrides: Partial<ChatRequest>) => {
    setup({ complete: ok('generate-content.json') });
    const res = await google({ apiKey: API_KEY }).complete(MODEL, request(overrides));
    return { generationConfig: captured[0]?.body.generationConfig, warnings: res.warnings };
  };

  it('sends cap − budget as maxOutputTokens when a thinking budget is set', async () => {
    const { generationConfig, warnings } = await sentConfig({ maxOutputTokens: 4000, reasoning: { effort: 'low' } });
    expect(generationConfig).toEqual({ maxOutputTokens: 4000 - 2048, thinkingConfig: { thinkingBudget: 2048 } });
    expect(warnings).toEqual([]);
  });

  it('lowers a budget (warning) so thoughts + answer stay within the cap and the answer keeps its floor', async () => {
    const { generationConfig, warnings } = await sentConfig({
      maxOutputTokens: 1000,
      reasoning: { budgetTokens: 5000 },
    });
    expect(generationConfig).toEqual({ maxOutputTokens: 256, thinkingConfig: { thinkingBudget: 744 } });
    expect(warnings).toEqual([
      'thinking budget 5000 lowered to 744 so the answer keeps at least 256 of maxOutputTokens 1000',
    ]);
  });

  it('sends budget 0 with the full cap when thinking is off', async () => {
    const { generationConfig } = await sentConfig({ maxOutputTokens: 300, reasoning: { effort: 'none' } });
    expect(generationConfig).toEqual({ maxOutputTokens: 300, thinkingConfig: { thinkingBudget: 0 } });
  });

  it('sends no thinkingConfig and the plain cap without a reasoning setting', async () => {
    const { generationConfig } = await sentConfig({ maxOutputTokens: 777 });
    expect(generationConfig).toEqual({ maxOutputTokens: 777 });
  });
});

describe('request conversion on the wire', () => {
  it('converts system, images, tool calls, tool results, tools, toolChoice, output, temperature and stop', async () => {
    setup({ complete: ok('generate-content.json') });
    const res = await google({ apiKey: API_KEY }).complete(MODEL, {
      system: 'You are a weather bot.',
      maxOutputTokens: 500,
      temperature: 0.2,
      stop: ['END'],
      messages: [
        { role: 'system', content: 'Answer in French.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these pictures, and the weather in Paris and London?' },
            { type: 'image', url: 'https://img.example.test/a/sky.png?size=large' },
            { type: 'image', url: 'https://img.example.test/render/42' },
            { type: 'image', url: 'https://img.example.test/b', mediaType: 'image/webp' },
            { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
          ],
        },
        {
          role: 'assistant',
          content: 'Let me check.',
          toolCalls: [
            { id: 'call_0', name: 'get_weather', arguments: { city: 'Paris' }, signature: 'c2lnLTE=' },
            { id: 'call_1', name: 'get_weather', arguments: { city: 'London' } },
          ],
        },
        { role: 'tool', toolCallId: 'call_0', content: '{"tempC":18}' },
        { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: 'rainy' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_9', name: 'get_time', arguments: {} }] },
        { role: 'tool', toolCallId: 'toolu_9', content: '"12:00"' },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
        { name: 'get_time', parameters: z.object({ tz: z.string().optional() }) },
      ],
      toolChoice: { name: 'get_weather' },
      output: { schema: z.object({ answer: z.string() }) },
    });

    expect(res.warnings).toEqual(['messages[1].content[2]: image URL has no known type; sent as image/jpeg']);
    const body = captured[0]?.body as Json;
    expect(body.systemInstruction).toEqual({
      parts: [{ text: 'You are a weather bot.' }, { text: 'Answer in French.' }],
    });
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'What is in these pictures, and the weather in Paris and London?' },
          { fileData: { fileUri: 'https://img.example.test/a/sky.png?size=large', mimeType: 'image/png' } },
          { fileData: { fileUri: 'https://img.example.test/render/42', mimeType: 'image/jpeg' } },
          { fileData: { fileUri: 'https://img.example.test/b', mimeType: 'image/webp' } },
          { inlineData: { data: 'iVBORw0KGgo=', mimeType: 'image/png' } },
        ],
      },
      {
        role: 'model',
        parts: [
          { text: 'Let me check.' },
          {
            functionCall: { id: 'call_0', name: 'get_weather', args: { city: 'Paris' } },
            thoughtSignature: 'c2lnLTE=',
          },
          { functionCall: { id: 'call_1', name: 'get_weather', args: { city: 'London' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_0', name: 'get_weather', response: { tempC: 18 } } },
          { functionResponse: { id: 'call_1', name: 'get_weather', response: { output: 'rainy' } } },
        ],
      },
      {
        role: 'model',
        parts: [
          {
            functionCall: { id: 'toolu_9', name: 'get_time', args: {} },
            thoughtSignature: 'skip_thought_signature_validator',
          },
        ],
      },
      {
        role: 'user',
        parts: [{ functionResponse: { id: 'toolu_9', name: 'get_time', response: { output: '12:00' } } }],
      },
    ]);
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Current weather for a city',
            parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
          {
            name: 'get_time',
            parametersJsonSchema: {
              type: 'object',
              properties: { tz: { type: 'string' } },
              additionalProperties: false,
            },
          },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 500,
      temperature: 0.2,
      stopSequences: ['END'],
      responseMimeType: 'application/json',
      responseJsonSchema: {
        type: 'object',
        properties: { answer: { type: 'string' } },
        required: ['answer'],
        additionalProperties: false,
      },
    });
  });

  it('maps auto / none / required tool choices', async () => {
    const modes: string[] = [];
    for (const toolChoice of ['auto', 'none', 'required'] as const) {
      setup({ complete: ok('generate-content.json') });
      await google({ apiKey: API_KEY }).complete(
        MODEL,
        request({ tools: [{ name: 't', parameters: { type: 'object', properties: {} } }], toolChoice }),
      );
      modes.push(captured[0]?.body.toolConfig.functionCallingConfig.mode);
    }
    expect(modes).toEqual(['AUTO', 'NONE', 'ANY']);
  });
});

describe('errors', () => {
  const retryInfo = [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests' }],
    },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' },
  ];

  it('429 with RetryInfo → retryable with retryAfterMs, after exactly one HTTP request', async () => {
    setup({
      complete: () =>
        HttpResponse.json(errorBody(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota.', retryInfo), {
          status: 429,
        }),
    });
    const error = await failure(google({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error).toMatchObject({
      provider: 'google',
      model: MODEL,
      kind: 'http',
      status: 429,
      retryable: true,
      retryAfterMs: 12000,
      code: 'RESOURCE_EXHAUSTED',
    });
    expect(error.message).toContain('You exceeded your current quota.');
    expect(captured).toHaveLength(1);
  });

  it('500 → retryable, after exactly one HTTP request', async () => {
    setup({
      complete: () => HttpResponse.json(errorBody(500, 'INTERNAL', 'An internal error has occurred.'), { status: 500 }),
    });
    const error = await failure(google({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error).toMatchObject({ status: 500, retryable: true, code: 'INTERNAL' });
    expect(error.retryAfterMs).toBeUndefined();
    expect(captured).toHaveLength(1);
  });

  it('400 → not retryable, and the key never reaches the message', async () => {
    setup({
      complete: () =>
        HttpResponse.json(errorBody(400, 'INVALID_ARGUMENT', `API key not valid: ${API_KEY}`), { status: 400 }),
    });
    const error = await failure(google({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error).toMatchObject({ status: 400, retryable: false, code: 'INVALID_ARGUMENT' });
    expect(error.message).not.toContain(API_KEY);
    expect(error.message).toContain('[redacted]');
  });

  it('a non-JSON error body still gives status and retryability', async () => {
    setup({ complete: () => new HttpResponse('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }) });
    const error = await failure(google({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error).toMatchObject({ kind: 'http', status: 502, retryable: true, code: 'Bad Gateway' });
  });

  it('a 200 that is not JSON → MalformedResponseError', async () => {
    setup({
      complete: () =>
        new HttpResponse('{"candidates": [ {"content"', { headers: { 'content-type': 'application/json' } }),
    });
    const error = await failure(google({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ kind: 'malformed-response', retryable: false });
  });

  it('a 200 without candidates or blockReason → MalformedResponseError', async () => {
    setup({ complete: () => HttpResponse.json({ modelVersion: MODEL }) });
    const error = await failure(google({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error).toBeInstanceOf(MalformedResponseError);
  });

  it('a network failure → connection, retryable', async () => {
    setup({ complete: () => HttpResponse.error() });
    const error = await failure(google({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error).toMatchObject({ kind: 'connection', retryable: true });
  });

  it('timeoutMs → timeout, retryable', async () => {
    setup({
      complete: async () => {
        await delay(2000);
        return HttpResponse.json(json('generate-content.json'));
      },
    });
    const error = await failure(google({ apiKey: API_KEY }).complete(MODEL, request(), { timeoutMs: 50 }));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it("the caller's abort → aborted, not retryable", async () => {
    setup({
      complete: async () => {
        await delay(2000);
        return HttpResponse.json(json('generate-content.json'));
      },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await failure(google({ apiKey: API_KEY }).complete(MODEL, request(), { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
  });
});

describe('stream', () => {
  const blocks = parseChunksFile(fixture('stream-generate-content.chunks.txt'));

  it('yields text deltas and finishes with the LAST usage, not a sum', async () => {
    setup({ stream: sse(blocks) });
    const { deltas, finish } = await collect(google({ apiKey: API_KEY }).stream(MODEL, request()));
    expect(deltas).toEqual([
      'Rayleigh scattering:',
      ' air molecules scatter short blue wavelengths',
      ' far more than long red ones.',
    ]);
    expect(finish).toMatchObject({
      text: 'Rayleigh scattering: air molecules scatter short blue wavelengths far more than long red ones.',
      finishReason: 'stop',
      rawFinishReason: 'STOP',
      usage: {
        inputTokens: 11,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 21 + 125,
        reasoningTokens: 125,
      },
      requestId: 'ELoFaczBN8D1z7IPmqKW-Qk',
      responseModel: 'gemini-2.5-flash',
    });
    expect(captured).toHaveLength(1);
    expect(captured[0]?.url.pathname).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(captured[0]?.url.searchParams.get('alt')).toBe('sse');
    expect(captured[0]?.body.generationConfig).toEqual({ maxOutputTokens: 400 });
  });

  it('collects function calls across chunks', async () => {
    const call = (city: string) =>
      `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city } } }] }, index: 0 }] })}`;
    const end = `data: ${JSON.stringify({
      candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 30, candidatesTokenCount: 20, totalTokenCount: 50 },
    })}`;
    setup({ stream: sse([call('Paris'), call('London'), end]) });
    const { deltas, finish } = await collect(google({ apiKey: API_KEY }).stream(MODEL, request()));
    expect(deltas).toEqual([]);
    expect(finish.finishReason).toBe('tool-calls');
    expect(finish.toolCalls.map((c) => [c.id, c.arguments.city])).toEqual([
      ['call_0', 'Paris'],
      ['call_1', 'London'],
    ]);
  });

  it('a stream that ends without a finishReason → StreamInterruptedError with partial text and last usage', async () => {
    setup({ stream: sse(blocks, { cutAfter: 2 }) });
    const events: ChatStreamEvent[] = [];
    const error = await failure(
      (async () => {
        for await (const event of google({ apiKey: API_KEY }).stream(MODEL, request())) events.push(event);
      })(),
    );
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'text-delta']);
    expect((error as StreamInterruptedError).partialText).toBe(
      'Rayleigh scattering: air molecules scatter short blue wavelengths',
    );
    expect(error.usage).toEqual({
      inputTokens: 11,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 12 + 125,
      reasoningTokens: 125,
    });
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe('ELoFaczBN8D1z7IPmqKW-Qk');
  });

  it('an event cut mid-JSON ("Incomplete JSON segment") → StreamInterruptedError', async () => {
    setup({
      stream: () => {
        const encoder = new TextEncoder();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(`${blocks[0]}\n\n`));
            controller.enqueue(encoder.encode('data: {"candidates": [{"content": {"parts": [{"text": " air'));
            controller.close();
          },
        });
        return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    });
    const error = await failure(collect(google({ apiKey: API_KEY }).stream(MODEL, request())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('Rayleigh scattering:');
    expect(error.message).toMatch(/Incomplete JSON segment/);
  });

  it('a socket error mid-stream → StreamInterruptedError', async () => {
    // Not `sseStream(…, { error: true })`: an erroring stream discards the chunks still queued (msw tees the
    // body too), so the socket fails a little after the first event has been read.
    setup({
      stream: () => {
        let pulls = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (pulls++ === 0) return controller.enqueue(new TextEncoder().encode(`${blocks[0]}\n\n`));
            await delay(30);
            controller.error(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
          },
        });
        return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    });
    const error = await failure(collect(google({ apiKey: API_KEY }).stream(MODEL, request())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('Rayleigh scattering:');
    expect(error.usage?.inputTokens).toBe(11);
  });

  it('an {"error":…} chunk mid-stream → StreamInterruptedError with its status and code', async () => {
    const errorChunk = `data: ${JSON.stringify(errorBody(503, 'UNAVAILABLE', 'The model is overloaded.'))}`;
    setup({ stream: sse([blocks[0] as string, errorChunk, blocks[2] as string]) });
    const error = await failure(collect(google({ apiKey: API_KEY }).stream(MODEL, request())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error).toMatchObject({ status: 503, code: 'UNAVAILABLE', retryable: false });
    expect((error as StreamInterruptedError).partialText).toBe('Rayleigh scattering:');
    expect(error.message).toContain('The model is overloaded.');
  });

  it('an HTTP 429 before the stream starts → retryable ProviderError, one request', async () => {
    setup({
      stream: () =>
        HttpResponse.json(
          errorBody(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded.', [
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' },
          ]),
          { status: 429 },
        ),
    });
    const error = await failure(collect(google({ apiKey: API_KEY }).stream(MODEL, request())));
    expect(error).not.toBeInstanceOf(StreamInterruptedError);
    expect(error).toMatchObject({ kind: 'http', status: 429, retryable: true, retryAfterMs: 1500 });
    expect(captured).toHaveLength(1);
  });

  it('a blocked prompt in a stream finishes with content-filter', async () => {
    setup({ stream: sse([`data: ${JSON.stringify(json('generate-content-prompt-blocked.json'))}`]) });
    const { deltas, finish } = await collect(google({ apiKey: API_KEY }).stream(MODEL, request()));
    expect(deltas).toEqual([]);
    expect(finish).toMatchObject({ text: '', finishReason: 'content-filter', rawFinishReason: 'PROHIBITED_CONTENT' });
  });

  it('a consumer that stops early aborts the HTTP request (undici then closes the socket)', async () => {
    // msw does not propagate an abort into a mocked body that has already arrived, so the signal the SDK
    // handed to fetch is checked instead. The SDK looks `fetch` up at call time, so a spy sees the call.
    const signals: AbortSignal[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      if (init?.signal) signals.push(init.signal);
      return realFetch(input, init);
    });
    try {
      setup({
        stream: () => {
          let pulls = 0;
          const body = new ReadableStream<Uint8Array>({
            async pull(controller) {
              if (pulls++ === 0) return controller.enqueue(new TextEncoder().encode(`${blocks[0]}\n\n`));
              await delay(5000); // the model is still "generating"
            },
          });
          return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
        },
      });
      for await (const event of google({ apiKey: API_KEY }).stream(MODEL, request())) {
        expect(event.type).toBe('text-delta');
        expect(signals[0]?.aborted).toBe(false);
        break;
      }
      expect(signals).toHaveLength(1);
      expect(signals[0]?.aborted).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
