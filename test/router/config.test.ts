import { describe, expect, it } from 'vitest';
import { ConfigError, createRouter, InvalidRequestError } from '../../src/index.js';
import { fakeAdapter } from './fake-adapter.js';

function configError(config: unknown): ConfigError {
  try {
    createRouter(config as never);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const base = () => ({
  providers: { local: fakeAdapter('local', []) },
  models: { small: { provider: 'local', model: 'tiny' } },
  prices: { 'local:tiny': { inputPerMTok: 0.1, outputPerMTok: 0.2 } },
});

describe('createRouter config validation', () => {
  it('names an unknown provider with the configured ones', () => {
    const error = configError({ ...base(), models: { fast: { provider: 'opnai', model: 'tiny' } } });
    expect(error.issues).toContainEqual({
      path: 'models.fast.provider',
      message: '"opnai" is not a configured provider (configured: local)',
    });
    expect(error.message).toContain('models.fast.provider: "opnai" is not a configured provider');
  });

  it('names a bad fallback by index', () => {
    const error = configError({
      ...base(),
      models: { small: { provider: 'local', model: 'tiny', fallbacks: ['nope'] } },
    });
    expect(error.issues[0]!.path).toBe('models.small.fallbacks[0]');
  });

  it('rejects a model with no known price instead of pricing it at $0', () => {
    const error = configError({ ...base(), prices: {} });
    expect(error.issues[0]!.path).toBe('models.small.model');
    expect(error.issues[0]!.message).toContain('prices["local:tiny"]');
  });

  it('rejects negative prices, bad caps, bad retry settings and unknown keys with their paths', () => {
    const error = configError({
      ...base(),
      prices: { 'local:tiny': { inputPerMTok: -1, outputPerMTok: 0.2 } },
      retry: { retries: -1 },
      defaults: { maxOutputTokens: 0 },
      modles: {},
    });
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['prices["local:tiny"].inputPerMTok', 'retry.retries', 'defaults.maxOutputTokens']),
    );
    expect(error.message).toMatch(/modles/);
  });

  it('rejects a timeout a Node timer cannot hold (it would fire at once), in the config and in a request', async () => {
    const error = configError({ ...base(), defaults: { timeoutMs: 3_000_000_000, streamIdleTimeoutMs: 0 } });
    expect(error.issues.map((i) => i.path)).toEqual(['defaults.timeoutMs', 'defaults.streamIdleTimeoutMs']);
    expect(error.message).toContain('at most 2147483647');
    const router = createRouter(base() as never);
    const bad = await router
      .complete({ model: 'small', messages: [{ role: 'user', content: 'hi' }], timeoutMs: 2 ** 31 })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(InvalidRequestError);
    expect(bad.issues[0].path).toBe('timeoutMs');
  });

  it('rejects a provider that is not an adapter', () => {
    const error = configError({ ...base(), providers: { local: { apiKey: 'x' } } });
    expect(error.issues[0]).toEqual({
      path: 'providers.local',
      message: 'must be a provider adapter, e.g. openai() or anthropic()',
    });
  });

  it('accepts a valid config and lists its aliases', () => {
    expect(createRouter(base() as never).models).toEqual(['small']);
  });
});

describe('request validation', () => {
  const router = createRouter(base() as never);

  it('names the bad field of a request', async () => {
    const error = await router
      .complete({ model: 'small', messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: -5 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.issues[0].path).toBe('maxOutputTokens');
  });

  it('names an unknown alias', async () => {
    const error = await router.complete({ model: 'big', messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message).toContain('"big" is not a configured model alias (configured: small)');
  });

  it('requires a model until routing policies exist', async () => {
    const error = await router.complete({ messages: [{ role: 'user', content: 'hi' }] }).catch((e) => e);
    expect(error.issues[0].path).toBe('model');
  });

  it('names a bad message part', async () => {
    const error = await router
      .complete({
        model: 'small',
        messages: [{ role: 'user', content: [{ type: 'image', url: 'not a url' }] }],
      } as never)
      .catch((e) => e);
    expect(error.issues[0].path).toMatch(/^messages\[0\]\.content/);
  });
});
