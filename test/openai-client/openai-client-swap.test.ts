// The same calling code run against the real `openai` client and against `router.openai`, both answered by msw with
// OpenAI's own bodies: the objects they return must have the same keys and value types.
import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createRouter, openai, type RoutewiseCompletionInfo } from '../../src/index.js';
import { parseChunksFile, sseStream, useMsw } from '../helpers/msw.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../src/providers/openai/__fixtures__/${name}`, import.meta.url), 'utf8');

const COMPLETIONS = 'https://api.openai.com/v1/chat/completions';
const server = useMsw();

interface Received {
  bodies: Record<string, unknown>[];
  headers: Headers[];
}

/** Answers like OpenAI: a tool call when tools are offered, JSON for a schema, a stream when asked (usage chunk only with include_usage), a 400 for `BAD`. */
function answerLikeOpenAI(received: Received) {
  return http.post(COMPLETIONS, async ({ request }) => {
    const body = (await request.json()) as Record<string, unknown>;
    received.bodies.push(body);
    received.headers.push(request.headers);
    if (JSON.stringify(body.messages).includes('BAD')) {
      return HttpResponse.json(
        {
          error: {
            message: "Invalid value for 'temperature'.",
            type: 'invalid_request_error',
            param: 'temperature',
            code: null,
          },
        },
        { status: 400, headers: { 'x-request-id': 'req_bad' } },
      );
    }
    if (body.stream) {
      const tools = Array.isArray(body.tools);
      let blocks = parseChunksFile(fixture(tools ? 'chat-stream-tool-call.chunks.txt' : 'chat-stream.chunks.txt'));
      const usage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
      if (!usage) {
        blocks = blocks
          .filter((block) => !block.includes('"choices":[]'))
          .map((block) => block.replace(',"usage":null', ''));
      }
      return new HttpResponse(sseStream(blocks), { headers: { 'content-type': 'text/event-stream' } });
    }
    const name = Array.isArray(body.tools)
      ? 'chat-completion-tool-call.json'
      : body.response_format
        ? 'chat-completion-structured.json'
        : 'chat-completion.json';
    return HttpResponse.json(JSON.parse(fixture(name)), { headers: { 'x-request-id': 'req_1' } });
  });
}

/** The keys and value types of a value, recursively (arrays by their elements). */
function shape(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, shape((value as Record<string, unknown>)[key])]),
    );
  }
  return typeof value;
}

function withoutRoutewise<T extends object>(value: T): T {
  const { routewise: _routewise, ...rest } = value as T & { routewise?: unknown };
  return rest as T;
}

/** What code written against the SDK passes around: the client, typed as the SDK's so both fit the same code. */
type ChatClient = Pick<OpenAI, 'chat'>;

function clients() {
  const direct = new OpenAI({ apiKey: 'sk-test-direct', maxRetries: 0 });
  const router = createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-routed' }) },
    // The alias is named like the model, so the same `model` string works on both clients.
    models: { 'gpt-4.1-mini': { provider: 'openai', model: 'gpt-4.1-mini' } },
    retry: { retries: 0 },
  });
  // router.openai types its params as the SDK's plus `routewise`; the calling code below only uses the SDK's.
  return { direct: direct as ChatClient, routed: router.openai as unknown as ChatClient, router };
}

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city', 'unit'],
      additionalProperties: false,
    },
  },
} as const;

/** Calling code as an app writes it against the SDK: one completion. */
async function ask(client: ChatClient, params: Record<string, unknown>) {
  return client.chat.completions.create({
    model: 'gpt-4.1-mini',
    ...params,
  } as OpenAI.ChatCompletionCreateParamsNonStreaming);
}

