import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  anthropic,
  ConfigError,
  createRouter,
  google,
  groq,
  InvalidRequestError,
  openai,
  type RouterRequest,
} from '../../src/index.js';
import { parseChunksFile, sseStream, useMsw } from '../helpers/msw.js';

/** Issue 7 item 14: `providerOptions` reach each provider's wire body through the real SDKs, never lifting a cap. */
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const server = useMsw();

function capture() {
  type Body = Record<string, unknown>;
  const bodies = {
    openai: [] as Body[],
    responses: [] as Body[],
    anthropic: [] as Body[],
    google: [] as Body[],
    groq: [] as Body[],
  };
  const record =
    (key: keyof typeof bodies, answer: Record<string, unknown>) =>
    async ({ request }: { request: Request }) => {
      bodies[key].push((await request.json()) as Record<string, unknown>);
      return HttpResponse.json(answer);
    };
  server.use(
    http.post(
      'https://api.openai.com/v1/chat/completions',
      record('openai', fixture('openai/__fixtures__/chat-completion.json')),
    ),
    http.post(
      'https://api.openai.com/v1/responses',
      record('responses', fixture('openai/__fixtures__/responses-completion.json')),
    ),
    http.post(
      'https://api.anthropic.com/v1/messages',
      record('anthropic', fixture('anthropic/__fixtures__/message-text.json')),
    ),
    http.post(
      'https://generativelanguage.googleapis.com/v1beta/models/*',
      record('google', fixture('google/__fixtures__/generate-content.json')),
    ),
    http.post(
      'https://api.groq.com/openai/v1/chat/completions',
      record('groq', fixture('openai/__fixtures__/chat-completion.json')),
    ),
  );
  return bodies;
}

const router = (models: Parameters<typeof createRouter>[0]['models'] = {}) =>
  createRouter({
    providers: {
      openai: openai({ apiKey: 'sk-test-provider-options-00' }),
      responses: openai({ apiKey: 'sk-test-provider-options-00', api: 'responses' }),
      anthropic: anthropic({ apiKey: 'test-key-anthropic-options' }),
      google: google({ apiKey: 'test-key-google-options' }),
      groq: groq({ apiKey: 'gsk_test_provider_options' }),
    },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      resp: { provider: 'responses', model: 'gpt-4.1-mini' },
      sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
      flash: { provider: 'google', model: 'gemini-2.5-flash' },
      llama: { provider: 'groq', model: 'llama-3.3-70b-versatile' },
      ...models,
    },
  });

const ask = (model: string, extra: Partial<RouterRequest> = {}): RouterRequest => ({
  model,
  messages: [{ role: 'user', content: 'hi' }],
  maxOutputTokens: 300,
  ...extra,
});

const providerOptions: RouterRequest['providerOptions'] = {
  openai: {
    topP: 0.9,
    seed: 7,
    frequencyPenalty: 0.5,
    presencePenalty: -0.5,
    logitBias: { '50256': -100 },
    extraBody: { user: 'u-1' },
  },
  anthropic: { userId: 'u-17', serviceTier: 'standard_only', extraBody: { top_k: 5 } },
  google: { topP: 0.8, topK: 20, seed: 3, extraBody: { generationConfig: { responseLogprobs: false } } },
  groq: { extraBody: { reasoning_format: 'hidden' } },
};

describe('providerOptions on the wire', () => {
  it('OpenAI Chat Completions: typed fields under their wire names, extraBody as given', async () => {
    const bodies = capture();
    await router().complete(ask('mini', { providerOptions }));
    expect(bodies.openai[0]).toMatchObject({
      top_p: 0.9,
      seed: 7,
      frequency_penalty: 0.5,
      presence_penalty: -0.5,
      logit_bias: { '50256': -100 },
      user: 'u-1',
      max_completion_tokens: 300,
    });
    expect(bodies.openai[0]).not.toHaveProperty('reasoning_format');
    expect(bodies.openai[0]).not.toHaveProperty('top_k');
  });

  it('OpenAI Responses: what the API has; the rest dropped with a warning', async () => {
    const bodies = capture();
    const res = await router().complete(
      ask('resp', { providerOptions: { openai: { topP: 0.5, seed: 1, verbosity: 'low' } } }),
    );
    expect(bodies.responses[0]).toMatchObject({ top_p: 0.5, text: { verbosity: 'low' }, max_output_tokens: 300 });
    expect(bodies.responses[0]).not.toHaveProperty('seed');
    expect(res.warnings).toContain('providerOptions.openai.seed was not sent: the Responses API has no such parameter');
  });

  it('an OpenAI-compatible host takes `openai` options, then its own (which win)', async () => {
    const bodies = capture();
    await router().complete(
      ask('llama', {
        providerOptions: { ...providerOptions, groq: { seed: 99, extraBody: { reasoning_format: 'hidden' } } },
      }),
    );
    expect(bodies.groq[0]).toMatchObject({ top_p: 0.9, seed: 99, reasoning_format: 'hidden', user: 'u-1' });
  });

  it('Anthropic: metadata.user_id, service_tier and raw fields', async () => {
    const bodies = capture();
    await router().complete(ask('sonnet', { providerOptions }));
    expect(bodies.anthropic[0]).toMatchObject({
      metadata: { user_id: 'u-17' },
      service_tier: 'standard_only',
      top_k: 5,
      max_tokens: 300,
    });
    expect(bodies.anthropic[0]).not.toHaveProperty('top_p');
  });

  it('Gemini: typed fields in generationConfig, extraBody deep-merged by the SDK, the cap kept', async () => {
    const bodies = capture();
    await router().complete(ask('flash', { providerOptions }));
    expect(bodies.google[0]?.generationConfig).toEqual({
      maxOutputTokens: 300,
      topP: 0.8,
      topK: 20,
      seed: 3,
      responseLogprobs: false,
    });
  });

  it('a stream carries them too, with routewise’s own stream fields kept', async () => {
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
        bodies.push((await request.json()) as Record<string, unknown>);
        return new HttpResponse(
          sseStream(
            parseChunksFile(
              readFileSync(
                new URL('../../src/providers/openai/__fixtures__/chat-stream.chunks.txt', import.meta.url),
                'utf8',
              ),
            ),
          ),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      }),
    );
    const stream = router().stream(ask('mini', { providerOptions: { openai: { topP: 0.3, seed: 5 } } }));
    await stream.result;
    expect(bodies[0]).toMatchObject({ top_p: 0.3, seed: 5, stream: true, stream_options: { include_usage: true } });
  });

  it('per model alias in the config, with the request’s fields on top', async () => {
    const bodies = capture();
    const r = router({
      tuned: { provider: 'openai', model: 'gpt-4.1-mini', providerOptions: { openai: { topP: 0.1, seed: 1 } } },
    });
    await r.complete(ask('tuned'));
    await r.complete(ask('tuned', { providerOptions: { openai: { seed: 2 } } }));
    expect(bodies.openai.map((b) => [b.top_p, b.seed])).toEqual([
      [0.1, 1],
      [0.1, 2],
    ]);
  });
});

