import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeases, DEFAULT_LEASE_SETTINGS, type LeaseSettings } from '../../src/budgets/budget-leases.js';
import { createRouter, memoryStore, openai, redisStore, type Store } from '../../src/index.js';
import type { CounterCharge } from '../../src/stores/store.js';
import { startOpenAIStandIn, type StandIn } from '../helpers/openai-stand-in.js';
import { dropPrefix, REDIS_URL, requireRedis, uniqueName } from '../helpers/servers.js';

/** A store that counts the reservations it is asked for, so a test can see which calls reserved on their own. */
function counting(store: Store): Store & { reserves: number; settles: number } {
  const counted = Object.create(store) as Store & { reserves: number; settles: number };
  counted.reserves = 0;
  counted.settles = 0;
  counted.reserve = (input) => {
    counted.reserves += 1;
    return store.reserve(input);
  };
  counted.settle = (reservation, charges) => {
    counted.settles += 1;
    return store.settle(reservation, charges);
  };
  return counted;
}

const DAY_KEY = 'budget:tenant:acme:daily:test';
const capOf = (limit: number): CounterCharge[] => [{ key: DAY_KEY, amount: 0, limit, ttlMs: 86_400_000 }];

function leasesOver(store: Store, settings: Partial<LeaseSettings> = {}) {
  const settled: number[] = [];
  const leases = createLeases<string>({
    store,
    reservationTtlMs: 60_000,
    settings,
    settle: async (reservation, charges, costUsd) => {
      settled.push(costUsd);
      await store.settle(reservation, charges);
    },
  });
  return { leases, settled };
}

describe('budget leases (createLeases over a store)', () => {
  it('holds one slice of a large cap and draws many calls from it, reserving the next before the first is full', async () => {
    const store = counting(memoryStore());
    const { leases } = leasesOver(store);
    // $1 cap, $0.001 worst case: a slice of min(2% of $1, 256 calls) = $0.02, twenty calls.
    const draws = [];
    for (let i = 0; i < 14; i++) draws.push(await leases.draw(capOf(1), 0.001, 'ctx'));
    expect(draws.every(Boolean)).toBe(true);
    expect(store.reserves).toBe(1);
    expect((await store.counters([DAY_KEY]))[0]).toEqual({ spent: 0, reserved: 0.02 });
    // The 15th call fills three quarters of it: the next slice is reserved in the background, no call waits for it.
    draws.push(await leases.draw(capOf(1), 0.001, 'ctx'));
    await sleep(0);
    expect(store.reserves).toBe(2);
    // Calls 16 to 29 draw from the new slice (the first retired when it arrived; it settles once its calls finish).
    for (let i = 0; i < 14; i++) draws.push(await leases.draw(capOf(1), 0.001, 'ctx'));
    expect(draws.every(Boolean)).toBe(true);
    expect(store.reserves).toBe(2);
    for (const draw of draws) draw?.finish(0.0004);
    await leases.close();
    const [state] = await store.counters([DAY_KEY]);
    expect(state?.reserved).toBe(0);
    expect(state?.spent).toBeCloseTo(29 * 0.0004, 12);
  });

  it('settles a retired slice to what its calls cost, once its last call has finished', async () => {
    const store = counting(memoryStore());
    const { leases, settled } = leasesOver(store, { maxAgeMs: 30 });
    const first = await leases.draw(capOf(1), 0.001, 'ctx');
    const second = await leases.draw(capOf(1), 0.001, 'ctx');
    first?.finish(0.0003);
    await sleep(60); // the slice retires with `second` still running: nothing settled yet
    expect(settled).toEqual([]);
    expect((await store.counters([DAY_KEY]))[0]).toEqual({ spent: 0, reserved: 0.02 });
    second?.finish(0.0005);
    await leases.close();
    expect(settled).toHaveLength(1);
    expect(settled[0]).toBeCloseTo(0.0008, 12);
    const [state] = await store.counters([DAY_KEY]);
    expect(state?.reserved).toBe(0);
    expect(state?.spent).toBeCloseTo(0.0008, 12);
  });

  it('never leases a cap only a few calls large: those calls reserve on their own', async () => {
    const store = counting(memoryStore());
    const { leases } = leasesOver(store);
    // 2% of $0.01 is $0.0002, under the minimum of four $0.001 worst cases.
    expect(await leases.draw(capOf(0.01), 0.001, 'ctx')).toBeUndefined();
    expect(store.reserves).toBe(0);
    await leases.close();
  });

  it('grants no slice past the ceiling of the cap, and does not ask again during the cooldown', async () => {
    const store = counting(memoryStore());
    await store.settle({ id: 'earlier', keys: [DAY_KEY] }, [{ key: DAY_KEY, amount: 0.79, ttlMs: 86_400_000 }]);
    const { leases } = leasesOver(store);
    // 0.79 spent + a 0.02 slice would pass 80% of the $1 cap.
    expect(await leases.draw(capOf(1), 0.001, 'ctx')).toBeUndefined();
    expect(await leases.draw(capOf(1), 0.001, 'ctx')).toBeUndefined();
    expect(store.reserves).toBe(1);
    expect((await store.counters([DAY_KEY]))[0]).toEqual({ spent: 0.79, reserved: 0 });
    await leases.close();
  });

  it('calls arriving together share one reservation', async () => {
    const store = counting(memoryStore());
    const { leases } = leasesOver(store);
    const draws = await Promise.all(Array.from({ length: 10 }, () => leases.draw(capOf(1), 0.001, 'ctx')));
    expect(draws.every(Boolean)).toBe(true);
    expect(store.reserves).toBe(1);
    for (const draw of draws) draw?.finish(0);
    await leases.close();
    expect((await store.counters([DAY_KEY]))[0]).toEqual({ spent: 0, reserved: 0 });
  });

  it('defaults: slices of 2% of a cap, below 80% of it, retired after a second', () => {
    expect(DEFAULT_LEASE_SETTINGS).toMatchObject({ share: 0.02, targetCalls: 256, ceiling: 0.8, maxAgeMs: 1000 });
  });
});

