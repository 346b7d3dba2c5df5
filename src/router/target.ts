import type { ModelPricing } from '../pricing/price-catalog.js';
import type { ProviderAdapter } from '../providers/spec/provider.js';
import type { ModelConfig } from './config.js';

/** A model alias resolved at construction: its adapter, its prices and its context window. */
export interface Target {
  alias: string;
  providerName: string;
  adapter: ProviderAdapter;
  model: string;
  config: ModelConfig;
  pricing: ModelPricing;
  contextWindow: number | undefined;
}
