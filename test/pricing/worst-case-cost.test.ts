import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPriceCatalog, type ModelPricing } from '../../src/pricing/price-catalog.js';
import { worstCaseCostUsd } from '../../src/pricing/worst-case-cost.js';

const M = 1_000_000;
const catalog = createPriceCatalog();
function priced(priceProviderId: string, model: string): ModelPricing {
  const pricing = catalog.lookup({ priceProviderId, providerName: priceProviderId, model });
  if (!pricing) throw new Error(`no price for ${model}`);
  return pricing;
}

describe('worstCaseCostUsd', () => {
  it('prices every input token uncached and the whole output cap as output', () => {
    // gpt-5 published: input $1.25 /M, output $10 /M.
    const usd = worstCaseCostUsd(priced('openai', 'gpt-5'), { inputTokens: 3_000, maxOutputTokens: 4_000 }, new Date());
    expect(usd).toBeCloseTo((3_000 * 1.25 + 4_000 * 10) / M, 12);
  });

  it('reprices the whole request when the input crosses a tier', () => {
    // claude-sonnet-4-5 published: $3 / $15 per M, $6 / $22.50 above 200k input tokens.
    const pricing = priced('anthropic', 'claude-sonnet-4-5');
    const at = new Date();
    expect(worstCaseCostUsd(pricing, { inputTokens: 150_000, maxOutputTokens: 8_000 }, at)).toBeCloseTo(
      (150_000 * 3 + 8_000 * 15) / M,
      12,
    );
    expect(worstCaseCostUsd(pricing, { inputTokens: 210_000, maxOutputTokens: 8_000 }, at)).toBeCloseTo(
      (210_000 * 6 + 8_000 * 22.5) / M,
      12,
    );
  });

  it('uses the price in force at the given time', () => {
    // deepseek-chat: off-peak $0.135 / $0.55, peak (00:30–16:30 UTC) $0.27 / $1.10 per M.
    const pricing = priced('deepseek', 'deepseek-chat');
    const call = { inputTokens: 10_000, maxOutputTokens: 1_000 };
    expect(worstCaseCostUsd(pricing, call, new Date('2026-11-23T20:00:00Z'))).toBeCloseTo(
      (10_000 * 0.135 + 1_000 * 0.55) / M,
      12,
    );
    expect(worstCaseCostUsd(pricing, call, new Date('2026-11-23T08:00:00Z'))).toBeCloseTo(
      (10_000 * 0.27 + 1_000 * 1.1) / M,
      12,
    );
  });

  it('prices the cap at the dearer of output and reasoning on a model that prices reasoning apart', () => {
    // Perplexity sonar-deep-research: input $2 /M, output $8 /M, reasoning $3 /M: a cap spent on reasoning costs
    // less, so the worst case is the cap as plain output.
    const pricing = priced('perplexity', 'sonar-deep-research');
    const at = new Date();
    const reasoningOnly = {
      inputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: M,
      reasoningTokens: M,
    };
    expect(pricing.cost(reasoningOnly, at).usd).toBeCloseTo(3, 9);
    expect(worstCaseCostUsd(pricing, { inputTokens: 0, maxOutputTokens: M }, at)).toBeCloseTo(8, 9);
  });

  it('bounds the cost of any call that stays within its input estimate and output cap (no cache writes)', () => {
    const pricings = [
      priced('openai', 'gpt-5'),
      priced('anthropic', 'claude-sonnet-4-5'),
      priced('google', 'gemini-2.5-pro'),
      priced('deepseek', 'deepseek-chat'),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...pricings),
        fc.integer({ min: 0, max: 400_000 }),
        fc.integer({ min: 0, max: 64_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-12-31T00:00:00Z'), noInvalidDate: true }),
        (pricing, inputTokens, maxOutputTokens, usedIn, cachedShare, usedOut, reasoningShare, at) => {
          const input = Math.floor(inputTokens * usedIn);
          const output = Math.floor(maxOutputTokens * usedOut);
          const actual = pricing.cost(
            {
              inputTokens: input,
              cachedInputTokens: Math.floor(input * cachedShare),
              cacheWriteTokens: 0,
              outputTokens: output,
              reasoningTokens: Math.floor(output * reasoningShare),
            },
            at,
          ).usd;
          const worst = worstCaseCostUsd(pricing, { inputTokens, maxOutputTokens }, at);
          expect(actual).toBeLessThanOrEqual(worst + 1e-12);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('bounds any mix of cache reads and writes when the request asks for caching (5m or 1h)', () => {
    const pricings = [
      priced('anthropic', 'claude-sonnet-4-5'),
      priced('anthropic', 'claude-haiku-4-5'),
      priced('openai', 'gpt-4.1-mini'),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...pricings),
        fc.constantFrom<'5m' | '1h'>('5m', '1h'),
        fc.integer({ min: 0, max: 400_000 }),
        fc.integer({ min: 0, max: 64_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (pricing, ttl, inputTokens, maxOutputTokens, usedIn, writeShare, readShare) => {
          const input = Math.floor(inputTokens * usedIn);
          const writes = Math.floor(input * writeShare);
          const reads = Math.floor((input - writes) * readShare);
          const at = new Date('2026-11-23T12:00:00Z');
          const actual = pricing.cost(
            {
              inputTokens: input,
              cachedInputTokens: reads,
              cacheWriteTokens: writes,
              ...(ttl === '1h' ? { cacheWrite1hTokens: writes } : {}),
              outputTokens: maxOutputTokens,
              reasoningTokens: 0,
            },
            at,
          ).usd;
          const worst = worstCaseCostUsd(pricing, { inputTokens, maxOutputTokens, cache: { ttl } }, at);
          expect(actual).toBeLessThanOrEqual(worst + 1e-12);
        },
      ),
      { numRuns: 1_000 },
    );
    // A 1h write of the whole input on Haiku 4.5 ($2 per million written for an hour, $5 output).
    const haiku = priced('anthropic', 'claude-haiku-4-5');
    const at = new Date();
    expect(
      worstCaseCostUsd(haiku, { inputTokens: 10_000, maxOutputTokens: 100, cache: { ttl: '1h' } }, at),
    ).toBeCloseTo((10_000 * 2 + 100 * 5) / M, 12);
    expect(worstCaseCostUsd(haiku, { inputTokens: 10_000, maxOutputTokens: 100, cache: {} }, at)).toBeCloseTo(
      (10_000 * 1.25 + 100 * 5) / M,
      12,
    );
  });
});
