import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

describe('convertAnthropicUsage', () => {
  it('adds cache reads and writes back into input (Anthropic input_tokens excludes them)', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 42,
        cache_creation_input_tokens: 3000,
        cache_read_input_tokens: 8000,
        cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
        output_tokens: 640,
        output_tokens_details: { thinking_tokens: 512 },
      }),
    ).toEqual({
      inputTokens: 11042,
      cachedInputTokens: 8000,
      cacheWriteTokens: 3000,
      cacheWrite1hTokens: 2000,
      outputTokens: 640,
      reasoningTokens: 512,
    });
  });

  it('is null-safe everywhere', () => {
    const zero = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
    expect(convertAnthropicUsage(undefined)).toEqual(zero);
    expect(convertAnthropicUsage(null)).toEqual(zero);
    expect(
      convertAnthropicUsage({
        input_tokens: 5,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        cache_creation: null,
        output_tokens: 3,
        output_tokens_details: null,
      }),
    ).toEqual({ ...zero, inputTokens: 5, outputTokens: 3 });
  });
});

describe('mergeAnthropicUsage', () => {
  it('overwrites only with non-null delta fields (the delta is cumulative)', () => {
    const start = {
      input_tokens: 25,
      cache_read_input_tokens: 8000,
      cache_creation_input_tokens: 1500,
      output_tokens: 1,
    };
    const merged = mergeAnthropicUsage(start, {
      input_tokens: null,
      cache_creation_input_tokens: null,
      cache_read_input_tokens: 8000,
      output_tokens: 420,
      output_tokens_details: { thinking_tokens: 380 },
    });
    expect(merged).toEqual({
      input_tokens: 25,
      cache_read_input_tokens: 8000,
      cache_creation_input_tokens: 1500,
      output_tokens: 420,
      output_tokens_details: { thinking_tokens: 380 },
    });
    expect(start.output_tokens).toBe(1);
  });
});

describe('mapAnthropicFinishReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool-calls'],
    ['refusal', 'content-filter'],
    ['pause_turn', 'other'],
    ['model_context_window_exceeded', 'other'],
    [null, 'other'],
  ] as const)('%s → %s', (raw, expected) => {
    expect(mapAnthropicFinishReason(raw)).toBe(expected);
  });
});

describe('convertAnthropicUsage with quoted counts', () => {
  it('reads numeric strings (a proxy quoting them) as the counts they are, 1h writes included', () => {
    const quoted = {
      input_tokens: '100',
      cache_read_input_tokens: '2048',
      cache_creation_input_tokens: '512',
      cache_creation: { ephemeral_5m_input_tokens: '0', ephemeral_1h_input_tokens: '512' },
      output_tokens: '40',
    } as unknown as Parameters<typeof convertAnthropicUsage>[0];
    expect(convertAnthropicUsage(quoted)).toEqual({
      inputTokens: 2660,
      cachedInputTokens: 2048,
      cacheWriteTokens: 512,
      cacheWrite1hTokens: 512,
      outputTokens: 40,
      reasoningTokens: 0,
    });
  });
});
