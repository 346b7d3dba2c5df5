import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { estimateInputTokens } from '../../src/budgets/estimate-input-tokens.js';
import type {
  CascadeRoutingModel,
  PolicyRouteInfo,
  QualityPredictor,
  RouterConfig,
  RouterResult,
  RouterStreamEvent,
} from '../../src/index.js';
import {
  agree,
  BudgetExceededError,
  CASCADE_ROUTING_FORMAT,
  ConfigError,
  cascadeRouting,
  DEFAULT_AGREEMENT_RATES,
} from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';
import { LOCAL_URL, localRouter, serveLocal } from './local-host.js';

/**
 * cascadeRouting() end to end: three models on an OpenAI-compatible host (the real OpenAI SDK, msw answering),
 * priced 1 : 10 : 100 with equal output caps, so their normalized costs are exactly 0.01, 0.1 and 1. With the learned
 * model below (priors 0.7 / 0.75 / 0.9; another model's answer agrees with a right one 90% of the time, with a wrong
 * one 20%; an answer without a key is right 0.3× as often; a second call gains its own quality) every decision can be
 * worked out by hand. At λ = 0.6:
 *   first call: value = q − λc: cheap 0.694, mid 0.69, large 0.3 → cheap.
 *   cheap says B (posterior 0.7): mid gains 0.3 × 0.75 − 0.06 = 0.165, large 0.27 − 0.6 < 0 → mid.
 *   mid agrees (B): posteriors 0.913 / 0.931; large gains 0.069 × 0.9 − 0.6 < 0 → stop, answer mid.
 *   mid disagrees (C): posteriors 0.226 / 0.273; large gains 0.727 × 0.9 − 0.6 = 0.055 → large; large says C:
 *   0.835 against mid's 0.628 → answer large.
 */
const server = useMsw();
const prices = {
  'local:m-cheap': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'local:m-mid': { inputPerMTok: 1, outputPerMTok: 4 },
  'local:m-large': { inputPerMTok: 10, outputPerMTok: 40 },
};
const MODELS = ['cheap', 'mid', 'large'];
const grid = (p: number) => MODELS.map(() => MODELS.map(() => p));
const estimates = {
  quality: [0.7, 0.75, 0.9],
  costUsd: [0.0001, 0.001, 0.01],
  rates: { agreeIfRight: grid(0.9), agreeIfWrong: grid(0.2), noKeyFactor: [0.3, 0.3, 0.3] },
  gainIfWrong: MODELS.map(() => [0.7, 0.75, 0.9]),
  rows: 100,
};
const learned: CascadeRoutingModel = {
  format: CASCADE_ROUTING_FORMAT,
  models: MODELS,
  all: estimates,
  tasks: {},
  answerKinds: {},
};

const serve = (text: Record<string, string>) => serveLocal(server, text);
const router = (policy: RouterConfig['policy']) => localRouter(MODELS, prices, policy ? { policy } : {});

const candidates = { cheap: 'cheap', mid: 'mid', large: 'large' };
const ask = (extra: object = {}) => ({
  messages: [{ role: 'user' as const, content: 'Which option is right? A, B, C or D.' }],
  maxOutputTokens: 200,
  ...extra,
});
const routeOf = (res: RouterResult) => res.route as PolicyRouteInfo;
/** The worst case the router computes for a step of `ask()`: estimated input × input price + cap × output price. */
function worstCase(price: { inputPerMTok: number; outputPerMTok: number }) {
  const request = ask();
  const input = estimateInputTokens(
    { messages: request.messages, maxOutputTokens: request.maxOutputTokens },
    { providerName: 'local' },
  );
  return (input * price.inputPerMTok + request.maxOutputTokens * price.outputPerMTok) / 1e6;
}

/** 100 input and 20 output tokens at the model's price. */
const callUsd = (model: keyof typeof prices) =>
  (100 * prices[model].inputPerMTok + 20 * prices[model].outputPerMTok) / 1e6;

