import { existsSync } from 'node:fs';
import { EvalInputError } from '../eval-input-error.js';
import { readTextFile } from '../loaders/read-text-file.js';

/** How one dataset model is priced: a catalog entry, or explicit USD prices per million tokens. */
export type PriceMapEntry =
  | {
      /** Catalog provider id, e.g. `openai`, `mistral`, `together`. */
      provider: string;
      /** Catalog model id at that provider. */
      model: string;
    }
  | {
      /** USD per million input tokens. */
      inputPerMillion: number;
      /** USD per million output tokens. */
      outputPerMillion: number;
    };

/** Dataset model name → how to price it. */
export type PriceMap = Record<string, PriceMapEntry>;

/**
 * Prices of the models in RouteLLM's data. Mixtral-8x7B is priced at Mistral's own API (`open-mixtral-8x7b`,
 * $0.70/$0.70 per million tokens in the catalog), GPT-4-1106-preview at OpenAI's list price ($10/$30).
 */
export const DEFAULT_PRICE_MAP: PriceMap = {
  'mistralai/Mixtral-8x7B-Instruct-v0.1': { provider: 'mistral', model: 'open-mixtral-8x7b' },
  'gpt-4-1106-preview': { provider: 'openai', model: 'gpt-4-1106-preview' },
};

/**
 * Parses `--price-map`: a JSON file holding a `PriceMap`, or inline entries separated by commas, each
 * `name=provider:model` (a catalog entry) or `name=IN/OUT` (USD per million input/output tokens), e.g.
 * `Mixtral-8x7B=together:mistralai/Mixtral-8x7B-Instruct-v0.1,my-llama=0.2/0.6`.
 */
export function parsePriceMap(spec: string): PriceMap {
  if (spec.endsWith('.json') || (existsSync(spec) && !spec.includes('='))) return parsePriceMapJson(spec);
  const map: PriceMap = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) throw new EvalInputError(`--price-map: "${part}" is not name=provider:model or name=IN/OUT`);
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    const prices = /^([\d.]+)\/([\d.]+)$/.exec(value);
    if (prices) {
      map[name] = { inputPerMillion: Number(prices[1]), outputPerMillion: Number(prices[2]) };
      continue;
    }
    const colon = value.indexOf(':');
    if (colon <= 0 || colon === value.length - 1) {
      throw new EvalInputError(`--price-map: "${part}" is not name=provider:model or name=IN/OUT`);
    }
    map[name] = { provider: value.slice(0, colon), model: value.slice(colon + 1) };
  }
  return map;
}

function parsePriceMapJson(path: string): PriceMap {
  let value: unknown;
  try {
    value = JSON.parse(readTextFile(path));
  } catch (error) {
    if (error instanceof EvalInputError) throw error;
    throw new EvalInputError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EvalInputError(`${path}: expected an object keyed by model name`);
  }
  const map: PriceMap = {};
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    const e = entry as Record<string, unknown>;
    if (typeof e?.['provider'] === 'string' && typeof e['model'] === 'string') {
      map[name] = { provider: e['provider'], model: e['model'] };
    } else if (typeof e?.['inputPerMillion'] === 'number' && typeof e['outputPerMillion'] === 'number') {
      map[name] = { inputPerMillion: e['inputPerMillion'], outputPerMillion: e['outputPerMillion'] };
    } else {
      throw new EvalInputError(`${path}: "${name}" needs {provider, model} or {inputPerMillion, outputPerMillion}`);
    }
  }
  return map;
}
