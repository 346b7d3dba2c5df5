import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { parseChunksFile, sseStream, useMsw } from '../../test/helpers/msw.js';
import { anthropic } from './anthropic/anthropic-provider.js';
import { google } from './google/google-provider.js';
import { openai } from './openai/openai-provider.js';
import type { ChatRequest } from './spec/request.js';
import type { ChatStreamEvent } from './spec/response.js';

// Not key-shaped: only the adapters' explicit-secret handling ever sees them.
const ANTHROPIC_KEY = 'rw-test-anthropic-cache-key';
const OPENAI_KEY = 'rw-test-openai-cache-key';
const GOOGLE_KEY = 'rw-test-google-cache-key';

// biome-ignore lint/suspicious/noExplicitAny: captured wire bodies are free-form JSON
type Json = any;

const fixture = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const json = (path: string): Json => JSON.parse(fixture(path));

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  system: 'A long, stable system prompt worth caching.',
  messages: [{ role: 'user', content: 'Hello' }],
  maxOutputTokens: 1000,
  ...extra,
});

const server = useMsw();

/** Answers POSTs to `url` with `reply()`, recording every body the SDK sent. */
function capture(url: string, reply: (request: Request) => Response): Json[] {
  const bodies: Json[] = [];
  server.use(
    http.post(url, async ({ request }) => {
      bodies.push(await request.clone().json());
      return reply(request);
    }),
  );
  return bodies;
}

const sse = (blocks: string[]) =>
  new HttpResponse(sseStream(blocks), { headers: { 'content-type': 'text/event-stream' } });

async function lastResponse(events: AsyncIterable<ChatStreamEvent>) {
  let finish: ChatStreamEvent | undefined;
  for await (const event of events) finish = event;
  if (finish?.type !== 'finish') throw new Error('stream ended without finish');
  return finish.response;
}

