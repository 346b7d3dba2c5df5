import { createPriceCatalog, type PriceCatalog } from '../../pricing/price-catalog.js';
import type { TokenCounts } from '../dataset.js';

let catalog: PriceCatalog | undefined;
const memo = new Map<string, number | undefined>();

/**
 * USD cost of `tokens` at the catalog price of `model` at `provider` (routewise's price catalog over
 * `@pydantic/genai-prices`, at today's prices), or undefined when the catalog has no price for it. Without a provider
 * there is no lookup: the catalog never guesses a provider from a bare model name.
 */
export function catalogTokenPrice(
  provider: string | undefined,
  model: string,
  tokens: TokenCounts,
): number | undefined {
  if (provider === undefined) return undefined;
  const key = `${provider}|${model}|${tokens.inputTokens}|${tokens.outputTokens}`;
  if (memo.has(key)) return memo.get(key);
  catalog ??= createPriceCatalog();
  const pricing = catalog.lookup({ priceProviderId: provider, providerName: provider, model });
  const usd = pricing?.cost(
    {
      inputTokens: tokens.inputTokens,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: tokens.outputTokens,
      reasoningTokens: 0,
    },
    new Date(),
  ).usd;
  if (memo.size > 100_000) memo.clear();
  memo.set(key, usd);
  return usd;
}
