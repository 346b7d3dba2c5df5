import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, createRouter, openai } from '../../src/index.js';
import { validateRouterConfig } from '../../src/router/config-schema.js';
import { isPlainConfig } from '../../src/router/plain-config-check.js';

/** Edge values: right for some fields, wrong for others. */
const edge = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  'x',
  0,
  -1,
  1,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  [''],
  ['x', 2],
  {},
  () => {},
);

const adapter = { complete: async () => ({}), stream: async function* () {} };
const notAdapter = fc.constantFrom<unknown>({}, { complete: () => {} }, { stream: () => {} }, null, 'openai', 1);

const validModel = fc.record(
  {
    provider: fc.string({ minLength: 1 }),
    model: fc.string({ minLength: 1 }),
    maxOutputTokens: fc.integer({ min: 1, max: 1_000_000 }),
    contextWindow: fc.integer({ min: 1, max: 2_000_000 }),
    outputTokenLimit: fc.integer({ min: 1, max: 200_000 }),
    fallbacks: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
  },
  { requiredKeys: ['provider', 'model'] },
);
const names = fc.array(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 });
const validConfig = fc
  .tuple(names, names, fc.array(validModel, { minLength: 3, maxLength: 3 }))
  .map(([providers, aliases, models]) => ({
    providers: Object.fromEntries(providers.map((name) => [name, adapter])),
    models: Object.fromEntries(aliases.map((alias, i) => [alias, models[i % models.length]])),
  }));
const modelKeys = ['provider', 'model', 'maxOutputTokens', 'contextWindow', 'outputTokenLimit', 'fallbacks', 'extra'];

/** A valid plain config, or one with one thing broken (a model field, a provider, an extra or empty section). */
const config = fc.oneof(
  validConfig,
  fc.tuple(validConfig, fc.constantFrom(...modelKeys), edge).map(([value, key, bad]) => {
    const [alias, model] = Object.entries(value.models)[0] as [string, object];
    return { ...value, models: { ...value.models, [alias]: { ...model, [key]: bad } } };
  }),
  fc.tuple(validConfig, notAdapter).map(([value, bad]) => ({ ...value, providers: { ...value.providers, bad } })),
  fc.tuple(validConfig, fc.constantFrom('providers', 'models'), edge).map(([value, key, bad]) => ({
    ...value,
    [key]: bad,
  })),
  fc
    .tuple(validConfig, fc.constantFrom('policy', 'store', 'budgets', 'retry', 'defaults', 'ledger', 'prices'), edge)
    .map(([value, key, bad]) => ({ ...value, [key]: bad })),
);

/** What the config schema alone says (the cross-field checks are not the pre-check's business). */
function schemaAccepts(value: unknown): boolean {
  try {
    validateRouterConfig(value);
    return true;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A cross-field issue (an unknown provider or fallback) means the shape itself passed.
    return error.issues.every((issue) => /is not a configured|cannot fall back to itself/.test(issue.message));
  }
}

describe('isPlainConfig', () => {
  it('accepts only configs the full zod schema accepts', () => {
    // `retry: {}` (valid, and not plain) makes validateRouterConfig check the copy with the zod schema.
    fc.assert(
      fc.property(config, (value) => {
        if (!isPlainConfig(value)) return;
        expect(schemaAccepts({ ...value, retry: {} })).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the common shape, so createRouter() of it needs no zod', () => {
    const plain = {
      providers: { openai: openai({ apiKey: 'sk-test-plain-config' }) },
      models: {
        mini: { provider: 'openai', model: 'gpt-4.1-mini', maxOutputTokens: 512, fallbacks: ['nano'] },
        nano: { provider: 'openai', model: 'gpt-4.1-nano' },
      },
    };
    expect(isPlainConfig(plain)).toBe(true);
    expect(() => createRouter(plain)).not.toThrow();
    expect(isPlainConfig({ ...plain, retry: { retries: 1 } })).toBe(false);
    expect(isPlainConfig({ ...plain, models: {} })).toBe(false);
    expect(isPlainConfig({ ...plain, models: { mini: { provider: 'openai', model: '' } } })).toBe(false);
    // A sparse list: zod sees its hole as an undefined element.
    const sparse = ['a'];
    sparse.length = 2;
    sparse.reverse();
    expect(isPlainConfig({ ...plain, models: { mini: { provider: 'openai', model: 'x', fallbacks: sparse } } })).toBe(
      false,
    );
  });

  it('still reports cross-field problems of a plain config as ConfigError', () => {
    expect(() =>
      createRouter({
        providers: { openai: openai({ apiKey: 'sk-test-plain-config' }) },
        models: { mini: { provider: 'anthropic', model: 'gpt-4.1-mini', fallbacks: ['mini'] } },
      }),
    ).toThrow(ConfigError);
  });
});
