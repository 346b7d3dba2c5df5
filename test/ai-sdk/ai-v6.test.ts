// The `ai` 6 line (language model spec v3), installed as the `ai-v6` alias: routewiseModel with
// `specificationVersion: 'v3'` works in its generateText and streamText, tools included.
import { generateText, jsonSchema, streamText, tool } from 'ai-v6';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { routewiseModel } from '../../src/ai-sdk/index.js';
import type { Router } from '../../src/index.js';
import { sseStream, useMsw } from '../helpers/msw.js';
import { anthropicMessage, OPENAI_503, openaiCompletion, openaiStreamBlocks } from './provider-bodies.js';
import { ANTHROPIC_URL, aiSdkRouter, type Json, OPENAI_URL } from './setup.js';

const server = useMsw();

// In an `ai` 6 app `@ai-sdk/provider` resolves to 3.x, whose v3 types these are; this checkout has 4.x at the top,
// whose copy of the v3 types differs in details, so the tests hand the model over as ai 6's own type.
type V6Model = Parameters<typeof generateText>[0]['model'];
const v3Model = (router: Router) =>
  routewiseModel(router, { model: 'mini', specificationVersion: 'v3' }) as unknown as V6Model;

describe('ai 6 (spec v3)', () => {
  it('refuses the default v4 model, which is why the v3 option exists', async () => {
    const router = aiSdkRouter();
    const error = await generateText({ model: routewiseModel(router, { model: 'mini' }) as never, prompt: 'Hi' }).catch(
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/Unsupported model version v4/i);
    await router.close();
  });

  it('generateText: a tool round trip, usage and the fallback in providerMetadata.routewise', async () => {
    const bodies: Json[] = [];
    server.use(
      http.post(OPENAI_URL, async ({ request }) => {
        bodies.push(await request.json());
        if (bodies.length === 1) {
          return HttpResponse.json(
            openaiCompletion({ text: null, toolCalls: [{ id: 'call_1', name: 'add', arguments: { a: 2, b: 3 } }] }),
          );
        }
        return HttpResponse.json(OPENAI_503, { status: 503 });
      }),
      http.post(ANTHROPIC_URL, () => HttpResponse.json(anthropicMessage({ text: '2 + 3 = 5.' }))),
    );
    const router = aiSdkRouter();
    const result = await generateText({
      model: v3Model(router),
      prompt: 'What is 2 + 3? Use the tool.',
      tools: {
        add: tool({
          inputSchema: jsonSchema<{ a: number; b: number }>({
            type: 'object',
            properties: { a: { type: 'number' }, b: { type: 'number' } },
            required: ['a', 'b'],
          }),
          execute: async ({ a, b }) => a + b,
        }),
      },
      stopWhen: ({ steps }) => steps.length >= 2,
    });
    expect(result.steps[0]?.toolCalls).toMatchObject([{ toolName: 'add', input: { a: 2, b: 3 } }]);
    // The second step's OpenAI call failed twice (routewise's retry), so Anthropic answered it.
    expect(result.text).toBe('2 + 3 = 5.');
    expect(result.steps[1]?.providerMetadata?.routewise).toMatchObject({
      route: { answeredBy: 'haiku', fellBack: true },
    });
    expect(result.usage.inputTokens).toBe(14);
    expect(bodies[1].messages.at(-1)).toEqual({ role: 'tool', tool_call_id: 'call_1', content: '5' });
    await router.close();
  });

  it('streamText: text deltas and the finish usage', async () => {
    server.use(
      http.post(
        OPENAI_URL,
        () =>
          new HttpResponse(sseStream(openaiStreamBlocks({ deltas: ['Hel', 'lo'] })), {
            headers: { 'content-type': 'text/event-stream' },
          }),
      ),
    );
    const router = aiSdkRouter();
    const result = streamText({
      model: v3Model(router),
      prompt: 'Say hello.',
    });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas).toEqual(['Hel', 'lo']);
    expect(await result.usage).toMatchObject({ inputTokens: 12, outputTokens: 6 });
    expect(await result.finishReason).toBe('stop');
    await router.close();
  });
});
