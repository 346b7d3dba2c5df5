import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defaultSafetyFactor,
  estimateInputTokens,
  IMAGE_TOKENS,
  NON_OPENAI_SAFETY_FACTOR,
} from '../../src/budgets/estimate-input-tokens.js';
import type { Message } from '../../src/providers/spec/message.js';
import type { ChatRequest } from '../../src/providers/spec/request.js';
import { referenceCount } from './reference-tokenizer.js';

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content }],
  maxOutputTokens: 100,
  ...extra,
});
const openai = { providerName: 'openai' };

describe('estimateInputTokens', () => {
  it('is never below the real o200k count of the texts sent', () => {
    const textArb = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.lorem());
    fc.assert(
      fc.property(
        fc.option(textArb, { nil: undefined }),
        fc.array(textArb, { minLength: 1, maxLength: 6 }),
        (system, texts) => {
          const messages: Message[] = texts.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content }));
          const request: ChatRequest = { messages, maxOutputTokens: 10, ...(system ? { system } : {}) };
          const real = texts.reduce((sum, t) => sum + referenceCount(t), system ? referenceCount(system) : 0);
          expect(estimateInputTokens(request, openai)).toBeGreaterThanOrEqual(real);
          expect(estimateInputTokens(request, { providerName: 'anthropic' })).toBeGreaterThanOrEqual(real);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('stays close to the real count on prose (framing only on top)', () => {
    const prose = 'Please summarise the attached quarterly report in five bullet points for the board. '.repeat(40);
    const real = referenceCount(prose);
    const estimate = estimateInputTokens(ask(prose), openai);
    expect(estimate).toBeGreaterThanOrEqual(real);
    expect(estimate).toBeLessThanOrEqual(real + 10);
  });

  it('never decreases as text grows', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ minLength: 1, maxLength: 300 }), (text, more) => {
        expect(estimateInputTokens(ask(text + more), openai)).toBeGreaterThanOrEqual(
          estimateInputTokens(ask(text), openai),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('counts each image part by its estimate (a worst case when unsized), adjustable by option', () => {
    const text: ChatRequest = {
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in these?' }] }],
      maxOutputTokens: 10,
    };
    const withImages: ChatRequest = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image', url: 'https://example.com/a.png' },
            { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
          ],
        },
      ],
      maxOutputTokens: 10,
    };
    const base = estimateInputTokens(text, openai);
    // No model named and a header too short to size: each image at the worst case.
    expect(estimateInputTokens(withImages, openai)).toBe(base + 2 * IMAGE_TOKENS);
    expect(IMAGE_TOKENS).toBe(3_800);
    expect(estimateInputTokens(withImages, { ...openai, imageTokens: 3_000 })).toBe(base + 6_000);
    expect(estimateInputTokens(withImages, { ...openai, unknownImageTokens: 900 })).toBe(base + 1_800);
    // Images are counted by their own formula, not as tokenized text: the safety factor does not multiply them.
    expect(estimateInputTokens(withImages, { providerName: 'anthropic' })).toBe(
      estimateInputTokens(text, { providerName: 'anthropic' }) + 2 * 1_600,
    );
  });

  it('applies the safety factor to every provider but OpenAI, and lets it be set', () => {
    const request = ask('Explain the difference between a mutex and a semaphore, with an example in Rust. '.repeat(5));
    const base = estimateInputTokens(request, openai);
    expect(estimateInputTokens(request, { providerName: 'openai-compatible' })).toBe(base);
    expect(NON_OPENAI_SAFETY_FACTOR).toBe(1.25);
    for (const providerName of ['anthropic', 'google', 'deepseek', undefined]) {
      expect(defaultSafetyFactor(providerName)).toBe(1.25);
      expect(estimateInputTokens(request, providerName ? { providerName } : {})).toBe(Math.ceil(base * 1.25));
    }
    expect(estimateInputTokens(request, { providerName: 'anthropic', safetyFactor: 2 })).toBe(base * 2);
    expect(estimateInputTokens(request, { providerName: 'openai', safetyFactor: 1.5 })).toBe(Math.ceil(base * 1.5));
  });

  it('counts tool definitions (zod or JSON schema alike), tool-call arguments and tool results', () => {
    const weather = z.object({ city: z.string().describe('City name'), days: z.number().int().min(1).max(14) });
    const weatherJson = z.toJSONSchema(weather, { target: 'draft-7' }) as Record<string, unknown>;
    delete weatherJson.$schema;
    const bare = estimateInputTokens(ask('Weather in Paris?'), openai);
    const withZod = estimateInputTokens(
      ask('Weather in Paris?', {
        tools: [{ name: 'get_weather', description: 'Forecast for a city', parameters: weather }],
      }),
      openai,
    );
    const withJson = estimateInputTokens(
      ask('Weather in Paris?', {
        tools: [{ name: 'get_weather', description: 'Forecast for a city', parameters: weatherJson }],
      }),
      openai,
    );
    expect(withZod).toBe(withJson);
    expect(withZod - bare).toBeGreaterThanOrEqual(
      referenceCount(JSON.stringify(weatherJson)) + referenceCount('Forecast for a city'),
    );

    const args = { city: 'Paris', days: 3, notes: 'a fairly long note that the model put into its arguments' };
    const conversation: ChatRequest = {
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: args }] },
        { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: '{"temp":18,"sky":"clear"}' },
      ],
      maxOutputTokens: 10,
    };
    expect(estimateInputTokens(conversation, openai) - bare).toBeGreaterThanOrEqual(
      referenceCount(JSON.stringify(args)) + referenceCount('{"temp":18,"sky":"clear"}'),
    );
  });

  it('counts the output schema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' }, confidence: { type: 'number' } } };
    const plain = estimateInputTokens(ask('Is it safe?'), openai);
    const structured = estimateInputTokens(ask('Is it safe?', { output: { schema } }), openai);
    expect(structured - plain).toBeGreaterThanOrEqual(referenceCount(JSON.stringify(schema)));
  });

  it('counts every message of a long conversation', () => {
    const turns: Message[] = Array.from({ length: 200 }, (_, i) => ({
      role: i % 2 ? 'assistant' : 'user',
      content: `Turn ${i}: ${'some earlier discussion about the deployment plan and its risks. '.repeat(8)}`,
    }));
    const request: ChatRequest = { system: 'You are terse.', messages: turns, maxOutputTokens: 10 };
    const real = turns.reduce((sum, m) => sum + referenceCount(m.content as string), referenceCount('You are terse.'));
    const estimate = estimateInputTokens(request, openai);
    expect(estimate).toBeGreaterThanOrEqual(real);
    expect(estimate).toBeLessThanOrEqual(real + 4 * 201 + 3);
    // Its speed is measured in bench/input-estimate.ts ("a 200-turn conversation"), not here.
  });
});
