import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { parseChunksFile, sseStream, useMsw } from '../../../test/helpers/msw.js';
import { InvalidRequestError, MalformedResponseError, ProviderError, StreamInterruptedError } from '../../errors.js';
import type { ChatRequest } from '../spec/request.js';
import type { ChatResponse, ChatStreamEvent } from '../spec/response.js';
import { anthropic } from './anthropic-provider.js';

const URL_MESSAGES = 'https://api.anthropic.com/v1/messages';
// Shaped like no known key format, so only the explicit-secret redaction can hide it.
const API_KEY = 'rw-test-anthropic-key-4f9a8b7c6d5e';
const MODEL = 'claude-sonnet-4-6';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;
const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'Hello' }],
  maxOutputTokens: 1000,
  ...extra,
});

interface Captured {
  body: Record<string, unknown>;
  headers: Headers;
}

const server = useMsw();

/** Answers every Messages call with `respond`, recording each request. */
function mock(respond: (captured: Captured) => Response): Captured[] {
  const calls: Captured[] = [];
  server.use(
    http.post(URL_MESSAGES, async ({ request: req }) => {
      const captured = { body: (await req.json()) as Record<string, unknown>, headers: req.headers };
      calls.push(captured);
      return respond(captured);
    }),
  );
  return calls;
}

const jsonResponse = (body: unknown, init: { status?: number; headers?: Record<string, string> } = {}) =>
  HttpResponse.json(body as Record<string, unknown>, {
    status: init.status ?? 200,
    headers: { 'request-id': 'req_011CTest', ...init.headers },
  });

const errorBody = (type: string, message: string) => ({ type: 'error', error: { type, message } });

const sse = (blocks: string[], options: { cutAfter?: number; error?: boolean } = {}) =>
  new HttpResponse(sseStream(blocks, options), {
    headers: { 'content-type': 'text/event-stream', 'request-id': 'req_011CStream' },
  });

async function collect(events: AsyncIterable<ChatStreamEvent>): Promise<{ deltas: string[]; response?: ChatResponse }> {
  const deltas: string[] = [];
  let response: ChatResponse | undefined;
  for await (const event of events) {
    if (event.type === 'text-delta') deltas.push(event.text);
    else response = event.response;
  }
  return { deltas, response };
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected the call to fail');
}

describe('anthropic() adapter', () => {
  it('names itself and keeps the key off the adapter object', () => {
    const adapter = anthropic({ apiKey: API_KEY });
    expect(adapter.name).toBe('anthropic');
    expect(adapter.priceProviderId).toBe('anthropic');
    expect(JSON.stringify(adapter)).not.toContain(API_KEY);
    expect(Object.values(adapter)).not.toContain(API_KEY);
  });
});

