/**
 * What keeping experiment statistics in the store adds to a routed call: the same `fixed()` route, once as the
 * router's policy, once as the only arm of an experiment (one atomic increment of the arm's counters and the
 * request remembered for feedback, both awaited, overlapping) and once wrapped in `learnPerTask` (its evidence read
 * with the decision, the request remembered), on each store engine, against a loopback stand-in.
 * Sides alternate in blocks; figures are wall-time p50 / p95 per call and the added p50. Needs Redis and
 * PostgreSQL on 127.0.0.1 (REDIS_URL, DATABASE_URL); a loaded machine moves the figures, so the run prints uptime.
 *
 * Run: npx tsx bench/experiment-stats.ts   (env BENCH_BLOCKS, BENCH_PER: blocks per side and calls per block)
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  createRouter,
  fixed,
  learnPerTask,
  memoryStore,
  openai,
  postgresStore,
  redisStore,
  type Store,
} from '../src/index.js';
import { chatCompletionBody, startChatCompletionsStandIn } from './support/chat-completions-stand-in.js';

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 10);
const PER = Number(process.env.BENCH_PER ?? 100);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const body = chatCompletionBody('ok', { promptTokens: 10, completionTokens: 2 });

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const us = (ms: number) => `${Math.round(ms * 1000)} µs`;

async function main() {
  const { server, baseURL } = await startChatCompletionsStandIn(body);
  const name = `rwbench_${randomUUID().slice(0, 8)}`;
  const engines: Array<[string, () => Store]> = [
    ['memory', () => memoryStore()],
    ['redis', () => redisStore({ url: REDIS_URL, prefix: name })],
    ['postgres', () => postgresStore({ url: DATABASE_URL, schema: name })],
  ];
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${BLOCKS} blocks × ${PER} calls a side)`,
  );
  for (const [engine, open] of engines) {
    const config = {
      providers: { openai: openai({ apiKey: 'bench-not-a-key', baseURL }) },
      models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
      retry: { retries: 0 },
    };
    const plain = createRouter({ ...config, store: open(), policy: fixed('mini') });
    const experiment = createRouter({
      ...config,
      store: open(),
      experiments: [{ name: 'bench', arms: [{ name: 'only', weight: 1, policy: fixed('mini') }] }],
    });
    const learner = createRouter({
      ...config,
      store: open(),
      policy: learnPerTask(fixed('mini'), { models: ['mini'], explore: 0 }),
    });
    const sides = [
      { label: 'policy', router: plain, times: [] as number[] },
      { label: 'experiment', router: experiment, times: [] as number[] },
      { label: 'learnPerTask', router: learner, times: [] as number[] },
    ];
    let user = 0;
    const call = (side: (typeof sides)[number]) =>
      side.router.complete({
        messages: [{ role: 'user', content: 'hi' }],
        metadata: { user: `u${user++}`, feature: 'bench' },
      });
    for (const side of sides) for (let i = 0; i < 100; i++) await call(side);
    for (let block = 0; block < BLOCKS; block++) {
      for (const side of block % 2 === 0 ? sides : [...sides].reverse()) {
        for (let i = 0; i < PER; i++) {
          const started = performance.now();
          await call(side);
          side.times.push(performance.now() - started);
        }
      }
    }
    const [base, ...others] = sides.map((side) => ({ ...side, times: side.times.sort((x, y) => x - y) }));
    const line = others.map(
      (side) =>
        `${side.label} p50 ${us(quantile(side.times, 0.5))} p95 ${us(quantile(side.times, 0.95))} ` +
        `(added p50 ${us(quantile(side.times, 0.5) - quantile(base!.times, 0.5))})`,
    );
    console.log(
      `${engine}: policy p50 ${us(quantile(base!.times, 0.5))} p95 ${us(quantile(base!.times, 0.95))}; ${line.join('; ')}`,
    );
    await Promise.all(sides.map((side) => side.router.close()));
  }
  server.close();
  await dropBenchState(name);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

async function dropBenchState(name: string) {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${name}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  await client.end();
}

await main();
