import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresStore, redisStore, type Store, StoreUnavailableError } from '../../src/index.js';
import { DATABASE_URL, REDIS_URL, requirePostgres, requireRedis } from '../helpers/servers.js';
import { allEngines, postgresEngine, redisEngine, useStoreNames } from '../helpers/store-engines.js';

const DAY = 86_400_000;

describe.each(allEngines)('$engine store', (engine) => {
  const stores = useStoreNames(engine, 'each');
  const open = (label = 'contract'): Store => stores.store(`${engine.engine}_${label}`);

  it('holds a reservation, then settles it to the actual amount', async () => {
    const store = open();
    const outcome = await store.reserve({
      id: 'r1',
      ttlMs: 60_000,
      counters: [
        { key: 'tenant:acme:day', amount: 0.5, limit: 1, ttlMs: DAY },
        { key: 'user:u1:hour', amount: 0.5, ttlMs: DAY },
      ],
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.reservation.keys).toEqual(['tenant:acme:day', 'user:u1:hour']);
    expect(outcome.reservation.expiresAt).toBeGreaterThan(Date.now() + 50_000);
    expect(await store.counters(['tenant:acme:day', 'user:u1:hour'])).toEqual([
      { spent: 0, reserved: 0.5 },
      { spent: 0, reserved: 0.5 },
    ]);
    const settled = await store.settle(outcome.reservation, [
      { key: 'tenant:acme:day', amount: 0.125, ttlMs: DAY },
      { key: 'user:u1:hour', amount: 0.125, ttlMs: DAY },
    ]);
    expect(settled).toBe('settled');
    expect(await store.counters(['tenant:acme:day', 'user:u1:hour'])).toEqual([
      { spent: 0.125, reserved: 0 },
      { spent: 0.125, reserved: 0 },
    ]);
  });

  it('refuses atomically: when one counter is over its limit, no counter is held', async () => {
    const store = open();
    const first = await store.reserve({
      id: 'a',
      ttlMs: 60_000,
      counters: [{ key: 'feature:chat', amount: 0.75, limit: 1, ttlMs: DAY }],
    });
    expect(first.ok).toBe(true);
    const second = await store.reserve({
      id: 'b',
      ttlMs: 60_000,
      counters: [
        { key: 'tenant:acme', amount: 0.5, limit: 10, ttlMs: DAY },
        { key: 'feature:chat', amount: 0.5, limit: 1, ttlMs: DAY },
      ],
    });
    expect(second).toEqual({
      ok: false,
      refusal: { index: 1, key: 'feature:chat', limit: 1, spent: 0, reserved: 0.75, amount: 0.5 },
    });
    expect(await store.counters(['tenant:acme', 'feature:chat'])).toEqual([
      { spent: 0, reserved: 0 },
      { spent: 0, reserved: 0.75 },
    ]);
  });

  it('counts settled charges against the limit', async () => {
    const store = open();
    const counters = [{ key: 'k', amount: 0.6, limit: 1, ttlMs: DAY }];
    const a = await store.reserve({ id: 'a', ttlMs: 60_000, counters });
    if (!a.ok) throw new Error('first reservation refused');
    await store.settle(a.reservation, [{ key: 'k', amount: 0.6, ttlMs: DAY }]);
    const b = await store.reserve({ id: 'b', ttlMs: 60_000, counters });
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.refusal).toMatchObject({ spent: 0.6, reserved: 0 });
  });

  it('releases a hold without charging, once', async () => {
    const store = open();
    const r = await store.reserve({
      id: 'r',
      ttlMs: 60_000,
      counters: [{ key: 'k', amount: 1, limit: 1, ttlMs: DAY }],
    });
    if (!r.ok) throw new Error('refused');
    expect(await store.release(r.reservation)).toBe(true);
    expect(await store.release(r.reservation)).toBe(false);
    expect(await store.counters(['k'])).toEqual([{ spent: 0, reserved: 0 }]);
  });

  it('charges a reservation once however often it is settled', async () => {
    const store = open();
    const r = await store.reserve({ id: 'r', ttlMs: 60_000, counters: [{ key: 'k', amount: 1, ttlMs: DAY }] });
    if (!r.ok) throw new Error('refused');
    const charge = [{ key: 'k', amount: 0.25, ttlMs: DAY }];
    const outcomes = await Promise.all([
      store.settle(r.reservation, charge),
      store.settle(r.reservation, charge),
      store.settle(r.reservation, charge),
    ]);
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'settled']);
    expect(await store.counters(['k'])).toEqual([{ spent: 0.25, reserved: 0 }]);
  });

  it('lets an unsettled hold lapse, and counts a late settle once', async () => {
    const store = open();
    const counters = [{ key: 'k', amount: 1, limit: 1, ttlMs: DAY }];
    const r = await store.reserve({ id: 'late', ttlMs: 150, counters });
    if (!r.ok) throw new Error('refused');
    expect((await store.reserve({ id: 'other', ttlMs: 150, counters })).ok).toBe(false);
    await sleep(300);
    expect(await store.counters(['k'])).toEqual([{ spent: 0, reserved: 0 }]);
    expect(await store.settle(r.reservation, [{ key: 'k', amount: 0.4, ttlMs: DAY }])).toBe('late');
    expect(await store.settle(r.reservation, [{ key: 'k', amount: 0.4, ttlMs: DAY }])).toBe('duplicate');
    expect(await store.counters(['k'])).toEqual([{ spent: 0.4, reserved: 0 }]);
  });

  it('checks a limit over several counters (the buckets of a rolling window)', async () => {
    const store = open();
    const r = await store.reserve({ id: 'old', ttlMs: 60_000, counters: [{ key: 'b1', amount: 0.5, ttlMs: DAY }] });
    if (!r.ok) throw new Error('refused');
    await store.settle(r.reservation, [{ key: 'b1', amount: 0.5, ttlMs: DAY }]);
    const over = await store.reserve({
      id: 'new',
      ttlMs: 60_000,
      counters: [{ key: 'b2', amount: 0.6, limit: 1, sumOf: ['b0', 'b1', 'b2'], ttlMs: DAY }],
    });
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.refusal).toMatchObject({ key: 'b2', spent: 0.5, reserved: 0 });
    const fits = await store.reserve({
      id: 'new2',
      ttlMs: 60_000,
      counters: [{ key: 'b2', amount: 0.6, limit: 1, sumOf: ['b2', 'b3'], ttlMs: DAY }],
    });
    expect(fits.ok).toBe(true);
  });

  it('never overshoots a limit under concurrent reservations', async () => {
    const store = open();
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        store.reserve({ id: `c${i}`, ttlMs: 60_000, counters: [{ key: 'k', amount: 0.1, limit: 1, ttlMs: DAY }] }),
      ),
    );
    const granted = outcomes.filter((o) => o.ok).length;
    // 10 × 0.1 may land a hair above 1 in binary floating point; 9 or 10 fit, never more.
    expect(granted).toBeGreaterThanOrEqual(9);
    expect(granted).toBeLessThanOrEqual(10);
    const [state] = await store.counters(['k']);
    expect(state?.reserved).toBeCloseTo(granted * 0.1, 9);
  });

  it('keeps small amounts exact enough to add up (no 14-digit rounding)', async () => {
    const store = open();
    const amounts = [1.234567890123e-7, 3.3333333333333e-6, 0.1, 0.2];
    for (const [i, amount] of amounts.entries()) {
      const r = await store.reserve({ id: `p${i}`, ttlMs: 60_000, counters: [{ key: 'k', amount, ttlMs: DAY }] });
      if (!r.ok) throw new Error('refused');
      await store.settle(r.reservation, [{ key: 'k', amount, ttlMs: DAY }]);
    }
    const [state] = await store.counters(['k']);
    expect(Math.abs((state?.spent ?? 0) - amounts.reduce((a, b) => a + b, 0))).toBeLessThan(1e-15);
  });

  it('gets, sets, expires and deletes values', async () => {
    const store = open();
    expect(await store.get('missing')).toBeUndefined();
    await store.set('a', 'one');
    await store.set('b', 'two', { ttlMs: 150 });
    expect(await store.get('a')).toBe('one');
    expect(await store.get('b')).toBe('two');
    expect(await store.setIfAbsent('a', 'other')).toBe(false);
    expect(await store.setIfAbsent('c', 'three', { ttlMs: 150 })).toBe(true);
    await sleep(300);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.setIfAbsent('c', 'again')).toBe(true);
    expect(await store.get('c')).toBe('again');
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect(await store.get('a')).toBeUndefined();
  });

  it('increments numbers atomically, with a TTL from creation', async () => {
    const store = open();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.increment('n', 1.5)));
    expect(Math.max(...results)).toBe(30);
    expect(
      await store.incrementMany(
        [
          { key: 'x', by: 2 },
          { key: 'y', by: -1 },
        ],
        { ttlMs: 150 },
      ),
    ).toEqual([2, -1]);
    expect(await store.numbers(['n', 'x', 'y', 'none'])).toEqual([30, 2, -1, 0]);
    await sleep(300);
    expect(await store.numbers(['x', 'y'])).toEqual([0, 0]);
    expect(await store.increment('x', 5)).toBe(5);
  });

  it('closes idempotently', async () => {
    const store = open();
    await store.set('k', 'v');
    await store.close();
    await store.close();
  });
});