describe('complete', () => {
  it('sends Bearer auth, max_tokens, system and no temperature; normalizes a plain message', async () => {
    const calls = mock(() => jsonResponse(json('message-text.json')));
    const res = await anthropic({ apiKey: API_KEY }).complete(
      MODEL,
      request({ system: 'Be brief.', temperature: 0.7, stop: ['STOP'] }),
    );

    expect(calls).toHaveLength(1);
    const { body, headers } = calls[0] as Captured;
    expect(headers.get('authorization')).toBe(`Bearer ${API_KEY}`);
    expect(headers.get('x-stainless-retry-count')).toBe('0');
    expect(body).toEqual({
      model: MODEL,
      max_tokens: 1000,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello' }],
      stop_sequences: ['STOP'],
      stream: false,
    });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('thinking');

    expect(res.text).toBe('Hello! How can I help you today?');
    expect(res.finishReason).toBe('stop');
    expect(res.rawFinishReason).toBe('end_turn');
    expect(res.responseModel).toBe(MODEL);
    expect(res.requestId).toBe('req_011CTest');
    expect(res.toolCalls).toEqual([]);
    expect(res.usage).toEqual({
      inputTokens: 12,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      outputTokens: 10,
      reasoningTokens: 0,
    });
    expect(res.warnings).toEqual([expect.stringMatching(/temperature 0.7 was not sent/)]);
  });

  it('normalizes cache reads, 5m/1h cache writes and thinking tokens; leaves thinking out of the text', async () => {
    const calls = mock(() => jsonResponse(json('message-cache-thinking.json')));
    const res = await anthropic({ apiKey: API_KEY }).complete(
      MODEL,
      request({ maxOutputTokens: 4000, reasoning: { effort: 'low' } }),
    );
    expect(calls[0]?.body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(calls[0]?.body.max_tokens).toBe(4000);
    expect(res.text).toBe('The three invoices total $1,615.');
    expect(res.usage).toEqual({
      inputTokens: 42 + 3000 + 8000,
      cachedInputTokens: 8000,
      cacheWriteTokens: 3000,
      cacheWrite1hTokens: 2000,
      outputTokens: 640,
      reasoningTokens: 512,
    });
  });

  it('sends each thinking clamp case on the wire', async () => {
    const calls = mock(() => jsonResponse(json('message-text.json')));
    const adapter = anthropic({ apiKey: API_KEY });
    const low = await adapter.complete(MODEL, request({ maxOutputTokens: 4000, reasoning: { budgetTokens: 100 } }));
    const high = await adapter.complete(MODEL, request({ maxOutputTokens: 2000, reasoning: { effort: 'high' } }));
    const tiny = await adapter
      .complete(MODEL, request({ maxOutputTokens: 900, reasoning: { effort: 'high' } }))
      .catch((e: unknown) => e);
    const off = await adapter.complete(MODEL, request({ reasoning: { effort: 'none' } }));
    // The refused request never reaches the wire: three calls, not four.
    expect(calls.map((c) => [c.body.max_tokens, c.body.thinking])).toEqual([
      [4000, { type: 'enabled', budget_tokens: 1024 }],
      [2000, { type: 'enabled', budget_tokens: 1500 }],
      [1000, { type: 'disabled' }],
    ]);
    expect(low.warnings).toHaveLength(1);
    expect(high.warnings).toHaveLength(1);
    expect(tiny).toBeInstanceOf(InvalidRequestError);
    expect(off.warnings).toEqual([]);
  });

  it('sends tools and returns tool_use blocks as tool calls', async () => {
    const calls = mock(() => jsonResponse(json('message-tool-use.json')));
    const res = await anthropic({ apiKey: API_KEY }).complete(
      MODEL,
      request({
        tools: [
          {
            name: 'get_weather',
            description: 'Current weather',
            parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
          },
        ],
        toolChoice: 'required',
      }),
    );
    expect(calls[0]?.body.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Current weather',
        input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
      },
    ]);
    expect(calls[0]?.body.tool_choice).toEqual({ type: 'any' });
    expect(res.finishReason).toBe('tool-calls');
    expect(res.text).toBe("I'll check the current weather in San Francisco.");
    expect(res.toolCalls).toEqual([
      {
        id: 'toolu_01A09q90qw90lq917835lq9',
        name: 'get_weather',
        arguments: { location: 'San Francisco, CA', unit: 'celsius' },
      },
    ]);
    // Null cache fields in the fixture: counts are zero, no 1h split reported.
    expect(res.usage).toEqual({
      inputTokens: 384,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 71,
      reasoningTokens: 0,
    });
  });

  it('passes the SDK non-streaming guard at max_tokens 64000 (a timeout is always sent)', async () => {
    const calls = mock(() => jsonResponse(json('message-text.json')));
    const res = await anthropic({ apiKey: API_KEY }).complete(MODEL, request({ maxOutputTokens: 64000 }));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body.max_tokens).toBe(64000);
    expect(res.text).toContain('Hello');
    // And with an explicit per-call timeout.
    await anthropic({ apiKey: API_KEY }).complete(MODEL, request({ maxOutputTokens: 64000 }), { timeoutMs: 30_000 });
    expect(calls).toHaveLength(2);
  });

  it('uses a given client and baseURL', async () => {
    const calls: string[] = [];
    server.use(
      http.post('https://compat.example.test/anthropic/v1/messages', ({ request: req }) => {
        calls.push(req.url);
        return jsonResponse(json('message-text.json'));
      }),
    );
    await anthropic({ apiKey: API_KEY, baseURL: 'https://compat.example.test/anthropic' }).complete(MODEL, request());
    const client = new Anthropic({ apiKey: API_KEY, baseURL: 'https://compat.example.test/anthropic' });
    await anthropic({ client }).complete(MODEL, request());
    expect(calls).toEqual([
      'https://compat.example.test/anthropic/v1/messages',
      'https://compat.example.test/anthropic/v1/messages',
    ]);
  });
});

