import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../errors.js';
import { convertRoutewiseUsage } from './convert-routewise-usage.js';
import { convertToRoutewiseRequest } from './convert-to-routewise-request.js';

const prompt: LanguageModelV4CallOptions['prompt'] = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }];

describe('convertToRoutewiseRequest', () => {
  it('maps the core settings, and a plain call stays on the router fast path (no extra keys)', () => {
    const { request, warnings } = convertToRoutewiseRequest(
      { prompt, maxOutputTokens: 50, temperature: 0, headers: { 'user-agent': 'ai/7.0.173' } },
      { model: 'mini' },
    );
    expect(Object.keys(request).sort()).toEqual(['maxOutputTokens', 'messages', 'model', 'requestId', 'temperature']);
    expect(request).toMatchObject({ model: 'mini', maxOutputTokens: 50, temperature: 0 });
    // The AI SDK's own user-agent header is not a setting of the caller's: no warning for it.
    expect(warnings).toEqual([]);
  });

  it('maps tools, tool choice, stop sequences, reasoning and the routewise provider options', () => {
    const signal = new AbortController().signal;
    const { request, warnings } = convertToRoutewiseRequest(
      {
        prompt,
        stopSequences: ['END'],
        abortSignal: signal,
        reasoning: 'xhigh',
        tools: [
          { type: 'function', name: 'lookup', description: 'Find', inputSchema: { type: 'object', properties: {} } },
          { type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} },
        ],
        toolChoice: { type: 'tool', toolName: 'lookup' },
        providerOptions: {
          routewise: {
            tenant: 'acme',
            metadata: { feature: 'search', user: 'u1' },
            budget: { maxUsd: 0.05 },
            requestId: 'req-1',
            responseCache: false,
            providerOptions: { openai: { parallelToolCalls: false } },
          },
          openai: { ignored: true },
        },
      },
      { metadata: { tenant: 'default-tenant', feature: 'default-feature' }, budget: { maxUsd: 1 } },
    );
    expect(request).toMatchObject({
      stop: ['END'],
      signal,
      reasoning: { effort: 'high' },
      tools: [{ name: 'lookup', description: 'Find', parameters: { type: 'object', properties: {} } }],
      toolChoice: { name: 'lookup' },
      metadata: { tenant: 'acme', feature: 'search', user: 'u1' },
      budget: { maxUsd: 0.05 },
      requestId: 'req-1',
      responseCache: false,
      providerOptions: { openai: { parallelToolCalls: false } },
    });
    expect(request.model).toBeUndefined();
    expect(warnings.map((w) => ('feature' in w ? w.feature : w.type))).toEqual([
      'reasoning: xhigh',
      'provider-defined tool openai.web_search',
    ]);
  });

  it('sends sampling options to each provider format that has them, and says which do not', () => {
    const { request, warnings } = convertToRoutewiseRequest(
      {
        prompt,
        topP: 0.8,
        topK: 20,
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        providerOptions: { routewise: { providerOptions: { openai: { topP: 0.5 } } } },
      },
      {},
    );
    expect(request.providerOptions).toEqual({
      // The call's own routewise provider options win over the mapped ones.
      openai: { topP: 0.5, seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.2 },
      google: { topP: 0.8, topK: 20, seed: 7, presencePenalty: 0.1, frequencyPenalty: 0.2 },
      anthropic: { extraBody: { top_p: 0.8, top_k: 20 } },
    });
    expect(warnings.map((w) => ('feature' in w ? w.feature : ''))).toEqual([
      'topK',
      'seed',
      'presencePenalty',
      'frequencyPenalty',
    ]);
  });

  it('refuses a misspelt routewise option with its path', () => {
    const convert = () =>
      convertToRoutewiseRequest({ prompt, providerOptions: { routewise: { tenat: 'acme' } } }, { model: 'mini' });
    expect(convert).toThrow(InvalidRequestError);
    expect(convert).toThrow(/providerOptions\.routewise/);
  });
});

describe('convertRoutewiseUsage', () => {
  it('splits input into uncached, cache reads and cache writes, and output into text and reasoning', () => {
    expect(
      convertRoutewiseUsage({
        inputTokens: 9525,
        cachedInputTokens: 8000,
        cacheWriteTokens: 1500,
        outputTokens: 300,
        reasoningTokens: 256,
      }),
    ).toMatchObject({
      inputTokens: { total: 9525, noCache: 25, cacheRead: 8000, cacheWrite: 1500 },
      outputTokens: { total: 300, text: 44, reasoning: 256 },
    });
  });
});
