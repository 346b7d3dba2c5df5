import type { EstimateInputOptions } from '../budgets/estimate-input-tokens.js';
import type { ModelPricing } from '../pricing/price-catalog.js';
import type { ProviderAdapter } from '../providers/spec/provider.js';
import type { ModelConfig } from './config.js';

/** A model alias resolved at construction: its adapter, its prices, its context window and output limit. */
export interface Target {
  alias: string;
  providerName: string;
  adapter: ProviderAdapter;
  model: string;
  config: ModelConfig;
  pricing: ModelPricing;
  contextWindow: number | undefined;
  /** The model's own maximum output tokens (config, else the known-models table), when known. */
  outputTokenLimit: number | undefined;
  /** Whether the model takes reasoning settings: false only for models known not to (the known-models table). */
  reasoning: boolean | undefined;
  /** Tokens assumed per image of unknown size (`defaults.imageTokens`); undefined: the model's documented maximum. */
  unknownImageTokens?: number;
}

/**
 * How the input of a call to `target` is estimated: its adapter (tokenizer safety factor, image formulas), its model
 * id (image formulas differ per model family) and the router's worst case for an image of unknown size.
 */
export function inputEstimateOptions(target: Target): EstimateInputOptions {
  let options = estimateOptions.get(target);
  if (options === undefined) {
    options = { providerName: target.adapter.name, model: target.model };
    if (target.unknownImageTokens !== undefined) options.unknownImageTokens = target.unknownImageTokens;
    estimateOptions.set(target, options);
  }
  return options;
}

/** Each target's options, built once: they are read on every call. */
const estimateOptions = new WeakMap<Target, EstimateInputOptions>();
