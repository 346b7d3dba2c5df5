import type { PriceOverride } from '../../pricing/price-override.js';
import type { EvalDataset } from '../dataset.js';
import { estimateTokens } from '../pricing/estimate-tokens.js';

/**
 * One blended rate per model, from its recorded costs: total cost ÷ total estimated tokens (prompt plus answer, 4
 * characters a token; a row without answer text counts one output token), as both the input and the output price.
 * Only budget checks and cost estimates before a call use it (worst cases, utility picks); recorded calls are charged
 * their recorded cost.
 */
export function derivedPrices(dataset: EvalDataset): Map<string, PriceOverride> {
  const prices = new Map<string, PriceOverride>();
  for (const model of dataset.models) {
    let usd = 0;
    let tokens = 0;
    for (const row of dataset.rows) {
      const outcome = row.outcomes[model];
      if (!outcome) continue;
      usd += outcome.costUsd;
      tokens += estimateTokens(row.prompt) + Math.max(1, estimateTokens(outcome.response ?? ''));
    }
    const perMTok = tokens > 0 ? (usd / tokens) * 1e6 : 0;
    prices.set(model, { inputPerMTok: perMTok, outputPerMTok: perMTok });
  }
  return prices;
}