describe('complete: errors', () => {
  it('429 with retry-after → retryable, retryAfterMs, code, requestId; exactly one HTTP request', async () => {
    const calls = mock(() =>
      jsonResponse(errorBody('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'), {
        status: 429,
        headers: { 'retry-after': '7', 'request-id': 'req_011CRate' },
      }),
    );
    const error = await failure(anthropic({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(calls).toHaveLength(1);
    expect(error.kind).toBe('http');
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
    expect(error.code).toBe('rate_limit_error');
    expect(error.requestId).toBe('req_011CRate');
    expect(error.provider).toBe('anthropic');
    expect(error.model).toBe(MODEL);
  });

  it('prefers retry-after-ms', async () => {
    mock(() =>
      jsonResponse(errorBody('rate_limit_error', 'slow down'), {
        status: 429,
        headers: { 'retry-after-ms': '1500', 'retry-after': '7' },
      }),
    );
    const error = await failure(anthropic({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error.retryAfterMs).toBe(1500);
  });

  it('makes exactly one HTTP request on 429 even with a user-supplied client that has default retries', async () => {
    const calls = mock(() =>
      jsonResponse(errorBody('rate_limit_error', 'slow down'), { status: 429, headers: { 'retry-after-ms': '10' } }),
    );
    const client = new Anthropic({ apiKey: API_KEY }); // maxRetries defaults to 2
    const error = await failure(anthropic({ client }).complete(MODEL, request()));
    expect(error.status).toBe(429);
    expect(calls).toHaveLength(1);
    // The stream path too.
    await failure(collect(anthropic({ client }).stream(MODEL, request())));
    expect(calls).toHaveLength(2);
  });

  it('529 overloaded → retryable', async () => {
    const calls = mock(() => jsonResponse(errorBody('overloaded_error', 'Overloaded'), { status: 529 }));
    const error = await failure(anthropic({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(calls).toHaveLength(1);
    expect(error.status).toBe(529);
    expect(error.retryable).toBe(true);
    expect(error.code).toBe('overloaded_error');
  });

  it('400 → not retryable', async () => {
    mock(() => jsonResponse(errorBody('invalid_request_error', 'max_tokens: must be at least 1'), { status: 400 }));
    const error = await failure(anthropic({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.code).toBe('invalid_request_error');
    expect(error.message).toContain('max_tokens: must be at least 1');
  });

  it('never shows the key in an error message, even when the body echoes it', async () => {
    mock(() => jsonResponse(errorBody('authentication_error', `invalid bearer token ${API_KEY}`), { status: 401 }));
    const error = await failure(anthropic({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(API_KEY);
    expect(String((error.cause as Error).message)).not.toContain(API_KEY);
    expect(String(error.stack)).not.toContain(API_KEY);
  });

  it('a connection failure is retryable', async () => {
    server.use(http.post(URL_MESSAGES, () => HttpResponse.error()));
    const error = await failure(anthropic({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error.kind).toBe('connection');
    expect(error.retryable).toBe(true);
  });

  it('a caller abort is not retryable', async () => {
    mock(() => jsonResponse(json('message-text.json')));
    const controller = new AbortController();
    controller.abort();
    const error = await failure(
      anthropic({ apiKey: API_KEY }).complete(MODEL, request(), { signal: controller.signal }),
    );
    expect(error.kind).toBe('aborted');
    expect(error.retryable).toBe(false);
  });

  it('a 200 whose body is not JSON → MalformedResponseError', async () => {
    mock(
      () =>
        new HttpResponse('{"id":"msg_01","content":[{"type":"te', {
          headers: { 'content-type': 'application/json' },
        }),
    );
    const error = await failure(anthropic({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.retryable).toBe(false);
  });

  it('a 200 JSON without content or usage → MalformedResponseError', async () => {
    const { content: _content, ...noContent } = json('message-text.json');
    const { usage: _usage, ...noUsage } = json('message-text.json');
    mock(() => jsonResponse(noContent));
    const first = await failure(anthropic({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(first).toBeInstanceOf(MalformedResponseError);
    expect(first.message).toMatch(/content/);
    expect(first.requestId).toBe('req_011CTest');
    mock(() => jsonResponse(noUsage));
    const second = await failure(anthropic({ apiKey: API_KEY }).complete(MODEL, request()));
    expect(second).toBeInstanceOf(MalformedResponseError);
    expect(second.message).toMatch(/usage/);
  });
});

describe('stream', () => {
  const blocks = parseChunksFile(fixture('stream-thinking.chunks.txt'));

  it('yields text deltas (not thinking) and finishes with usage merged from message_start and message_delta', async () => {
    const calls = mock(() => sse(blocks));
    const { deltas, response } = await collect(
      anthropic({ apiKey: API_KEY }).stream(
        MODEL,
        request({ maxOutputTokens: 2000, reasoning: { effort: 'minimal' } }),
      ),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body.stream).toBe(true);
    expect(calls[0]?.body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${API_KEY}`);
    expect(deltas).toEqual(['27 × 453', ' = 12,231.']);
    expect(response?.text).toBe('27 × 453 = 12,231.');
    expect(response?.finishReason).toBe('stop');
    expect(response?.responseModel).toBe(MODEL);
    expect(response?.requestId).toBe('req_011CStream');
    expect(response?.usage).toEqual({
      inputTokens: 25 + 1500 + 8000,
      cachedInputTokens: 8000,
      cacheWriteTokens: 1500,
      cacheWrite1hTokens: 0,
      outputTokens: 420,
      reasoningTokens: 380,
    });
  });

  it('assembles streamed tool_use input', async () => {
    const event = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}`;
    const start = JSON.parse((blocks[0] as string).split('data: ')[1] as string);
    mock(() =>
      sse([
        event('message_start', start),
        event('content_block_start', {
          type: 'content_block_start',
          index: 0,
          content_block: {
            type: 'tool_use',
            id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
            name: 'get_weather',
            input: {},
            caller: { type: 'direct' },
          },
        }),
        event('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: '' },
        }),
        event('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: '{"location": "San Fra' },
        }),
        event('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: 'ncisco, CA"}' },
        }),
        event('content_block_stop', { type: 'content_block_stop', index: 0 }),
        event('message_delta', {
          type: 'message_delta',
          delta: { stop_reason: 'tool_use', stop_sequence: null },
          usage: {
            input_tokens: null,
            cache_creation_input_tokens: null,
            cache_read_input_tokens: null,
            output_tokens: 89,
            output_tokens_details: null,
          },
        }),
        event('message_stop', { type: 'message_stop' }),
      ]),
    );
    const { response } = await collect(anthropic({ apiKey: API_KEY }).stream(MODEL, request()));
    expect(response?.finishReason).toBe('tool-calls');
    expect(response?.toolCalls).toEqual([
      { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: { location: 'San Francisco, CA' } },
    ]);
    expect(response?.usage.outputTokens).toBe(89);
    expect(response?.usage.inputTokens).toBe(9525);
  });

  it('a stream cut before message_stop → StreamInterruptedError keeping the text and message_start usage', async () => {
    // Cut right after the first text delta: message_start, block start, ping, 3 thinking deltas, stop, start, 1 text delta.
    mock(() => sse(blocks, { cutAfter: 9 }));
    const deltas: string[] = [];
    let caught: unknown;
    try {
      for await (const event of anthropic({ apiKey: API_KEY }).stream(MODEL, request())) {
        if (event.type === 'text-delta') deltas.push(event.text);
        else throw new Error('unexpected finish');
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StreamInterruptedError);
    const error = caught as StreamInterruptedError;
    expect(deltas).toEqual(['27 × 453']);
    expect(error.partialText).toBe('27 × 453');
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe('req_011CStream');
    expect(error.usage).toEqual({
      inputTokens: 9525,
      cachedInputTokens: 8000,
      cacheWriteTokens: 1500,
      cacheWrite1hTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
    });
  });

  it('a stream cut after message_delta keeps the cumulative usage', async () => {
    mock(() => sse(blocks, { cutAfter: blocks.length - 1 }));
    const error = await failure(collect(anthropic({ apiKey: API_KEY }).stream(MODEL, request())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('27 × 453 = 12,231.');
    expect(error.usage?.outputTokens).toBe(420);
    expect(error.usage?.reasoningTokens).toBe(380);
  });

  it('an `event: error` mid-stream → StreamInterruptedError with code, partial text and usage so far', async () => {
    const errorEvent = `event: error\ndata: ${JSON.stringify(errorBody('overloaded_error', 'Overloaded'))}`;
    mock(() => sse([...blocks.slice(0, 9), errorEvent]));
    const error = await failure(collect(anthropic({ apiKey: API_KEY }).stream(MODEL, request())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.code).toBe('overloaded_error');
    expect(error.status).toBeUndefined();
    expect((error as StreamInterruptedError).partialText).toBe('27 × 453');
    expect(error.usage?.inputTokens).toBe(9525);
  });

  it('a socket error mid-stream → StreamInterruptedError with usage so far', async () => {
    // The bytes must reach the reader before the error (an errored ReadableStream drops its queue).
    const encoder = new TextEncoder();
    const pending = blocks.slice(0, 9);
    mock(
      () =>
        new HttpResponse(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              const block = pending.shift();
              if (block !== undefined) controller.enqueue(encoder.encode(`${block}\n\n`));
              else {
                await new Promise((resolve) => setTimeout(resolve, 10));
                controller.error(new Error('socket hang up'));
              }
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const error = await failure(collect(anthropic({ apiKey: API_KEY }).stream(MODEL, request())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('27 × 453');
    expect(error.usage?.cachedInputTokens).toBe(8000);
  });

  it('an HTTP error before the stream starts → ProviderError (429 retryable)', async () => {
    mock(() =>
      jsonResponse(errorBody('rate_limit_error', 'slow down'), { status: 429, headers: { 'retry-after': '2' } }),
    );
    const error = await failure(collect(anthropic({ apiKey: API_KEY }).stream(MODEL, request())));
    expect(error).not.toBeInstanceOf(StreamInterruptedError);
    expect(error.status).toBe(429);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(2000);
  });

  it('a caller abort mid-stream → aborted ProviderError, not a silent success', async () => {
    mock(() => sse(blocks));
    const controller = new AbortController();
    const error = await failure(
      (async () => {
        for await (const event of anthropic({ apiKey: API_KEY }).stream(MODEL, request(), {
          signal: controller.signal,
        })) {
          if (event.type === 'text-delta') controller.abort();
        }
      })(),
    );
    expect(error.kind).toBe('aborted');
    expect(error.retryable).toBe(false);
  });
});
