import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  cascade,
  cascadeRouting,
  createRouter,
  custom,
  feedbackQuality,
  fixed,
  learnPerTask,
  type LearnPerTaskOptions,
  memoryStore,
  openai,
  type PolicyLike,
  type PolicyRouteInfo,
  type Router,
  type Store,
} from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';
import { serveOpenAIByModel } from '../helpers/openai-by-model.js';
import { sharedEngines, useStoreNames } from '../helpers/store-engines.js';

const server = useMsw();

const MODELS = ['mini', 'full'];

function router(store: Store, policy: PolicyLike, options: Partial<LearnPerTaskOptions> = {}): Router {
  return createRouter({
    providers: { openai: openai({ apiKey: 'fake-learn-openai-key' }) },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      full: { provider: 'openai', model: 'gpt-4.1' },
    },
    policy: learnPerTask(policy, { models: MODELS, minCount: 10, explore: 0, ...options }),
    retry: { retries: 0 },
    store,
  });
}

const ask = (feature: string) => ({ messages: [{ role: 'user' as const, content: 'hi' }], metadata: { feature } });

/** Sends `n` requests of a task through `r` and scores each answer `score` through `via` (default `r`). */
async function traffic(r: Router, feature: string, n: number, score: number, via: Router = r): Promise<string[]> {
  const answered: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await r.complete(ask(feature));
    answered.push(res.alias);
    await via.feedback(res.requestId, { score });
  }
  return answered;
}

