/**
 * Cost of running caps.
 * 1. Reserve + settle round trip of the store on loopback Redis and PostgreSQL (and memory), one tenant's daily and
 *    monthly cap per reservation, the engines interleaved in random order. Target: p50 < 1 ms on Redis.
 * 2. A pinned call with a tenant cap held in Redis, against the same call with no budgets and against a direct
 *    OpenAI SDK call, all on one local HTTP server, interleaved in random order. Target: budgeted p50 within 1.25x
 *    of direct.
 *
 * Needs Redis (REDIS_URL, default redis://127.0.0.1:6379) and PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test). Run: npm run bench:store   (BENCH_CALLS=N per side)
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import pg from 'pg';
import { createRouter, memoryStore, openai, postgresStore, redisStore, type Store } from '../src/index.js';
import { chatCompletionBody, startChatCompletionsStandIn } from './support/chat-completions-stand-in.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = 200;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAY = 86_400_000;

const body = chatCompletionBody('Paris.', { promptTokens: 24, completionTokens: 8 });

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const shuffle = <T>(items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
};
const row = (name: string, t: number[]) => {
  t.sort((a, b) => a - b);
  return `${name.padEnd(28)} p50 ${percentile(t, 50).toFixed(3)} ms   p99 ${percentile(t, 99).toFixed(3)} ms`;
};

async function roundTrips(): Promise<void> {
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  const stores: Record<string, Store> = {
    memory: memoryStore(),
    redis: redisStore({ url: REDIS_URL, prefix }),
    postgres: postgresStore({ url: DATABASE_URL, schema }),
  };
  const once = async (store: Store) => {
    const counters = [
      { key: 'budget:tenant:acme:daily:2026-12-01', amount: 0.001, limit: 1e9, ttlMs: DAY },
      { key: 'budget:tenant:acme:monthly:2026-12', amount: 0.001, limit: 1e9, ttlMs: DAY },
    ];
    const outcome = await store.reserve({ id: randomUUID(), ttlMs: 60_000, counters });
    if (!outcome.ok) throw new Error('refused');
    await store.settle(
      outcome.reservation,
      counters.map((c) => ({ key: c.key, amount: 0.0005, ttlMs: DAY })),
    );
  };
  const times: Record<string, number[]> = { memory: [], redis: [], postgres: [] };
  for (let i = 0; i < WARMUP; i++) for (const store of Object.values(stores)) await once(store);
  for (let i = 0; i < CALLS; i++) {
    for (const name of shuffle(Object.keys(stores))) {
      const start = performance.now();
      await once(stores[name] as Store);
      times[name]?.push(performance.now() - start);
    }
  }
  console.log(`bench/budget-store: reserve + settle round trip, 2 counters, ${CALLS} per engine, random order`);
  for (const name of Object.keys(stores)) console.log(row(name, times[name] as number[]));
  console.log(`  target: redis p50 < 1 ms`);
  for (const store of Object.values(stores)) await store.close();
  const redis = await import('ioredis');
  const client = new redis.Redis(REDIS_URL);
  const keys = await client.keys(`${prefix}:*`);
  if (keys.length > 0) await client.del(...keys);
  client.disconnect();
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await db.end();
}

async function pinnedCalls(): Promise<void> {
  const { server, baseURL } = await startChatCompletionsStandIn(body);
  const messages = [
    { role: 'system' as const, content: 'You are a concise assistant.' },
    { role: 'user' as const, content: 'What is the capital of France? Answer in one sentence.' },
  ];
  const sdk = new OpenAI({ apiKey: 'sk-bench-not-a-key', baseURL, maxRetries: 0 });
  const base = {
    providers: { openai: openai({ apiKey: 'sk-bench-not-a-key', baseURL }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
  };
  const prefix = `bench-${randomUUID().slice(0, 8)}`;
  const plain = createRouter(base);
  const budgeted = createRouter({
    ...base,
    store: redisStore({ url: REDIS_URL, prefix }),
    budgets: { tenants: { acme: { dailyUsd: 1e6, monthlyUsd: 1e7 } } },
  });
  const sides: Record<string, () => Promise<unknown>> = {
    'direct openai SDK': () =>
      sdk.chat.completions.create(
        { model: 'gpt-4o-mini', messages, max_completion_tokens: 256 },
        { maxRetries: 0, timeout: 600_000 },
      ),
    'router, no budgets': () => plain.complete({ model: 'mini', messages, maxOutputTokens: 256 }),
    'router, tenant cap in Redis': () =>
      budgeted.complete({ model: 'mini', messages, maxOutputTokens: 256, metadata: { tenant: 'acme' } }),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
  for (let i = 0; i < WARMUP; i++) for (const fn of Object.values(sides)) await fn();
  for (let i = 0; i < CALLS; i++) {
    for (const name of shuffle(Object.keys(sides))) {
      const start = performance.now();
      await (sides[name] as () => Promise<unknown>)();
      times[name]?.push(performance.now() - start);
    }
  }
  server.close();
  await budgeted.close();
  console.log(`\nbench/budget-store: pinned call, local HTTP server, ${CALLS} per side, random order`);
  for (const name of Object.keys(sides)) console.log(row(name, times[name] as number[]));
  const p50 = (name: string) => percentile(times[name] as number[], 50);
  console.log(
    `ratio budgeted/direct p50 ${(p50('router, tenant cap in Redis') / p50('direct openai SDK')).toFixed(3)}x` +
      `   no-budgets/direct p50 ${(p50('router, no budgets') / p50('direct openai SDK')).toFixed(3)}x   (target budgeted <= 1.25x)`,
  );
  const redis = await import('ioredis');
  const client = new redis.Redis(REDIS_URL);
  const keys = await client.keys(`${prefix}:*`);
  if (keys.length > 0) await client.del(...keys);
  client.disconnect();
}

async function main() {
  await roundTrips();
  await pinnedCalls();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
