import { describe, expect, it } from 'vitest';
import {
  assignArm,
  ConfigError,
  cascade,
  createRouter,
  custom,
  type ExperimentConfig,
  fixed,
  InvalidRequestError,
  memoryStore,
  proportionDifference,
  type RouterConfig,
  RouteExhaustedError,
  type Store,
  UnknownExperimentError,
  UnknownRequestError,
  wilsonInterval,
} from '../../src/index.js';
import { inShadowSample } from '../../src/router/experiments/shadow-sample.js';
import { fakeAdapter, type Step } from './fake-adapter.js';

// Every fake answer uses 100 input and 50 output tokens (the fake adapter's default usage).
// cheap: $1 / $2 per M → 100e-6 + 100e-6 = $0.0002 a call; strong: $3 / $6 per M → $0.0006 a call.
const CHEAP_USD = 0.0002;
const STRONG_USD = 0.0006;
const prices = {
  'cheap:m-cheap': { inputPerMTok: 1, outputPerMTok: 2 },
  'strong:m-strong': { inputPerMTok: 3, outputPerMTok: 6 },
};

const answers = (n: number, text = 'ok'): Step[] => Array.from({ length: n }, () => ({ text }));

function setup(experiments: ExperimentConfig[], extra: Partial<RouterConfig> = {}, scripts?: [Step[], Step[]]) {
  const cheap = fakeAdapter('cheap', scripts?.[0] ?? answers(500));
  const strong = fakeAdapter('strong', scripts?.[1] ?? answers(500));
  const router = createRouter({
    providers: { cheap, strong },
    models: { small: { provider: 'cheap', model: 'm-cheap' }, big: { provider: 'strong', model: 'm-strong' } },
    prices,
    retry: { retries: 0 },
    experiments,
    ...extra,
  });
  return { router, cheap, strong };
}

const abTest: ExperimentConfig = {
  name: 'cheap-first',
  arms: [
    { name: 'control', weight: 1, policy: fixed('big') },
    { name: 'cheap', weight: 1, policy: fixed('small') },
  ],
};

const ask = (user: string, extra: object = {}) => ({
  messages: [{ role: 'user' as const, content: 'hello' }],
  metadata: { user },
  ...extra,
});

