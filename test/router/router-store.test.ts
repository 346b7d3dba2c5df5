import { describe, expect, it } from 'vitest';
import { ConfigError, createRouter, memoryStore, type Store } from '../../src/index.js';
import { fakeAdapter } from './fake-adapter.js';

const base = () => ({
  providers: { local: fakeAdapter('local', []) },
  models: { small: { provider: 'local', model: 'tiny' } },
  prices: { 'local:tiny': { inputPerMTok: 0.1, outputPerMTok: 0.2 } },
});

describe('router store, events and close', () => {
  it('rejects a store that is not a Store, naming the field', () => {
    expect(() => createRouter({ ...base(), store: { get: () => 1 } as never })).toThrow(ConfigError);
    try {
      createRouter({ ...base(), store: 'redis://127.0.0.1' as never });
    } catch (error) {
      expect((error as ConfigError).issues[0]?.path).toBe('store');
      expect((error as ConfigError).issues[0]?.message).toContain('redisStore({ url })');
    }
  });

  it('defaults to a memory store and closes the given store once', async () => {
    expect(createRouter(base()).store.engine.kind).toBe('memory');
    let closes = 0;
    const inner = memoryStore();
    const store: Store = {
      ...inner,
      close: async () => {
        closes += 1;
      },
    };
    const router = createRouter({ ...base(), store });
    expect(router.store).toBe(store);
    await Promise.all([router.close(), router.close()]);
    await router.close();
    expect(closes).toBe(1);
  });

  it('subscribes and unsubscribes alert listeners', () => {
    const router = createRouter(base());
    const seen: string[] = [];
    const off = router.on('alert', (alert) => seen.push(alert.type));
    expect(typeof off).toBe('function');
    off();
    expect(seen).toEqual([]);
  });
});
