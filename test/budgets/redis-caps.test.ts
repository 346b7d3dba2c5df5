import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  createRouter,
  openai,
  redisStore,
  type RouterConfig,
  StoreUnavailableError,
} from '../../src/index.js';
import { startOpenAIStandIn, type StandIn } from '../helpers/openai-stand-in.js';
import { spawnWorker } from '../helpers/spawn-worker.js';
import { dropPrefix, REDIS_URL, requireRedis, uniqueName } from '../helpers/servers.js';

/** Each call: 200 output tokens × $0.6/M, input at $0, so worst case = actual cost. */
const CALL_USD = 200 * 0.6e-6;
const dayKey = () => `budget:tenant:acme:daily:${new Date().toISOString().slice(0, 10)}`;

interface Outcome {
  ok: boolean;
  costUsd: number;
  refused?: boolean;
  error?: string;
}

const worker = (env: Record<string, string>) => spawnWorker<Outcome[]>('test/budgets/fixtures/cap-worker.ts', env);

function routerConfig(baseURL: string, extra: Partial<RouterConfig>): RouterConfig {
  return {
    providers: { openai: openai({ apiKey: 'local-no-key', baseURL }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
    prices: { 'openai:gpt-4o-mini': { inputPerMTok: 0, outputPerMTok: 0.6 } },
    retry: { retries: 0 },
    ...extra,
  };
}

const ask = {
  model: 'mini',
  messages: [{ role: 'user' as const, content: 'Reply with ok' }],
  maxOutputTokens: 200,
  metadata: { tenant: 'acme' },
};

describe('caps shared through Redis', () => {
  let server: StandIn;
  const prefixes: string[] = [];
  const prefix = () => {
    const name = uniqueName('caps');
    prefixes.push(name);
    return name;
  };
  beforeAll(async () => {
    await requireRedis();
    server = await startOpenAIStandIn({ delayMs: 30 });
  });
  afterAll(async () => {
    await server?.close();
    for (const name of prefixes) await dropPrefix(name);
  });

  it('four processes × 50 concurrent requests never overshoot one daily cap, use it up, and charge what results report', async () => {
    const name = prefix();
    const capUsd = CALL_USD * 60.5;
    const workers = Array.from({ length: 4 }, () =>
      worker({ REDIS_URL, PREFIX: name, BASE_URL: server.baseURL, CAP_USD: String(capUsd), CONCURRENCY: '50' }),
    );
    const outcomes = (await Promise.all(workers.map((w) => w.done))).flat();
    expect(outcomes).toHaveLength(200);
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    const charged = outcomes.reduce((sum, o) => sum + o.costUsd, 0);
    expect(charged).toBeLessThanOrEqual(capUsd);
    expect(capUsd - charged).toBeLessThan(CALL_USD);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(60);
    expect(outcomes.filter((o) => o.refused)).toHaveLength(140);
    const store = redisStore({ url: REDIS_URL, prefix: name });
    const [state] = await store.counters([dayKey()]);
    await store.close();
    expect(state?.spent).toBeCloseTo(charged, 12);
    expect(state?.reserved).toBe(0);
  }, 90_000);

  it('a process killed mid-request leaves holds that lapse, and the cap is whole again', async () => {
    const name = prefix();
    const before = server.received;
    const w = worker({
      REDIS_URL,
      PREFIX: name,
      BASE_URL: server.baseURL,
      CAP_USD: String(CALL_USD * 3.5),
      CONCURRENCY: '3',
      PROMPT: 'HANG until killed',
      // Long enough that a loaded machine still checks the holds before they lapse.
      RESERVATION_TTL_MS: '8000',
    });
    w.done.catch(() => {});
    const deadline = Date.now() + 30_000;
    while (server.received < before + 3 && Date.now() < deadline) await sleep(50);
    expect(server.received).toBe(before + 3);
    const store = redisStore({ url: REDIS_URL, prefix: name });
    const router = createRouter(
      routerConfig(server.baseURL, { store, budgets: { tenants: { acme: { dailyUsd: CALL_USD * 3.5 } } } }),
    );
    try {
      const [held] = await store.counters([dayKey()]);
      expect(held?.reserved).toBeCloseTo(3 * CALL_USD, 12);
      await expect(router.complete(ask)).rejects.toThrow(BudgetExceededError);
      w.child.kill('SIGKILL');
      const killedAt = Date.now();
      while (Date.now() - killedAt < 20_000 && (await store.counters([dayKey()]))[0]?.reserved !== 0) await sleep(200);
      expect(await store.counters([dayKey()])).toEqual([{ spent: 0, reserved: 0 }]);
      const results = await Promise.all([router.complete(ask), router.complete(ask), router.complete(ask)]);
      expect(results.map((r) => r.cost.usd)).toEqual([CALL_USD, CALL_USD, CALL_USD].map((v) => expect.closeTo(v, 12)));
    } finally {
      await router.close();
    }
  }, 60_000);

  for (const onStoreError of ['fail-closed', 'fail-open'] as const) {
    it(`a Redis connection dropped mid-run (${onStoreError}): nothing charged twice or lost, no hold outlives its expiry`, async () => {
      const name = prefix();
      const connectionName = uniqueName('victim');
      const client = new Redis(REDIS_URL, { connectionName, maxRetriesPerRequest: 1, commandTimeout: 1000 });
      client.on('error', () => {});
      const admin = new Redis(REDIS_URL);
      const router = createRouter(
        routerConfig(server.baseURL, {
          store: redisStore({ client, prefix: name }),
          onStoreError,
          budgets: { tenants: { acme: { dailyUsd: 10 } }, reservationTtlMs: 1500 },
        }),
      );
      try {
        const running = Array.from({ length: 60 }, async (_, i) => {
          await sleep(i * 3);
          return router.complete(ask).then(
            (res) => ({ ok: true as const, usd: res.cost.usd }),
            (error: unknown) => ({ ok: false as const, error }),
          );
        });
        await sleep(60);
        const list = await admin.client('LIST');
        const id = String(list)
          .split('\n')
          .find((line) => line.includes(`name=${connectionName}`))
          ?.match(/id=(\d+)/)?.[1];
        expect(id).toBeDefined();
        await admin.client('KILL', 'ID', id as string);
        const outcomes = await Promise.all(running);
        const failures = outcomes.filter((o) => !o.ok);
        if (onStoreError === 'fail-open') expect(failures).toEqual([]);
        for (const failure of failures) expect(failure.error).toBeInstanceOf(StoreUnavailableError);
        const charged = outcomes.reduce((sum, o) => sum + (o.ok ? o.usd : 0), 0);
        expect(outcomes.filter((o) => o.ok).length).toBeGreaterThan(0);
        await router.close(); // writes any charge kept while the connection was down
        await sleep(1600);
        const reader = redisStore({ url: REDIS_URL, prefix: name });
        const [state] = await reader.counters([dayKey()]);
        await reader.close();
        expect(state?.spent).toBeCloseTo(charged, 12);
        expect(state?.reserved).toBe(0);
      } finally {
        client.disconnect();
        admin.disconnect();
      }
    }, 60_000);
  }
});
