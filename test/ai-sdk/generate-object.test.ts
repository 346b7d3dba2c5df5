import { generateObject, generateText, Output, streamObject } from 'ai';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routewiseModel } from '../../src/ai-sdk/index.js';
import { JSON_INSTRUCTION } from '../../src/ai-sdk/convert-to-routewise-request.js';
import { createRouter, openai } from '../../src/index.js';
import { sseStream, useMsw } from '../helpers/msw.js';
import { openaiCompletion, openaiStreamBlocks } from './provider-bodies.js';
import { type Json, OPENAI_URL, SSE } from './setup.js';

const server = useMsw();

const ticket = z.object({
  category: z.enum(['billing', 'bug', 'question']),
  priority: z.enum(['low', 'high']),
  summary: z.string(),
});
const answer = { category: 'billing', priority: 'high', summary: 'Charged twice for the March invoice.' };

function makeRouter() {
  return createRouter({
    providers: { openai: openai({ apiKey: 'test-key-openai-aisdk' }) },
    models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
  });
}

describe('structured output through routewiseModel', () => {
  it('generateObject sends the schema as structured output and returns the parsed object', async () => {
    const bodies: Json[] = [];
    server.use(
      http.post(OPENAI_URL, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(openaiCompletion({ text: JSON.stringify(answer), completionTokens: 24 }));
      }),
    );
    const router = makeRouter();
    const result = await generateObject({
      model: routewiseModel(router, { model: 'mini' }),
      schema: ticket,
      schemaName: 'ticket',
      prompt: 'Triage: "I was charged twice for March, please refund one."',
    });
    expect(result.object).toEqual(answer);
    expect(result.usage.outputTokens).toBe(24);
    expect(bodies[0].response_format).toMatchObject({
      type: 'json_schema',
      json_schema: {
        name: 'ticket',
        strict: true,
        schema: expect.objectContaining({ properties: expect.objectContaining({ category: expect.anything() }) }),
      },
    });
    await router.close();
  });

  it('streamObject streams partial objects from the text deltas', async () => {
    const json = JSON.stringify(answer);
    const pieces = [json.slice(0, 20), json.slice(20, 45), json.slice(45)];
    server.use(http.post(OPENAI_URL, () => new HttpResponse(sseStream(openaiStreamBlocks({ deltas: pieces })), SSE)));
    const router = makeRouter();
    const result = streamObject({
      model: routewiseModel(router, { model: 'mini' }),
      schema: ticket,
      prompt: 'Triage: "I was charged twice for March, please refund one."',
    });
    const partials: unknown[] = [];
    for await (const partial of result.partialObjectStream) partials.push(partial);
    expect(partials.length).toBeGreaterThan(1);
    expect(partials[0]).toEqual({ category: 'billing' });
    expect(await result.object).toEqual(answer);
    expect((await result.providerMetadata)?.routewise).toMatchObject({ alias: 'mini' });
    await router.close();
  });

  it('generateText with Output.object uses the same structured output', async () => {
    server.use(http.post(OPENAI_URL, () => HttpResponse.json(openaiCompletion({ text: JSON.stringify(answer) }))));
    const router = makeRouter();
    const result = await generateText({
      model: routewiseModel(router, { model: 'mini' }),
      output: Output.object({ schema: ticket }),
      prompt: 'Triage: "I was charged twice for March."',
    });
    expect(result.output).toEqual(answer);
    await router.close();
  });

  it('asks for JSON in a system instruction when no schema is given, with a compatibility warning', async () => {
    (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
    const bodies: Json[] = [];
    server.use(
      http.post(OPENAI_URL, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(openaiCompletion({ text: '{"ok":true}' }));
      }),
    );
    const router = makeRouter();
    const result = await generateObject({
      model: routewiseModel(router, { model: 'mini' }),
      output: 'no-schema',
      prompt: 'Reply with {"ok": true}.',
    });
    expect(result.object).toEqual({ ok: true });
    expect(bodies[0].messages[0]).toEqual({ role: 'system', content: JSON_INSTRUCTION });
    expect(bodies[0].response_format).toBeUndefined();
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'compatibility' })]);
    await router.close();
  });
});
