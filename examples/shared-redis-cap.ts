/**
 * Two processes, one cap: both instances of an "app" send requests for tenant acme, and the tenant's daily cap
 * holds across them because reservations and charges live in Redis. Offline: the providers are the local
 * stand-in server. Needs Redis on 127.0.0.1:6379 (or REDIS_URL); without it the example says how to start it.
 *
 *   npx tsx examples/shared-redis-cap.ts
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { BudgetExceededError, createRouter, openai, redisStore } from '../src/index.js';
import { usd } from './support/format.js';
import { startLocalProviderServer } from './support/local-provider-server.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CAP_USD = 0.0005;

/** One app instance: 20 requests for tenant acme, 5 at a time, against the cap shared in Redis. */
async function instance(name: string, baseURL: string, prefix: string): Promise<void> {
  const router = createRouter({
    providers: { openai: openai({ apiKey: 'local-no-key', baseURL }) },
    models: { nano: { provider: 'openai', model: 'gpt-4.1-nano' } },
    store: redisStore({ url: REDIS_URL, prefix }),
    budgets: { tenants: { acme: { dailyUsd: CAP_USD } } },
  });
  let served = 0;
  let refused = 0;
  let charged = 0;
  for (let batch = 0; batch < 4; batch++) {
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        try {
          const res = await router.complete({
            model: 'nano',
            messages: [{ role: 'user', content: 'How do I reset my password?' }],
            maxOutputTokens: 60,
            metadata: { tenant: 'acme' },
          });
          served += 1;
          charged += res.cost.usd;
        } catch (error) {
          if (!(error instanceof BudgetExceededError)) throw error;
          refused += 1;
        }
      }),
    );
  }
  await router.close();
  console.log(`${name}: ${served} served, ${refused} refused, charged ${usd(charged)}`);
}

async function main(): Promise<void> {
  const [, , role, label, instanceURL, instancePrefix] = process.argv;
  if (role === '--instance') return instance(label as string, instanceURL as string, instancePrefix as string);

  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
  } catch {
    console.log(`Redis is not running at ${REDIS_URL}, so there is nothing to share a cap through.`);
    console.log('Start it with: redis-server --daemonize yes --port 6379 --save "" --appendonly no');
    probe.disconnect();
    return;
  }
  const server = await startLocalProviderServer();
  const prefix = `example-shared-cap-${process.pid}`;
  console.log(`mode: local — offline demo server at ${server.url}; Redis at ${REDIS_URL} (prefix ${prefix})`);
  console.log(`tenant acme: daily cap ${usd(CAP_USD)}, two processes × 20 requests`);
  const self = fileURLToPath(import.meta.url);
  const run = (label: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', self, '--instance', label, `${server.url}/v1`, prefix],
        {
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${label} exited with ${code}`))));
    });
  try {
    await Promise.all([run('instance A'), run('instance B')]);
    const store = redisStore({ url: REDIS_URL, prefix });
    const day = new Date().toISOString().slice(0, 10);
    const [state] = await store.counters([`budget:tenant:acme:daily:${day}`]);
    await store.close();
    const spent = state?.spent ?? 0;
    console.log(`store: ${usd(spent)} spent of the ${usd(CAP_USD)} cap, ${usd(state?.reserved ?? 0)} still reserved`);
    console.log(spent <= CAP_USD ? 'the cap held across both processes' : 'OVERSPENT');
  } finally {
    const keys = await probe.keys(`${prefix}:*`);
    if (keys.length > 0) await probe.del(...keys);
    probe.disconnect();
    await server.close();
  }
}

await main();
