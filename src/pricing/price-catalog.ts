import type { ModelInfo, ModelPrice, Provider } from '@pydantic/genai-prices';
import { calcPrice } from './genai-prices.js';
import { ConfigError, type ValidationIssue } from '../errors.js';
import type { Usage } from '../core/usage.js';
import { compileModelPrice } from './compile-model-price.js';
import { type CostBreakdown, checkUsage, costOfUsage } from './cost-of-usage.js';
import { type PriceOverride, priceOverrideSchema } from './price-override.js';

export type { CostBreakdown } from './cost-of-usage.js';

/** The price of one model at one provider, resolved once and used for every call to it. */
export interface ModelPricing {
  /** Where the price comes from: the bundled genai-prices catalog, or the user's `prices` override. */
  source: 'catalog' | 'override';
  /** The model's id in the catalog (e.g. `claude-sonnet-4-5` for `claude-sonnet-4-5-20250929`), or the overridden name. */
  modelId: string;
  /** The model's context window in tokens, when known. */
  contextWindow: number | undefined;
  /** The cost of a call's usage at the price in force at `at` (time-of-day rates, start dates, tiers). */
  cost(usage: Usage, at: Date): CostBreakdown;
}

/** What identifies a priced model: the adapter's catalog provider id, the configured provider name, the model. */
export interface PriceLookup {
  /** The adapter's provider id in genai-prices (`openai`, `anthropic`, `google`, `deepseek`…); undefined: none. */
  priceProviderId: string | undefined;
  /** The provider's name in the router config (the prefix of `"<providerName>:<model>"` override keys). */
  providerName: string;
  /** The model name sent to the provider. */
  model: string;
}

/** Prices models: user overrides first, then the bundled catalog. */
export interface PriceCatalog {
  /** The pricing of a model, or undefined when neither an override nor the catalog has a price for it. */
  lookup(key: PriceLookup): ModelPricing | undefined;
}

/**
 * A price catalog over the bundled `@pydantic/genai-prices` data with `overrides` on top. An override key is
 * `"<providerName>:<model>"` (checked first) or `"<model>"`; an override replaces the catalog price entirely.
 * A provider with no `priceProviderId` (a self-hosted or unknown endpoint) is priced by overrides only: matching
 * its model names against the whole catalog could bill a self-hosted model at some cloud's rate.
 *
 * Overrides are turned into a genai-prices `Provider`, and each catalog model is pinned into a one-model `Provider`
 * at lookup, so every cost has the same `calcPrice` semantics and no call searches the catalog again. At lookup
 * the price is also compiled (`compileModelPrice`) into a function equal to `calcPrice` on routewise's usages but
 * 50–300× faster (bench/cost.ts); a price it cannot compile keeps `calcPrice` itself.
 */
export function createPriceCatalog(overrides: Record<string, PriceOverride> = {}): PriceCatalog {
  const checked = validateOverrides(overrides);
  const resolved = new Map<string, ModelPricing | undefined>();
  return {
    lookup(key) {
      const cacheKey = `${key.priceProviderId ?? ''}\u0000${key.providerName}\u0000${key.model}`;
      if (resolved.has(cacheKey)) return resolved.get(cacheKey);
      const pricing = resolve(checked, key);
      resolved.set(cacheKey, pricing);
      return pricing;
    },
  };
}

function resolve(overrides: Map<string, PriceOverride>, key: PriceLookup): ModelPricing | undefined {
  const overrideKey = `${key.providerName}:${key.model}`;
  const override = overrides.get(overrideKey) ?? overrides.get(key.model);
  const catalogModel = key.priceProviderId === undefined ? undefined : findInCatalog(key.priceProviderId, key.model);
  if (override) {
    const provider = overrideProvider(overrides.has(overrideKey) ? overrideKey : key.model, key.model, override);
    return pricingOf(
      'override',
      provider,
      key.model,
      key.model,
      override.contextWindow ?? catalogModel?.model.context_window,
    );
  }
  if (!catalogModel) return undefined;
  const { provider, model } = catalogModel;
  // Only the fields calcPrice reads to price a known model: its id (a provider special case keys on it) and the model.
  const pinned: Provider = { id: provider.id, name: provider.name, api_pattern: provider.api_pattern, models: [model] };
  return pricingOf('catalog', pinned, key.model, model.id, model.context_window);
}

function pricingOf(
  source: ModelPricing['source'],
  provider: Provider,
  model: string,
  modelId: string,
  contextWindow: number | undefined,
): ModelPricing {
  const compiled = compileModelPrice(provider, model);
  if (!compiled.ok) {
    return { source, modelId, contextWindow, cost: (usage, at) => costOfUsage(provider, model, usage, at) };
  }
  const fast = compiled.cost;
  return {
    source,
    modelId,
    contextWindow,
    cost(usage, at): CostBreakdown {
      checkUsage(usage);
      // undefined: genai-prices would refuse this usage; let it say why.
      return fast(usage, at) ?? costOfUsage(provider, model, usage, at);
    },
  };
}

/** The catalog's provider and model for a name, using genai-prices' own matching (aliases, dated names, fallbacks). */
function findInCatalog(providerId: string, model: string): { provider: Provider; model: ModelInfo } | undefined {
  let found: ReturnType<typeof calcPrice>;
  try {
    found = calcPrice({}, model, { providerId });
  } catch (error) {
    throw new Error(`genai-prices cannot price "${model}" at ${providerId}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return found ? { provider: found.provider, model: found.model } : undefined;
}

/** A one-model genai-prices provider holding an override, so overrides are priced by the same `calcPrice`. */
function overrideProvider(key: string, model: string, price: PriceOverride): Provider {
  const prices: ModelPrice = { input_mtok: price.inputPerMTok, output_mtok: price.outputPerMTok };
  if (price.cachedInputPerMTok !== undefined) prices.cache_read_mtok = price.cachedInputPerMTok;
  if (price.cacheWritePerMTok !== undefined) prices.cache_write_mtok = price.cacheWritePerMTok;
  if (price.cacheWrite1hPerMTok !== undefined) prices.cache_write_1h_mtok = price.cacheWrite1hPerMTok;
  return {
    id: 'routewise-override',
    name: `routewise price override "${key}"`,
    // Never matched against a URL: the provider is always passed to calcPrice explicitly.
    api_pattern: '(?!)',
    models: [{ id: model, match: { equals: model }, prices }],
  };
}

function validateOverrides(overrides: Record<string, PriceOverride>): Map<string, PriceOverride> {
  const checked = new Map<string, PriceOverride>();
  const issues: ValidationIssue[] = [];
  for (const [key, override] of Object.entries(overrides)) {
    const parsed = priceOverrideSchema().safeParse(override);
    if (parsed.success) checked.set(key, parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.');
        issues.push({ path: `prices[${JSON.stringify(key)}]${field ? `.${field}` : ''}`, message: issue.message });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return checked;
}
