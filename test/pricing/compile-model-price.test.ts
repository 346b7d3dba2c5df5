import {
  type ConditionalPrice,
  calcPrice,
  findProvider,
  type MatchLogic,
  type ModelInfo,
  type ModelPrice,
  type Provider,
} from '@pydantic/genai-prices';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CompiledCost,
  compiledPriceKeys,
  compileModelPrice,
  zeroUsagePriceKeys,
} from '../../src/pricing/compile-model-price.js';
import { checkUsage, costOfUsage } from '../../src/pricing/cost-of-usage.js';
import type { Usage } from '../../src/providers/spec/usage.js';

// The compiled price must equal genai-prices' calcPrice, the reference, on every usage routewise can produce.

const PROVIDERS = [
  'openai',
  'anthropic',
  'google',
  'deepseek',
  'groq',
  'together',
  'fireworks',
  'openrouter',
  'mistral',
];

/** A model name that `model`'s own match accepts (its id, else a literal from its match logic). */
function nameFor(provider: Provider, model: ModelInfo): string | undefined {
  const literals: string[] = [model.id];
  const collect = (match: MatchLogic): void => {
    if ('equals' in match) literals.push(match.equals);
    else if ('starts_with' in match) literals.push(`${match.starts_with}x`);
    else if ('ends_with' in match) literals.push(`x${match.ends_with}`);
    else if ('contains' in match) literals.push(`x${match.contains}x`);
    else if ('or' in match) for (const part of match.or) collect(part);
    else if ('and' in match) {
      const before = literals.length;
      for (const part of match.and) collect(part);
      literals.push(literals.slice(before).join(''));
    }
  };
  collect(model.match);
  const pinned = pin(provider, model);
  return literals.find((name) => calcPrice({}, name, { provider: pinned })?.model.id === model.id);
}

function pin(provider: Provider, model: ModelInfo): Provider {
  return { id: provider.id, name: provider.name, api_pattern: provider.api_pattern, models: [model] };
}

interface CatalogCase {
  label: string;
  provider: Provider;
  name: string;
  model: ModelInfo;
}
const catalogCases: CatalogCase[] = [];
const unmatched: string[] = [];
for (const providerId of PROVIDERS) {
  const provider = findProvider({ providerId });
  if (!provider) throw new Error(`genai-prices has no provider ${providerId}`);
  for (const model of provider.models) {
    const name = nameFor(provider, model);
    if (name === undefined) unmatched.push(`${providerId}/${model.id}`);
    else catalogCases.push({ label: `${providerId}/${model.id}`, provider: pin(provider, model), name, model });
  }
}

/** The reference: routewise's mapping and calcPrice, as `costOfUsage` does. */
function reference(provider: Provider, name: string, usage: Usage, at: Date) {
  return costOfUsage(provider, name, usage, at);
}

/** Compiled cost, or the reference when compilation fell back (as price-catalog.ts does). */
function fastOrReference(provider: Provider, name: string): (usage: Usage, at: Date) => unknown {
  const compiled = compileModelPrice(provider, name);
  if (!compiled.ok) return (usage, at) => reference(provider, name, usage, at);
  const fast: CompiledCost = compiled.cost;
  return (usage, at) => {
    checkUsage(usage);
    return fast(usage, at) ?? reference(provider, name, usage, at);
  };
}

/** Asserts equal results (exactly, and so within 1e-12 relative), or the same error thrown by both. */
function expectSame(actual: () => unknown, expected: () => unknown): void {
  let want: unknown;
  let wantError: unknown;
  try {
    want = expected();
  } catch (error) {
    wantError = error;
  }
  if (wantError !== undefined) {
    expect(actual).toThrow((wantError as Error).message);
    return;
  }
  const got = actual() as { usd: number; inputUsd: number; outputUsd: number };
  const ref = want as typeof got;
  for (const key of ['usd', 'inputUsd', 'outputUsd'] as const) {
    expect(Math.abs(got[key] - ref[key])).toBeLessThanOrEqual(1e-12 * Math.abs(ref[key]));
    expect(got[key]).toBe(ref[key]); // in fact bit for bit: same operations in the same order
  }
}

