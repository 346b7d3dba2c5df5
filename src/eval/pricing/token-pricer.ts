import type { TokenCounts } from '../dataset.js';
import { EvalInputError } from '../eval-input-error.js';
import { catalogTokenPrice } from './catalog-token-price.js';
import type { PriceMap } from './price-map.js';

/** Prices one call of a dataset model from its token counts, in USD. */
export type TokenPricer = (model: string, tokens: TokenCounts) => number;

/** Looks a model up in a price catalog; undefined when unknown. */
export type CatalogPrice = (provider: string | undefined, model: string, tokens: TokenCounts) => number | undefined;

/**
 * A pricer over a model-to-price mapping: explicit per-million prices, or a catalog entry (provider + model). A model
 * not in the map, or whose entry the catalog does not know, throws `EvalInputError` naming `--price-map`.
 */
export function createTokenPricer(priceMap: PriceMap, catalog: CatalogPrice = catalogTokenPrice): TokenPricer {
  return (model, tokens) => {
    const entry = priceMap[model];
    if (entry && 'inputPerMillion' in entry) {
      return (tokens.inputTokens * entry.inputPerMillion + tokens.outputTokens * entry.outputPerMillion) / 1e6;
    }
    const usd = entry ? catalog(entry.provider, entry.model, tokens) : catalog(undefined, model, tokens);
    if (usd === undefined) {
      const why = entry ? `catalog has no ${entry.provider}:${entry.model}` : 'not in the price map';
      throw new EvalInputError(
        `no price for model "${model}" (${why}): map it with --price-map "${model}=provider:model" or "${model}=IN/OUT"`,
      );
    }
    return usd;
  };
}