describe('providerOptions never override a cap', () => {
  it.each([
    [
      { openai: { extraBody: { max_completion_tokens: 100_000 } } },
      'providerOptions.openai.extraBody.max_completion_tokens',
      /output cap/,
    ],
    [{ openai: { extraBody: { max_tokens: 100_000 } } }, 'providerOptions.openai.extraBody.max_tokens', /output cap/],
    [
      { openai: { extraBody: { reasoning_effort: 'high' } } },
      'providerOptions.openai.extraBody.reasoning_effort',
      /reasoning effort/,
    ],
    [{ openai: { extraBody: { stream: true } } }, 'providerOptions.openai.extraBody.stream', /streaming/],
    [{ openai: { extraBody: { model: 'gpt-5' } } }, 'providerOptions.openai.extraBody.model', /the model/],
    [{ openai: { extraBody: { n: 8 } } }, 'providerOptions.openai.extraBody.n', /n answers/],
    [{ groq: { extraBody: { max_tokens: 9 } } }, 'providerOptions.groq.extraBody.max_tokens', /output cap/],
    [
      { anthropic: { extraBody: { thinking: { type: 'enabled', budget_tokens: 60_000 } } } },
      'providerOptions.anthropic.extraBody.thinking',
      /thinking budget/,
    ],
    [
      { anthropic: { extraBody: { output_config: { effort: 'max' } } } },
      'providerOptions.anthropic.extraBody.output_config',
      /reasoning effort/,
    ],
    [
      { google: { extraBody: { generationConfig: { maxOutputTokens: 65_536 } } } },
      'providerOptions.google.extraBody.generationConfig.maxOutputTokens',
      /output cap/,
    ],
    [
      { google: { extraBody: { generation_config: { thinking_config: { thinking_budget: 24_576 } } } } },
      'providerOptions.google.extraBody.generation_config.thinking_config',
      /thinking budget/,
    ],
    [
      { openai: { extraBody: { temperature: 2 } } },
      'providerOptions.openai.extraBody.temperature',
      /request's `temperature`/,
    ],
  ])('%j is refused at %s', async (options, path, message) => {
    const bodies = capture();
    const error = await router()
      .complete(ask('mini', { providerOptions: options as RouterRequest['providerOptions'] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues).toEqual([{ path, message: expect.stringMatching(message) }]);
    expect(bodies.openai).toHaveLength(0);
  });

  it('typed fields are checked, and an unknown field is a typo, not a silent drop', async () => {
    const error = (await router()
      .complete(ask('mini', { providerOptions: { openai: { topP: 3, maxTokens: 9 } as never } }))
      .catch((e: unknown) => e)) as InvalidRequestError;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.issues.map((i) => i.path).sort()).toEqual(['providerOptions.openai', 'providerOptions.openai.topP']);
  });

  it('a model alias’s providerOptions are checked at createRouter (ConfigError with the path)', () => {
    expect(() =>
      router({
        bad: {
          provider: 'openai',
          model: 'gpt-4.1-mini',
          providerOptions: { openai: { extraBody: { max_tokens: 1 } } },
        },
      }),
    ).toThrow(ConfigError);
    try {
      router({
        bad: {
          provider: 'openai',
          model: 'gpt-4.1-mini',
          providerOptions: { openai: { extraBody: { max_tokens: 1 } } },
        },
      });
    } catch (error) {
      expect((error as ConfigError).issues[0]?.path).toBe('models.bad.providerOptions.openai.extraBody.max_tokens');
    }
  });
});