// Usages built from disjoint parts (consistent by construction, the mapping of cost-of-usage.ts), with input
// totals pushed onto and around tier starts.
interface Parts {
  uncached: number;
  cached: number;
  write5m: number;
  write1h: number;
  plainOutput: number;
  reasoning: number;
}
function toUsage(p: Parts, with1h: boolean): Usage {
  const usage: Usage = {
    inputTokens: p.uncached + p.cached + p.write5m + p.write1h,
    cachedInputTokens: p.cached,
    cacheWriteTokens: p.write5m + p.write1h,
    outputTokens: p.plainOutput + p.reasoning,
    reasoningTokens: p.reasoning,
  };
  if (with1h) usage.cacheWrite1hTokens = p.write1h;
  return usage;
}
const sometimesZero = (max: number) =>
  fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max }));
const partsArb: fc.Arbitrary<Parts> = fc.record({
  uncached: sometimesZero(400_000),
  cached: sometimesZero(300_000),
  write5m: sometimesZero(100_000),
  write1h: sometimesZero(100_000),
  plainOutput: sometimesZero(64_000),
  reasoning: sometimesZero(64_000),
});

function tierStarts(prices: ModelInfo['prices']): number[] {
  const entries: ModelPrice[] = Array.isArray(prices) ? prices.map((entry) => entry.prices) : [prices];
  const starts = new Set<number>();
  for (const entry of entries) {
    for (const value of Object.values(entry)) {
      if (typeof value === 'object') for (const tier of value.tiers) starts.add(tier.start);
    }
  }
  return [...starts];
}

/** Parts whose input total sits exactly on, just below or just above one of `starts`. */
function usageArb(starts: number[]): fc.Arbitrary<Usage> {
  const plain = fc.tuple(partsArb, fc.boolean()).map(([parts, with1h]) => toUsage(parts, with1h));
  if (starts.length === 0) return plain;
  const atTier = fc
    .tuple(partsArb, fc.boolean(), fc.constantFrom(...starts), fc.integer({ min: -2, max: 2 }))
    .map(([parts, with1h, start, delta]) => {
      const others = parts.cached + parts.write5m + parts.write1h;
      const target = Math.max(0, start + delta);
      const scaled =
        others > target
          ? { ...parts, cached: Math.floor(target / 3), write5m: Math.floor(target / 3), write1h: 0 }
          : parts;
      const rest = scaled.cached + scaled.write5m + scaled.write1h;
      return toUsage({ ...scaled, uncached: target - rest }, with1h);
    });
  return fc.oneof(plain, atTier);
}

/** Instants at and around every start date and time-of-day boundary of a model, plus anything in 2023–2028. */
function instantsArb(prices: ModelInfo['prices']): fc.Arbitrary<Date> {
  const any = fc.date({
    min: new Date('2023-01-01T00:00:00Z'),
    max: new Date('2028-12-31T23:59:59Z'),
    noInvalidDate: true,
  });
  if (!Array.isArray(prices)) return any;
  const boundaries: number[] = [];
  const secondsOfDay: string[] = [];
  for (const { constraint } of prices as ConditionalPrice[]) {
    if (constraint?.type === 'start_date') boundaries.push(new Date(constraint.start_date).getTime());
    if (constraint?.type === 'time_of_date') secondsOfDay.push(constraint.start_time, constraint.end_time);
  }
  const near: fc.Arbitrary<Date>[] = [any];
  if (boundaries.length > 0) {
    near.push(
      fc
        .tuple(fc.constantFrom(...boundaries), fc.constantFrom(-86_400_000, -1000, -1, 0, 1, 1000, 86_400_000))
        .map(([ms, delta]) => new Date(ms + delta)),
    );
  }
  if (secondsOfDay.length > 0) {
    near.push(
      fc
        .tuple(
          fc.date({
            min: new Date('2024-01-01T00:00:00Z'),
            max: new Date('2027-12-31T00:00:00Z'),
            noInvalidDate: true,
          }),
          fc.constantFrom(...secondsOfDay),
          fc.constantFrom(-60_000, -1000, -1, 0, 1, 999, 1000, 60_000),
        )
        .map(([day, time, delta]) => {
          const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
          return new Date(new Date(`${new Date(midnight).toISOString().slice(0, 10)}T${time}`).getTime() + delta);
        }),
    );
  }
  return fc.oneof(...near);
}

