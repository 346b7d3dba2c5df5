import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import OpenAI from 'openai';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseChunksFile, sseStream, useMsw } from '../../../test/helpers/msw.js';
import { ConfigError, InvalidRequestError, ProviderError } from '../../errors.js';
import type { ChatRequest } from '../spec/request.js';
import { openaiCompatible } from './openai-compatible-provider.js';
import { deepseek, fireworks, groq, ollama, openrouter, together, vllm } from './presets.js';

const fixture = (name: string) => readFileSync(new URL(`../openai/__fixtures__/${name}`, import.meta.url), 'utf8');

const server = useMsw();

function serve(url: string, respond: () => Response) {
  const calls: { url: string; body: Record<string, unknown>; headers: Headers }[] = [];
  server.use(
    http.post(url, async ({ request }) => {
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

const ask: ChatRequest = { messages: [{ role: 'user', content: 'Hi' }], maxOutputTokens: 100 };

afterEach(() => vi.unstubAllEnvs());

describe('deepseek()', () => {
  it('calls https://api.deepseek.com/v1/chat/completions and maps prompt_cache_hit_tokens', async () => {
    vi.stubEnv('DEEPSEEK_API_KEY', 'sk-deepseek-test-0123456789');
    vi.stubEnv('OPENAI_API_KEY', 'sk-openai-must-not-leak-0123');
    vi.stubEnv('OPENAI_ORG_ID', 'org-must-not-leak');
    const calls = serve('https://api.deepseek.com/v1/chat/completions', () =>
      HttpResponse.json(JSON.parse(fixture('deepseek-chat-completion.json'))),
    );
    const adapter = deepseek();
    const res = await adapter.complete('deepseek-chat', ask);

    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://api.deepseek.com/v1/chat/completions');
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer sk-deepseek-test-0123456789');
    expect(calls[0]?.headers.get('openai-organization')).toBeNull();
    expect(calls[0]?.body).toMatchObject({ model: 'deepseek-chat', max_tokens: 100 });
    expect(calls[0]?.body).not.toHaveProperty('max_completion_tokens');
    expect(adapter.name).toBe('deepseek');
    expect(adapter.priceProviderId).toBe('deepseek');
    expect(res.text).toBe('Hello! How can I help you today?');
    expect(res.usage).toEqual({
      inputTokens: 1290,
      cachedInputTokens: 1280,
      cacheWriteTokens: 0,
      outputTokens: 10,
      reasoningTokens: 0,
    });
  });

  it('makes one request on a 500 and names the provider in the error', async () => {
    const calls = serve('https://api.deepseek.com/v1/chat/completions', () =>
      HttpResponse.json({ error: { message: 'Service busy', type: 'server_error' } }, { status: 503 }),
    );
    const error = await deepseek({ apiKey: 'sk-deepseek-test-0123456789' })
      .complete('deepseek-chat', ask)
      .catch((e: unknown) => e);
    expect(calls).toHaveLength(1);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'deepseek', status: 503, retryable: true });
  });
});

describe('presets', () => {
  it.each([
    [groq, 'groq', 'https://api.groq.com/openai/v1/chat/completions', 'groq'],
    [together, 'together', 'https://api.together.xyz/v1/chat/completions', 'together'],
    [fireworks, 'fireworks', 'https://api.fireworks.ai/inference/v1/chat/completions', 'fireworks'],
    [openrouter, 'openrouter', 'https://openrouter.ai/api/v1/chat/completions', 'openrouter'],
    [vllm, 'vllm', 'http://localhost:8000/v1/chat/completions', undefined],
    [ollama, 'ollama', 'http://localhost:11434/v1/chat/completions', undefined],
  ] as const)('%o → %s at its documented base URL', async (factory, name, url, priceProviderId) => {
    const calls = serve(url, () => HttpResponse.json(JSON.parse(fixture('chat-completion.json'))));
    const adapter = factory({ apiKey: 'test-key-0123456789' });
    expect(adapter.name).toBe(name);
    expect(adapter.priceProviderId).toBe(priceProviderId);
    const res = await adapter.complete('some-model', ask);
    expect(calls[0]?.url).toBe(url);
    expect(res.usage.inputTokens).toBe(19);
  });

  it('reads each host key from its usual environment variable', async () => {
    vi.stubEnv('GROQ_API_KEY', 'gsk_env0123456789');
    const calls = serve('https://api.groq.com/openai/v1/chat/completions', () =>
      HttpResponse.json(JSON.parse(fixture('chat-completion.json'))),
    );
    await groq().complete('llama-3.3-70b-versatile', ask);
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer gsk_env0123456789');
  });

  it('local servers need no key and never get the OpenAI one', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-openai-must-not-leak-0123');
    const calls = serve('http://localhost:11434/v1/chat/completions', () =>
      HttpResponse.json(JSON.parse(fixture('chat-completion.json'))),
    );
    await ollama().complete('llama3.2', ask);
    expect(calls[0]?.headers.get('authorization')).toBe('Bearer not-needed');
  });

  it('a custom base URL overrides the preset one', async () => {
    const calls = serve('http://gpu-box.test:9000/v1/chat/completions', () =>
      HttpResponse.json(JSON.parse(fixture('chat-completion.json'))),
    );
    await vllm({ baseURL: 'http://gpu-box.test:9000/v1' }).complete('Qwen/Qwen3-8B', ask);
    expect(calls).toHaveLength(1);
  });
});

describe('the output cap field each host reads (from its own API reference)', () => {
  const cap = (body: Record<string, unknown>) => ({
    max_tokens: body.max_tokens,
    max_completion_tokens: body.max_completion_tokens,
  });

  it.each([
    [deepseek, 'https://api.deepseek.com/v1/chat/completions', { max_tokens: 100, max_completion_tokens: undefined }],
    [groq, 'https://api.groq.com/openai/v1/chat/completions', { max_tokens: 100, max_completion_tokens: 100 }],
    [together, 'https://api.together.xyz/v1/chat/completions', { max_tokens: 100, max_completion_tokens: undefined }],
    [
      fireworks,
      'https://api.fireworks.ai/inference/v1/chat/completions',
      { max_tokens: 100, max_completion_tokens: undefined },
    ],
    [
      openrouter,
      'https://openrouter.ai/api/v1/chat/completions',
      { max_tokens: 100, max_completion_tokens: undefined },
    ],
    [vllm, 'http://localhost:8000/v1/chat/completions', { max_tokens: 100, max_completion_tokens: 100 }],
    [ollama, 'http://localhost:11434/v1/chat/completions', { max_tokens: 100, max_completion_tokens: undefined }],
  ] as const)('%o sends %s the documented field, streamed or not', async (factory, url, expected) => {
    const calls = serve(url, () => HttpResponse.json(JSON.parse(fixture('chat-completion.json'))));
    const adapter = factory({ apiKey: 'test-key-0123456789' });
    await adapter.complete('some-model', ask);
    expect(cap(calls[0]!.body)).toEqual(expected);
    server.use(
      http.post(url, async ({ request }) => {
        calls.push({
          url: request.url,
          body: (await request.json()) as Record<string, unknown>,
          headers: request.headers,
        });
        return new HttpResponse(sseStream(parseChunksFile(fixture('chat-stream.chunks.txt'))), {
          headers: { 'content-type': 'text/event-stream' },
        });
      }),
    );
    for await (const _event of adapter.stream('some-model', ask)) {
      // drain
    }
    expect(cap(calls[1]!.body)).toEqual(expected);
  });

  it('a generic host gets both fields by default, and maxTokensField picks one', async () => {
    const calls = serve('https://llm.acme.test/v1/chat/completions', () =>
      HttpResponse.json(JSON.parse(fixture('chat-completion.json'))),
    );
    const base = { name: 'acme', baseURL: 'https://llm.acme.test/v1', apiKey: 'acme-key-0123456789' };
    await openaiCompatible(base).complete('m', ask);
    await openaiCompatible({ ...base, maxTokensField: 'max_tokens' }).complete('m', ask);
    await openaiCompatible({ ...base, maxTokensField: 'max_completion_tokens' }).complete('m', ask);
    await together({ apiKey: 'k-0123456789', baseURL: 'https://llm.acme.test/v1', maxTokensField: 'both' }).complete(
      'm',
      ask,
    );
    expect(calls.map((c) => cap(c.body))).toEqual([
      { max_tokens: 100, max_completion_tokens: 100 },
      { max_tokens: 100, max_completion_tokens: undefined },
      { max_tokens: undefined, max_completion_tokens: 100 },
      { max_tokens: 100, max_completion_tokens: 100 },
    ]);
  });

  it('refuses more stop sequences than the host documents, before sending', async () => {
    const calls = serve('https://api.groq.com/openai/v1/chat/completions', () =>
      HttpResponse.json(JSON.parse(fixture('chat-completion.json'))),
    );
    const error = await groq({ apiKey: 'gsk_0123456789' })
      .complete('m', { ...ask, stop: ['a', 'b', 'c', 'd', 'e'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'stop', message: 'groq accepts at most 4 stop sequences; got 5' },
    ]);
    expect(calls).toHaveLength(0);
  });
});

describe('openaiCompatible()', () => {
  it('requires a baseURL unless a client is given', () => {
    expect(() => openaiCompatible({ name: 'acme' })).toThrow(ConfigError);
    expect(() =>
      openaiCompatible({ name: 'acme', client: new OpenAI({ apiKey: 'x', baseURL: 'http://a.test/v1' }) }),
    ).not.toThrow();
  });

  it('streams through the shared chat adapter, with usage', async () => {
    const calls = serve(
      'https://llm.acme.test/v1/chat/completions',
      () =>
        new HttpResponse(sseStream(parseChunksFile(fixture('chat-stream.chunks.txt'))), {
          headers: { 'content-type': 'text/event-stream' },
        }),
    );
    const adapter = openaiCompatible({
      name: 'acme',
      baseURL: 'https://llm.acme.test/v1/',
      apiKey: 'acme-key-0123456789',
      priceProviderId: 'acme',
      headers: { 'x-title': 'routewise' },
    });
    let text = '';
    let usage: unknown;
    for await (const event of adapter.stream('acme-large', ask)) {
      if (event.type === 'text-delta') text += event.text;
      else usage = event.response.usage;
    }
    expect(text).toBe('Hello, world!');
    expect(usage).toMatchObject({ inputTokens: 1042, cachedInputTokens: 1024 });
    expect(calls[0]?.headers.get('x-title')).toBe('routewise');
    expect(calls[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(adapter.priceProviderId).toBe('acme');
  });

  it('never shows a key of any shape that a 401 body echoes', async () => {
    const key = 'acme-plain-secret-value-42';
    serve('https://llm.acme.test/v1/chat/completions', () =>
      HttpResponse.json({ error: { message: `Invalid key ${key}`, type: 'auth' } }, { status: 401 }),
    );
    const adapter = openaiCompatible({ name: 'acme', baseURL: 'https://llm.acme.test/v1', apiKey: key });
    const error = (await adapter.complete('m', ask).catch((e: unknown) => e)) as ProviderError;
    expect(error).toMatchObject({ status: 401, retryable: false, code: 'auth' });
    expect(error.message).toContain('Invalid key [redacted]');
    expect(String((error.cause as Error).message)).not.toContain(key);
  });
});
