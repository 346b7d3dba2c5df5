import { jsonSchema, streamText } from 'ai';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { routewiseModel } from '../../src/ai-sdk/index.js';
import { sseStream, useMsw } from '../helpers/msw.js';
import { anthropicStreamBlocks, OPENAI_503, openaiStreamBlocks } from './provider-bodies.js';
import { ANTHROPIC_URL, aiSdkRouter, type Json, OPENAI_URL, SSE } from './setup.js';

const server = useMsw();

describe('streamText through routewiseModel', () => {
  it('streams text deltas, then finishes with usage and routewise metadata, in the spec order', async () => {
    server.use(
      http.post(
        OPENAI_URL,
        () => new HttpResponse(sseStream(openaiStreamBlocks({ deltas: ['Hello', ', world', '!'] })), SSE),
      ),
    );
    const router = aiSdkRouter();
    const result = streamText({ model: routewiseModel(router, { model: 'mini' }), prompt: 'Say hello.' });
    const parts: Json[] = [];
    for await (const part of result.fullStream) parts.push(part);

    const types = parts.map((part) => part.type);
    expect(types).toEqual([
      'start',
      'start-step',
      'text-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => p.text)).toEqual(['Hello', ', world', '!']);
    expect(await result.text).toBe('Hello, world!');
    expect(await result.finishReason).toBe('stop');
    expect(await result.usage).toMatchObject({ inputTokens: 12, outputTokens: 6 });
    const step = parts.find((p) => p.type === 'finish-step');
    expect(step.response.modelId).toBe('gpt-4.1-mini-2025-04-14');
    const meta = (await result.providerMetadata)?.routewise as Json;
    expect(meta.route).toMatchObject({ answeredBy: 'mini', fellBack: false });
    expect(meta.cost.usd).toBeCloseTo((12 * 0.4 + 6 * 1.6) / 1e6, 12);
    await router.close();
  });

  it('falls back across providers before the first delta (OpenAI 503 twice → Anthropic streams)', async () => {
    let openaiCalls = 0;
    server.use(
      http.post(OPENAI_URL, () => {
        openaiCalls += 1;
        return HttpResponse.json(OPENAI_503, { status: 503 });
      }),
      http.post(
        ANTHROPIC_URL,
        () => new HttpResponse(sseStream(anthropicStreamBlocks({ deltas: ['Par', 'is.'] })), SSE),
      ),
    );
    const router = aiSdkRouter();
    const result = streamText({ model: routewiseModel(router, { model: 'mini' }), prompt: 'Capital of France?' });
    expect(await result.text).toBe('Paris.');
    expect(openaiCalls).toBe(2);
    const meta = (await result.providerMetadata)?.routewise as Json;
    expect(meta.route).toMatchObject({ chain: ['mini', 'haiku'], answeredBy: 'haiku', fellBack: true });
    expect(meta.cost.attempts).toHaveLength(3);
    expect((await result.response).modelId).toBe('claude-haiku-4-5-20251001');
    await router.close();
  });

  it('streams a tool call as tool-input parts and a tool-call', async () => {
    server.use(
      http.post(
        OPENAI_URL,
        () =>
          new HttpResponse(
            sseStream(
              openaiStreamBlocks({
                toolCall: {
                  id: 'call_Vw8Kp2Lx5Qz1Rt7Mn4Bc3Hd',
                  name: 'get_weather',
                  arguments: ['{"ci', 'ty":"Paris"}'],
                },
              }),
            ),
            SSE,
          ),
      ),
    );
    const router = aiSdkRouter();
    const result = streamText({
      model: routewiseModel(router, { model: 'mini' }),
      prompt: 'Weather in Paris?',
      tools: {
        get_weather: {
          description: 'Current weather for a city',
          inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
        },
      },
    });
    const parts: Json[] = [];
    for await (const part of result.fullStream) parts.push(part);
    const toolParts = parts.filter((p) => p.type.startsWith('tool-'));
    expect(toolParts.map((p) => p.type)).toEqual([
      'tool-input-start',
      'tool-input-delta',
      'tool-input-end',
      'tool-call',
    ]);
    expect(toolParts[3]).toMatchObject({
      toolCallId: 'call_Vw8Kp2Lx5Qz1Rt7Mn4Bc3Hd',
      toolName: 'get_weather',
      input: { city: 'Paris' },
    });
    expect(await result.finishReason).toBe('tool-calls');
    await router.close();
  });

  it('aborts mid-stream: the AI SDK ends with an abort part, and routewise stops the provider stream', async () => {
    let cancelled = false;
    server.use(
      http.post(OPENAI_URL, () => {
        const encoder = new TextEncoder();
        const blocks = openaiStreamBlocks({ deltas: ['Once', ' upon', ' a time'] }).slice(0, 2);
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            for (const block of blocks) controller.enqueue(encoder.encode(`${block}\n\n`));
            // …and then nothing: the provider is still thinking when the caller gives up.
          },
          cancel() {
            cancelled = true;
          },
        });
        return new HttpResponse(body, SSE);
      }),
    );
    const router = aiSdkRouter();
    const controller = new AbortController();
    let aborted = false;
    const result = streamText({
      model: routewiseModel(router, { model: 'mini' }),
      prompt: 'Tell me a long story.',
      abortSignal: controller.signal,
      onAbort: () => {
        aborted = true;
      },
    });
    const parts: Json[] = [];
    for await (const part of result.fullStream) {
      parts.push(part);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(parts.map((p) => p.type)).toContain('abort');
    expect(parts.filter((p) => p.type === 'text-delta').map((p) => p.text)).toEqual(['Once']);
    expect(aborted).toBe(true);
    await expect.poll(() => cancelled).toBe(true);
    // The aborted request is in the ledger with what it cost.
    await expect.poll(async () => (await router.spend()).requests).toBe(1);
    await router.close();
  });
});
