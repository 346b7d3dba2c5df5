import { describe, expect, it } from 'vitest';
import { convertGoogleUsage } from './convert-google-usage.js';

describe('convertGoogleUsage', () => {
  it('adds tool-use prompt tokens to input and thoughts to output; cached stays a part of input', () => {
    expect(
      convertGoogleUsage({
        promptTokenCount: 1000,
        toolUsePromptTokenCount: 50,
        cachedContentTokenCount: 800,
        candidatesTokenCount: 40,
        thoughtsTokenCount: 60,
        totalTokenCount: 1150,
      }),
    ).toEqual({
      inputTokens: 1050,
      cachedInputTokens: 800,
      cacheWriteTokens: 0,
      outputTokens: 100,
      reasoningTokens: 60,
    });
  });

  it('treats every missing field (or missing metadata) as zero', () => {
    const zero = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
    expect(convertGoogleUsage(undefined)).toEqual(zero);
    expect(convertGoogleUsage({})).toEqual(zero);
    expect(convertGoogleUsage({ promptTokenCount: 7 })).toEqual({ ...zero, inputTokens: 7 });
  });
});
