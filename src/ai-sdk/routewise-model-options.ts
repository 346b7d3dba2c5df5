import type { RequestMetadata } from '../router/request.js';

/** What `routewiseModel(router, options)` takes: the model's defaults for every call made through it. */
export interface RoutewiseModelOptions {
  /** Pin a model alias; without it the router's policy or experiment decides per call. */
  model?: string;
  /** Tags for budgets and reports (tenant, user, feature); a call's `providerOptions.routewise` adds to them. */
  metadata?: RequestMetadata;
  /** Per-request budget for every call (a call's `providerOptions.routewise.budget` replaces it). */
  budget?: { maxUsd: number };
  /**
   * The AI SDK language model spec the model implements: `v4` (default; `ai` 7) or `v3` (`ai` 6, whose
   * `generateText` refuses a v4 model). `ai` 7 accepts both.
   */
  specificationVersion?: 'v4' | 'v3';
}
