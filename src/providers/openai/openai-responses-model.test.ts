import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { parseChunksFile, sseStream, useMsw } from '../../../test/helpers/msw.js';
import { MalformedResponseError, ProviderError, StreamInterruptedError } from '../../errors.js';
import type { ChatRequest } from '../spec/request.js';
import type { ChatResponse, ChatStreamEvent } from '../spec/response.js';
import { openai } from './openai-provider.js';

const URL_RESPONSES = 'https://api.openai.com/v1/responses';
const KEY = 'sk-test-routewise-0123456789abcdef';
const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const json = (name: string) => JSON.parse(fixture(name)) as Record<string, unknown>;

const server = useMsw();

function serve(respond: () => Response) {
  const calls: { body: Record<string, unknown> }[] = [];
  server.use(
    http.post(URL_RESPONSES, async ({ request }) => {
      calls.push({ body: (await request.json()) as Record<string, unknown> });
      return respond();
    }),
  );
  return calls;
}

const sse = (blocks: string[], options?: { cutAfter?: number }) =>
  new HttpResponse(sseStream(blocks, options), {
    headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_resp_stream' },
  });

const adapter = () => openai({ apiKey: KEY, api: 'responses' });

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'What is the capital of France?' }],
  maxOutputTokens: 2000,
  ...extra,
});

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

describe('openai({ api: "responses" }): complete', () => {
  it('sends max_output_tokens, reasoning.effort, instructions; normalizes usage', async () => {
    const calls = serve(() =>
      HttpResponse.json(json('responses-completion.json'), { headers: { 'x-request-id': 'req_resp_1' } }),
    );
    const res = await adapter().complete(
      'o4-mini',
      ask({ system: 'Answer briefly.', reasoning: { effort: 'low' }, stop: ['END'] }),
    );
    expect(calls[0]?.body).toEqual({
      model: 'o4-mini',
      instructions: 'Answer briefly.',
      input: [{ role: 'user', content: 'What is the capital of France?' }],
      max_output_tokens: 2000,
      reasoning: { effort: 'low' },
    });
    expect(res).toMatchObject({
      text: 'Paris is the capital of France.',
      finishReason: 'stop',
      rawFinishReason: 'completed',
      responseModel: 'o4-mini-2025-04-16',
      requestId: 'req_resp_1',
    });
    expect(res.warnings).toEqual(['stop sequences dropped: the OpenAI Responses API has no stop parameter']);
    expect(res.usage).toEqual({
      inputTokens: 1536,
      cachedInputTokens: 1280,
      cacheWriteTokens: 0,
      outputTokens: 212,
      reasoningTokens: 192,
    });
  });

  it('incomplete_details.reason max_output_tokens → finishReason length', async () => {
    serve(() => HttpResponse.json(json('responses-incomplete.json')));
    const res = await adapter().complete('o4-mini', ask({ maxOutputTokens: 64, reasoning: { budgetTokens: 8000 } }));
    expect(res.finishReason).toBe('length');
    expect(res.rawFinishReason).toBe('max_output_tokens');
    expect(res.text).toBe('');
    expect(res.usage).toMatchObject({ outputTokens: 64, reasoningTokens: 64 });
  });

  it('converts tools and history to Responses items, and reads function_call output', async () => {
    const calls = serve(() => HttpResponse.json(json('responses-function-call.json')));
    const res = await adapter().complete('gpt-4.1', {
      maxOutputTokens: 500,
      tools: [
        {
          name: 'get_weather',
          description: 'Current weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      toolChoice: 'required',
      output: { schema: { type: 'object', properties: {}, additionalProperties: false } },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather here?' },
            { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
          ],
        },
        {
          role: 'assistant',
          content: 'Checking.',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Lyon' } }],
        },
        { role: 'tool', toolCallId: 'call_1', content: '{"temp":21}' },
      ],
    });
    const body = calls[0]?.body as Record<string, unknown>;
    expect(body.input).toEqual([
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'Weather here?' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' },
        ],
      },
      { role: 'assistant', content: 'Checking.' },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Lyon"}' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"temp":21}' },
    ]);
    expect(body.tools).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather in a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        strict: false,
      },
    ]);
    expect(body.tool_choice).toBe('required');
    expect(body.text).toEqual({
      format: {
        type: 'json_schema',
        name: 'output',
        schema: { type: 'object', properties: {}, additionalProperties: false },
        strict: true,
      },
    });
    expect(body).not.toHaveProperty('reasoning');
    expect(res.finishReason).toBe('tool-calls');
    expect(res.toolCalls).toEqual([
      { id: 'call_Hn2Qw8Lx4Vz6Kp1Rt3Mb9Sd', name: 'get_weather', arguments: { city: 'Paris' } },
    ]);
  });

  it('a body without output → MalformedResponseError', async () => {
    serve(() => HttpResponse.json({ id: 'resp_1', object: 'response' }));
    const error = await failure(adapter().complete('o4-mini', ask()));
    expect(error).toBeInstanceOf(MalformedResponseError);
  });

  it('a failed response → ProviderError carrying the usage', async () => {
    const body = json('responses-incomplete.json');
    body.status = 'failed';
    body.incomplete_details = null;
    body.error = { code: 'server_error', message: 'The model failed to generate a response.' };
    serve(() => HttpResponse.json(body));
    const error = await failure(adapter().complete('o4-mini', ask()));
    expect(error).toMatchObject({ retryable: true, code: 'server_error' });
    expect(error.usage?.outputTokens).toBe(64);
  });

  it('429 → one request, retryable with retryAfterMs', async () => {
    const calls = serve(() =>
      HttpResponse.json(
        { error: { message: 'Rate limit', code: 'rate_limit_exceeded' } },
        { status: 429, headers: { 'retry-after-ms': '40' } },
      ),
    );
    const error = await failure(adapter().complete('o4-mini', ask()));
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 40 });
  });
});

