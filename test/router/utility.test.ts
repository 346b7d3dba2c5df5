import { describe, expect, it } from 'vitest';
import { estimateInputTokens } from '../../src/budgets/estimate-input-tokens.js';
import type {
  ClassifierInput,
  LambdaCalibration,
  PolicyRouteInfo,
  QualityPredictor,
  RouterConfig,
  RouterResult,
  UtilityInfo,
} from '../../src/index.js';
import {
  ConfigError,
  cascade,
  custom,
  fixed,
  learnedQuality,
  nonEmpty,
  predictHeads,
  RoutewiseError,
  trainLearnedHeads,
  utility,
} from '../../src/index.js';
import { syntheticRows } from '../classifiers/synthetic-data.js';
import { useMsw } from '../helpers/msw.js';
import { localRouter, serveLocal } from './local-host.js';

/**
 * The utility policy end to end: three models on an OpenAI-compatible host (through the real OpenAI SDK, msw
 * answering), priced 1 : 10 : 100. With equal output caps their worst cases keep that ratio, so the normalized costs
 * are exactly 0.01, 0.1 and 1 and the picks can be worked out by hand:
 *   utility = predicted − λ × cost; small 0.5 − 0.01λ, medium 0.75 − 0.1λ, large 0.9 − λ.
 */
const server = useMsw();

const prices = {
  'local:m-small': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'local:m-medium': { inputPerMTok: 1, outputPerMTok: 4 },
  'local:m-large': { inputPerMTok: 10, outputPerMTok: 40 },
  // Dear to read, cheap to write; and the reverse: which is cheaper depends on the prompt's length.
  'local:m-reader': { inputPerMTok: 20, outputPerMTok: 1 },
  'local:m-writer': { inputPerMTok: 1, outputPerMTok: 20 },
};

/** A predictor with fixed predictions that records what it was asked. */
function scripted(predictions: Record<string, number>, keys?: string[]) {
  const seen: ClassifierInput[] = [];
  const predictor: QualityPredictor & { seen: ClassifierInput[] } = {
    name: 'scripted-quality',
    seen,
    ...(keys ? { keys } : {}),
    predict(input) {
      seen.push(input);
      return predictions;
    },
  };
  return predictor;
}

const QUALITY = { small: 0.5, medium: 0.75, large: 0.9 };

const serve = (text: Record<string, string> = {}) => serveLocal(server, text);
const router = (policy: RouterConfig['policy']) =>
  localRouter(['small', 'medium', 'large', 'reader', 'writer'], prices, policy ? { policy } : {});

const ask = (content = 'What is the capital of France?') => ({
  messages: [{ role: 'user' as const, content }],
  maxOutputTokens: 200,
});

/** The worst case the router computes for a step: estimated input × input price + output cap × output price. */
function worstCase(content: string, cap: number, price: { inputPerMTok: number; outputPerMTok: number }) {
  const input = estimateInputTokens(
    { messages: [{ role: 'user', content }], maxOutputTokens: cap },
    { providerName: 'local' },
  );
  return (input * price.inputPerMTok + cap * price.outputPerMTok) / 1e6;
}

const routeOf = (res: RouterResult) => {
  expect(res.route.kind).toBe('policy');
  return res.route as PolicyRouteInfo;
};