/** Calling code that streams and accumulates text, tool calls, the finish reason and the usage chunk. */
async function streamAndCollect(client: ChatClient, params: Record<string, unknown>) {
  const stream = await client.chat.completions.create({
    model: 'gpt-4.1-mini',
    stream: true,
    ...params,
  } as OpenAI.ChatCompletionCreateParamsStreaming);
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  let text = '';
  const calls: { id?: string; name?: string; arguments: string }[] = [];
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    chunks.push(chunk);
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    text += choice.delta.content ?? '';
    for (const call of choice.delta.tool_calls ?? []) {
      calls[call.index] ??= { arguments: '' };
      const slot = calls[call.index] as { id?: string; name?: string; arguments: string };
      if (call.id) slot.id = call.id;
      if (call.function?.name) slot.name = call.function.name;
      slot.arguments += call.function?.arguments ?? '';
    }
    finish = choice.finish_reason ?? finish;
  }
  return { chunks, text, calls, finish, usage };
}

/**
 * A stream's chunk shapes, each kind once in order (role, content, finish, usage). `system_fingerprint` and
 * `service_tier` are left out: OpenAI sends them on every chunk, routewise knows them only once the answer is
 * complete (its last chunk has the fingerprint). `obfuscation` is OpenAI's random padding, not part of the type.
 */
function chunkShapes(chunks: OpenAI.ChatCompletionChunk[]): unknown[] {
  const out: string[] = [];
  for (const chunk of chunks) {
    const {
      system_fingerprint: _f,
      service_tier: _t,
      obfuscation: _o,
      routewise: _r,
      ...rest
    } = chunk as OpenAI.ChatCompletionChunk & { obfuscation?: string; routewise?: unknown };
    const key = JSON.stringify(shape(rest));
    if (out.at(-1) !== key) out.push(key);
  }
  return out.map((key) => JSON.parse(key));
}

