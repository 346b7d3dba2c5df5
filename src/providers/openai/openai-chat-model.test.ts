import { readFileSync } from 'node:fs';
import { delay, HttpResponse, http } from 'msw';
import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { parseChunksFile, sseStream, useMsw } from '../../../test/helpers/msw.js';
import { InvalidRequestError, MalformedResponseError, ProviderError, StreamInterruptedError } from '../../errors.js';
import type { CallOptions, ChatRequest } from '../spec/request.js';
import type { ChatResponse, ChatStreamEvent } from '../spec/response.js';
import { openai } from './openai-provider.js';

const URL_CHAT = 'https://api.openai.com/v1/chat/completions';
const KEY = 'sk-test-routewise-0123456789abcdef';
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;

const server = useMsw();

/** Serves one response and records every request the SDK sent. */
function serve(respond: () => Response | Promise<Response>) {
  const calls: { url: string; body: Record<string, unknown>; headers: Headers }[] = [];
  server.use(
    http.post(URL_CHAT, async ({ request }) => {
      calls.push({
        url: request.url,
        body: (await request.json()) as Record<string, unknown>,
        headers: request.headers,
      });
      return respond();
    }),
  );
  return calls;
}

const sse = (blocks: string[], options?: { cutAfter?: number; error?: boolean }) =>
  new HttpResponse(sseStream(blocks, options), {
    headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_stream_1' },
  });

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'What is the capital of France?' }],
  maxOutputTokens: 400,
  ...extra,
});

/** A body that sends one block, then nothing until cancelled. */
function endless(block: string, onCancel?: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(`${block}\n\n`));
    },
    cancel() {
      onCancel?.();
    },
  });
}