describe('shared engines', () => {
  const redis = useStoreNames(redisEngine);
  const postgres = useStoreNames(postgresEngine);

  it('two Redis stores with one prefix share counters; another prefix is separate', async () => {
    const prefix = redis.name('shared');
    const a = redisEngine.open(prefix);
    const b = redisEngine.open(prefix);
    const c = redisEngine.open(redis.name('shared_other'));
    try {
      const counters = [{ key: 'k', amount: 1, limit: 1, ttlMs: DAY }];
      expect((await a.reserve({ id: 'a', ttlMs: 60_000, counters })).ok).toBe(true);
      expect((await b.reserve({ id: 'b', ttlMs: 60_000, counters })).ok).toBe(false);
      expect((await c.reserve({ id: 'c', ttlMs: 60_000, counters })).ok).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('leaves a client or pool it was given open', async () => {
    const client = new Redis(REDIS_URL);
    const pool = new pg.Pool({ connectionString: DATABASE_URL });
    const schema = postgres.name('owned');
    const r = redisStore({ client, prefix: redis.name('owned') });
    const p = postgresStore({ pool, schema });
    await r.set('k', 'v');
    await p.set('k', 'v');
    await r.close();
    await p.close();
    expect(await client.ping()).toBe('PONG');
    expect((await pool.query('SELECT 1 AS one')).rows[0]).toEqual({ one: 1 });
    client.disconnect();
    await pool.end();
  });

  it('several PostgreSQL stores creating one schema at once do not race', async () => {
    const schema = postgres.name('race');
    const stores = Array.from({ length: 4 }, () => postgresStore({ url: DATABASE_URL, schema }));
    try {
      await Promise.all(stores.map((s, i) => s.set(`k${i}`, 'v')));
      expect(await stores[0]?.get('k3')).toBe('v');
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});

describe('a store that cannot be reached', () => {
  it('rejects with StoreUnavailableError naming the engine', async () => {
    const redis = redisStore({ url: 'redis://127.0.0.1:1', prefix: 'down' });
    const postgres = postgresStore({ url: 'postgres://postgres@127.0.0.1:1/test' });
    try {
      await expect(redis.get('k')).rejects.toThrow(StoreUnavailableError);
      await expect(redis.get('k')).rejects.toThrow(/redis store is unavailable/);
      await expect(postgres.get('k')).rejects.toThrow(/postgres store is unavailable/);
    } finally {
      await redis.close();
      await postgres.close();
    }
  });

  it('the test helpers say what is missing and how to start it', async () => {
    await expect(requireRedis('redis://127.0.0.1:1')).rejects.toThrow(/redis-server --daemonize yes --port 6379/);
    await expect(requirePostgres('postgres://postgres@127.0.0.1:1/test')).rejects.toThrow(
      /pg_ctlcluster 15 main start/,
    );
  });
});