describe('cascadeRouting(): calls models one at a time and stops by expected gain − λ × cost', () => {
  it('stops when the second answer agrees, and returns the better posterior', async () => {
    const bodies = serve({ 'm-cheap': 'B', 'm-mid': 'The answer is B.' });
    const res = await router(cascadeRouting({ candidates, learned, lambda: 0.6 })).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap', 'm-mid']);
    expect(res.alias).toBe('mid');
    expect(res.text).toBe('The answer is B.');
    const route = routeOf(res);
    expect(route.policy).toBe('cascade-routing');
    expect(route.accepted).toBe(true);
    expect(route.steps.map((s) => [s.alias, s.verdict])).toEqual([
      ['cheap', 'accepted'],
      ['mid', 'accepted'],
    ]);
    const info = route.cascadeRouting!;
    expect(info.kind).toBe('choice');
    expect(info.answer).toBe('mid');
    expect(info.candidates.map((c) => [c.name, c.prior])).toEqual([
      ['cheap', 0.7],
      ['mid', 0.75],
      ['large', 0.9],
    ]);
    expect(info.candidates.map((c) => c.cost)).toEqual([expect.closeTo(0.01, 9), expect.closeTo(0.1, 9), 1]);
    expect(info.decisions.map((d) => [d.after, d.next, d.answer])).toEqual([
      [[], 'cheap', undefined],
      [['cheap'], 'mid', 'cheap'],
      [['cheap', 'mid'], undefined, 'mid'],
    ]);
    expect(info.decisions[2]!.keys).toEqual({ cheap: 'B', mid: 'B' });
    expect(info.decisions[2]!.posteriors.cheap).toBeCloseTo(10.5 / 11.5, 6);
    expect(info.decisions[2]!.posteriors.mid).toBeCloseTo(13.5 / 14.5, 6);
    // Both calls charged, both in the route.
    expect(res.cost.attempts.map((a) => [a.alias, a.purpose, a.step])).toEqual([
      ['cheap', 'answer', 0],
      ['mid', 'answer', 1],
    ]);
    expect(res.cost.usd).toBeCloseTo(callUsd('local:m-cheap') + callUsd('local:m-mid'), 12);
  });

  it('calls the strong model on disagreement and returns the answer its agreement supports', async () => {
    const bodies = serve({ 'm-cheap': 'B', 'm-mid': 'C', 'm-large': 'Answer: C' });
    const res = await router(cascadeRouting({ candidates, learned, lambda: 0.6 })).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap', 'm-mid', 'm-large']);
    expect(res.alias).toBe('large');
    const info = routeOf(res).cascadeRouting!;
    expect(info.decisions.at(-1)!.posteriors.large).toBeCloseTo((9 * 4.5 * 0.125) / (1 + 9 * 4.5 * 0.125), 6);
    expect(res.cost.usd).toBeCloseTo(callUsd('local:m-cheap') + callUsd('local:m-mid') + callUsd('local:m-large'), 12);
  });

  it('a large λ calls the cheapest model only', async () => {
    const bodies = serve({ 'm-cheap': 'B' });
    const res = await router(cascadeRouting({ candidates, learned, lambda: 10 })).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap']);
    expect(routeOf(res).steps).toHaveLength(1);
  });

  it('λ = 0 with the strong prior: the strong model first, and nothing gains enough after it', async () => {
    const bodies = serve({ 'm-large': 'B', 'm-cheap': 'B', 'm-mid': 'B' });
    const res = await router(cascadeRouting({ candidates, learned, lambda: 0 })).complete(ask());
    // First: values are the priors (λ = 0) → large. After large (0.9): cheap gains 0.1 × 0.7, mid 0.1 × 0.75 → mid,
    // then cheap: every model that can help is called at λ = 0.
    expect(bodies.map((b) => b.model)).toEqual(['m-large', 'm-mid', 'm-cheap']);
    expect(res.alias).toBe('large');
  });

  it('a refusal has no key: its answer counts 0.3× and the rule escalates past it', async () => {
    const bodies = serve({ 'm-cheap': "I'm sorry, but I can't help with that.", 'm-mid': 'B' });
    const res = await router(cascadeRouting({ candidates, learned, lambda: 0.6 })).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap', 'm-mid']);
    expect(res.alias).toBe('mid');
    const last = routeOf(res).cascadeRouting!.decisions.at(-1)!;
    expect(last.keys).toEqual({ cheap: null, mid: 'B' });
    expect(last.posteriors.cheap).toBeCloseTo(0.21, 9);
  });

  it('a step whose model fails is not called again, and the rule picks another as the first answer', async () => {
    const bodies: string[] = [];
    server.use(
      http.post(LOCAL_URL, async ({ request }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the provider's JSON body, read loosely on purpose
        const body = (await request.json()) as any;
        bodies.push(body.model);
        if (body.model === 'm-cheap') return HttpResponse.json({ error: { message: 'down' } }, { status: 500 });
        return HttpResponse.json({
          id: 'cmpl-1',
          object: 'chat.completion',
          created: 1,
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: 'B' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        });
      }),
    );
    const res = await router(cascadeRouting({ candidates, learned, lambda: 0.6 })).complete(ask());
    // cheap fails; with no answer yet the best remaining value answers: mid 0.69 against large 0.3; mid's B alone
    // (0.75): large gains 0.25 × 0.9 − 0.6 < 0 → stop.
    expect(bodies).toEqual(['m-cheap', 'm-mid']);
    expect(routeOf(res).steps.map((s) => [s.alias, s.verdict])).toEqual([
      ['cheap', 'failed'],
      ['mid', 'accepted'],
    ]);
    expect(res.alias).toBe('mid');
    expect(res.cost.attempts.map((a) => [a.alias, a.status])).toEqual([
      ['cheap', 'error'],
      ['mid', 'ok'],
    ]);
  });

  it('maxCalls bounds the calls', async () => {
    const bodies = serve({ 'm-cheap': 'B', 'm-mid': 'C', 'm-large': 'C' });
    const res = await router(cascadeRouting({ candidates, learned, lambda: 0.6, maxCalls: 2 })).complete(ask());
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap', 'm-mid']);
    expect(res.alias).toBe('mid');
  });

  it('a step over the remaining budget is skipped and the rule decides without it', async () => {
    const bodies = serve({ 'm-cheap': 'B', 'm-mid': 'C', 'm-large': 'C' });
    // cheap + mid fit; large's worst case (≈ 200 × 40 / 1e6 = $0.008 + input) does not.
    const res = await router(cascadeRouting({ candidates, learned, lambda: 0.6 })).complete(
      ask({ budget: { maxUsd: 0.0025 } }),
    );
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap', 'm-mid']);
    expect(res.alias).toBe('mid');
    const route = routeOf(res);
    expect(route.steps.map((s) => [s.alias, s.verdict])).toEqual([
      ['cheap', 'accepted'],
      ['mid', 'accepted'],
    ]);
    expect(res.cost.usd).toBeLessThanOrEqual(0.0025);
  });

  // mid's worst case fits alone, not after cheap's $0.000018.
  const tight = () => worstCase(prices['local:m-mid']) + 0.000009;

  it('a budget only the first call fits: a later step is refused before it is sent, and the rule stops', async () => {
    const bodies = serve({ 'm-cheap': 'B', 'm-mid': 'C', 'm-large': 'C' });
    const res = await router(cascadeRouting({ candidates, learned, lambda: 0.6 })).complete(
      ask({ budget: { maxUsd: tight() } }),
    );
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap']);
    const route = routeOf(res);
    expect(route.steps.map((s) => [s.alias, s.verdict])).toEqual([
      ['cheap', 'accepted'],
      ['mid', 'skipped-budget'],
    ]);
    expect(res.alias).toBe('cheap');
  });

  it("onBudget: 'fail' throws BudgetExceededError carrying the attempts so far", async () => {
    serve({ 'm-cheap': 'B', 'm-mid': 'C' });
    const error = await router(cascadeRouting({ candidates, learned, lambda: 0.6, onBudget: 'fail' }))
      .complete(ask({ budget: { maxUsd: tight() } }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).attempts.map((a) => a.alias)).toEqual(['cheap']);
  });

  it("a candidate's passing checks end the route; failing ones keep its answer out but count it as evidence", async () => {
    const bodies = serve({ 'm-cheap': 'B', 'm-mid': 'B', 'm-large': 'B' });
    const policy = cascadeRouting({
      candidates: { cheap: { model: 'cheap', accept: agree({ models: ['mid'] }) }, mid: 'mid', large: 'large' },
      learned,
      lambda: 0.6,
    });
    const res = await router(policy).complete(ask());
    // cheap's agreement check asks mid, mid agrees: accepted, done (the check's call charged as a check).
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap', 'm-mid']);
    expect(res.alias).toBe('cheap');
    expect(routeOf(res).cascadeRouting!.answer).toBe('cheap');
    expect(res.cost.attempts.map((a) => [a.alias, a.purpose])).toEqual([
      ['cheap', 'answer'],
      ['mid', 'check'],
    ]);

    const rejected = serve({ 'm-cheap': 'B', 'm-mid': 'C', 'm-large': 'C' });
    const res2 = await router(policy).complete(ask());
    // Rejected (mid said C): cheap's answer may not be returned (posterior 0); mid's answer, obtained by the check, is
    // evidence already paid for, so mid is not called again (and cannot be returned: no step answered it). Nothing
    // returnable: large gains 0.9 − 0.6 → called; its C agrees with mid's and not with cheap's: 9 × 4.5 × 0.125.
    expect(rejected.map((b) => b.model)).toEqual(['m-cheap', 'm-mid', 'm-large']);
    expect(routeOf(res2).steps.map((s) => [s.alias, s.verdict])).toEqual([
      ['cheap', 'rejected'],
      ['large', 'accepted'],
    ]);
    expect(res2.alias).toBe('large');
    const decisions = routeOf(res2).cascadeRouting!.decisions;
    expect(decisions[1]!.after).toEqual(['cheap', 'mid']);
    expect(decisions[1]!.keys).toEqual({ cheap: 'B', mid: 'C' });
    expect(decisions[1]!.posteriors).toEqual({ cheap: 0, mid: 0 });
    expect(decisions[2]!.posteriors.large).toBeCloseTo(5.0625 / 6.0625, 6);
    expect(res2.cost.attempts.map((a) => [a.alias, a.purpose])).toEqual([
      ['cheap', 'answer'],
      ['mid', 'check'],
      ['large', 'answer'],
    ]);
  });

  it('a predictor gives per-request priors, averaged with the learned task mean', async () => {
    const bodies = serve({ 'm-cheap': 'B', 'm-mid': 'B' });
    const predictor: QualityPredictor = {
      name: 'scripted',
      keys: MODELS,
      predict: () => ({ cheap: 0.1, mid: 0.95, large: 0.9 }),
    };
    const res = await router(cascadeRouting({ candidates, learned, predictor, lambda: 0.6 })).complete(ask());
    const info = routeOf(res).cascadeRouting!;
    expect(info.predictor).toBe('scripted');
    expect(info.candidates.map((c) => c.prior)).toEqual([
      expect.closeTo(0.4, 12),
      expect.closeTo(0.85, 12),
      expect.closeTo(0.9, 12),
    ]);
    // mid: 0.85 − 0.06 beats cheap's 0.4 − 0.006.
    expect(bodies[0].model).toBe('m-mid');
  });

  it("without learned estimates: the predictor's priors, DEFAULT_AGREEMENT_RATES, a second call gaining its own prior", async () => {
    const bodies = serve({ 'm-cheap': 'B', 'm-mid': 'B' });
    const predictor: QualityPredictor = { name: 'scripted', predict: () => ({ cheap: 0.7, mid: 0.75, large: 0.9 }) };
    const res = await router(cascadeRouting({ candidates, predictor, lambda: 0.6 })).complete(ask());
    // cheap first (0.694); mid gains 0.3 × 0.75 − 0.06; agreeing, mid's odds 3 × 0.85 / 0.35 → stop (large: 0.121 ×
    // 0.9 − 0.6 < 0).
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap', 'm-mid']);
    const last = routeOf(res).cascadeRouting!.decisions.at(-1)!;
    const odds = 3 * (DEFAULT_AGREEMENT_RATES.agreeIfRight / DEFAULT_AGREEMENT_RATES.agreeIfWrong);
    expect(last.posteriors.mid).toBeCloseTo(odds / (1 + odds), 9);
    expect(res.alias).toBe('mid');
  });

  it('uses the task of metadata.feature: its learned priors and answer kind', async () => {
    const bodies = serve({ 'm-cheap': '42', 'm-mid': 'The result is 42' });
    const mathy: CascadeRoutingModel = {
      ...learned,
      tasks: { maths: { ...estimates, quality: [0.95, 0.75, 0.9] } },
      answerKinds: { maths: 'number' },
    };
    const res = await router(cascadeRouting({ candidates, learned: mathy, lambda: 0.6 })).complete(
      ask({ metadata: { feature: 'maths' } }),
    );
    const info = routeOf(res).cascadeRouting!;
    expect(info.kind).toBe('number');
    expect(info.candidates[0]!.prior).toBe(0.95);
    // cheap (0.95): mid gains 0.05 × 0.75 − 0.06 < 0 → stop after one call.
    expect(bodies.map((b) => b.model)).toEqual(['m-cheap']);
  });
});