async function collect(stream: AsyncIterable<ChatStreamEvent>) {
  const deltas: string[] = [];
  let finish: ChatResponse | undefined;
  for await (const event of stream) {
    if (event.type === 'text-delta') deltas.push(event.text);
    else finish = event.response;
  }
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

describe('openai() chat completions: complete', () => {
  it('sends the documented body and normalizes a plain completion', async () => {
    const calls = serve(() =>
      HttpResponse.json(json('chat-completion.json'), { headers: { 'x-request-id': 'req_abc' } }),
    );
    const adapter = openai({ apiKey: KEY });
    const res = await adapter.complete('gpt-4.1-mini', ask({ system: 'Be brief.', temperature: 0.2, stop: ['\n\n'] }));

    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(URL_CHAT);
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(calls[0]?.body).toEqual({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is the capital of France?' },
      ],
      max_completion_tokens: 400,
      temperature: 0.2,
      stop: ['\n\n'],
    });
    expect(res).toMatchObject({
      text: 'The capital of France is Paris.',
      toolCalls: [],
      finishReason: 'stop',
      rawFinishReason: 'stop',
      responseModel: 'gpt-4.1-mini-2025-04-14',
      requestId: 'req_abc',
      warnings: [],
    });
    expect(res.usage).toEqual({
      inputTokens: 19,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 8,
      reasoningTokens: 0,
    });
    expect(adapter.name).toBe('openai');
    expect(adapter.priceProviderId).toBe('openai');
  });

  it('refuses a fifth stop sequence before sending (OpenAI accepts up to 4)', async () => {
    const calls = serve(() => HttpResponse.json(json('chat-completion.json')));
    const error = await openai({ apiKey: KEY })
      .complete('gpt-4.1-mini', ask({ stop: ['a', 'b', 'c', 'd', 'e'] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'stop', message: 'openai accepts at most 4 stop sequences; got 5' },
    ]);
    expect(calls).toHaveLength(0);
  });

  it('maps cached and reasoning tokens, and sends reasoning_effort from a budget', async () => {
    const calls = serve(() => HttpResponse.json(json('chat-completion-cached-reasoning.json')));
    const res = await openai({ apiKey: KEY }).complete('o4-mini', ask({ reasoning: { budgetTokens: 3000 } }));
    // 3000 tokens sits in the 2049–8192 row of the documented table: medium.
    expect(calls[0]?.body).toMatchObject({ max_completion_tokens: 400, reasoning_effort: 'medium' });
    expect(calls[0]?.body).not.toHaveProperty('stream_options');
    expect(res.usage).toEqual({
      inputTokens: 2306,
      cachedInputTokens: 2048,
      cacheWriteTokens: 0,
      outputTokens: 1186,
      reasoningTokens: 1152,
    });
  });

  it('sends reasoning_effort only when the request asks for reasoning', async () => {
    const calls = serve(() => HttpResponse.json(json('chat-completion.json')));
    const adapter = openai({ apiKey: KEY });
    await adapter.complete('gpt-4.1-mini', ask());
    await adapter.complete('o4-mini', ask({ reasoning: { effort: 'low' } }));
    expect(calls[0]?.body).not.toHaveProperty('reasoning_effort');
    expect(calls[1]?.body.reasoning_effort).toBe('low');
  });

  it('converts tools, tool choice, tool history and multi-part content', async () => {
    const calls = serve(() => HttpResponse.json(json('chat-completion-tool-call.json')));
    const res = await openai({ apiKey: KEY }).complete('gpt-4.1', {
      maxOutputTokens: 300,
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather in a city',
          parameters: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']).optional() }),
        },
      ],
      toolChoice: { name: 'get_weather' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather where these photos were taken?' },
            { type: 'image', url: 'https://example.test/paris.jpg' },
            { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
          ],
        },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Lyon' } }],
        },
        { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: '{"temp":21}' },
        { role: 'system', content: 'Use celsius.' },
      ],
    });

    const body = calls[0]?.body as Record<string, unknown>;
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather where these photos were taken?' },
          { type: 'image_url', image_url: { url: 'https://example.test/paris.jpg' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lyon"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'system', content: 'Use celsius.' },
    ]);
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather in a city',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
            required: ['city'],
            additionalProperties: false,
          },
        },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });

    expect(res.finishReason).toBe('tool-calls');
    expect(res.rawFinishReason).toBe('tool_calls');
    expect(res.text).toBe('');
    expect(res.toolCalls).toEqual([
      { id: 'call_Qm3x9TfK2pVb7Lr1Nd8Hs4Wz', name: 'get_weather', arguments: { city: 'Paris', unit: 'celsius' } },
    ]);
  });

  it('sends structured output as a strict json_schema response_format', async () => {
    const calls = serve(() => HttpResponse.json(json('chat-completion-structured.json')));
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, born: { type: 'integer' } },
      required: ['name', 'born'],
      additionalProperties: false,
    };
    const res = await openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask({ output: { schema, name: 'person' } }));
    expect(calls[0]?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'person', schema, strict: true },
    });
    expect(JSON.parse(res.text)).toEqual({ name: 'Ada Lovelace', born: 1815 });
  });

  it.each([
    ['length', 'length'],
    ['content_filter', 'content-filter'],
    ['function_call', 'tool-calls'],
    ['something_new', 'other'],
  ])('maps finish_reason %s to %s', async (raw, normalized) => {
    const body = json('chat-completion.json');
    (body.choices as Array<Record<string, unknown>>)[0]!.finish_reason = raw;
    serve(() => HttpResponse.json(body));
    const res = await openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask());
    expect(res.finishReason).toBe(normalized);
    expect(res.rawFinishReason).toBe(raw);
  });

  it("sends logprobs: true only when asked, and returns the tokens' log-probabilities", async () => {
    const calls = serve(() => HttpResponse.json(json('chat-completion-logprobs.json')));
    const res = await openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask({ logprobs: true }));
    expect(calls[0]?.body.logprobs).toBe(true);
    expect(res.logprobs).toHaveLength(7);
    expect(res.logprobs?.[0]).toEqual({ token: 'The', logprob: -0.0000123 });
    expect(res.logprobs?.[5]).toEqual({ token: ' Paris', logprob: -0.0412 });

    const plain = serve(() => HttpResponse.json(json('chat-completion.json')));
    const without = await openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask());
    expect(plain[0]?.body).not.toHaveProperty('logprobs');
    expect(without).not.toHaveProperty('logprobs');
  });

  it('warns instead of inventing usage when a body has none', async () => {
    const body = json('chat-completion.json');
    delete body.usage;
    serve(() => HttpResponse.json(body));
    const res = await openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask());
    expect(res.usage.inputTokens).toBe(0);
    expect(res.warnings).toContain('the provider reported no usage; counts are zero');
  });
});

