import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  createRouter,
  memoryStore,
  openai,
  RateLimitedError,
  type RateLimitsConfig,
  type Store,
} from '../../src/index.js';
import chatCompletion from '../../src/providers/openai/__fixtures__/chat-completion.json' with { type: 'json' };
import { useMsw } from '../helpers/msw.js';
import { allEngines, memoryEngine, redisEngine, useStoreNames } from '../helpers/store-engines.js';

const server = useMsw();
const URL = 'https://api.openai.com/v1/chat/completions';

/** Answers every call (after `delayMs`), recording when each arrived. */
function serve(delayMs = 0, first?: () => Response) {
  const arrivals: number[] = [];
  server.use(
    http.post(URL, async () => {
      arrivals.push(Date.now());
      if (first && arrivals.length === 1) return first();
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return HttpResponse.json(chatCompletion);
    }),
  );
  return arrivals;
}

function router(store: Store, rateLimits: RateLimitsConfig, retries = 0) {
  return createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-rate-limits-00000000000000' }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
    retry: { retries, baseDelayMs: 1, maxDelayMs: 2 },
    store,
    rateLimits,
  });
}
const ask = { model: 'mini', maxOutputTokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };

describe.each(allEngines.map((engine) => [engine.engine, engine] as const))(
  'rate limits through the %s store',
  (_, engine) => {
    const names = useStoreNames(engine);

    it('rpm: two instances share one bucket; the request over it waits, then fails typed, nothing sent', async () => {
      const arrivals = serve();
      const name = names.name('rl_rpm');
      const a = router(engine.open(name), { mini: { rpm: 4, maxWaitMs: 300 } });
      const b = router(engine === memoryEngine ? a.store : engine.open(name), { mini: { rpm: 4, maxWaitMs: 300 } });
      const started = Date.now();
      const outcomes = await Promise.allSettled([a, a, a, b, b, b].map((r) => r.complete(ask)));
      const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
      expect(refused).toHaveLength(2);
      for (const error of refused) {
        expect(error).toBeInstanceOf(RateLimitedError);
        expect(error).toMatchObject({ bucket: 'mini', limit: 'rpm' });
        // Refused by the store, or (on a slow machine) still in this process's line when the wait ran out.
        expect(error.message).toMatch(
          /Rate limited \(mini, rpm\): (4 of 4 requests used or held in the last minute|still queued behind this process)/,
        );
      }
      expect(arrivals).toHaveLength(4);
      // They waited in line while holds might still have freed room, never past maxWaitMs (room for rpm only comes
      // back as slots age out, so once no hold is left a refusal does not sit out the rest of the wait).
      // (At most one store round trip past it, on a loaded machine.)
      for (const error of refused) expect(error.waitedMs).toBeLessThanOrEqual(300 + 250);
      expect(Date.now() - started).toBeLessThan(5_000);
      await a.close();
      if (engine !== memoryEngine) await b.close();
    });

    it('tpm holds the worst case and settles to actual usage, so the next request fits after the first answers', async () => {
      const arrivals = serve(150);
      // Worst case ≈ 9 input + 100 output tokens; actual 19 + 8 = 27. Two worst cases do not fit 200, one actual plus
      // one worst case does.
      const r = router(engine.open(names.name('rl_tpm')), { openai: { tpm: 200, maxWaitMs: 5_000 } });
      const [first, second] = await Promise.all([r.complete(ask), r.complete(ask)]);
      expect(first.text).toBe(second.text);
      expect(arrivals).toHaveLength(2);
      // The second went out only after the first's answer settled its hold.
      expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(140);
      await r.close();
    });
  },
);

describe('rate limits', () => {
  const redisNames = useStoreNames(redisEngine);

  it('a request whose worst case exceeds tpm fails at once: it could never fit', async () => {
    const arrivals = serve();
    const r = router(memoryStore(), { mini: { tpm: 50 } });
    await expect(r.complete(ask)).rejects.toThrow(/exceeds the bucket's tpm of 50: it can never fit/);
    expect(arrivals).toHaveLength(0);
  });

  it('a 429 with retry-after pauses the bucket for every instance (Redis)', async () => {
    const prefix = redisNames.name('rl_pause');
    const store = () => redisEngine.open(prefix);
    const arrivals = serve(0, () =>
      HttpResponse.json(
        { error: { message: 'slow down', type: 'rate_limit_error' } },
        { status: 429, headers: { 'retry-after-ms': '400' } },
      ),
    );
    const a = router(store(), { mini: { rpm: 1000 } });
    const b = router(store(), { mini: { rpm: 1000 } });
    await expect(a.complete(ask)).rejects.toMatchObject({ attempts: [{ httpStatus: 429 }] });
    const paused = Date.now();
    // The other instance's request waits out the pause before it sends.
    const res = await b.complete(ask);
    expect(res.text).toBe('The capital of France is Paris.');
    expect(arrivals).toHaveLength(2);
    expect(arrivals[1]! - paused).toBeGreaterThanOrEqual(300);
    await a.close();
    await b.close();
  });

  it('rejects a bucket that names neither an alias nor a provider, and an empty bucket', () => {
    expect(() => router(memoryStore(), { minni: { rpm: 1 } })).toThrow(ConfigError);
    expect(() => router(memoryStore(), { minni: { rpm: 1 } })).toThrow(
      /rateLimits\.minni: "minni" is neither a model alias/,
    );
    expect(() => router(memoryStore(), { mini: {} })).toThrow(/rateLimits\.mini: set rpm, tpm or both/);
  });

  it('a router without rate limits never touches the store for them', async () => {
    serve();
    const store = memoryStore();
    let reserves = 0;
    const counting: Store = { ...store, reserve: (input) => (reserves++, store.reserve(input)) };
    const r = router(counting, {});
    await r.complete(ask);
    expect(reserves).toBe(0);
  });
});