describe('cascadeRouting() through router.stream', () => {
  async function drain(stream: AsyncIterable<RouterStreamEvent> & { result: Promise<RouterResult> }) {
    const events: RouterStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    return { events, result: await stream.result };
  }
  const deltas = (events: RouterStreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));

  it('streams a call live when it is certainly the last and its answer the one returned', async () => {
    const bodies = serve({ 'm-cheap': 'It is B because of the second clause.' });
    const { events, result } = await drain(router(cascadeRouting({ candidates, learned, lambda: 10 })).stream(ask()));
    expect(bodies.map((b) => [b.model, b.stream])).toEqual([['m-cheap', true]]);
    expect(deltas(events).length).toBeGreaterThan(1);
    expect(deltas(events).join('')).toBe('It is B because of the second clause.');
    expect(result.alias).toBe('cheap');
    expect(result.cost.usd).toBeCloseTo(callUsd('local:m-cheap'), 12);
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('otherwise runs each call whole and sends the returned answer in one piece, with the same route as complete', async () => {
    const answers = { 'm-cheap': 'B', 'm-mid': 'C', 'm-large': 'Answer: C' };
    const bodies = serve(answers);
    const policy = cascadeRouting({ candidates, learned, lambda: 0.6 });
    const { events, result } = await drain(router(policy).stream(ask()));
    expect(bodies.map((b) => [b.model, Boolean(b.stream)])).toEqual([
      ['m-cheap', false],
      ['m-mid', false],
      ['m-large', false],
    ]);
    expect(deltas(events)).toEqual(['Answer: C']);
    serve(answers);
    const completed = await router(policy).complete(ask());
    expect(routeOf(result).cascadeRouting).toEqual(routeOf(completed).cascadeRouting);
    expect(result.cost.usd).toBeCloseTo(completed.cost.usd, 12);
    expect(result.alias).toBe(completed.alias);
  });
});

describe('cascadeRouting() configuration', () => {
  it('checks its options with paths', () => {
    expect(() => cascadeRouting({ candidates, lambda: 1 })).toThrow(/cascadeRouting: needs learned/);
    expect(() => cascadeRouting({ candidates: { ...candidates, tiny: 'cheap' }, learned, lambda: 1 })).toThrow(
      /cascadeRouting\.candidates\.tiny: the learned model has no "tiny"/,
    );
    expect(() => cascadeRouting({ candidates, learned, lambda: -1 })).toThrow(ConfigError);
    expect(() => cascadeRouting({ candidates, learned, lambda: 1, outputTokens: { huge: 10 } })).toThrow(
      /cascadeRouting\.outputTokens\.huge: not a candidate/,
    );
  });

  it('createRouter checks every alias it names', () => {
    expect(() => router(cascadeRouting({ candidates: { cheap: 'cheap', mid: 'nope' }, learned, lambda: 1 }))).toThrow(
      /policy\.candidates\.mid\.model/,
    );
  });

  it('outputTokens prices the expected output instead of the cap', async () => {
    serve({ 'm-cheap': 'B' });
    const res = await router(
      cascadeRouting({ candidates, learned, lambda: 10, outputTokens: { cheap: 20, mid: 20, large: 20 } }),
    ).complete(ask());
    const cheap = routeOf(res).cascadeRouting!.candidates[0]!;
    const wide = await router(cascadeRouting({ candidates, learned, lambda: 10 })).complete(ask());
    expect(cheap.costUsd).toBeLessThan(routeOf(wide).cascadeRouting!.candidates[0]!.costUsd);
  });
});