describe('compileModelPrice over the bundled catalog', () => {
  it(`finds a matching name for every model of ${PROVIDERS.join(', ')}`, () => {
    expect(unmatched).toEqual([]);
    expect(catalogCases.length).toBeGreaterThan(1000);
  });

  it('compiles every model but Groq Whisper (its genai-prices special case)', () => {
    const fallbacks = catalogCases
      .map(({ label, provider, name }) => ({ label, result: compileModelPrice(provider, name) }))
      .filter(({ result }) => !result.ok)
      .map(({ label }) => label);
    expect(fallbacks).toEqual(['groq/whisper-large-v3', 'groq/whisper-large-v3-turbo']);
  });

  it('equals calcPrice on every model, for random consistent usages at random and boundary instants', () => {
    for (const { label, provider, name, model } of catalogCases) {
      const cost = fastOrReference(provider, name);
      try {
        fc.assert(
          fc.property(usageArb(tierStarts(model.prices)), instantsArb(model.prices), (usage, at) => {
            expectSame(
              () => cost(usage, at),
              () => reference(provider, name, usage, at),
            );
          }),
          { numRuns: 40 },
        );
      } catch (error) {
        throw new Error(`${label}: ${(error as Error).message}`);
      }
    }
  });

  it('equals calcPrice on non-integer counts too (genai-prices rounding tolerance included)', () => {
    const picked = catalogCases.filter(({ label }) =>
      ['anthropic/claude-sonnet-4-5', 'openai/gpt-5', 'google/gemini-2.5-pro', 'deepseek/deepseek-chat'].includes(
        label,
      ),
    );
    expect(picked).toHaveLength(4);
    const part = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 300_000, noNaN: true }));
    fc.assert(
      fc.property(
        fc.constantFrom(...picked),
        fc.tuple(part, part, part, part, part, part),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        ({ provider, name }, [uncached, cached, write5m, write1h, plainOutput, reasoning], at) => {
          const usage = toUsage({ uncached, cached, write5m, write1h, plainOutput, reasoning }, true);
          expectSame(
            () => fastOrReference(provider, name)(usage, at),
            () => reference(provider, name, usage, at),
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

// Synthetic price objects: every compiled key, tiers (unsorted, duplicated starts, tiered per-request fees),
// constraints (midnight-wrapping windows, offsets, fractions of a second, legacy shapes without `type`).
const rate = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(0.1, 0.3, 3, 15));
const tiered = fc
  .record({
    base: rate,
    tiers: fc.array(
      fc.record({ start: fc.constantFrom(0, 1, 1000, 128_000, 200_000, 200_000, 272_000), price: rate }),
      { maxLength: 3 },
    ),
  })
  .map(({ base, tiers }) => ({ base, tiers }) as unknown as ModelPrice[string]);
const priceValue = fc.oneof(rate, tiered);
const priceArb: fc.Arbitrary<ModelPrice> = fc
  .record(
    {
      input_mtok: priceValue,
      cache_read_mtok: priceValue,
      cache_write_mtok: priceValue,
      cache_write_1h_mtok: priceValue,
      cache_write_5m_mtok: priceValue,
      output_mtok: priceValue,
      output_reasoning_mtok: priceValue,
      requests_kcount: priceValue,
      web_searches_kcount: priceValue,
      input_audio_mtok: priceValue,
    },
    { requiredKeys: [] },
  )
  .chain((prices) =>
    // A random key order: genai-prices sums the prices in it.
    fc.shuffledSubarray(Object.keys(prices), { minLength: Object.keys(prices).length }).map((keys) => {
      const ordered: ModelPrice = {};
      for (const key of keys) ordered[key] = (prices as ModelPrice)[key];
      return ordered;
    }),
  );
const timeArb = fc
  .tuple(
    fc.integer({ min: 0, max: 23 }),
    fc.constantFrom(0, 30, 59),
    fc.constantFrom(0, 59),
    fc.constantFrom('', '.5', '.250'),
    fc.constantFrom('Z', '+08:00', '-05:30', '+00:00'),
  )
  .map(([h, m, s, fraction, zone]) => `${pad(h)}:${pad(m)}:${pad(s)}${fraction}${zone}`);
function pad(n: number): string {
  return String(n).padStart(2, '0');
}
const constraintArb = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('2025-01-01', '2025-06-30', '2026-03-01').map((start_date) => ({ type: 'start_date', start_date })),
  fc.constantFrom('2025-02-01').map((start_date) => ({ start_date })), // legacy, normalized by genai-prices
  fc.tuple(timeArb, timeArb).map(([start_time, end_time]) => ({ type: 'time_of_date', start_time, end_time })),
  fc.tuple(timeArb, timeArb).map(([start_time, end_time]) => ({ start_time, end_time })),
);
const modelPricesArb: fc.Arbitrary<ModelInfo['prices']> = fc.oneof(
  priceArb,
  fc
    .array(fc.record({ constraint: constraintArb, prices: priceArb }), { minLength: 1, maxLength: 4 })
    .map((entries) =>
      entries.map(({ constraint, prices }) => (constraint === undefined ? { prices } : { constraint, prices })),
    ) as fc.Arbitrary<ModelInfo['prices']>,
);
function syntheticProvider(prices: ModelInfo['prices']): Provider {
  return {
    id: 'synthetic',
    name: 'synthetic',
    api_pattern: '(?!)',
    models: [{ id: 'm', match: { equals: 'm' }, prices }],
  };
}
/** The constraint-free ancestor rules genai-prices enforces (a part priced without its whole is refused). */
function pricesAreValid(prices: ModelPrice): boolean {
  const has = (key: string) => prices[key] !== undefined;
  const needs: Record<string, string[]> = {
    cache_read_mtok: ['input_mtok'],
    cache_write_mtok: ['input_mtok'],
    cache_write_1h_mtok: ['cache_write_mtok', 'input_mtok'],
    cache_write_5m_mtok: ['cache_write_mtok', 'input_mtok'],
    output_reasoning_mtok: ['output_mtok'],
    input_audio_mtok: ['input_mtok'],
  };
  // input_audio with any cache price needs their join (cache_audio_read_mtok, cache_audio_write_mtok…) priced.
  const cacheKeys = ['cache_read_mtok', 'cache_write_mtok', 'cache_write_1h_mtok', 'cache_write_5m_mtok'];
  if (has('input_audio_mtok') && cacheKeys.some(has)) return false;
  return Object.entries(needs).every(([key, parents]) => !has(key) || parents.every(has));
}

describe('compileModelPrice on synthetic prices', () => {
  afterEach(() => vi.restoreAllMocks());

  it('equals calcPrice (or throws the same) for random price objects, usages and instants', () => {
    fc.assert(
      fc.property(
        modelPricesArb,
        partsArb,
        fc.boolean(),
        fc.date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2026-06-01T00:00:00Z'), noInvalidDate: true }),
        (prices, parts, with1h, at) => {
          const provider = syntheticProvider(prices);
          const compiled = compileModelPrice(provider, 'm');
          const entries = Array.isArray(prices) ? prices.map((entry) => entry.prices) : [prices];
          // Everything genai-prices accepts is compiled: no silent fallback.
          expect(compiled.ok).toBe(entries.every(pricesAreValid));
          const usage = toUsage(parts, with1h);
          expectSame(
            () => fastOrReference(provider, 'm')(usage, at),
            () => reference(provider, 'm', usage, at),
          );
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('picks time-of-day windows exactly as calcPrice does, midnight-wrapping ones included', () => {
    const prices = [
      { prices: { input_mtok: 1, output_mtok: 2 } },
      {
        constraint: { type: 'time_of_date', start_time: '22:00:00Z', end_time: '06:30:00.5Z' },
        prices: { input_mtok: 3 },
      },
      {
        constraint: { type: 'time_of_date', start_time: '09:00:00+08:00', end_time: '02:00:00Z' },
        prices: { input_mtok: 5 },
      },
    ] as ConditionalPrice[];
    const provider = syntheticProvider(prices);
    const compiled = compileModelPrice(provider, 'm');
    expect(compiled.ok).toBe(true);
    const usage = {
      inputTokens: 1_000_000,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
    };
    const seconds = [0, 1, 3599, 3600, 7199, 7200, 7201, 23_399, 23_400, 23_401, 79_199, 79_200, 79_201, 86_399];
    for (const second of seconds) {
      for (const ms of [-1, 0, 1, 499, 500, 501]) {
        const at = new Date(Date.UTC(2026, 2, 14) + second * 1000 + ms);
        expectSame(
          () => fastOrReference(provider, 'm')(usage, at),
          () => reference(provider, 'm', usage, at),
        );
      }
    }
    // 01:00 UTC falls in both windows: the later entry wins.
    expect(fastOrReference(provider, 'm')(usage, new Date('2026-03-14T01:00:00Z'))).toMatchObject({ usd: 5 });
    expect(fastOrReference(provider, 'm')(usage, new Date('2026-03-14T03:00:00Z'))).toMatchObject({ usd: 3 });
    expect(fastOrReference(provider, 'm')(usage, new Date('2026-03-14T12:00:00Z'))).toMatchObject({ usd: 1 });
  });

  it('bills every registry unit routewise never reports at 0, with no genai-prices warning', () => {
    const warn = vi.spyOn(console, 'warn');
    const everything: ModelPrice = {};
    for (const key of [...compiledPriceKeys, ...zeroUsagePriceKeys]) everything[key] = 1;
    const provider = syntheticProvider(everything);
    const compiled = compileModelPrice(provider, 'm');
    expect(compiled.ok).toBe(true);
    const usage = {
      inputTokens: 1000,
      cachedInputTokens: 100,
      cacheWriteTokens: 300,
      cacheWrite1hTokens: 200,
      outputTokens: 500,
      reasoningTokens: 50,
    };
    const ref = reference(provider, 'm', usage, new Date());
    // Per M tokens: 600 uncached + 100 read + 100 5m-write + 200 1h-write + 450 output + 50 reasoning, + 1 request.
    expect(ref.usd).toBeCloseTo(1500 / 1e6 + 1 / 1e3, 15);
    expectSame(
      () => fastOrReference(provider, 'm')(usage, new Date()),
      () => ref,
    );
    expect(warn).not.toHaveBeenCalled();
  });

  it('falls back to calcPrice on a key genai-prices does not know, and on prices it refuses', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const unknown = compileModelPrice(syntheticProvider({ input_mtok: 1, output_mtok: 1, input_smells_mtok: 5 }), 'm');
    expect(unknown).toEqual({
      ok: false,
      reason: 'its price key "input_smells_mtok" is unknown to genai-prices\' units',
    });
    const orphan = compileModelPrice(syntheticProvider({ cache_read_mtok: 1, output_mtok: 1 }), 'm');
    expect(orphan.ok).toBe(false);
    const badTier = compileModelPrice(
      syntheticProvider({ input_mtok: { base: 1, tiers: [{ start: -5, price: 2 }] } as never }),
      'm',
    );
    expect(badTier.ok).toBe(false);
  });
});
