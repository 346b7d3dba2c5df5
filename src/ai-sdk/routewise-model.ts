import type { LanguageModelV3, LanguageModelV4 } from '@ai-sdk/provider';
import { ConfigError } from '../errors.js';
import { RoutewiseLanguageModel, type RouterLike } from './routewise-language-model.js';
import type { RoutewiseModelOptions } from './routewise-model-options.js';

/**
 * A language model for the Vercel AI SDK (`generateText`, `streamText`, `generateObject`, `streamObject`, tools)
 * that sends every call through the router: `model` pins an alias, otherwise the router's policy or experiment
 * decides. With `specificationVersion: 'v3'` it is a v3 model, for `ai` 6.
 */
export function routewiseModel(
  router: RouterLike,
  options?: RoutewiseModelOptions & { specificationVersion?: 'v4' },
): LanguageModelV4;
export function routewiseModel(
  router: RouterLike,
  options: RoutewiseModelOptions & { specificationVersion: 'v3' },
): LanguageModelV3;
export function routewiseModel(router: RouterLike, options?: RoutewiseModelOptions): LanguageModelV4 | LanguageModelV3;
export function routewiseModel(
  router: RouterLike,
  options: RoutewiseModelOptions = {},
): LanguageModelV4 | LanguageModelV3 {
  checkOptions(router, options);
  return new RoutewiseLanguageModel(router, options) as unknown as LanguageModelV4 | LanguageModelV3;
}

function checkOptions(router: RouterLike, options: RoutewiseModelOptions): void {
  const issues = [];
  if (typeof router?.complete !== 'function' || typeof router?.stream !== 'function') {
    issues.push({ path: 'router', message: 'must be a routewise router (createRouter(…) or router.withBudget(…))' });
  }
  const models = (router as { models?: readonly string[] } | undefined)?.models;
  if (options.model !== undefined && models && !models.includes(options.model)) {
    issues.push({
      path: 'model',
      message: `"${options.model}" is not a configured model alias (configured: ${models.join(', ')})`,
    });
  }
  const maxUsd = options.budget?.maxUsd;
  if (options.budget !== undefined && !(typeof maxUsd === 'number' && Number.isFinite(maxUsd) && maxUsd >= 0)) {
    issues.push({ path: 'budget.maxUsd', message: `must be a non-negative number (got ${JSON.stringify(maxUsd)})` });
  }
  const version = options.specificationVersion;
  if (version !== undefined && version !== 'v4' && version !== 'v3') {
    issues.push({ path: 'specificationVersion', message: `must be "v4" or "v3" (got ${JSON.stringify(version)})` });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
