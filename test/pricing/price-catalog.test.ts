import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { createPriceCatalog, type ModelPricing } from '../../src/pricing/price-catalog.js';
import type { Usage } from '../../src/providers/spec/usage.js';

const M = 1_000_000;
const at = new Date('2026-11-23T20:00:00Z');

function usage(parts: Partial<Usage>): Usage {
  return { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, ...parts };
}

function priced(
  priceProviderId: string | undefined,
  providerName: string,
  model: string,
  overrides = {},
): ModelPricing {
  const pricing = createPriceCatalog(overrides).lookup({ priceProviderId, providerName, model });
  if (!pricing) throw new Error(`no price for ${model}`);
  return pricing;
}

describe('catalog prices, checked against hand computations from the published rates', () => {
  it('openai gpt-5: cached input at the cached rate, reasoning billed as output', () => {
    // Published: input $1.25 /M, cached input $0.125 /M, output $10 /M (reasoning tokens are output tokens).
    const cost = priced('openai', 'openai', 'gpt-5').cost(
      usage({ inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 2_000, reasoningTokens: 1_500 }),
      at,
    );
    const inputUsd = (6_000 * 1.25 + 4_000 * 0.125) / M;
    const outputUsd = (2_000 * 10) / M;
    expect(cost.inputUsd).toBeCloseTo(inputUsd, 12);
    expect(cost.outputUsd).toBeCloseTo(outputUsd, 12);
    expect(cost.usd).toBeCloseTo(0.028, 12);
  });

  it('openai gpt-5: cache writes cost plain input (OpenAI charges no write surcharge)', () => {
    const cost = priced('openai', 'openai', 'gpt-5').cost(usage({ inputTokens: 1_000, cacheWriteTokens: 1_000 }), at);
    expect(cost.usd).toBeCloseTo((1_000 * 1.25) / M, 12); // input $1.25 /M
  });

  it('anthropic claude-sonnet-4-5: cache reads, 5-minute and 1-hour writes, thinking as output', () => {
    // Published: input $3, cache read $0.30, 5m write $3.75, 1h write $6, output $15 /M; thinking is output.
    const pricing = priced('anthropic', 'anthropic', 'claude-sonnet-4-5-20250929');
    expect(pricing.modelId).toBe('claude-sonnet-4-5');
    expect(pricing.contextWindow).toBe(200_000);
    const cost = pricing.cost(
      usage({
        inputTokens: 20_000,
        cachedInputTokens: 8_000,
        cacheWriteTokens: 6_000,
        cacheWrite1hTokens: 2_000,
        outputTokens: 3_000,
        reasoningTokens: 2_000,
      }),
      at,
    );
    const hand = (6_000 * 3 + 8_000 * 0.3 + 4_000 * 3.75 + 2_000 * 6 + 3_000 * 15) / M;
    expect(hand).toBeCloseTo(0.0924, 12);
    expect(cost.usd).toBeCloseTo(hand, 12);
    expect(cost.outputUsd).toBeCloseTo((3_000 * 15) / M, 12);
  });

  it('anthropic claude-sonnet-4-5 above 200k input: the whole request at the long-context rates', () => {
    // Published long context (> 200k input): input $6, cache read $0.60, output $22.50 /M.
    const pricing = priced('anthropic', 'anthropic', 'claude-sonnet-4-5');
    const cost = pricing.cost(usage({ inputTokens: 250_000, cachedInputTokens: 50_000, outputTokens: 1_000 }), at);
    expect(cost.usd).toBeCloseTo((200_000 * 6 + 50_000 * 0.6 + 1_000 * 22.5) / M, 12);
    // The tier starts strictly above 200k: exactly 200k input is still at the base rates ($3 / $15).
    expect(pricing.cost(usage({ inputTokens: 200_000, outputTokens: 1_000 }), at).usd).toBeCloseTo(
      (200_000 * 3 + 1_000 * 15) / M,
      12,
    );
    expect(pricing.cost(usage({ inputTokens: 200_001, outputTokens: 1_000 }), at).usd).toBeCloseTo(
      (200_001 * 6 + 1_000 * 22.5) / M,
      12,
    );
  });

  it('google gemini-2.5-pro: above 200k prompt tokens everything reprices; thoughts are output', () => {
    // Published: $1.25 in / $10 out per M up to 200k prompt tokens, $2.50 / $15 above; thinking billed as output.
    const pricing = priced('google', 'google', 'gemini-2.5-pro');
    const long = pricing.cost(usage({ inputTokens: 300_000, outputTokens: 5_000, reasoningTokens: 4_000 }), at);
    expect(long.usd).toBeCloseTo((300_000 * 2.5 + 5_000 * 15) / M, 12);
    const short = pricing.cost(usage({ inputTokens: 100_000, outputTokens: 5_000, reasoningTokens: 4_000 }), at);
    expect(short.usd).toBeCloseTo((100_000 * 1.25 + 5_000 * 10) / M, 12);
  });

  it('deepseek deepseek-chat: off-peak and peak rates by the time of the call', () => {
    const pricing = priced('deepseek', 'deepseek', 'deepseek-chat');
    const call = usage({ inputTokens: 10_000, cachedInputTokens: 6_000, outputTokens: 1_000 });
    // Off-peak (outside 00:30–16:30 UTC): $0.135 in, $0.035 cached, $0.55 out per M.
    expect(pricing.cost(call, new Date('2026-11-23T20:00:00Z')).usd).toBeCloseTo(
      (4_000 * 0.135 + 6_000 * 0.035 + 1_000 * 0.55) / M,
      12,
    );
    // Peak (08:00 UTC): $0.27 in, $0.07 cached, $1.10 out per M.
    expect(pricing.cost(call, new Date('2026-11-23T08:00:00Z')).usd).toBeCloseTo(
      (4_000 * 0.27 + 6_000 * 0.07 + 1_000 * 1.1) / M,
      12,
    );
  });
});

