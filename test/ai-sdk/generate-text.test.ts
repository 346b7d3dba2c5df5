import { APICallError, generateText, isStepCount, jsonSchema, tool } from 'ai';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { routewiseErrorOf, routewiseModel } from '../../src/ai-sdk/index.js';
import { BudgetExceededError, RouteExhaustedError } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';
import { anthropicMessage, OPENAI_503, openaiCompletion } from './provider-bodies.js';
import { ANTHROPIC_URL, aiSdkRouter, type Json, OPENAI_URL } from './setup.js';

const server = useMsw();
// The warnings are asserted on result.warnings; the AI SDK need not print them too.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const makeRouter = () => aiSdkRouter({ reasoner: { provider: 'openai', model: 'o4-mini' } });

describe('generateText through routewiseModel', () => {
  it('sends the prompt and settings, and returns text, usage, finish reason and routewise metadata', async () => {
    const bodies: Json[] = [];
    server.use(
      http.post(OPENAI_URL, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(
          openaiCompletion({ text: 'The capital of France is Paris.', promptTokens: 1200, cachedTokens: 1024 }),
        );
      }),
    );
    const router = makeRouter();
    const result = await generateText({
      model: routewiseModel(router, { model: 'mini', metadata: { feature: 'geo-quiz' } }),
      system: 'Answer in one sentence.',
      prompt: 'What is the capital of France?',
      maxOutputTokens: 100,
      temperature: 0.2,
      stopSequences: ['\n\n'],
      providerOptions: { routewise: { tenant: 'acme' } },
    });

    expect(result.text).toBe('The capital of France is Paris.');
    expect(result.finishReason).toBe('stop');
    expect(result.rawFinishReason).toBe('stop');
    expect(result.usage).toMatchObject({
      inputTokens: 1200,
      outputTokens: 8,
      inputTokenDetails: { noCacheTokens: 176, cacheReadTokens: 1024, cacheWriteTokens: 0 },
      outputTokenDetails: { textTokens: 8, reasoningTokens: 0 },
    });
    expect(result.response.modelId).toBe('gpt-4.1-mini-2025-04-14');

    const [body] = bodies;
    expect(body.model).toBe('gpt-4.1-mini');
    expect(body.messages).toEqual([
      { role: 'system', content: 'Answer in one sentence.' },
      { role: 'user', content: 'What is the capital of France?' },
    ]);
    expect(body.temperature).toBe(0.2);
    expect(body.stop).toEqual(['\n\n']);
    expect(body.max_completion_tokens ?? body.max_tokens).toBe(100);

    const meta = result.providerMetadata?.routewise as Json;
    expect(meta).toMatchObject({
      alias: 'mini',
      provider: 'openai',
      model: 'gpt-4.1-mini',
      route: { kind: 'pinned', chain: ['mini', 'haiku'], answeredBy: 'mini', fellBack: false },
    });
    // gpt-4.1-mini: $0.40 / M input, $0.10 / M cached input, $1.60 / M output.
    expect(meta.cost.usd).toBeCloseTo((176 * 0.4 + 1024 * 0.1 + 8 * 1.6) / 1e6, 12);
    expect(meta.cost.attempts).toHaveLength(1);
    // The tags reached the ledger with the request.
    const spend = await router.spend({ groupBy: 'tenant' });
    expect(spend.groups?.[0]).toMatchObject({ tenant: 'acme', requests: 1 });
    await router.close();
  });

  it('falls back to another provider when the first one keeps failing, visible in providerMetadata.routewise', async () => {
    let openaiCalls = 0;
    server.use(
      http.post(OPENAI_URL, () => {
        openaiCalls += 1;
        return HttpResponse.json(OPENAI_503, { status: 503 });
      }),
      http.post(ANTHROPIC_URL, () => HttpResponse.json(anthropicMessage({ text: 'Paris.' }))),
    );
    const router = makeRouter();
    const result = await generateText({
      model: routewiseModel(router, { model: 'mini' }),
      prompt: 'Capital of France?',
    });

    expect(result.text).toBe('Paris.');
    expect(result.rawFinishReason).toBe('end_turn');
    expect(result.response.modelId).toBe('claude-haiku-4-5-20251001');
    const meta = result.providerMetadata?.routewise as Json;
    expect(meta.route).toMatchObject({ chain: ['mini', 'haiku'], answeredBy: 'haiku', fellBack: true });
    expect(meta.cost.attempts.map((a: Json) => `${a.alias}#${a.attempt} ${a.status} ${a.httpStatus ?? ''}`)).toEqual([
      'mini#1 error 503',
      'mini#2 error 503',
      'haiku#1 ok ',
    ]);
    // Routewise retried once (retries: 1); the AI SDK added no retries of its own.
    expect(openaiCalls).toBe(2);
    await router.close();
  });

  it('surfaces an exhausted route as a non-retryable APICallError, so the AI SDK does not run the route again', async () => {
    let calls = 0;
    server.use(
      http.post(OPENAI_URL, () => {
        calls += 1;
        return HttpResponse.json(OPENAI_503, { status: 503 });
      }),
      http.post(ANTHROPIC_URL, () => {
        calls += 1;
        return HttpResponse.json(
          { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
          { status: 529 },
        );
      }),
    );
    const router = makeRouter();
    const error = await generateText({
      model: routewiseModel(router, { model: 'mini' }),
      prompt: 'Capital of France?',
      // The AI SDK's default is 2 retries; they would triple the calls if the error were retryable.
      maxRetries: 2,
    }).catch((e: unknown) => e);

    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.isRetryable).toBe(false);
    expect(apiError.statusCode).toBe(529);
    expect(apiError.message).toMatch(/Every model of the route failed/);
    expect(routewiseErrorOf(error)).toBeInstanceOf(RouteExhaustedError);
    expect((routewiseErrorOf(error) as RouteExhaustedError).attempts).toHaveLength(4);
    expect(calls).toBe(4);
    await router.close();
  });

  it('refuses a call over its budget before anything is sent, with routewise BudgetExceededError', async () => {
    let calls = 0;
    server.use(
      http.post(OPENAI_URL, () => {
        calls += 1;
        return HttpResponse.json(openaiCompletion({ text: 'unused' }));
      }),
    );
    const router = makeRouter();
    const model = routewiseModel(router, { model: 'mini', budget: { maxUsd: 1e-6 } });
    const error = await generateText({ model, prompt: 'Write an essay.', maxOutputTokens: 4000 }).catch((e) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ scope: 'request', limitUsd: 1e-6 });
    expect(calls).toBe(0);

    // A call's own budget replaces the model's.
    server.use(http.post(OPENAI_URL, () => HttpResponse.json(openaiCompletion({ text: 'ok' }))));
    const result = await generateText({
      model,
      prompt: 'Say ok.',
      maxOutputTokens: 10,
      providerOptions: { routewise: { budget: { maxUsd: 0.01 } } },
    });
    expect(result.text).toBe('ok');
    await router.close();
  });

  it('runs a tool call round trip: the call, the executed result sent back, the final answer', async () => {
    const bodies: Json[] = [];
    server.use(
      http.post(OPENAI_URL, async ({ request }) => {
        const body = (await request.json()) as Json;
        bodies.push(body);
        if (bodies.length === 1) {
          return HttpResponse.json(
            openaiCompletion({
              text: null,
              toolCalls: [{ id: 'call_Qm3x9TfK2pVb7Lr1Nd8Hs4Wz', name: 'get_weather', arguments: { city: 'Paris' } }],
              promptTokens: 82,
              completionTokens: 21,
            }),
          );
        }
        return HttpResponse.json(openaiCompletion({ text: 'It is 18 °C and sunny in Paris.', promptTokens: 120 }));
      }),
    );
    const router = makeRouter();
    const executed: unknown[] = [];
    const result = await generateText({
      model: routewiseModel(router, { model: 'mini' }),
      prompt: 'What is the weather in Paris?',
      tools: {
        get_weather: tool({
          description: 'Current weather for a city',
          inputSchema: jsonSchema<{ city: string }>({
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
            additionalProperties: false,
          }),
          execute: async (input) => {
            executed.push(input);
            return { city: input.city, temperatureC: 18, sky: 'sunny' };
          },
        }),
      },
      toolChoice: 'auto',
      stopWhen: isStepCount(2),
    });

    expect(executed).toEqual([{ city: 'Paris' }]);
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.toolCalls).toMatchObject([
      { toolCallId: 'call_Qm3x9TfK2pVb7Lr1Nd8Hs4Wz', toolName: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(result.steps[0]?.finishReason).toBe('tool-calls');
    expect(result.text).toBe('It is 18 °C and sunny in Paris.');
    expect(result.totalUsage.inputTokens).toBe(82 + 120);

    expect(bodies[0].tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: expect.objectContaining({ properties: { city: { type: 'string' } } }),
        },
      },
    ]);
    expect(bodies[0].tool_choice).toBe('auto');
    // The second call carries the assistant's tool call and the executed result.
    expect(bodies[1].messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_Qm3x9TfK2pVb7Lr1Nd8Hs4Wz',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      {
        role: 'tool',
        tool_call_id: 'call_Qm3x9TfK2pVb7Lr1Nd8Hs4Wz',
        content: JSON.stringify({ city: 'Paris', temperatureC: 18, sky: 'sunny' }),
      },
    ]);
    await router.close();
  });

  it('maps the reasoning level, and warns about settings routewise sends only to some providers', async () => {
    const bodies: Json[] = [];
    server.use(
      http.post(OPENAI_URL, async ({ request }) => {
        expect(request.headers.get('x-trace')).toBe('abc');
        bodies.push(await request.json());
        return HttpResponse.json(
          openaiCompletion({ text: '42', model: 'o4-mini-2025-04-16', completionTokens: 300, reasoningTokens: 256 }),
        );
      }),
    );
    const router = makeRouter();
    const result = await generateText({
      model: routewiseModel(router, { model: 'reasoner' }),
      prompt: 'What is 6 × 7?',
      reasoning: 'low',
      topP: 0.9,
      topK: 40,
      headers: { 'x-trace': 'abc' },
    });
    expect(bodies[0].reasoning_effort).toBe('low');
    expect(bodies[0].top_p).toBe(0.9);
    expect(bodies[0].top_k).toBeUndefined();
    expect(result.usage.outputTokenDetails).toEqual({ textTokens: 44, reasoningTokens: 256 });
    expect(result.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'unsupported', feature: 'topK' })]),
    );
    expect(JSON.stringify(result.warnings)).not.toContain('headers');
    await router.close();
  });

  it('forwards the call’s headers to the provider that answers, a fallback included, keeping the SDK’s user agent', async () => {
    const seen: Array<{ url: string; trace: string | null; tenant: string | null; agent: string | null }> = [];
    const record = (request: Request) =>
      seen.push({
        url: request.url,
        trace: request.headers.get('x-trace'),
        tenant: request.headers.get('x-tenant'),
        agent: request.headers.get('user-agent'),
      });
    server.use(
      http.post(OPENAI_URL, ({ request }) => {
        record(request);
        return HttpResponse.json(OPENAI_503, { status: 503 });
      }),
      http.post(ANTHROPIC_URL, ({ request }) => {
        record(request);
        return HttpResponse.json(anthropicMessage({ text: 'from the fallback' }));
      }),
    );
    const router = makeRouter();
    const result = await generateText({
      model: routewiseModel(router, { model: 'mini' }),
      prompt: 'Say hi.',
      headers: { 'x-trace': 'abc', 'x-tenant': 'acme', 'x-unset': undefined },
    });
    expect(result.text).toBe('from the fallback');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (const request of seen) {
      expect(request).toMatchObject({ trace: 'abc', tenant: 'acme' });
      expect(request.agent).not.toMatch(/^ai\//);
    }
    expect(seen.at(-1)?.url).toBe(ANTHROPIC_URL);
    await router.close();
  });
});