describe('utility(): picks the candidate maximizing predicted quality − λ × cost', () => {
  const candidates = { small: 'small', medium: { model: 'medium' }, large: { model: 'large' } };

  it.each([
    [0, 'large', 'm-large'],
    [0.5, 'medium', 'm-medium'],
    [10, 'small', 'm-small'],
  ])('λ = %s picks %s', async (lambda, alias, model) => {
    const bodies = serve();
    const res = await router(utility({ predictor: scripted(QUALITY), candidates, lambda })).complete(ask());
    expect(res.alias).toBe(alias);
    expect(res.text).toBe(`answer from ${model}`);
    expect(bodies.map((b) => b.model)).toEqual([model]);
    expect(routeOf(res).utility?.chosen).toBe(alias);
  });

  it('res.route.utility shows the predictions, λ, each normalized cost and utility, the pick and the escalation', async () => {
    serve();
    const predictor = scripted(QUALITY);
    const res = await router(utility({ predictor, candidates, lambda: 0.5 })).complete({
      ...ask('Name the capital of France.'),
      metadata: { feature: 'geography' },
    });
    // The predictor read the last user message and the feature as the task.
    expect(predictor.seen).toEqual([{ prompt: 'Name the capital of France.', task: 'geography' }]);
    const route = routeOf(res);
    expect(route).toMatchObject({ policy: 'utility', tier: 'default', accepted: true, escalations: 0 });
    const info = route.utility as UtilityInfo;
    expect(info).toMatchObject({ predictor: 'scripted-quality', lambda: 0.5, chosen: 'medium', escalation: ['large'] });
    const large = worstCase('Name the capital of France.', 200, prices['local:m-large']);
    expect(info.candidates.map((c) => [c.name, c.alias, c.predicted])).toEqual([
      ['small', 'small', 0.5],
      ['medium', 'medium', 0.75],
      ['large', 'large', 0.9],
    ]);
    const byName = Object.fromEntries(info.candidates.map((c) => [c.name, c]));
    expect(byName.large!.costUsd).toBeCloseTo(large, 15);
    expect(byName.medium!.costUsd).toBeCloseTo(large / 10, 15);
    expect(byName.small!.costUsd).toBeCloseTo(large / 100, 15);
    expect(byName.large!.cost).toBe(1);
    expect(byName.medium!.cost).toBeCloseTo(0.1, 12);
    expect(byName.small!.cost).toBeCloseTo(0.01, 12);
    expect(byName.small!.utility).toBeCloseTo(0.495, 12);
    expect(byName.medium!.utility).toBeCloseTo(0.7, 12);
    expect(byName.large!.utility).toBeCloseTo(0.4, 12);
    expect(info.candidates.some((c) => c.overBudget)).toBe(false);
  });

  it("the chosen candidate's answer fails its check → escalates to the next-better candidate only", async () => {
    const bodies = serve({ 'm-medium': '' });
    const policy = utility({
      predictor: scripted(QUALITY),
      candidates: {
        small: { model: 'small', accept: nonEmpty() },
        medium: { model: 'medium', accept: nonEmpty() },
        large: { model: 'large', maxOutputTokens: 100 },
      },
      lambda: 0.5,
    });
    const res = await router(policy).complete(ask());
    expect(bodies.map((b) => [b.model, b.max_tokens ?? b.max_completion_tokens])).toEqual([
      ['m-medium', 200],
      ['m-large', 100],
    ]);
    expect(res.text).toBe('answer from m-large');
    const route = routeOf(res);
    expect(route.steps.map((s) => [s.alias, s.verdict])).toEqual([
      ['medium', 'rejected'],
      ['large', 'accepted'],
    ]);
    expect(route).toMatchObject({ accepted: true, escalations: 1, answeredBy: 'large' });
    expect(route.utility?.escalation).toEqual(['large']);
    // Both answers are charged: 100 × $1/M + 20 × $4/M, then 100 × $10/M + 20 × $40/M.
    expect(res.cost.usd).toBeCloseTo(180e-6 + 1800e-6, 12);
  });

  it('escalation runs next-better first, in order of predicted quality', async () => {
    const bodies = serve({ 'm-small': 'no', 'm-medium': 'no' });
    const reject = custom((answer) => answer.text !== 'no', 'not-no');
    const policy = utility({
      predictor: scripted(QUALITY),
      candidates: {
        large: 'large',
        small: { model: 'small', accept: reject },
        medium: { model: 'medium', accept: reject },
      },
      lambda: 10,
    });
    const res = await router(policy).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-small', 'm-medium', 'm-large']);
    expect(routeOf(res).utility).toMatchObject({ chosen: 'small', escalation: ['medium', 'large'] });
    expect(routeOf(res).escalations).toBe(2);
  });

  it('escalate: false runs the chosen candidate only; a rejected answer comes back unaccepted', async () => {
    const bodies = serve({ 'm-medium': '' });
    const policy = utility({
      predictor: scripted(QUALITY),
      candidates: { small: 'small', medium: { model: 'medium', accept: nonEmpty() }, large: 'large' },
      lambda: 0.5,
      escalate: false,
    });
    const res = await router(policy).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-medium']);
    expect(routeOf(res)).toMatchObject({ accepted: false, escalations: 0 });
    expect(routeOf(res).utility?.escalation).toEqual([]);
  });

  it('λ may be a calibrateLambda() result', async () => {
    serve();
    const calibration: LambdaCalibration = {
      lambda: 10,
      quality: 0.5,
      costShare: 0.01,
      shares: { small: 1 },
      reached: true,
    };
    const res = await router(utility({ predictor: scripted(QUALITY), candidates, lambda: calibration })).complete(
      ask(),
    );
    expect(res.alias).toBe('small');
    expect(routeOf(res).utility?.lambda).toBe(10);
  });

  it("the cost is each candidate's worst case for this request: a longer prompt costs more and can flip the pick", async () => {
    const bodies = serve();
    // reader: $20/M in, $1/M out; writer: $1/M in, $20/M out; equal predicted quality, so λ > 0 buys the cheaper.
    const policy = utility({
      predictor: scripted({ reader: 0.8, writer: 0.8 }),
      candidates: { reader: 'reader', writer: 'writer' },
      lambda: 1,
    });
    const r = router(policy);
    const short = 'Hi?';
    const long = 'Summarize the following report in two lines. '.repeat(40);
    const a = await r.complete({ ...ask(short), maxOutputTokens: 50 });
    const b = await r.complete({ ...ask(long), maxOutputTokens: 50 });
    expect(bodies.map((body) => body.model)).toEqual(['m-reader', 'm-writer']);

    const costs = (res: RouterResult) =>
      Object.fromEntries((routeOf(res).utility as UtilityInfo).candidates.map((c) => [c.name, c.costUsd]));
    expect(costs(a).reader).toBeCloseTo(worstCase(short, 50, prices['local:m-reader']), 15);
    expect(costs(a).writer).toBeCloseTo(worstCase(short, 50, prices['local:m-writer']), 15);
    expect(costs(b).reader).toBeCloseTo(worstCase(long, 50, prices['local:m-reader']), 15);
    expect(costs(b).writer).toBeCloseTo(worstCase(long, 50, prices['local:m-writer']), 15);
    expect(costs(b).reader!).toBeGreaterThan(costs(a).reader! * 20);
    // Short prompt: the reader's output is cheap, so it is the cheaper; a long prompt makes its input the dearer.
    expect(costs(a).reader!).toBeLessThan(costs(a).writer!);
    expect(costs(b).reader!).toBeGreaterThan(costs(b).writer!);
  });

  it('a candidate whose worst case alone exceeds budget.maxUsd is left out of the pick, even at λ = 0', async () => {
    const bodies = serve();
    const res = await router(utility({ predictor: scripted(QUALITY), candidates, lambda: 0 })).complete({
      ...ask(),
      budget: { maxUsd: 0.003 }, // large's worst case: ~200 × $40/M = $0.008; medium's ~$0.0008
    });
    expect(bodies.map((b) => b.model)).toEqual(['m-medium']);
    const info = routeOf(res).utility as UtilityInfo;
    expect(info.candidates.filter((c) => c.overBudget).map((c) => c.name)).toEqual(['large']);
    expect(info).toMatchObject({ chosen: 'medium', escalation: [] });
  });

  it('a predictor returning a value outside [0, 1], or none for a candidate, fails the request clearly', async () => {
    const bodies = serve();
    const bad = router(
      utility({ predictor: scripted({ small: 0.5, medium: 1.5, large: 0.9 }), candidates, lambda: 0 }),
    );
    await expect(bad.complete(ask())).rejects.toThrow(
      'quality predictor scripted-quality returned 1.5 for candidate "medium", not a number in [0, 1]',
    );
    const missing = router(utility({ predictor: scripted({ small: 0.5, large: 0.9 }), candidates, lambda: 0 }));
    await expect(missing.complete(ask())).rejects.toThrow(RoutewiseError);
    expect(bodies).toHaveLength(0);
  });

  it('with learnedQuality over a multi-head learned model: the predictions in the route are its heads', async () => {
    const bodies = serve();
    const model = trainLearnedHeads(
      syntheticRows(300, 3).map((row) => ({
        prompt: row.prompt,
        labels: { small: row.label ? 0 : 1, medium: row.label ? 0.5 : 1, large: 1 },
      })),
      { features: { bits: 14 } },
    );
    const r = router(utility({ predictor: learnedQuality({ model }), candidates, lambda: 0.3 }));
    const prompt = 'tell me about the weather and a recipe';
    const res = await r.complete(ask(prompt));
    const info = routeOf(res).utility as UtilityInfo;
    expect(info.predictor).toBe('learned-quality');
    const heads = predictHeads(model, { prompt });
    expect(Object.fromEntries(info.candidates.map((c) => [c.name, c.predicted]))).toEqual(heads);
    const best = info.candidates.reduce((a, b) => (b.utility > a.utility ? b : a));
    expect(info.chosen).toBe(best.name);
    expect(bodies.map((b) => b.model)).toEqual([`m-${best.name}`]);
  });

  it('a shadow utility policy in an experiment gets cost estimates too', async () => {
    serve();
    const r = localRouter(['small', 'medium', 'large'], prices, {
      experiments: [
        {
          name: 'exp',
          arms: [{ name: 'only', weight: 1, policy: fixed('small') }],
          shadow: [{ name: 'u', policy: utility({ predictor: scripted(QUALITY), candidates, lambda: 0 }) }],
        },
      ],
    });
    await r.complete(ask());
    await new Promise((resolve) => setTimeout(resolve, 0));
    const shadow = (await r.experimentReport('exp')).shadow[0]!;
    expect(shadow).toMatchObject({ evaluated: 1, errors: 0, chosen: { large: 1 } });
  });
});

