import { describe, expect, it } from 'vitest';
import { convertOpenAIChatUsage } from './convert-openai-chat-usage.js';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.js';
import { mapOpenAIFinishReason, mapOpenAIResponsesFinishReason } from './map-openai-finish-reason.js';

describe('convertOpenAIChatUsage', () => {
  it('takes prompt_tokens and completion_tokens as totals, details as parts', () => {
    expect(
      convertOpenAIChatUsage({
        prompt_tokens: 5000,
        completion_tokens: 900,
        prompt_tokens_details: { cached_tokens: 4096, cache_write_tokens: 512 },
        completion_tokens_details: { reasoning_tokens: 640 },
      }),
    ).toEqual({
      inputTokens: 5000,
      cachedInputTokens: 4096,
      cacheWriteTokens: 512,
      outputTokens: 900,
      reasoningTokens: 640,
    });
  });

  it('accepts missing or null detail objects (compatible hosts)', () => {
    expect(convertOpenAIChatUsage({ prompt_tokens: 12, completion_tokens: 3, prompt_tokens_details: null })).toEqual({
      inputTokens: 12,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 3,
      reasoningTokens: 0,
    });
    expect(convertOpenAIChatUsage(undefined).inputTokens).toBe(0);
  });

  it('reads DeepSeek prompt_cache_hit_tokens only when prompt_tokens_details is absent', () => {
    expect(
      convertOpenAIChatUsage({
        prompt_tokens: 100,
        completion_tokens: 1,
        prompt_cache_hit_tokens: 64,
        prompt_cache_miss_tokens: 36,
      }).cachedInputTokens,
    ).toBe(64);
    expect(
      convertOpenAIChatUsage({
        prompt_tokens: 100,
        completion_tokens: 1,
        prompt_cache_hit_tokens: 64,
        prompt_tokens_details: { cached_tokens: 32 },
      }).cachedInputTokens,
    ).toBe(32);
  });
});

describe('convertOpenAIResponsesUsage', () => {
  it('maps the Responses shape', () => {
    expect(
      convertOpenAIResponsesUsage({
        input_tokens: 300,
        input_tokens_details: { cached_tokens: 256, cache_write_tokens: 10 },
        output_tokens: 50,
        output_tokens_details: { reasoning_tokens: 20 },
      }),
    ).toEqual({
      inputTokens: 300,
      cachedInputTokens: 256,
      cacheWriteTokens: 10,
      outputTokens: 50,
      reasoningTokens: 20,
    });
  });
});

describe('finish reasons', () => {
  it('maps chat finish reasons', () => {
    expect(mapOpenAIFinishReason('stop')).toBe('stop');
    expect(mapOpenAIFinishReason('length')).toBe('length');
    expect(mapOpenAIFinishReason('tool_calls')).toBe('tool-calls');
    expect(mapOpenAIFinishReason('function_call')).toBe('tool-calls');
    expect(mapOpenAIFinishReason('content_filter')).toBe('content-filter');
    expect(mapOpenAIFinishReason('insufficient_system_resource')).toBe('other');
    expect(mapOpenAIFinishReason(null)).toBe('other');
  });

  it('maps Responses statuses', () => {
    expect(mapOpenAIResponsesFinishReason('completed', undefined, false)).toBe('stop');
    expect(mapOpenAIResponsesFinishReason('completed', undefined, true)).toBe('tool-calls');
    expect(mapOpenAIResponsesFinishReason('incomplete', 'max_output_tokens', false)).toBe('length');
    expect(mapOpenAIResponsesFinishReason('incomplete', 'content_filter', false)).toBe('content-filter');
    expect(mapOpenAIResponsesFinishReason('failed', undefined, false)).toBe('error');
  });
});
