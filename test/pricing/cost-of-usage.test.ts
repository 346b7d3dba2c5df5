import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InconsistentUsageError, toGenaiPricesUsage } from '../../src/pricing/cost-of-usage.js';
import { createPriceCatalog } from '../../src/pricing/price-catalog.js';
import type { Usage } from '../../src/providers/spec/usage.js';

const catalog = createPriceCatalog({
  'local:tiny': { inputPerMTok: 0.1, outputPerMTok: 0.2, cachedInputPerMTok: 0.01 },
});
const models = [
  ['openai', 'openai', 'gpt-5'],
  ['anthropic', 'anthropic', 'claude-sonnet-4-5'],
  ['google', 'google', 'gemini-2.5-pro'],
  ['deepseek', 'deepseek', 'deepseek-chat'],
  [undefined, 'local', 'tiny'],
] as const;
const pricings = models.map(([priceProviderId, providerName, model]) => {
  const pricing = catalog.lookup({ priceProviderId, providerName, model });
  if (!pricing) throw new Error(`no price for ${model}`);
  return pricing;
});

/** A consistent usage built from its disjoint parts, so every part fits its whole by construction. */
interface Parts {
  uncached: number;
  cached: number;
  write5m: number;
  write1h: number;
  plainOutput: number;
  reasoning: number;
}
const count = fc.integer({ min: 0, max: 400_000 });
const partsArb = fc.record({
  uncached: count,
  cached: count,
  write5m: count,
  write1h: count,
  plainOutput: fc.integer({ min: 0, max: 64_000 }),
  reasoning: fc.integer({ min: 0, max: 64_000 }),
});
function toUsage(p: Parts): Usage {
  return {
    inputTokens: p.uncached + p.cached + p.write5m + p.write1h,
    cachedInputTokens: p.cached,
    cacheWriteTokens: p.write5m + p.write1h,
    cacheWrite1hTokens: p.write1h,
    outputTokens: p.plainOutput + p.reasoning,
    reasoningTokens: p.reasoning,
  };
}
const timeArb = fc.date({
  min: new Date('2025-01-01T00:00:00Z'),
  max: new Date('2027-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const pricingArb = fc.constantFrom(...pricings);

describe('toGenaiPricesUsage', () => {
  it('maps every part to its genai-prices key (totals stay totals)', () => {
    expect(
      toGenaiPricesUsage({
        inputTokens: 100,
        cachedInputTokens: 30,
        cacheWriteTokens: 20,
        cacheWrite1hTokens: 5,
        outputTokens: 50,
        reasoningTokens: 40,
      }),
    ).toEqual({
      input_tokens: 100,
      cache_read_tokens: 30,
      cache_write_tokens: 20,
      cache_write_1h_tokens: 5,
      output_tokens: 50,
      output_reasoning_tokens: 40,
    });
    expect(
      toGenaiPricesUsage({
        inputTokens: 7,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 3,
        reasoningTokens: 0,
      }),
    ).toEqual({ input_tokens: 7, output_tokens: 3 });
  });

  it('throws on parts that exceed their whole, even where genai-prices would not notice (gpt-5 has no write price)', () => {
    const bad = { inputTokens: 10, cachedInputTokens: 8, cacheWriteTokens: 8, outputTokens: 0, reasoningTokens: 0 };
    expect(() => toGenaiPricesUsage(bad)).toThrow(InconsistentUsageError);
    expect(() => toGenaiPricesUsage(bad)).toThrow(
      /cachedInputTokens \(8\) \+ cacheWriteTokens \(8\) exceed inputTokens \(10\)/,
    );
    expect(() => pricings[0]!.cost(bad, new Date())).toThrow(InconsistentUsageError);
    expect(() =>
      toGenaiPricesUsage({ ...bad, cachedInputTokens: 0, cacheWriteTokens: 2, cacheWrite1hTokens: 3 }),
    ).toThrow(/cacheWrite1hTokens \(3\) exceed cacheWriteTokens \(2\)/);
    expect(() =>
      toGenaiPricesUsage({
        inputTokens: 1,
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: 1,
        reasoningTokens: 2,
      }),
    ).toThrow(/reasoningTokens \(2\) exceed outputTokens \(1\)/);
  });

  it('throws on negative, NaN or infinite counts', () => {
    const ok = { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 };
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => toGenaiPricesUsage({ ...ok, outputTokens: bad })).toThrow(/usage.outputTokens/);
    }
  });

  it('never accepts a usage whose cache reads and writes exceed its input', () => {
    const anyCount = fc.integer({ min: 0, max: 1_000 });
    fc.assert(
      fc.property(
        fc.record({
          inputTokens: anyCount,
          cachedInputTokens: anyCount,
          cacheWriteTokens: anyCount,
          cacheWrite1hTokens: fc.option(anyCount, { nil: undefined }),
          outputTokens: anyCount,
          reasoningTokens: anyCount,
        }),
        (usage) => {
          let mapped: ReturnType<typeof toGenaiPricesUsage>;
          try {
            mapped = toGenaiPricesUsage(usage);
          } catch (error) {
            expect(error).toBeInstanceOf(InconsistentUsageError);
            return;
          }
          const read = mapped.cache_read_tokens ?? 0;
          const write = mapped.cache_write_tokens ?? 0;
          expect(read + write).toBeLessThanOrEqual(mapped.input_tokens ?? 0);
          expect(mapped.cache_write_1h_tokens ?? 0).toBeLessThanOrEqual(write);
          expect(mapped.output_reasoning_tokens ?? 0).toBeLessThanOrEqual(mapped.output_tokens ?? 0);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('cost of a usage (properties over gpt-5, claude-sonnet-4-5, gemini-2.5-pro, deepseek-chat, an override)', () => {
  it('is never negative, and its parts add up', () => {
    fc.assert(
      fc.property(pricingArb, partsArb, timeArb, (pricing, parts, at) => {
        const cost = pricing.cost(toUsage(parts), at);
        expect(cost.usd).toBeGreaterThanOrEqual(0);
        expect(cost.inputUsd).toBeGreaterThanOrEqual(0);
        expect(cost.outputUsd).toBeGreaterThanOrEqual(0);
        expect(cost.usd).toBeCloseTo(cost.inputUsd + cost.outputUsd, 12);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never decreases when any token count grows', () => {
    const keys = ['uncached', 'cached', 'write5m', 'write1h', 'plainOutput', 'reasoning'] as const;
    fc.assert(
      fc.property(
        pricingArb,
        partsArb,
        fc.constantFrom(...keys),
        fc.integer({ min: 1, max: 300_000 }),
        timeArb,
        (pricing, parts, key, extra, at) => {
          const before = pricing.cost(toUsage(parts), at).usd;
          const after = pricing.cost(toUsage({ ...parts, [key]: parts[key] + extra }), at).usd;
          expect(after).toBeGreaterThanOrEqual(before - 1e-12 * Math.max(1, before));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