describe('openai({ api: "responses" }): stream', () => {
  const blocks = parseChunksFile(fixture('responses-stream.chunks.txt'));

  it('yields deltas and finishes on response.completed with its usage', async () => {
    const calls = serve(() => sse(blocks));
    const { deltas, finish } = await collect(adapter().stream('gpt-4.1-mini', ask({ maxOutputTokens: 400 })));
    expect(calls[0]?.body).toMatchObject({ stream: true, max_output_tokens: 400 });
    expect(calls[0]?.body).not.toHaveProperty('stream_options');
    expect(deltas).toEqual(['Hello', ', world!']);
    expect(finish).toMatchObject({ text: 'Hello, world!', finishReason: 'stop', requestId: 'req_resp_stream' });
    expect(finish?.usage).toEqual({
      inputTokens: 1300,
      cachedInputTokens: 1152,
      cacheWriteTokens: 0,
      outputTokens: 6,
      reasoningTokens: 0,
    });
  });

  it('response.incomplete is a terminal event too (length)', async () => {
    const incomplete = json('responses-incomplete.json');
    const block = `event: response.incomplete\ndata: ${JSON.stringify({ type: 'response.incomplete', sequence_number: 9, response: incomplete })}`;
    serve(() => sse([...blocks.slice(0, 6), block]));
    const { finish } = await collect(adapter().stream('o4-mini', ask()));
    expect(finish?.finishReason).toBe('length');
    expect(finish?.usage.outputTokens).toBe(64);
  });

  it('a stream cut before response.completed → StreamInterruptedError', async () => {
    serve(() => sse(blocks, { cutAfter: 6 }));
    const error = await failure(collect(adapter().stream('gpt-4.1-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('Hello, world!');
  });

  it('an error event mid-stream → StreamInterruptedError', async () => {
    const errorBlock =
      'event: error\ndata: {"type":"error","sequence_number":6,"code":"server_error","message":"The server had an error.","param":null}';
    serve(() => sse([...blocks.slice(0, 5), errorBlock]));
    const error = await failure(collect(adapter().stream('gpt-4.1-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error).toMatchObject({ code: 'server_error', retryable: false });
    expect((error as StreamInterruptedError).partialText).toBe('Hello');
  });

  it('an `error` payload the SDK throws on → StreamInterruptedError', async () => {
    const errorBlock = 'data: {"error":{"message":"Internal error","type":"server_error"}}';
    serve(() => sse([...blocks.slice(0, 5), errorBlock]));
    const error = await failure(collect(adapter().stream('gpt-4.1-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect((error as StreamInterruptedError).partialText).toBe('Hello');
  });

  it('response.failed → StreamInterruptedError with the usage billed', async () => {
    const failed = json('responses-incomplete.json');
    failed.status = 'failed';
    failed.error = { code: 'server_error', message: 'failed' };
    const block = `event: response.failed\ndata: ${JSON.stringify({ type: 'response.failed', sequence_number: 7, response: failed })}`;
    serve(() => sse([...blocks.slice(0, 5), block]));
    const error = await failure(collect(adapter().stream('o4-mini', ask())));
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error.usage?.outputTokens).toBe(64);
  });

  it('an abort mid-stream → aborted; an early break closes the body', async () => {
    let cancelled = false;
    const endless = () =>
      new HttpResponse(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(`${blocks[4]}\n\n`));
          },
          cancel() {
            cancelled = true;
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    serve(endless);
    const controller = new AbortController();
    const error = await failure(
      (async () => {
        for await (const event of adapter().stream('gpt-4.1-mini', ask(), { signal: controller.signal })) {
          if (event.type === 'text-delta') controller.abort();
        }
      })(),
    );
    expect(error).toMatchObject({ kind: 'aborted', retryable: false });

    cancelled = false;
    serve(endless);
    for await (const event of adapter().stream('gpt-4.1-mini', ask())) if (event.type === 'text-delta') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cancelled).toBe(true);
  });
});