describe('cascade(): a tier may be a set of candidates picked by utility', () => {
  const scoreOf = (score: number) => ({ name: 'scripted', classify: () => ({ score }) });
  const tiers = (predictor: QualityPredictor) => ({
    easy: [{ model: 'small' }],
    hard: { predictor, candidates: { medium: 'medium', large: 'large' }, lambda: 0 },
  });

  it('the classifier picks the candidate tier, then utility picks the model inside it', async () => {
    const bodies = serve();
    const predictor = scripted({ medium: 0.7, large: 0.95 });
    const res = await router(cascade({ classifier: scoreOf(0.8), tiers: tiers(predictor) })).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-large']);
    const route = routeOf(res);
    expect(route).toMatchObject({ policy: 'cascade', tier: 'hard', classifier: { name: 'scripted', score: 0.8 } });
    expect(route.utility).toMatchObject({ chosen: 'large', lambda: 0, escalation: [] });
    expect(route.utility?.candidates.map((c) => c.name)).toEqual(['medium', 'large']);
  });

  it('a list tier runs as before, without a utility pick (the predictor is not asked)', async () => {
    const bodies = serve();
    const predictor = scripted({ medium: 0.7, large: 0.95 });
    const res = await router(cascade({ classifier: scoreOf(0.2), tiers: tiers(predictor) })).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-small']);
    expect(routeOf(res).tier).toBe('easy');
    expect(routeOf(res).utility).toBeUndefined();
    expect(predictor.seen).toHaveLength(0);
  });

  it('a single candidate tier needs no classifier', async () => {
    const bodies = serve();
    const policy = cascade({
      tiers: { all: { predictor: scripted(QUALITY), candidates: { small: 'small', large: 'large' }, lambda: 10 } },
    });
    const res = await router(policy).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-small']);
    expect(routeOf(res).utility).toMatchObject({ chosen: 'small', escalation: ['large'] });
  });
});

