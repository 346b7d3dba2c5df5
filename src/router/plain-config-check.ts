import type { RouterConfig } from './config.js';

const TOP_LEVEL_KEYS = new Set(['providers', 'models']);
const MODEL_KEYS = new Set(['provider', 'model', 'maxOutputTokens', 'contextWindow', 'outputTokenLimit', 'fallbacks']);

/**
 * A fast pre-check for the most common router config: providers and model aliases, nothing else (no policy, store,
 * budgets, caches…). It accepts a config only when the full zod schema (`config-schema.ts`) would accept it too, so
 * `createRouter()` of such a config neither loads zod nor builds the config schema (most of a first `createRouter`'s
 * CPU); anything else returns false and goes through zod, which reports paths. The cross-field checks (an alias's
 * provider configured, fallbacks naming aliases) run either way. `test/router/plain-config-check.test.ts` checks the
 * implication on generated configs.
 */
export function isPlainConfig(config: unknown): config is RouterConfig {
  if (!isPlainObject(config)) return false;
  for (const key in config) if (!TOP_LEVEL_KEYS.has(key)) return false;
  const { providers, models } = config as Record<string, unknown>;
  if (!isPlainObject(providers) || !isPlainObject(models)) return false;
  let count = 0;
  for (const name in providers) {
    if (!isAdapter(providers[name])) return false;
    count += 1;
  }
  if (count === 0) return false;
  count = 0;
  for (const alias in models) {
    if (!isPlainModel(models[alias])) return false;
    count += 1;
  }
  return count > 0;
}

/** An object literal (prototype `Object.prototype`) without symbol keys, as zod's records and objects read them. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.getOwnPropertySymbols(value).length === 0
  );
}

/** What the config schema asks of a provider: an object with `complete` and `stream` functions. */
function isAdapter(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { complete?: unknown }).complete === 'function' &&
    typeof (value as { stream?: unknown }).stream === 'function'
  );
}

function isPlainModel(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const key in value) if (!MODEL_KEYS.has(key)) return false;
  const { provider, model, maxOutputTokens, contextWindow, outputTokenLimit, fallbacks } = value;
  if (!isNonEmptyString(provider) || !isNonEmptyString(model)) return false;
  for (const limit of [maxOutputTokens, contextWindow, outputTokenLimit]) {
    if (limit !== undefined && !(Number.isSafeInteger(limit) && (limit as number) > 0)) return false;
  }
  if (fallbacks === undefined) return true;
  if (!Array.isArray(fallbacks)) return false;
  // Indexed, not `every`: a hole in a sparse array is an undefined element to zod.
  for (let i = 0; i < fallbacks.length; i++) if (!isNonEmptyString(fallbacks[i])) return false;
  return true;
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}
