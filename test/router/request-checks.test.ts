import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { anthropic, createRouter, google, InvalidRequestError, openai, type RouterRequest } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

/** Issue 7 item 13: requests the router used to send unchecked, through the real SDKs with msw answering. */
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const server = useMsw();

function captureOpenAI() {
  const bodies: Record<string, unknown>[] = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      bodies.push((await request.json()) as Record<string, unknown>);
      return HttpResponse.json(fixture('openai/__fixtures__/chat-completion.json'));
    }),
  );
  return bodies;
}

const router = () =>
  createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-request-checks-0000' }) },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      o4: { provider: 'openai', model: 'o4-mini' },
      local: { provider: 'openai', model: 'my-finetune' },
      windowed: { provider: 'openai', model: 'my-finetune', contextWindow: 8000 },
      limited: { provider: 'openai', model: 'gpt-4.1-mini', outputTokenLimit: 2000 },
    },
    prices: { 'openai:my-finetune': { inputPerMTok: 1, outputPerMTok: 2 } },
  });

const ask = (extra: Partial<RouterRequest> = {}): RouterRequest => ({
  model: 'mini',
  messages: [{ role: 'user', content: 'hi' }],
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<InvalidRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidRequestError);
  return error as InvalidRequestError;
}

const weather = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

describe('output caps against the model’s own maximum', () => {
  it('clamps 1e12 to gpt-4.1-mini’s 32768, with a warning, and budgets the clamped cap', async () => {
    const bodies = captureOpenAI();
    const res = await router().complete(ask({ maxOutputTokens: 1e12, budget: { maxUsd: 1 } }));
    expect(bodies[0]).toMatchObject({ max_completion_tokens: 32_768 });
    expect(res.warnings).toContain('maxOutputTokens 1000000000000 lowered to 32768, its maximum output (gpt-4.1-mini)');
  });

  it('a configured outputTokenLimit wins over the table; a known context window bounds an unknown model', async () => {
    const bodies = captureOpenAI();
    const r = router();
    await r.complete(ask({ model: 'limited', maxOutputTokens: 5000 }));
    await r.complete(ask({ model: 'windowed', maxOutputTokens: 50_000 }));
    await r.complete(ask({ model: 'local', maxOutputTokens: 50_000 }));
    expect(bodies.map((b) => b.max_completion_tokens)).toEqual([2000, 8000, 50_000]);
  });

  it('refuses an absurd cap for a model whose limit is unknown, before any call', async () => {
    const bodies = captureOpenAI();
    const error = await refusal(router().complete(ask({ model: 'local', maxOutputTokens: 1e12 })));
    expect(error.issues).toEqual([{ path: 'maxOutputTokens', message: expect.stringMatching(/outputTokenLimit/) }]);
    expect(bodies).toHaveLength(0);
  });
});

describe('reasoning on a model without reasoning', () => {
  it('is dropped with a warning (gpt-4.1-mini would answer 400), and kept for a reasoning model', async () => {
    const bodies = captureOpenAI();
    const r = router();
    const res = await r.complete(ask({ reasoning: { effort: 'high' } }));
    await r.complete(ask({ model: 'o4', reasoning: { effort: 'high' } }));
    const none = await r.complete(ask({ reasoning: { effort: 'none' } }));
    expect(bodies[0]).not.toHaveProperty('reasoning_effort');
    expect(res.warnings).toContain(
      'reasoning dropped: gpt-4.1-mini does not reason (its provider would reject the setting)',
    );
    expect(bodies[1]).toMatchObject({ reasoning_effort: 'high' });
    expect(bodies[2]).not.toHaveProperty('reasoning_effort');
    expect(none.warnings).toEqual([]);
  });
});

