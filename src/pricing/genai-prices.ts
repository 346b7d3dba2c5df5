import { createRequire } from 'node:module';

type GenaiPrices = typeof import('@pydantic/genai-prices');

let loaded: GenaiPrices | undefined;

/**
 * genai-prices' `calcPrice`, with the package loaded on the first call rather than when routewise is imported: its
 * bundled catalog costs about as much to load as the rest of routewise together, and an app that never builds a
 * router (or imports routewise for its types, or its evaluator with recorded costs) never needs it. Loaded with
 * `require` (its CommonJS build) because this must be synchronous; the package is pure data and functions, so
 * which of its two builds runs makes no difference. The CommonJS bundle has `__filename`, the ESM one
 * `import.meta.url`.
 */
export function calcPrice(...args: Parameters<GenaiPrices['calcPrice']>): ReturnType<GenaiPrices['calcPrice']> {
  loaded ??= createRequire(typeof __filename === 'string' ? __filename : import.meta.url)(
    '@pydantic/genai-prices',
  ) as GenaiPrices;
  return loaded.calcPrice(...args);
}