describe('prompt caching on the wire: Anthropic', () => {
  const url = 'https://api.anthropic.com/v1/messages';
  const message = () => HttpResponse.json(json('./anthropic/__fixtures__/message-text.json'));

  it('sends no cache_control without `cache`', async () => {
    const bodies = capture(url, message);
    const res = await anthropic({ apiKey: ANTHROPIC_KEY }).complete('claude-sonnet-4-6', ask());
    expect(bodies[0]).not.toHaveProperty('cache_control');
    expect(res.warnings).toEqual([]);
  });

  it('sends the top-level automatic cache_control, default ttl', async () => {
    const bodies = capture(url, message);
    const res = await anthropic({ apiKey: ANTHROPIC_KEY }).complete('claude-sonnet-4-6', ask({ cache: {} }));
    expect(bodies[0].cache_control).toEqual({ type: 'ephemeral' });
    expect(res.warnings).toEqual([]);
  });

  it('sends ttl 1h, and warns that a cache key has no Anthropic counterpart', async () => {
    const bodies = capture(url, message);
    const res = await anthropic({ apiKey: ANTHROPIC_KEY }).complete(
      'claude-sonnet-4-6',
      ask({ cache: { ttl: '1h', key: 'tenant-7' } }),
    );
    expect(bodies[0].cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
    expect(bodies[0]).not.toHaveProperty('prompt_cache_key');
    expect(res.warnings).toEqual([
      'cache.key was not sent: Anthropic caches by exact prefix and has no cache key parameter',
    ]);
  });

  it('sends cache_control when streaming too', async () => {
    const blocks = parseChunksFile(fixture('./anthropic/__fixtures__/stream-thinking.chunks.txt'));
    const bodies = capture(url, () => sse(blocks));
    const res = await lastResponse(
      anthropic({ apiKey: ANTHROPIC_KEY }).stream('claude-sonnet-4-6', ask({ cache: { ttl: '5m' } })),
    );
    expect(bodies[0].stream).toBe(true);
    expect(bodies[0].cache_control).toEqual({ type: 'ephemeral', ttl: '5m' });
    expect(res.usage.cachedInputTokens).toBe(8000);
  });
});

describe('prompt caching on the wire: OpenAI', () => {
  const chatUrl = 'https://api.openai.com/v1/chat/completions';
  const responsesUrl = 'https://api.openai.com/v1/responses';
  const completion = () => HttpResponse.json(json('./openai/__fixtures__/chat-completion.json'));

  it('sends no cache fields without `cache`', async () => {
    const bodies = capture(chatUrl, completion);
    await openai({ apiKey: OPENAI_KEY }).complete('gpt-4.1-mini', ask());
    const keys = Object.keys(bodies[0]).filter((key) => key.startsWith('prompt_cache'));
    expect(keys).toEqual([]);
  });

  it('sends prompt_cache_key for a cache key; a 5m ttl needs nothing and warns nothing', async () => {
    const bodies = capture(chatUrl, completion);
    const res = await openai({ apiKey: OPENAI_KEY }).complete(
      'gpt-4.1-mini',
      ask({ cache: { key: 'tenant-7', ttl: '5m' } }),
    );
    expect(bodies[0].prompt_cache_key).toBe('tenant-7');
    expect(bodies[0]).not.toHaveProperty('prompt_cache_retention');
    expect(bodies[0]).not.toHaveProperty('prompt_cache_options');
    expect(res.warnings).toEqual([]);
  });

  it('warns on ttl 1h and sends no retention field', async () => {
    const bodies = capture(chatUrl, completion);
    const res = await openai({ apiKey: OPENAI_KEY }).complete('gpt-4.1-mini', ask({ cache: { ttl: '1h' } }));
    const keys = Object.keys(bodies[0]).filter((key) => key.startsWith('prompt_cache'));
    expect(keys).toEqual([]);
    expect(res.warnings).toEqual([
      "cache.ttl '1h' was not sent: OpenAI caches prompts automatically with its own lifetime",
    ]);
  });

  it('sends prompt_cache_key when streaming', async () => {
    const blocks = parseChunksFile(fixture('./openai/__fixtures__/chat-stream.chunks.txt'));
    const bodies = capture(chatUrl, () => sse(blocks));
    await lastResponse(openai({ apiKey: OPENAI_KEY }).stream('gpt-4.1-mini', ask({ cache: { key: 'tenant-7' } })));
    expect(bodies[0].stream).toBe(true);
    expect(bodies[0].prompt_cache_key).toBe('tenant-7');
  });

  it('sends prompt_cache_key on the Responses API', async () => {
    const bodies = capture(responsesUrl, () =>
      HttpResponse.json(json('./openai/__fixtures__/responses-completion.json')),
    );
    const adapter = openai({ apiKey: OPENAI_KEY, api: 'responses' });
    await adapter.complete('gpt-4.1-mini', ask({ cache: { key: 'tenant-7' } }));
    await adapter.complete('gpt-4.1-mini', ask());
    expect(bodies[0].prompt_cache_key).toBe('tenant-7');
    expect(bodies[1]).not.toHaveProperty('prompt_cache_key');
  });
});

describe('prompt caching on the wire: Google', () => {
  const url = 'https://generativelanguage.googleapis.com/v1beta/models/*';
  const content = () => HttpResponse.json(json('./google/__fixtures__/generate-content.json'));

  it('sends the same body with or without `cache`, and warns only when it was asked for', async () => {
    const bodies = capture(url, content);
    const adapter = google({ apiKey: GOOGLE_KEY });
    const plain = await adapter.complete('gemini-2.5-flash', ask());
    const cached = await adapter.complete('gemini-2.5-flash', ask({ cache: { ttl: '1h', key: 'tenant-7' } }));
    expect(bodies[1]).toEqual(bodies[0]);
    expect(JSON.stringify(bodies[1])).not.toContain('cachedContent');
    expect(plain.warnings).toEqual([]);
    expect(cached.warnings).toEqual(['cache: Gemini uses implicit caching only here; no explicit cache was created']);
  });
});