describe('experiments through createRouter', () => {
  it("routes each request by its arm's policy, stickily per user, and marks result, route and attempts", async () => {
    const { router, cheap, strong } = setup([abTest]);
    const users = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    // The arms of user-0 … user-39, frozen (C = control, c = cheap): assignment must not change between versions,
    // or every running experiment would reshuffle its users.
    const frozen = 'ccCCcCcccCccCCCccCcccCCccccCCccCcCccCccc';
    const armOf = (i: number) => (frozen[i] === 'C' ? 'control' : 'cheap');
    for (const [i, user] of users.entries()) {
      const expected = armOf(i);
      expect(assignArm(abTest, { metadata: { user } }).arm).toBe(expected);
      for (let round = 0; round < 2; round++) {
        const res = await router.complete(ask(user));
        expect(res.experiment).toEqual({ experiment: 'cheap-first', arm: expected });
        expect(res.alias).toBe(expected === 'control' ? 'big' : 'small');
        expect(res.route).toMatchObject({ kind: 'policy', experiment: { name: 'cheap-first', arm: expected } });
        expect(res.cost.attempts.map((a) => a.experiment)).toEqual([{ experiment: 'cheap-first', arm: expected }]);
      }
    }
    const control = [...frozen].filter((arm) => arm === 'C').length;
    expect(control).toBe(15);
    expect(strong.calls).toHaveLength(2 * control);
    expect(cheap.calls).toHaveLength(2 * (40 - control));

    const report = await router.experimentReport('cheap-first');
    expect(report.arms.map((a) => [a.arm, a.requests, a.share, a.policy])).toEqual([
      ['control', 2 * control, 0.5, 'fixed(big)'],
      ['cheap', 2 * (40 - control), 0.5, 'fixed(small)'],
    ]);
    const [a, b] = report.arms;
    expect(a!.cost.totalUsd).toBeCloseTo(2 * control * STRONG_USD, 12);
    expect(b!.cost.totalUsd).toBeCloseTo(2 * (40 - control) * CHEAP_USD, 12);
    // Every request of an arm costs the same, so the intervals collapse onto the mean.
    expect(a!.cost.meanUsd).toEqual({
      value: expect.closeTo(STRONG_USD, 12),
      low: expect.closeTo(STRONG_USD, 12),
      high: expect.closeTo(STRONG_USD, 12),
      n: 2 * control,
    });
    expect(report.comparisons).toHaveLength(1);
    expect(report.comparisons[0]!.arm).toBe('cheap');
    expect(report.comparisons[0]!.baseline).toBe('control');
    expect(report.comparisons[0]!.meanCostUsd!.value).toBeCloseTo(CHEAP_USD - STRONG_USD, 12);
    expect(report.comparisons[0]!.meanCostUsd!.low).toBeCloseTo(CHEAP_USD - STRONG_USD, 12);
    // fixed() never escalates and has no checks: 0% escalation, 100% acceptance.
    expect(a!.escalationRate!.value).toBe(0);
    expect(a!.acceptanceRate!.value).toBe(1);
    expect(a!.errors).toBe(0);
    expect(a!.latencyMs.mean!.value).toBeGreaterThanOrEqual(0);
    expect(a!.latencyMs.p50).not.toBeNull();
    expect(a!.latencyMs.p95!).toBeGreaterThanOrEqual(a!.latencyMs.p50!);
  });

  it('leaves pinned requests out of every experiment', async () => {
    const { router } = setup([abTest]);
    const res = await router.complete(ask('user-1', { model: 'small' }));
    expect(res.experiment).toBeUndefined();
    expect(res.route.kind).toBe('pinned');
    expect(res.cost.attempts[0]!.experiment).toBeUndefined();
    expect((await router.experimentReport('cheap-first')).arms.map((a) => a.requests)).toEqual([0, 0]);
    await expect(router.feedback(res.requestId, { score: 1 })).rejects.toThrow(UnknownRequestError);
  });

  it('assigns by tenant, then by request id, when there is no user', async () => {
    const { router } = setup([abTest]);
    const byTenant = await router.complete({ messages: ask('x').messages, metadata: { tenant: 'acme' } });
    expect(byTenant.experiment!.arm).toBe('control');
    const byId = await router.complete({ messages: ask('x').messages, requestId: 'req-42' });
    expect(byId.requestId).toBe('req-42');
    expect(byId.experiment!.arm).toBe('cheap');
  });

  it('takes only the features an experiment lists; other requests go to `policy`', async () => {
    const { router } = setup([{ ...abTest, features: ['support-chat'] }], { policy: fixed('small') });
    const outside = await router.complete(ask('user-1'));
    expect(outside.experiment).toBeUndefined();
    expect(outside.route).toMatchObject({ kind: 'policy', policy: 'fixed(small)' });
    const inside = await router.complete(ask('user-1', { metadata: { user: 'user-1', feature: 'support-chat' } }));
    expect(inside.experiment?.experiment).toBe('cheap-first');
  });

  it('without `policy`, a request no experiment takes must pin a model', async () => {
    const { router } = setup([{ ...abTest, features: ['support-chat'] }]);
    await expect(router.complete(ask('user-1'))).rejects.toThrow(InvalidRequestError);
  });

  it('counts escalations and acceptances from the cascade route, with Wilson intervals', async () => {
    // One arm: a cascade whose first step (small) is rejected when the answer is "bad", then big answers.
    const experiment: ExperimentConfig = {
      name: 'escalation',
      arms: [
        {
          name: 'cascade',
          weight: 1,
          policy: cascade({
            tiers: { only: [{ model: 'small', accept: custom((answer) => answer.text !== 'bad') }, { model: 'big' }] },
          }),
        },
      ],
    };
    // 10 requests: the small model answers "bad" 3 times (each escalates to big), "good" 7 times.
    const cheapScript: Step[] = ['bad', 'good', 'good', 'bad', 'good', 'good', 'good', 'bad', 'good', 'good'].map(
      (text) => ({ text }),
    );
    const { router } = setup([experiment], {}, [cheapScript, answers(10)]);
    for (let i = 0; i < 10; i++) await router.complete(ask(`u${i}`));
    const [arm] = (await router.experimentReport('escalation')).arms;
    expect(arm!.requests).toBe(10);
    expect(arm!.escalationRate).toEqual(wilsonInterval(3, 10));
    expect(arm!.escalationRate!.low).toBeCloseTo(0.107789, 5);
    expect(arm!.escalationRate!.high).toBeCloseTo(0.603222, 5);
    // The last step (big) has no checks, so every answer is accepted in the end.
    expect(arm!.acceptanceRate!.value).toBe(1);
    // 7 × small + 3 × (small + big)
    expect(arm!.cost.totalUsd).toBeCloseTo(10 * CHEAP_USD + 3 * STRONG_USD, 12);
    expect(arm!.cost.meanUsd!.value).toBeCloseTo(CHEAP_USD + 0.3 * STRONG_USD, 12);
  });

  it('records failed requests as errors with what their attempts cost, and marks their attempts', async () => {
    const failing: ExperimentConfig = { name: 'fails', arms: [{ name: 'only', weight: 1, policy: fixed('small') }] };
    const usage = { inputTokens: 100, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 50, reasoningTokens: 0 };
    const { router } = setup([failing], {}, [[{ status: 400, usage }, { text: 'fine' }], []]);
    const error = await router.complete(ask('u1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RouteExhaustedError);
    expect((error as RouteExhaustedError).attempts[0]!.experiment).toEqual({ experiment: 'fails', arm: 'only' });
    await router.complete(ask('u2'));
    const [arm] = (await router.experimentReport('fails')).arms;
    expect(arm!.requests).toBe(2);
    expect(arm!.errors).toBe(1);
    expect(arm!.errorRate!.value).toBe(0.5);
    // The failed 400 reported usage, so it was charged: both requests cost $0.0002.
    expect(arm!.cost.totalUsd).toBeCloseTo(2 * CHEAP_USD, 12);
    // Latency counts answered requests only.
    expect(arm!.latencyMs.mean!.n).toBe(1);
    expect(arm!.escalationRate!.n).toBe(1);
  });
});

describe('experiment statistics when the store fails', () => {
  it('serves the request, warns once, and the report says nothing was counted', async () => {
    const inner = memoryStore();
    const store: Store = {
      ...inner,
      incrementMany: async () => {
        throw new Error('store down');
      },
    };
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      const { router } = setup([abTest], { store });
      const results = [await router.complete(ask('u1')), await router.complete(ask('u2'))];
      expect(results.map((r) => r.text)).toEqual(['ok', 'ok']);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual(['routewise: an experiment statistics write failed: Error: store down']);
      expect((await router.experimentReport('cheap-first')).arms.map((a) => a.requests)).toEqual([0, 0]);
      // Feedback waits for its write, so its failure reaches the caller.
      await expect(router.feedback(results[0]!.requestId, { score: 1 })).rejects.toThrow('store down');
    } finally {
      process.off('warning', onWarning);
    }
  });
});

describe('router.feedback', () => {
  it('collects binary scores per arm (Wilson) and compares arms with Newcombe', async () => {
    const { router } = setup([abTest]);
    const thumbs: Record<string, number[]> = { control: [], cheap: [] };
    for (let i = 0; i < 60; i++) {
      const res = await router.complete(ask(`user-${i}`));
      const score = i % 3 === 0 ? 0 : 1;
      await router.feedback(res.requestId, { score });
      thumbs[res.experiment!.arm]!.push(score);
    }
    const ones = (arm: string) => thumbs[arm]!.filter((s) => s === 1).length;
    const report = await router.experimentReport('cheap-first');
    const [control, cheap] = report.arms;
    expect(control!.feedback.kind).toBe('binary');
    expect(control!.feedback.count).toBe(thumbs.control!.length);
    expect(control!.feedback.mean).toEqual(wilsonInterval(ones('control'), thumbs.control!.length));
    expect(cheap!.feedback.mean).toEqual(wilsonInterval(ones('cheap'), thumbs.cheap!.length));
    expect(report.comparisons[0]!.feedbackScore).toEqual(
      proportionDifference(
        { successes: ones('control'), n: thumbs.control!.length },
        { successes: ones('cheap'), n: thumbs.cheap!.length },
      ),
    );
  });

  it('switches to a t interval for graded scores, and a second score replaces the first', async () => {
    const single: ExperimentConfig = { name: 'graded', arms: [{ name: 'only', weight: 1, policy: fixed('small') }] };
    const { router } = setup([single]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await router.complete(ask(`u${i}`))).requestId);
    for (const [i, score] of [0.2, 0.4, 0.6, 0.8, 0.1].entries()) await router.feedback(ids[i]!, { score });
    await router.feedback(ids[4]!, { score: 1 }); // replaces 0.1: scores are now 0.2, 0.4, 0.6, 0.8, 1
    const { feedback } = (await router.experimentReport('graded')).arms[0]!;
    expect(feedback.kind).toBe('continuous');
    expect(feedback.count).toBe(5);
    // mean 0.6, s = √0.1, t(0.975, 4) = 2.776445 → 0.6 ± 0.392649
    expect(feedback.mean!.value).toBeCloseTo(0.6, 12);
    expect(feedback.mean!.low).toBeCloseTo(0.207351, 5);
    expect(feedback.mean!.high).toBeCloseTo(0.992649, 5);
  });

  it('refuses unknown request ids and scores outside [0, 1] with typed errors', async () => {
    const { router } = setup([abTest]);
    const res = await router.complete(ask('u1'));
    const unknown = (await router
      .feedback('no-such-request', { score: 1 })
      .catch((e: unknown) => e)) as UnknownRequestError;
    expect(unknown).toBeInstanceOf(UnknownRequestError);
    expect(unknown.requestId).toBe('no-such-request');
    expect(unknown.message).toMatch(/Cannot record feedback for request "no-such-request"/);
    for (const score of [1.5, -0.1, Number.NaN]) {
      const error = (() => {
        try {
          void router.feedback(res.requestId, { score });
        } catch (e) {
          return e;
        }
      })() as InvalidRequestError;
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error.issues[0]!.path).toBe('score');
    }
    expect((await router.experimentReport('cheap-first')).arms.every((a) => a.feedback.count === 0)).toBe(true);
  });

  it('experimentReport names the configured experiments when asked for another', async () => {
    const { router } = setup([abTest]);
    await expect(router.experimentReport('nope')).rejects.toThrow(UnknownExperimentError);
    await expect(router.experimentReport('nope')).rejects.toThrow(
      'No experiment named "nope" (configured: cheap-first)',
    );
  });
});

