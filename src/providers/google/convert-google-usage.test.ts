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

describe('convertGoogleUsage with quoted counts', () => {
  it('reads numeric strings as counts; non-numeric strings, negatives and NaN stay 0', () => {
    const quoted = {
      promptTokenCount: '1200',
      cachedContentTokenCount: '1000',
      candidatesTokenCount: ' 30 ',
      thoughtsTokenCount: 'many',
      toolUsePromptTokenCount: -5,
    } as unknown as Parameters<typeof convertGoogleUsage>[0];
    expect(convertGoogleUsage(quoted)).toEqual({
      inputTokens: 1200,
      cachedInputTokens: 1000,
      cacheWriteTokens: 0,
      outputTokens: 30,
      reasoningTokens: 0,
    });
  });
});