describe('learnPerTask: per-task choice learned from feedback', () => {
  it('moves a task off a model its feedback says fails there, once the task has minCount scores, and not others', async () => {
    const asked = serveOpenAIByModel(server);
    const r = router(memoryStore(), fixed('mini'));
    // Below minCount the wrapped policy routes unchanged: mini, every time, and each answer gets a thumbs down.
    const first = await r.complete(ask('math'));
    expect(first.route).toMatchObject({
      policy: 'fixed(mini)+per-task',
      taskChoice: {
        learner: 'default',
        task: 'math',
        evidence: 0,
        minCount: 10,
        applied: false,
        reason: 'too few scores',
      },
    });
    await r.feedback(first.requestId, { score: 0 });
    expect(await traffic(r, 'math', 9, 0)).toEqual(Array(9).fill('mini'));
    // 10 scores of 0: mini's math mean is (0 + 10 × 0.25) / 20 = 0.125 (its all-task mean 0.25 = (0 + 10 × ½) / 20);
    // full has no evidence, so ½: the choice moves to full.
    const moved = await r.complete(ask('math'));
    expect(moved.alias).toBe('full');
    const choice = moved.route.kind === 'policy' ? moved.route.taskChoice : undefined;
    expect(choice).toMatchObject({ applied: true, reason: 'learned', chosen: 'full', evidence: 10 });
    expect(choice!.candidates.map((c) => [c.alias, c.n, c.mean])).toEqual([
      ['mini', 10, expect.closeTo(0.125, 12)],
      ['full', 0, expect.closeTo(0.5, 12)],
    ]);
    // Another task is untouched: still too few scores, mini answers.
    const other = await r.complete(ask('chat'));
    expect(other.alias).toBe('mini');
    expect(asked.filter((m) => m === 'gpt-4.1')).toHaveLength(1);
    await r.close();
  });

  it('keeps the cheaper model on a task where its feedback is good, and a revised score replaces the first', async () => {
    serveOpenAIByModel(server);
    const r = router(memoryStore(), fixed('full'));
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await r.complete(ask('faq'));
      ids.push(res.requestId);
      await r.feedback(res.requestId, { score: 0 });
    }
    // full scored 0 on faq: mini (½, no evidence) is better and cheaper.
    expect((await r.complete(ask('faq'))).alias).toBe('mini');
    // Revised to thumbs up: full's faq mean is now (10 + 10 × 0.75) / 20 = 0.875, far above mini's ½, so full it
    // is again; the count stays 10 (a revision, not a new score).
    for (const id of ids) await r.feedback(id, { score: 1 });
    const back = await r.complete(ask('faq'));
    expect(back.alias).toBe('full');
    const choice = back.route.kind === 'policy' ? back.route.taskChoice : undefined;
    expect(choice!.candidates.find((c) => c.alias === 'full')).toMatchObject({
      n: 10,
      mean: expect.closeTo(0.875, 12),
    });
    await r.close();
  });

  it('chooses the cheapest candidate within tolerance of the best', async () => {
    serveOpenAIByModel(server);
    // Both models scored alike on the task: the cheaper (mini) wins at tolerance 0.02, the better one at 0.
    for (const [tolerance, expected] of [
      [0.02, 'mini'],
      [0, 'full'],
    ] as const) {
      const r = router(memoryStore(), fixed('mini'), { tolerance, minCount: 20 });
      await traffic(r, 'support', 10, 0.8);
      const full = router(r.store, fixed('full'), { tolerance, minCount: 20 });
      await traffic(full, 'support', 10, 0.81);
      expect((await r.complete(ask('support'))).alias).toBe(expected);
      await r.close();
    }
  });

  it('learns from acceptance-check verdicts when asked to', async () => {
    serveOpenAIByModel(server);
    const policy = cascade({
      tiers: { only: [{ model: 'mini', accept: custom(() => false, 'never') }, { model: 'full' }] },
    });
    const r = router(memoryStore(), policy, { learnFrom: { checks: true, feedback: false } });
    for (let i = 0; i < 10; i++) {
      const res = await r.complete(ask('code'));
      expect(res.route).toMatchObject({ escalations: 1, answeredBy: 'full' });
    }
    // Ten rejections of mini's answers on `code`: the route now starts at full, skipping mini's wasted call.
    const res = await r.complete(ask('code'));
    expect(res.route).toMatchObject({
      escalations: 0,
      answeredBy: 'full',
      taskChoice: { applied: true, chosen: 'full' },
    });
    expect(res.route.kind === 'policy' && res.route.steps.map((s) => s.alias)).toEqual(['full']);
    // It does not learn from feedback: the request is not remembered for it.
    await expect(r.feedback(res.requestId, { score: 1 })).rejects.toThrow('not a recent answered request');
    await r.close();
  });

  it('explores: a share of requests keeps the wrapped decision', async () => {
    serveOpenAIByModel(server);
    const store = memoryStore();
    const learner = router(store, fixed('mini'));
    await traffic(learner, 'math', 10, 0);
    const r = router(store, fixed('mini'), { explore: 0.5 });
    const reasons: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await r.complete({ ...ask('math'), requestId: `explore-${i}` });
      reasons.push(res.route.kind === 'policy' ? (res.route.taskChoice?.reason ?? '') : '');
    }
    const exploring = reasons.filter((reason) => reason === 'exploring').length;
    expect(exploring).toBeGreaterThan(8);
    expect(exploring).toBeLessThan(32);
    expect(reasons.filter((reason) => reason === 'learned')).toHaveLength(40 - exploring);
    await r.close();
  });

  it('feedbackQuality gives cascade routing the per-task prior learned online (learnPerTask records it)', async () => {
    const asked = serveOpenAIByModel(server);
    const store = memoryStore();
    const predictor = feedbackQuality({ store, candidates: MODELS });
    // One call per request: the first pick is q − λ × cost (mini costs 0.2 of full): 0.5 − 0.02 against 0.5 − 0.1.
    const policy = cascadeRouting({ candidates: { mini: 'mini', full: 'full' }, predictor, lambda: 0.1, maxCalls: 1 });
    const r = router(store, policy, { choose: false });
    const first = await r.complete(ask('math'));
    expect(first.alias).toBe('mini');
    expect(first.route).toMatchObject({ taskChoice: { applied: false, reason: 'recording only' } });
    // mini's math answers get thumbs down, full's thumbs up: as mini's prior falls, cascade routing turns to full.
    await r.feedback(first.requestId, { score: 0 });
    for (let i = 0; i < 9; i++) {
      const res = await r.complete(ask('math'));
      await r.feedback(res.requestId, { score: res.alias === 'mini' ? 0 : 1 });
    }
    const res = await r.complete(ask('math'));
    expect(res.alias).toBe('full');
    const route = res.route as PolicyRouteInfo;
    expect(route.cascadeRouting?.predictor).toBe('feedback-quality(default)');
    // The priors are the learner's shrunk means of the same evidence.
    const [mini, full] = route.taskChoice!.candidates;
    expect(mini!.n + full!.n).toBe(10);
    expect(route.cascadeRouting?.candidates.map((c) => [c.name, c.prior])).toEqual([
      ['mini', expect.closeTo(mini!.mean, 12)],
      ['full', expect.closeTo(full!.mean, 12)],
    ]);
    expect(mini!.mean).toBeLessThan(0.5);
    expect(full!.mean).toBeGreaterThan(0.5);
    // A task without evidence gets each model's all-task mean: mini's zeros and full's ones shrunk towards ½.
    expect(await predictor.predict({ prompt: 'hi', task: 'chat' })).toEqual({
      mini: expect.closeTo(5 / (mini!.n + 10), 12),
      full: expect.closeTo((full!.n + 5) / (full!.n + 10), 12),
    });
    expect(await predictor.predict({ prompt: 'hi' })).toEqual(await predictor.predict({ prompt: 'hi', task: 'chat' }));
    expect(asked.filter((m) => m === 'gpt-4.1')).toHaveLength(full!.n + 1);
    expect(() => feedbackQuality({ store, candidates: [] })).toThrow(ConfigError);
    await r.close();
  });

  it('refuses bad options and unknown aliases with ConfigError naming the field', () => {
    expect(() => learnPerTask(fixed('mini'), { models: [] })).toThrow(ConfigError);
    for (const [options, path] of [
      [{ models: ['mini'], minCount: 0 }, 'learnPerTask.minCount'],
      [{ models: ['mini'], priorStrength: 0 }, 'learnPerTask.priorStrength'],
      [{ models: ['mini'], tolerance: 2 }, 'learnPerTask.tolerance'],
      [{ models: ['mini'], explore: 1 }, 'learnPerTask.explore'],
    ] as const) {
      try {
        learnPerTask(fixed('mini'), options);
        expect.unreachable();
      } catch (error) {
        expect((error as ConfigError).issues.map((i) => i.path)).toEqual([path]);
      }
    }
    expect(() =>
      createRouter({
        providers: { openai: openai({ apiKey: 'fake-learn-openai-key' }) },
        models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
        policy: learnPerTask(fixed('mini'), { models: ['mini', 'nope'] }),
      }),
    ).toThrow(/nope/);
  });
});

describe.each(sharedEngines)('learnPerTask shared through $title', (engine) => {
  const { open } = engine;
  const names = useStoreNames(engine);

  it("two instances learn from each other's feedback, and a restart keeps what they learned", async () => {
    serveOpenAIByModel(server);
    const name = names.name('learn');
    const a = router(open(name), fixed('mini'));
    const b = router(open(name), fixed('mini'));
    // a answers, feedback arrives through b (a separate HTTP call, another instance), and the other way round.
    expect(await traffic(a, 'math', 5, 0, b)).toEqual(Array(5).fill('mini'));
    expect(await traffic(b, 'math', 5, 0, a)).toEqual(Array(5).fill('mini'));
    for (const r of [a, b]) expect((await r.complete(ask('math'))).alias).toBe('full');
    await Promise.all([a.close(), b.close()]);
    const c = router(open(name), fixed('mini'));
    try {
      const res = await c.complete(ask('math'));
      expect(res.alias).toBe('full');
      expect(res.route.kind === 'policy' && res.route.taskChoice?.evidence).toBe(10);
    } finally {
      await c.close();
    }
  }, 60_000);
});