describe('shadow policies', () => {
  it('records what the shadow would have chosen and its estimated cost, without calling its model', async () => {
    const experiment: ExperimentConfig = {
      name: 'shadowed',
      arms: [{ name: 'live', weight: 1, policy: fixed('big') }],
      shadow: [{ name: 'cheaper', policy: fixed('small') }],
    };
    const { router, cheap } = setup([experiment]);
    for (let i = 0; i < 12; i++) await router.complete(ask(`u${i}`));
    expect(cheap.calls).toHaveLength(0);
    const [shadow] = (await router.experimentReport('shadowed')).shadow;
    expect(shadow).toMatchObject({ name: 'cheaper', policy: 'fixed(small)', sample: 1, evaluated: 12, errors: 0 });
    expect(shadow!.chosen).toEqual({ small: 12 });
    expect(shadow!.differentModelRate!.value).toBe(1);
    expect(shadow!.differentTierRate!.value).toBe(0);
    // The live answer's usage (100 in, 50 out) priced at small's rates.
    expect(shadow!.shadowCostUsd!.value).toBeCloseTo(CHEAP_USD, 12);
    expect(shadow!.liveCostUsd!.value).toBeCloseTo(STRONG_USD, 12);
    expect(shadow!.costDeltaUsd!.value).toBeCloseTo(CHEAP_USD - STRONG_USD, 12);
    expect(shadow!.decideCostUsd).toBe(0);
  });

  it('samples deterministically by request id, and counts a throwing shadow as an error only', async () => {
    const experiment: ExperimentConfig = {
      name: 'sampled',
      arms: [{ name: 'live', weight: 1, policy: fixed('small') }],
      shadow: [
        { name: 'same', policy: fixed('small'), sample: 0.3 },
        {
          name: 'broken',
          policy: () => {
            throw new Error('classifier crashed');
          },
        },
      ],
    };
    const { router } = setup([experiment]);
    const ids = Array.from({ length: 50 }, (_, i) => `req-${i}`);
    for (const requestId of ids) await router.complete({ ...ask('u'), requestId });
    const expected = ids.filter((id) => inShadowSample('same', id, 0.3)).length;
    const [same, broken] = (await router.experimentReport('sampled')).shadow;
    expect(same!.evaluated).toBe(expected);
    expect(expected).toBeGreaterThan(5);
    expect(expected).toBeLessThan(30);
    expect(same!.differentModelRate!.value).toBe(0);
    expect(same!.costDeltaUsd!.value).toBeCloseTo(0, 15);
    expect(broken!.evaluated).toBe(0);
    expect(broken!.errors).toBe(50);
    expect((await router.experimentReport('sampled')).arms[0]!.errors).toBe(0);
  });
});

