// Experiment statistics live in the store: two routers (two instances, each with its own connection) sharing one
// Redis or PostgreSQL store report the same figures, feedback reaches an arm through either instance, and a router
// created after both closed (a restart) reports them again.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  createRouter,
  type ExperimentConfig,
  FEEDBACK_TTL_MS,
  type ExperimentReport,
  fixed,
  memoryStore,
  openai,
  type RouterConfig,
  type RouterResult,
  type Store,
} from '../../src/index.js';
import { rememberedRequestKey } from '../../src/router/experiments/stats-keys.js';
import { useMsw } from '../helpers/msw.js';
import { serveOpenAIByModel } from '../helpers/openai-by-model.js';
import { REDIS_URL } from '../helpers/servers.js';
import { redisEngine, sharedEngines, useStoreNames } from '../helpers/store-engines.js';

const server = useMsw();

const experiment: ExperimentConfig = {
  name: 'cheap-first',
  arms: [
    { name: 'control', weight: 1, policy: fixed('full') },
    { name: 'cheap', weight: 1, policy: fixed('mini') },
  ],
  shadow: [{ name: 'nano', policy: fixed('nano') }],
};

function configOf(store: Store): RouterConfig {
  return {
    providers: { openai: openai({ apiKey: 'fake-stats-openai-key' }) },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      full: { provider: 'openai', model: 'gpt-4.1' },
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
    },
    experiments: [experiment],
    retry: { retries: 0 },
    store,
  };
}

const router = (store: Store) => createRouter(configOf(store));

const ask = (user: string) => ({ messages: [{ role: 'user' as const, content: 'hello' }], metadata: { user } });

/** A report without the moment it was made, for comparing two reports of the same figures. */
const figures = ({ generatedAt: _, ...rest }: ExperimentReport) => rest;

describe.each(sharedEngines)('experiment statistics in $engine', (engine) => {
  const { open } = engine;
  const names = useStoreNames(engine);

  it('two instances report the same figures, take feedback for each other, and a restart reports them', async () => {
    serveOpenAIByModel(server);
    const name = names.name('expstats');
    const a = router(open(name));
    const b = router(open(name));
    const results: RouterResult[] = [];
    for (let i = 0; i < 24; i++) results.push(await (i % 2 === 0 ? a : b).complete(ask(`user-${i}`)));
    // Feedback arrives through the other instance than the one that answered: every third is a thumbs down.
    const scores = results.map((_, i) => (i % 3 === 0 ? 0 : 1));
    for (const [i, res] of results.entries())
      await (i % 2 === 0 ? b : a).feedback(res.requestId, { score: scores[i]! });
    // A revised score replaces the first everywhere: request 0 goes from 0 to 1.
    await b.feedback(results[0]!.requestId, { score: 1 });
    scores[0] = 1;

    const [fromA, fromB] = await Promise.all([a.experimentReport('cheap-first'), b.experimentReport('cheap-first')]);
    expect(figures(fromA)).toEqual(figures(fromB));
    for (const arm of fromA.arms) {
      const mine = results
        .map((res, i) => ({ res, score: scores[i]! }))
        .filter((r) => r.res.experiment?.arm === arm.arm);
      expect(mine.length).toBeGreaterThan(0);
      expect(arm.requests).toBe(mine.length);
      expect(arm.cost.totalUsd).toBeCloseTo(
        mine.reduce((sum, r) => sum + r.res.cost.usd, 0),
        12,
      );
      expect(arm.feedback.count).toBe(mine.length);
      expect(arm.feedback.kind).toBe('binary');
      expect(arm.feedback.mean!.value).toBeCloseTo(mine.filter((r) => r.score === 1).length / mine.length, 12);
      // Every request of an arm costs the same: the interval collapses onto the mean, as with in-process moments.
      expect(arm.cost.meanUsd!.low).toBeCloseTo(arm.cost.meanUsd!.value, 15);
      expect(arm.latencyMs.mean!.n).toBe(mine.length);
      expect(arm.latencyMs.p50).not.toBeNull();
    }
    expect(fromA.shadow[0]).toMatchObject({ evaluated: 24, errors: 0, chosen: { nano: 24 } });
    await Promise.all([a.close(), b.close()]);

    // A restart: a new router on the same store reports the same figures, and keeps adding to them.
    const c = router(open(name));
    try {
      const after = await c.experimentReport('cheap-first');
      expect(figures(after)).toEqual(figures(fromA));
      const res = await c.complete(ask('user-0'));
      await c.feedback(res.requestId, { score: 0.5 });
      const more = await c.experimentReport('cheap-first');
      const arm = more.arms.find((x) => x.arm === res.experiment?.arm)!;
      const before = fromA.arms.find((x) => x.arm === res.experiment?.arm)!;
      expect(arm.requests).toBe(before.requests + 1);
      expect(arm.feedback).toMatchObject({ count: before.feedback.count + 1, kind: 'continuous' });
    } finally {
      await c.close();
    }
  }, 60_000);
});

describe('requests remembered for feedback in Redis', () => {
  const names = useStoreNames(redisEngine);

  it('live for feedbackTtlMs (default 24 hours), and a bad value is refused', async () => {
    serveOpenAIByModel(server);
    const name = names.name('feedttl');
    const client = new Redis(REDIS_URL);
    const base = router(redisEngine.open(name));
    const short = createRouter({
      ...configOf(redisEngine.open(name)),
      feedbackTtlMs: 60_000,
    });
    try {
      const ttl = async (r: typeof base) => {
        const res = await r.complete(ask('user-1'));
        return client.pttl(`${name}:${rememberedRequestKey(res.requestId)}`);
      };
      const long = await ttl(base);
      expect(long).toBeGreaterThan(FEEDBACK_TTL_MS - 60_000);
      expect(long).toBeLessThanOrEqual(FEEDBACK_TTL_MS);
      expect(FEEDBACK_TTL_MS).toBe(24 * 60 * 60 * 1000);
      const brief = await ttl(short);
      expect(brief).toBeGreaterThan(0);
      expect(brief).toBeLessThanOrEqual(60_000);
      expect(() => createRouter({ ...configOf(memoryStore()), feedbackTtlMs: -1 })).toThrow(ConfigError);
    } finally {
      client.disconnect();
      await Promise.all([base.close(), short.close()]);
    }
  });
});