describe('budget leases through the router, on Redis', () => {
  let server: StandIn;
  const prefixes: string[] = [];
  beforeAll(async () => {
    await requireRedis();
    server = await startOpenAIStandIn({ delayMs: 2 });
  });
  afterAll(async () => {
    await server?.close();
    for (const prefix of prefixes) await dropPrefix(prefix);
  });

  const instance = (prefix: string, leases?: boolean) => {
    const store = counting(redisStore({ url: REDIS_URL, prefix }));
    const router = createRouter({
      providers: { openai: openai({ apiKey: 'local-no-key', baseURL: server.baseURL }) },
      models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
      // $0.6 per million output tokens, input free: the stand-in answers with as many tokens as the cap allows
      // (worst case = cost); the requests below cap them at 100 or 300.
      prices: { 'openai:gpt-4o-mini': { inputPerMTok: 0, outputPerMTok: 0.6 } },
      retry: { retries: 0 },
      store,
      budgets: { tenants: { acme: { dailyUsd: 5 } }, ...(leases === undefined ? {} : { leases }) },
    });
    return { router, store };
  };
  const ask = (i: number) => ({
    model: 'mini',
    messages: [{ role: 'user' as const, content: `Reply with ok ${i}` }],
    maxOutputTokens: i % 2 ? 100 : 300,
    metadata: { tenant: 'acme' },
  });
  const dayKey = () => `budget:tenant:acme:daily:${new Date().toISOString().slice(0, 10)}`;

  it('two instances, 200 calls at once: far fewer reservations than calls, and the cap charged exactly what results report', async () => {
    const prefix = uniqueName('leases');
    prefixes.push(prefix);
    const a = instance(prefix);
    const b = instance(prefix);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).router.complete(ask(i))));
    const reported = results.reduce((sum, res) => sum + res.cost.usd, 0);
    expect(a.store.reserves + b.store.reserves).toBeLessThan(40);
    await a.router.close();
    await b.router.close();
    const check = redisStore({ url: REDIS_URL, prefix });
    const [state] = await check.counters([dayKey()]);
    await check.close();
    expect(state?.reserved).toBe(0);
    expect(state?.spent).toBeCloseTo(reported, 12);
  });

  it('with leases: false every call reserves in the store', async () => {
    const prefix = uniqueName('leases-off');
    prefixes.push(prefix);
    const a = instance(prefix, false);
    for (let i = 0; i < 5; i++) await a.router.complete(ask(i));
    expect(a.store.reserves).toBe(5);
    await a.router.close();
  });
});
