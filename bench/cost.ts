/**
 * Speed of `ModelPricing.cost` (compiled at lookup, it runs on every provider attempt) against genai-prices'
 * `calcPrice` (what `cost` used to call, through `costOfUsage`) on the same usages and models in the same run.
 * Also checks the two agree on every usage measured. Prints µs per call and the ratio. Target: cost() < 3 µs.
 *
 * Run: npx tsx bench/cost.ts   (env BENCH_CALLS=N to change the number of measured calls per model and side)
 */
import { calcPrice, type Provider } from '@pydantic/genai-prices';
import { costOfUsage } from '../src/pricing/cost-of-usage.js';
import { createPriceCatalog, type ModelPricing } from '../src/pricing/price-catalog.js';
import type { Usage } from '../src/providers/spec/usage.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 200_000);
const ROUNDS = 5;

const catalog = createPriceCatalog({
  'local:tiny': { inputPerMTok: 0.1, outputPerMTok: 0.2, cachedInputPerMTok: 0.01 },
});
const models = [
  ['openai', 'gpt-4o-mini', 'flat, + zero-usage tool keys'],
  ['openai', 'gpt-5', 'flat'],
  ['anthropic', 'claude-sonnet-4-5', 'tiered, 1h writes'],
  ['google', 'gemini-2.5-pro', 'tiered'],
  ['deepseek', 'deepseek-chat', 'time of day'],
  [undefined, 'tiny', 'override'],
] as const;

// A fixed spread of consistent usages (cache reads and writes, reasoning, inputs across the 200k tiers).
const usages: Usage[] = [];
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
for (let i = 0; i < 1024; i++) {
  const inputTokens = Math.floor(random() * 300_000);
  const cachedInputTokens = Math.floor(inputTokens * random() * 0.5);
  const cacheWriteTokens = Math.floor((inputTokens - cachedInputTokens) * random() * 0.5);
  const outputTokens = Math.floor(random() * 8_000);
  usages.push({
    inputTokens,
    cachedInputTokens,
    cacheWriteTokens,
    cacheWrite1hTokens: Math.floor(cacheWriteTokens * random()),
    outputTokens,
    reasoningTokens: Math.floor(outputTokens * random()),
  });
}
const instants = Array.from({ length: 1024 }, (_, i) => new Date(Date.UTC(2026, 10, 23) + i * 84_375));

function timeUs(runs: number, fn: (i: number) => number): number {
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < runs; i++) sink += fn(i);
  const us = ((performance.now() - started) * 1000) / runs;
  if (sink < 0) console.log(sink); // keeps the work alive
  return us;
}

console.log(`bench/cost: ${CALLS} calls per model and side, best of ${ROUNDS} rounds, same usages for both`);
console.log(`${'model'.padEnd(50)} ${'cost()'.padStart(10)} ${'calcPrice'.padStart(10)} ${'ratio'.padStart(8)}`);
const ratios: number[] = [];
for (const [priceProviderId, model, note] of models) {
  const providerName = priceProviderId ?? 'local';
  const pricing = catalog.lookup({ priceProviderId, providerName, model }) as ModelPricing;
  // The reference path, as `cost` was before: the one-model provider pinned at lookup, priced by calcPrice.
  const pinned = pinnedProvider(priceProviderId, model);
  const reference = (usage: Usage, at: Date) => costOfUsage(pinned.provider, pinned.model, usage, at);
  for (let i = 0; i < usages.length; i++) {
    const usage = usages[i] as Usage;
    const at = instants[i] as Date;
    const fast = pricing.cost(usage, at);
    const slow = reference(usage, at);
    if (fast.usd !== slow.usd || fast.inputUsd !== slow.inputUsd || fast.outputUsd !== slow.outputUsd) {
      throw new Error(`${model}: cost() ${JSON.stringify(fast)} != calcPrice ${JSON.stringify(slow)}`);
    }
  }
  let fastUs = Number.POSITIVE_INFINITY;
  let slowUs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    fastUs = Math.min(
      fastUs,
      timeUs(CALLS, (i) => pricing.cost(usages[i & 1023] as Usage, instants[i & 1023] as Date).usd),
    );
    slowUs = Math.min(
      slowUs,
      timeUs(CALLS / 10, (i) => reference(usages[i & 1023] as Usage, instants[i & 1023] as Date).usd),
    );
  }
  ratios.push(slowUs / fastUs);
  const label = `${priceProviderId ?? 'override'}/${model} (${note})`;
  console.log(
    `${label.padEnd(50)} ${`${fastUs.toFixed(3)} µs`.padStart(10)} ${`${slowUs.toFixed(2)} µs`.padStart(10)} ${`${(slowUs / fastUs).toFixed(0)}x`.padStart(8)}`,
  );
}
console.log(`calcPrice / cost() ratio: min ${Math.min(...ratios).toFixed(0)}x, max ${Math.max(...ratios).toFixed(0)}x`);

/** The one-model provider routewise prices a model with (as in price-catalog.ts), for the reference path. */
function pinnedProvider(priceProviderId: string | undefined, model: string): { model: string; provider: Provider } {
  if (priceProviderId === undefined) {
    return {
      model,
      provider: {
        id: 'routewise-override',
        name: 'override',
        api_pattern: '(?!)',
        models: [
          { id: model, match: { equals: model }, prices: { input_mtok: 0.1, output_mtok: 0.2, cache_read_mtok: 0.01 } },
        ],
      },
    };
  }
  return { model, provider: lookupProvider(priceProviderId, model) };
}

function lookupProvider(providerId: string, model: string): Provider {
  const found = calcPrice({}, model, { providerId });
  if (!found) throw new Error(`no price for ${model}`);
  const { provider } = found;
  return { id: provider.id, name: provider.name, api_pattern: provider.api_pattern, models: [found.model] };
}