describe('experiment config validation', () => {
  const providers = { cheap: fakeAdapter('cheap', []) };
  const models = { small: { provider: 'cheap', model: 'm-cheap' } };
  const issuesOf = (experiments: unknown): Array<{ path: string; message: string }> => {
    try {
      createRouter({ providers, models, prices, experiments } as RouterConfig);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).issues;
    }
    throw new Error('expected a ConfigError');
  };

  it('names the path of a non-positive weight, a missing arm list and a bad sample', () => {
    expect(
      issuesOf([
        {
          name: 'e',
          arms: [
            { name: 'a', weight: 1, policy: fixed('small') },
            { name: 'b', weight: 0, policy: fixed('small') },
          ],
        },
      ]),
    ).toEqual([{ path: 'experiments[0].arms[1].weight', message: expect.stringMatching(/positive/) }]);
    expect(issuesOf([{ name: 'e', arms: [] }])).toEqual([
      { path: 'experiments[0].arms', message: 'an experiment needs at least one arm' },
    ]);
    expect(
      issuesOf([
        {
          name: 'e',
          arms: [{ name: 'a', weight: 1, policy: fixed('small') }],
          shadow: [{ name: 's', policy: fixed('small'), sample: 1.5 }],
        },
      ]),
    ).toEqual([{ path: 'experiments[0].shadow[0].sample', message: 'must be in (0, 1]' }]);
    expect(issuesOf([{ name: 'e', arms: [{ name: 'a', weight: 1, policy: 'small' }] }])).toEqual([
      { path: 'experiments[0].arms[0].policy', message: expect.stringMatching(/must be a routing policy/) },
    ]);
  });

  it('refuses duplicate arm and experiment names and aliases that are not configured', () => {
    const arm = { name: 'a', weight: 1, policy: fixed('small') };
    expect(
      issuesOf([
        { name: 'e', arms: [arm, { ...arm, policy: fixed('huge') }] },
        { name: 'e', arms: [arm] },
      ]),
    ).toEqual([
      { path: 'experiments[0].arms[1].name', message: 'duplicate arm name "a" (also at index 0)' },
      {
        path: 'experiments[0].arms[1].policy.steps[0].model',
        message: '"huge" is not a configured model alias (configured: small)',
      },
      { path: 'experiments[1].name', message: 'duplicate experiment name "e" (also at index 0)' },
    ]);
  });
});
