// Two processes add to one experiment's statistics in Redis at once (each request's figures one atomic increment):
// a third router reports exactly what the two processes' results add up to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, fixed, openai, redisStore } from '../../src/index.js';
import { startOpenAIStandIn, type StandIn } from '../helpers/openai-stand-in.js';
import { spawnWorker } from '../helpers/spawn-worker.js';
import { dropPrefix, REDIS_URL, requireRedis, uniqueName } from '../helpers/servers.js';

interface Outcome {
  arm: string;
  costUsd: number;
  score: number;
}

const worker = (env: Record<string, string>) =>
  spawnWorker<Outcome[]>('test/router/fixtures/experiment-worker.ts', env).done;

describe('experiment statistics from two processes', () => {
  let server: StandIn;
  const prefix = uniqueName('expprocs');
  beforeAll(async () => {
    await requireRedis();
    server = await startOpenAIStandIn({ delayMs: 10 });
  });
  afterAll(async () => {
    await server?.close();
    await dropPrefix(prefix);
  });

  it('two processes × 30 concurrent requests: a third router reports their sums', async () => {
    const common = { REDIS_URL, PREFIX: prefix, BASE_URL: server.baseURL, COUNT: '30' };
    const outcomes = (
      await Promise.all([worker({ ...common, OFFSET: '0' }), worker({ ...common, OFFSET: '30' })])
    ).flat();
    expect(outcomes).toHaveLength(60);
    const router = createRouter({
      providers: { openai: openai({ apiKey: 'local-no-key', baseURL: server.baseURL }) },
      models: { mini: { provider: 'openai', model: 'gpt-4o-mini' }, full: { provider: 'openai', model: 'gpt-4o' } },
      prices: {
        'openai:gpt-4o-mini': { inputPerMTok: 0, outputPerMTok: 0.6 },
        'openai:gpt-4o': { inputPerMTok: 0, outputPerMTok: 10 },
      },
      store: redisStore({ url: REDIS_URL, prefix }),
      experiments: [
        {
          name: 'cheap-first',
          arms: [
            { name: 'control', weight: 1, policy: fixed('full') },
            { name: 'cheap', weight: 1, policy: fixed('mini') },
          ],
        },
      ],
    });
    try {
      const report = await router.experimentReport('cheap-first');
      for (const arm of report.arms) {
        const mine = outcomes.filter((o) => o.arm === arm.arm);
        expect(mine.length).toBeGreaterThan(0);
        expect(arm.requests).toBe(mine.length);
        expect(arm.cost.totalUsd).toBeCloseTo(
          mine.reduce((sum, o) => sum + o.costUsd, 0),
          12,
        );
        expect(arm.feedback.count).toBe(mine.length);
        expect(arm.feedback.mean!.value).toBeCloseTo(mine.filter((o) => o.score === 1).length / mine.length, 12);
        // Output caps differ per user, so costs spread: the interval has width.
        expect(arm.cost.meanUsd!.high! - arm.cost.meanUsd!.low!).toBeGreaterThan(0);
      }
    } finally {
      await router.close();
    }
  }, 90_000);
});