describe('bad utility config → ConfigError with paths', () => {
  const issuesOf = (build: () => unknown) => {
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).issues;
    }
    throw new Error('expected a ConfigError');
  };

  it('utility(): a bad predictor, no candidates, a negative λ, a bad step, an unknown option', () => {
    const issues = issuesOf(() =>
      utility({
        // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
        predictor: {} as any,
        candidates: {},
        lambda: -1,
        // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
        ...({ tiers: {} } as any),
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'utility',
      'utility.candidates',
      'utility.lambda',
      'utility.predictor',
    ]);
    expect(issues.find((i) => i.path === 'utility.predictor')?.message).toMatch(/quality predictor/);
    expect(
      issuesOf(() =>
        utility({
          predictor: scripted(QUALITY),
          candidates: { small: { model: 'small', maxOutputTokens: 0 }, medium: '' },
          // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
          lambda: 'high' as any,
        }),
      ).map((i) => [i.path, i.message]),
    ).toEqual([
      ['utility.candidates.small.maxOutputTokens', expect.stringMatching(/>0/)],
      ['utility.candidates.medium', expect.stringMatching(/>=1 characters/)],
      ['utility.lambda', 'must be a number ≥ 0 or a calibrateLambda() result'],
    ]);
  });

  it('utility(): a candidate the predictor says it does not predict', () => {
    const issues = issuesOf(() =>
      utility({
        predictor: scripted(QUALITY, ['small', 'large']),
        candidates: { small: 'small', tiny: 'small' },
        lambda: 1,
      }),
    );
    expect(issues).toEqual([
      {
        path: 'utility.candidates.tiny',
        message: 'the predictor scripted-quality predicts no "tiny" (it predicts: small, large)',
      },
    ]);
  });

  it('createRouter: a candidate alias (model, fallback, judge) that is not configured', () => {
    const issues = issuesOf(() =>
      router(
        utility({
          predictor: scripted(QUALITY),
          candidates: { small: 'small', huge: { model: 'huge', fallbacks: ['nope'] } },
          lambda: 1,
        }),
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['policy.candidates.huge.model', 'policy.candidates.huge.fallbacks[0]']);
    expect(issues[0]!.message).toMatch(/"huge" is not a configured model alias/);
  });

  it('cascade(): a candidate tier is checked like utility(), with the tier in the path', () => {
    expect(
      issuesOf(() =>
        cascade({
          // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
          tiers: { easy: 3 as any, hard: { candidates: { large: 'large' }, lambda: 1 } as any },
          classifier: scoreOf(),
        }),
      ).map((i) => [i.path, i.message]),
    ).toEqual([
      ['cascade.tiers.easy', 'must be a list of steps or { candidates, predictor, lambda }'],
      ['cascade.tiers.hard.predictor', expect.stringMatching(/quality predictor/)],
    ]);
    expect(
      issuesOf(() =>
        cascade({
          tiers: { hard: { predictor: scripted(QUALITY, ['large']), candidates: { big: 'large' }, lambda: 1 } },
        }),
      ).map((i) => i.path),
    ).toEqual(['cascade.tiers.hard.candidates.big']);
    const issues = issuesOf(() =>
      router(
        cascade({
          classifier: scoreOf(),
          tiers: {
            easy: [{ model: 'small' }],
            hard: { predictor: scripted(QUALITY), candidates: { x: 'xl' }, lambda: 1 },
          },
        }),
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['policy.tiers.hard.candidates.x.model']);
  });

  function scoreOf() {
    return { name: 'scripted', classify: () => ({ score: 0.5 }) };
  }
});