describe('openai() chat completions: errors', () => {
  it('429 with retry-after-ms → retryable ProviderError, one HTTP request', async () => {
    const calls = serve(() =>
      HttpResponse.json(
        {
          error: {
            message: 'Rate limit reached for gpt-4.1-mini',
            type: 'requests',
            param: null,
            code: 'rate_limit_exceeded',
          },
        },
        { status: 429, headers: { 'retry-after-ms': '250', 'x-request-id': 'req_429' } },
      ),
    );
    const error = await failure(openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask()));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({
      provider: 'openai',
      model: 'gpt-4.1-mini',
      kind: 'http',
      status: 429,
      retryable: true,
      retryAfterMs: 250,
      requestId: 'req_429',
      code: 'rate_limit_exceeded',
    });
  });

  it('makes one HTTP request even through a user-supplied client with default retries', async () => {
    const calls = serve(() =>
      HttpResponse.json({ error: { message: 'overloaded', type: 'server_error' } }, { status: 500 }),
    );
    const client = new OpenAI({ apiKey: KEY }); // maxRetries defaults to 2
    const error = await failure(openai({ client }).complete('gpt-4.1-mini', ask()));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 500, retryable: true, code: 'server_error' });

    serve(() =>
      HttpResponse.json({ error: { message: 'slow down' } }, { status: 429, headers: { 'retry-after': '2' } }),
    );
    const limited = await failure(openai({ client }).complete('gpt-4.1-mini', ask()));
    expect(limited.retryAfterMs).toBe(2000);
    expect(calls).toHaveLength(1);
  });

  it('one HTTP request on a 429 while streaming too', async () => {
    const calls = serve(() => HttpResponse.json({ error: { message: 'limit' } }, { status: 429 }));
    const error = await failure(collect(openai({ client: new OpenAI({ apiKey: KEY }) }).stream('gpt-4.1-mini', ask())));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 429, retryable: true });
  });

  it('400 is not retryable and keeps the code', async () => {
    serve(() =>
      HttpResponse.json(
        {
          error: {
            message: "Unsupported parameter: 'temperature' is not supported with this model.",
            type: 'invalid_request_error',
            param: 'temperature',
            code: 'unsupported_parameter',
          },
        },
        { status: 400 },
      ),
    );
    const error = await failure(openai({ apiKey: KEY }).complete('o4-mini', ask({ temperature: 0 })));
    expect(error).toMatchObject({ kind: 'http', status: 400, retryable: false, code: 'unsupported_parameter' });
    expect(error.message).toContain("Unsupported parameter: 'temperature'");
  });

  it('401 whose body echoes the key never shows the key', async () => {
    serve(() =>
      HttpResponse.json(
        {
          error: {
            message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        },
        { status: 401 },
      ),
    );
    const error = await failure(openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask()));
    expect(error).toMatchObject({ status: 401, retryable: false, code: 'invalid_api_key' });
    expect(error.message).toContain('Incorrect API key provided');
    expect(error.message).not.toContain(KEY);
    expect(String((error.cause as Error).message)).not.toContain(KEY);
    expect(JSON.stringify((error.cause as { error?: unknown }).error)).not.toContain(KEY);
  });

  it('redacts a key taken from OPENAI_API_KEY on the very first call', async () => {
    const envKey = 'plain-env-secret-value-77';
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = envKey;
    try {
      serve(() => HttpResponse.json({ error: { message: `bad key ${envKey}` } }, { status: 401 }));
      const error = await failure(openai().complete('gpt-4.1-mini', ask()));
      expect(error.message).not.toContain(envKey);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });

  it('a 200 whose JSON body does not parse → MalformedResponseError', async () => {
    serve(
      () =>
        new HttpResponse('{"id":"chatcmpl-1","choices":[{"mess', { headers: { 'content-type': 'application/json' } }),
    );
    const error = await failure(openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.retryable).toBe(false);
  });

  it('a 200 HTML page (a proxy) → MalformedResponseError', async () => {
    serve(
      () => new HttpResponse('<html><body>Bad gateway</body></html>', { headers: { 'content-type': 'text/html' } }),
    );
    const error = await failure(openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain('<html>');
  });

  it('a 200 JSON without choices → MalformedResponseError', async () => {
    serve(() => HttpResponse.json({ id: 'chatcmpl-1', object: 'chat.completion', usage: { prompt_tokens: 3 } }));
    const error = await failure(openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain('choices');
  });

  it('tool call arguments that are not JSON → MalformedResponseError', async () => {
    const body = json('chat-completion-tool-call.json');
    const choice = (body.choices as Array<{ message: { tool_calls: Array<{ function: { arguments: string } }> } }>)[0]!;
    choice.message.tool_calls[0]!.function.arguments = '{"city": "Par';
    serve(() => HttpResponse.json(body));
    const error = await failure(openai({ apiKey: KEY }).complete('gpt-4.1', ask()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain('get_weather');
  });

  it('a network failure → retryable connection error', async () => {
    serve(() => HttpResponse.error());
    const error = await failure(openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask()));
    expect(error).toMatchObject({ kind: 'connection', retryable: true, status: undefined });
  });

  it('timeoutMs → retryable timeout error', async () => {
    serve(async () => {
      await delay(2000);
      return HttpResponse.json(json('chat-completion.json'));
    });
    const error = await failure(openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask(), { timeoutMs: 50 }));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('an aborted signal → aborted, not retryable', async () => {
    serve(async () => {
      await delay(2000);
      return HttpResponse.json(json('chat-completion.json'));
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await failure(openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask(), { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it("with the router's deadline hook: leaves signal unread, answers, and a stop mid-body ends it as aborted", async () => {
    serve(() => HttpResponse.json(json('chat-completion.json')));
    let signalReads = 0;
    const hooked = (stops: Array<(reason: unknown) => void>): CallOptions => ({
      get signal() {
        signalReads += 1;
        return new AbortController().signal;
      },
      timeoutMs: 60_000,
      onDeadline: (stop) => stops.push(stop),
    });
    const res = await openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask(), hooked([]));
    expect(res.text).toBe('The capital of France is Paris.');
    expect(signalReads).toBe(0);

    let cancelled = false;
    serve(
      () =>
        new HttpResponse(
          endless('{"id": "chatcmpl-1",', () => (cancelled = true)),
          {
            headers: { 'content-type': 'application/json' },
          },
        ),
    );
    const stops: Array<(reason: unknown) => void> = [];
    const pending = failure(openai({ apiKey: KEY }).complete('gpt-4.1-mini', ask(), hooked(stops)));
    await vi.waitFor(() => expect(stops).toHaveLength(1));
    stops[0]?.(new Error('deadline'));
    expect(await pending).toMatchObject({ kind: 'aborted', retryable: false });
    await vi.waitFor(() => expect(cancelled).toBe(true));
    expect(signalReads).toBe(0);
  });

  it('a missing key fails the call, not the factory', async () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      const adapter = openai();
      const error = await failure(adapter.complete('gpt-4.1-mini', ask()));
      expect(error).toMatchObject({ kind: 'unknown', retryable: false });
      expect(error.message).toContain('OPENAI_API_KEY');
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });

  it('keeps the key off the adapter object', () => {
    const adapter = openai({ apiKey: KEY });
    expect(JSON.stringify(adapter)).not.toContain(KEY);
    expect(Object.values(adapter).some((v) => typeof v === 'string' && v.includes(KEY))).toBe(false);
  });
});

describe('openai() chat completions: stream', () => {
  const blocks = parseChunksFile(fixture('chat-stream.chunks.txt'));

  it('yields deltas, then one finish with the usage chunk', async () => {
    const calls = serve(() => sse(blocks));
    const { deltas, finish } = await collect(openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask()));
    expect(calls[0]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 400,
    });
    expect(deltas).toEqual(['Hello', ', world', '!']);
    expect(finish).toMatchObject({
      text: 'Hello, world!',
      finishReason: 'stop',
      rawFinishReason: 'stop',
      responseModel: 'gpt-4.1-mini-2025-04-14',
      requestId: 'req_stream_1',
      toolCalls: [],
      warnings: [],
    });
    expect(finish?.usage).toEqual({
      inputTokens: 1042,
      cachedInputTokens: 1024,
      cacheWriteTokens: 0,
      outputTokens: 5,
      reasoningTokens: 0,
    });
  });

  it('accumulates tool-call deltas by index', async () => {
    serve(() => sse(parseChunksFile(fixture('chat-stream-tool-call.chunks.txt'))));
    const { finish } = await collect(openai({ apiKey: KEY }).stream('gpt-4.1', ask()));
    expect(finish?.finishReason).toBe('tool-calls');
    expect(finish?.toolCalls).toEqual([
      { id: 'call_Vw8Kp2Lx5Qz1Rt7Mn4Bc3Hd', name: 'get_weather', arguments: { city: 'Paris' } },
    ]);
    expect(finish?.usage.outputTokens).toBe(17);
  });

  it('a stream cut mid-answer → StreamInterruptedError with the partial text', async () => {
    serve(() => sse(blocks, { cutAfter: 3 }));
    const error = await failure(collect(openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('Hello, world');
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe('req_stream_1');
  });

  it('a stream cut between the finish_reason and the usage chunk is not a success', async () => {
    serve(() => sse(blocks, { cutAfter: 5 }));
    const error = await failure(collect(openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.message).toContain('usage');
  });

  it('a host that sends no usage but ends with [DONE] completes, with a warning', async () => {
    serve(() => sse([...blocks.slice(0, 5), 'data: [DONE]']));
    const { finish } = await collect(openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask()));
    expect(finish?.text).toBe('Hello, world!');
    expect(finish?.warnings).toContain('the provider reported no usage; counts are zero');
  });

  it('a socket error mid-stream → StreamInterruptedError', async () => {
    // The body delivers two chunks, then the socket breaks (a queued error would discard them).
    const encoder = new TextEncoder();
    const queue = blocks.slice(0, 2);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const block = queue.shift();
        if (block) controller.enqueue(encoder.encode(`${block}\n\n`));
        else {
          await delay(5);
          controller.error(new Error('socket hang up'));
        }
      },
    });
    serve(() => new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } }));
    const error = await failure(collect(openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.message).toContain('socket hang up');
    expect((error as StreamInterruptedError).partialText).toBe('Hello');
  });

  it('a socket error with the helper stream → StreamInterruptedError', async () => {
    serve(() => sse(blocks.slice(0, 2), { error: true }));
    const error = await failure(collect(openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
  });

  it('an error payload mid-stream → StreamInterruptedError, not retryable', async () => {
    const errorBlock =
      'data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}';
    serve(() => sse([...blocks.slice(0, 3), errorBlock]));
    const error = await failure(collect(openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error).toMatchObject({ retryable: false, code: 'server_error', status: undefined });
    expect((error as StreamInterruptedError).partialText).toBe('Hello, world');
  });

  it('a usage chunk that arrived before the cut is kept on the error', async () => {
    // Usage first, then the cut before [DONE] but with no finish_reason seen.
    serve(() => sse([blocks[1]!, blocks[5]!]));
    const error = await failure(collect(openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.usage?.inputTokens).toBe(1042);
  });

  it('an abort mid-stream → aborted, not retryable', async () => {
    serve(() => new HttpResponse(endless(blocks[1]!), { headers: { 'content-type': 'text/event-stream' } }));
    const controller = new AbortController();
    const stream = openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask(), { signal: controller.signal });
    const error = await failure(
      (async () => {
        for await (const event of stream) if (event.type === 'text-delta') controller.abort();
      })(),
    );
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });
  });

  it('a consumer that stops early closes the connection', async () => {
    let cancelled = false;
    serve(
      () =>
        new HttpResponse(
          endless(blocks[1]!, () => (cancelled = true)),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    for await (const event of openai({ apiKey: KEY }).stream('gpt-4.1-mini', ask())) {
      if (event.type === 'text-delta') break;
    }
    await delay(20);
    expect(cancelled).toBe(true);
  });
});