describe('router.openai against the openai client, same calling code', () => {
  it('returns a completion with the same keys and types, plus the route and cost under routewise', async () => {
    const received: Received = { bodies: [], headers: [] };
    server.use(answerLikeOpenAI(received));
    const { direct, routed } = clients();
    const params = { messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 64 };
    const a = await ask(direct, params);
    const b = await ask(routed, params);
    expect(shape(withoutRoutewise(b))).toEqual(shape(a));
    expect(b.choices[0]?.message.content).toBe(a.choices[0]?.message.content);
    expect(b.usage).toEqual({
      ...a.usage,
      prompt_tokens_details: { ...a.usage?.prompt_tokens_details },
    });
    const info = (b as typeof b & { routewise: RoutewiseCompletionInfo }).routewise;
    expect(info.alias).toBe('gpt-4.1-mini');
    expect(info.route).toMatchObject({ kind: 'pinned', answeredBy: 'gpt-4.1-mini', fellBack: false });
    // gpt-4.1-mini: $0.40 in, $1.60 out per million; the fixture reports 19 in, 8 out.
    expect(info.cost.usd).toBeCloseTo((19 * 0.4 + 8 * 1.6) / 1e6, 12);
    expect(info.cost.attempts).toHaveLength(1);
    // The router sent what the app asked for.
    expect(received.bodies[1]).toMatchObject({ model: 'gpt-4.1-mini', max_completion_tokens: 64 });
  });

  it('streams chunks of the same shapes with include_usage, ending in the usage chunk', async () => {
    server.use(answerLikeOpenAI({ bodies: [], headers: [] }));
    const { direct, routed } = clients();
    const params = { messages: [{ role: 'user', content: 'Say hello' }], stream_options: { include_usage: true } };
    const a = await streamAndCollect(direct, params);
    const b = await streamAndCollect(routed, params);
    expect(chunkShapes(b.chunks)).toEqual(chunkShapes(a.chunks));
    expect(b.text).toBe(a.text);
    expect(b.finish).toBe('stop');
    expect(b.usage).toEqual(a.usage);
    expect(b.chunks.at(-1)?.choices).toEqual([]);
    expect((b.chunks.at(-1) as { routewise?: { cost: { usd: number } } }).routewise?.cost.usd).toBeGreaterThan(0);
  });

  it('streams without a usage chunk (and with no usage field) when include_usage is not asked', async () => {
    server.use(answerLikeOpenAI({ bodies: [], headers: [] }));
    const { direct, routed } = clients();
    const params = { messages: [{ role: 'user', content: 'Say hello' }] };
    const a = await streamAndCollect(direct, params);
    const b = await streamAndCollect(routed, params);
    expect(chunkShapes(b.chunks)).toEqual(chunkShapes(a.chunks));
    expect(a.usage).toBeUndefined();
    expect(b.usage).toBeUndefined();
    expect(b.chunks.every((chunk) => !('usage' in chunk))).toBe(true);
  });

  it('returns tool calls in the same shape, completed and streamed', async () => {
    const received: Received = { bodies: [], headers: [] };
    server.use(answerLikeOpenAI(received));
    const { direct, routed } = clients();
    const params = {
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: 'auto',
    };
    const a = await ask(direct, params);
    const b = await ask(routed, params);
    expect(shape(withoutRoutewise(b))).toEqual(shape(a));
    expect(b.choices[0]?.finish_reason).toBe('tool_calls');
    expect(b.choices[0]?.message.tool_calls).toEqual(a.choices[0]?.message.tool_calls);
    expect(received.bodies[1]).toMatchObject({ tools: [weatherTool], tool_choice: 'auto' });

    const sa = await streamAndCollect(direct, params);
    const sb = await streamAndCollect(routed, params);
    expect(sb.calls).toEqual(sa.calls);
    expect(sb.finish).toBe(sa.finish);
    expect(JSON.parse(sb.calls[0]?.arguments ?? '')).toEqual({ city: 'Paris' });
  });

  it('sends a tool result conversation on, and answers it', async () => {
    const received: Received = { bodies: [], headers: [] };
    server.use(answerLikeOpenAI(received));
    const { routed } = clients();
    await ask(routed, {
      messages: [
        { role: 'developer', content: 'Answer briefly.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":18}' },
      ],
    });
    expect(received.bodies[0]?.messages).toEqual([
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":18}' },
    ]);
  });

  it('answers a json_schema response format in the same shape, the schema sent strict', async () => {
    const received: Received = { bodies: [], headers: [] };
    server.use(answerLikeOpenAI(received));
    const { direct, routed } = clients();
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, born: { type: 'integer' } },
      required: ['name', 'born'],
      additionalProperties: false,
    };
    const params = {
      messages: [{ role: 'user', content: 'Who wrote the first program?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } },
    };
    const a = await ask(direct, params);
    const b = await ask(routed, params);
    expect(shape(withoutRoutewise(b))).toEqual(shape(a));
    expect(JSON.parse(b.choices[0]?.message.content ?? '')).toEqual({ name: 'Ada Lovelace', born: 1815 });
    expect(received.bodies[1]?.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'person', schema, strict: true },
    });
  });

  it('fails a provider 400 with an error carrying the same status, completed and streamed', async () => {
    server.use(answerLikeOpenAI({ bodies: [], headers: [] }));
    const { direct, routed } = clients();
    const params = { messages: [{ role: 'user', content: 'BAD request' }] };
    const failure = (error: unknown) => ({
      isError: error instanceof Error,
      status: (error as { status?: unknown }).status,
      message: typeof (error as Error).message,
    });
    const a = await ask(direct, params).catch(failure);
    const b = await ask(routed, params).catch(failure);
    expect(a).toEqual({ isError: true, status: 400, message: 'string' });
    expect(b).toEqual(a);
    // Streamed, the failure before any output rejects `create` itself, as with the SDK.
    const sa = await streamAndCollect(direct, params).catch(failure);
    const sb = await streamAndCollect(routed, params).catch(failure);
    expect(sb).toEqual(sa);
  });
});