describe('overrides', () => {
  it('prices a self-hosted model known only through prices', () => {
    const overrides = { 'local:llama-3.1-8b': { inputPerMTok: 0.05, outputPerMTok: 0.1, contextWindow: 131_072 } };
    const pricing = priced(undefined, 'local', 'llama-3.1-8b', overrides);
    expect(pricing.source).toBe('override');
    expect(pricing.modelId).toBe('llama-3.1-8b');
    expect(pricing.contextWindow).toBe(131_072);
    const cost = pricing.cost(usage({ inputTokens: 40_000, cachedInputTokens: 10_000, outputTokens: 2_000 }), at);
    // No cached rate given: cached tokens cost plain input.
    expect(cost.usd).toBeCloseTo((40_000 * 0.05 + 2_000 * 0.1) / M, 12);
  });

  it('replaces a catalog price (a negotiated rate) and keeps the catalog context window', () => {
    const overrides = {
      'openai:gpt-5': { inputPerMTok: 1, outputPerMTok: 8, cachedInputPerMTok: 0.1 },
    };
    const pricing = priced('openai', 'openai', 'gpt-5', overrides);
    expect(pricing.source).toBe('override');
    expect(pricing.contextWindow).toBe(400_000);
    const cost = pricing.cost(usage({ inputTokens: 10_000, cachedInputTokens: 4_000, outputTokens: 2_000 }), at);
    expect(cost.usd).toBeCloseTo((6_000 * 1 + 4_000 * 0.1 + 2_000 * 8) / M, 12);
  });

  it("prices an override's cache reads, 5-minute and 1-hour writes at its own rates, with no tier above 200k", () => {
    const overrides = {
      'my-claude': {
        inputPerMTok: 2,
        outputPerMTok: 10,
        cachedInputPerMTok: 0.2,
        cacheWritePerMTok: 2.5,
        cacheWrite1hPerMTok: 4,
      },
    };
    const pricing = priced('anthropic', 'proxy', 'my-claude', overrides);
    const cost = pricing.cost(
      usage({ inputTokens: 300_000, cachedInputTokens: 100_000, cacheWriteTokens: 50_000, cacheWrite1hTokens: 20_000 }),
      at,
    );
    expect(cost.usd).toBeCloseTo((150_000 * 2 + 100_000 * 0.2 + 30_000 * 2.5 + 20_000 * 4) / M, 12);
  });

  it('prefers "<provider>:<model>" over "<model>"', () => {
    const overrides = {
      'gpt-5': { inputPerMTok: 9, outputPerMTok: 9 },
      'azure:gpt-5': { inputPerMTok: 1, outputPerMTok: 1 },
    };
    const call = usage({ inputTokens: M });
    expect(priced('openai', 'azure', 'gpt-5', overrides).cost(call, at).usd).toBeCloseTo(1, 12);
    expect(priced('openai', 'openai', 'gpt-5', overrides).cost(call, at).usd).toBeCloseTo(9, 12);
  });

  it('rejects a bad override with its path', () => {
    const build = (overrides: Record<string, unknown>) => () => createPriceCatalog(overrides as never);
    expect(build({ 'local:x': { inputPerMTok: -1, outputPerMTok: 1 } })).toThrow(ConfigError);
    expect(build({ 'local:x': { inputPerMTok: -1, outputPerMTok: 1 } })).toThrow('prices["local:x"].inputPerMTok');
    expect(build({ x: { inputPerMTok: 1, outputPerMTok: Number.POSITIVE_INFINITY } })).toThrow('outputPerMTok');
    expect(build({ x: { inputPerMTok: 1, outputPerMTok: 1, cacheWrite1hPerMTok: 2 } })).toThrow(
      'cacheWrite1hPerMTok needs cacheWritePerMTok',
    );
    expect(build({ x: { inputPerMTok: 1, outputPerMTok: 1, contextWindow: 1.5 } })).toThrow('contextWindow');
  });
});

describe('lookup', () => {
  it('returns undefined when no price is known, never a $0 price', () => {
    const catalog = createPriceCatalog();
    expect(
      catalog.lookup({ priceProviderId: 'openai', providerName: 'openai', model: 'no-such-model' }),
    ).toBeUndefined();
    expect(catalog.lookup({ priceProviderId: 'nope', providerName: 'nope', model: 'gpt-5' })).toBeUndefined();
  });

  it('does not price a provider with no catalog id from the catalog (a self-hosted "gpt-5" is not OpenAI)', () => {
    const catalog = createPriceCatalog();
    expect(catalog.lookup({ priceProviderId: undefined, providerName: 'local', model: 'gpt-5' })).toBeUndefined();
  });

  it('resolves a model once and serves it from a map afterwards', () => {
    const catalog = createPriceCatalog();
    const key = { priceProviderId: 'anthropic', providerName: 'anthropic', model: 'claude-sonnet-4-5' };
    const first = catalog.lookup(key);
    expect(first?.source).toBe('catalog');
    expect(catalog.lookup({ ...key })).toBe(first);
  });
});