describe('tools, schemas and URLs are checked before any call', () => {
  it.each([
    [
      'a toolChoice naming a missing tool',
      ask({ tools: [weather], toolChoice: { name: 'get_time' } }),
      { path: 'toolChoice.name', message: '"get_time" is not one of the request\'s tools (get_weather)' },
    ],
    [
      'a toolChoice naming a tool when there are none',
      ask({ toolChoice: { name: 'get_time' } }),
      { path: 'toolChoice.name', message: '"get_time" names a tool, but the request has no tools' },
    ],
    [
      'duplicate tool names',
      ask({ tools: [weather, { ...weather, description: 'again' }] }),
      { path: 'tools[1].name', message: '"get_weather" repeats tools[0].name' },
    ],
    [
      'a tool name no provider accepts',
      ask({ tools: [{ ...weather, name: 'get weather' }] }),
      { path: 'tools[0].name', message: expect.stringMatching(/1–64 letters/) },
    ],
    [
      'parameters: { type: 42 }',
      ask({ tools: [{ name: 'f', parameters: { type: 42 } }] }),
      { path: 'tools[0].parameters.type', message: expect.stringMatching(/must be a JSON type.*got 42/) },
    ],
    [
      'a nested bad property schema',
      ask({
        tools: [{ name: 'f', parameters: { type: 'object', properties: { a: { type: 'text' } }, required: 'a' } }],
      }),
      { path: 'tools[0].parameters.properties.a.type', message: expect.stringMatching(/got "text"/) },
    ],
    [
      'a javascript: image URL',
      ask({ messages: [{ role: 'user', content: [{ type: 'image', url: 'javascript:alert(1)' }] }] }),
      { path: 'messages[0].content[0].url', message: expect.stringMatching(/http\(s\), data: or gs:\/\//) },
    ],
    [
      'an output schema that is not a JSON schema',
      ask({ output: { schema: { type: 'object', properties: [] } } }),
      { path: 'output.schema.properties', message: 'must be an object of schemas' },
    ],
  ])('%s → InvalidRequestError with the path', async (_name, request, issue) => {
    const bodies = captureOpenAI();
    const error = await refusal(router().complete(request));
    expect(error.issues).toContainEqual(issue);
    expect(bodies).toHaveLength(0);
  });

  it('a valid request with tools, a named choice and an https image still goes out', async () => {
    const bodies = captureOpenAI();
    await router().complete(
      ask({
        messages: [{ role: 'user', content: [{ type: 'image', url: 'https://example.test/cat.png' }] }],
        tools: [weather],
        toolChoice: { name: 'get_weather' },
      }),
    );
    expect(bodies).toHaveLength(1);
  });
});

describe('stop sequences beyond what the provider accepts', () => {
  it('OpenAI takes 4, Anthropic many, Gemini 5', async () => {
    const sent: string[] = [];
    server.use(
      http.post('https://api.openai.com/v1/chat/completions', () => {
        sent.push('openai');
        return HttpResponse.json(fixture('openai/__fixtures__/chat-completion.json'));
      }),
      http.post('https://api.anthropic.com/v1/messages', () => {
        sent.push('anthropic');
        return HttpResponse.json(fixture('anthropic/__fixtures__/message-text.json'));
      }),
      http.post('https://generativelanguage.googleapis.com/v1beta/models/*', () => {
        sent.push('google');
        return HttpResponse.json(fixture('google/__fixtures__/generate-content.json'));
      }),
    );
    const r = createRouter({
      providers: {
        openai: openai({ apiKey: 'sk-test-request-checks-0000' }),
        anthropic: anthropic({ apiKey: 'test-key-anthropic-stops' }),
        google: google({ apiKey: 'test-key-google-stops' }),
      },
      models: {
        mini: { provider: 'openai', model: 'gpt-4.1-mini' },
        sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
        flash: { provider: 'google', model: 'gemini-2.5-flash' },
      },
    });
    const stops = (n: number) => Array.from({ length: n }, (_, i) => `#${i}`);
    expect((await refusal(r.complete(ask({ stop: stops(5) })))).issues[0]?.path).toBe('stop');
    await r.complete(ask({ stop: stops(4) }));
    await r.complete(ask({ model: 'sonnet', stop: stops(12) }));
    expect((await refusal(r.complete(ask({ model: 'flash', stop: stops(6) })))).issues[0]?.path).toBe('stop');
    await r.complete(ask({ model: 'flash', stop: stops(5) }));
    expect(sent).toEqual(['openai', 'anthropic', 'google']);
  });
});

describe('what is not a request at all', () => {
  it.each([null, undefined, 'hi', 42, []])(
    'complete(%o) rejects with InvalidRequestError, not TypeError',
    async (bad) => {
      const error = await refusal(router().complete(bad as unknown as RouterRequest));
      expect(error.issues[0]?.message).toMatch(/must be a request object/);
    },
  );

  it('router.stream(invalid) does not throw: the iterator and result reject', async () => {
    const r = router();
    for (const bad of [null, { model: 'mini', messages: [] }, ask({ toolChoice: { name: 'nope' } })]) {
      let stream: ReturnType<typeof r.stream> | undefined;
      expect(() => {
        stream = r.stream(bad as unknown as RouterRequest);
      }).not.toThrow();
      await refusal(stream!.result);
      await refusal(
        (async () => {
          for await (const _event of stream!) {
            // never reached
          }
        })(),
      );
    }
  });
});
