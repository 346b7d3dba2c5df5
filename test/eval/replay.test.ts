import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EvalDataset } from '../../src/eval/dataset.js';
import { loadDataset } from '../../src/eval/loaders/load-dataset.js';
import { agreementPolicy, cheapestPartners } from '../../src/eval/policies/agreement-policy.js';
import { cascadePolicy } from '../../src/eval/policies/cascade-policy.js';
import { gsm8kAnswerCheck } from '../../src/eval/policies/gsm8k-answer-check.js';
import { answerTextCheck } from '../../src/eval/recorded/answer-text-check.js';
import { type RecordedProvider, recordedProvider } from '../../src/eval/recorded/recorded-provider.js';
import { replay } from '../../src/eval/recorded/replay-router.js';
import { routerPolicy } from '../../src/eval/recorded/router-policy.js';
import { UnrecordedCallError } from '../../src/eval/recorded/unrecorded-call-error.js';
import { runEval } from '../../src/eval/run-eval.js';
import { trainCascadeRouting } from '../../src/eval/train-cascade-routing.js';
import type { ProviderAdapter } from '../../src/providers/spec/provider.js';
import type { ChatResponse } from '../../src/providers/spec/response.js';
import { agree } from '../../src/router/acceptance/agree.js';
import { answerKey, detectAnswerKind } from '../../src/router/acceptance/answer-key.js';
import { judge } from '../../src/router/acceptance/judge.js';
import { createRouter } from '../../src/router/create-router.js';
import { cascade } from '../../src/router/policies/cascade.js';
import { cascadeRouting } from '../../src/router/policies/cascade-routing.js';
import type { RouterConfig } from '../../src/router/config.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/eval/replay-gsm.jsonl', import.meta.url));
const data: EvalDataset = loadDataset(FIXTURE);

/** The recorded models as router aliases of the same names. */
const MODELS = {
  mini: { provider: 'recorded', model: 'mini' },
  mid: { provider: 'recorded', model: 'mid' },
  big: { provider: 'recorded', model: 'big' },
} satisfies RouterConfig['models'];

/** The cascade a team would deploy: mini first, checked by the GSM8K rule, else big. */
function cascadeRouter(provider: ProviderAdapter, extra: Partial<RouterConfig> = {}) {
  return createRouter({
    providers: { recorded: provider },
    models: MODELS,
    policy: cascade({
      tiers: { default: [{ model: 'mini', accept: answerTextCheck(gsm8kAnswerCheck) }, { model: 'big' }] },
    }),
    ...extra,
  });
}

const prompt = (i: number) => data.rows[i]!.prompt;

describe('recordedProvider', () => {
  it('answers with the recorded text and charges exactly the recorded cost', async () => {
    const router = createRouter({ providers: { recorded: recordedProvider(data) }, models: MODELS });
    const res = await router.complete({ model: 'mid', messages: [{ role: 'user', content: prompt(2) }] });
    const recorded = data.rows[2]!.outcomes.mid!;
    expect(res.text).toBe(recorded.response);
    expect(res.cost.usd).toBe(recorded.costUsd);
    expect(res.cost.attempts[0]!.costUsd).toBe(recorded.costUsd);
    expect(res.usage.inputTokens).toBe(Math.ceil(prompt(2).length / 4));
    const streamed: string[] = [];
    for await (const event of router.stream({ model: 'big', messages: [{ role: 'user', content: prompt(2) }] })) {
      if (event.type === 'text-delta') streamed.push(event.text);
      if (event.type === 'finish') expect(event.result.cost.usd).toBe(data.rows[2]!.outcomes.big!.costUsd);
    }
    expect(streamed.join('')).toBe(data.rows[2]!.outcomes.big!.response);
    await router.close();
  });

  it('rejects a model or a prompt it has no record of with UnrecordedCallError, naming the model and the fix', async () => {
    const provider = recordedProvider(data);
    const request = { messages: [{ role: 'user' as const, content: prompt(0) }], maxOutputTokens: 10 };
    const noModel = await provider.complete('gpt-9', request).catch((error: unknown) => error);
    expect(noModel).toBeInstanceOf(UnrecordedCallError);
    expect((noModel as UnrecordedCallError).reason).toBe('model');
    expect((noModel as Error).message).toContain('no outcome of model "gpt-9" (it records mini, mid, big)');
    expect((noModel as Error).message).toContain('recordedProvider(data, { live: openai() })');
    const noPrompt = await provider
      .complete('mini', { ...request, messages: [{ role: 'user', content: 'an unknown question' }] })
      .catch((error: unknown) => error);
    expect((noPrompt as UnrecordedCallError).reason).toBe('prompt');
  });

  it("prices its models for budget checks from their recorded costs, unless the router's prices say otherwise", async () => {
    const provider = recordedProvider(data);
    let usd = 0;
    let tokens = 0;
    for (const row of data.rows) {
      usd += row.outcomes.big!.costUsd;
      tokens += Math.ceil(row.prompt.length / 4) + Math.max(1, Math.ceil(row.outcomes.big!.response!.length / 4));
    }
    expect(provider.ownPrice?.('big')).toEqual({
      inputPerMTok: (usd / tokens) * 1e6,
      outputPerMTok: (usd / tokens) * 1e6,
    });
    expect(provider.ownPrice?.('judge-9')).toEqual({ inputPerMTok: 0, outputPerMTok: 0 }); // its calls reject anyway
    // At the derived rate big's worst case (4,096 output tokens) exceeds $0.01; at the router's own price it fits.
    const budgets = { perRequestUsd: 0.01 };
    const derived = await replay((p) => cascadeRouter(p, { budgets }), data);
    expect(derived.policies[0]!.curve[0]!.strongShare).toBe(0);
    const priced = await replay(
      (p) => cascadeRouter(p, { budgets, prices: { 'recorded:big': { inputPerMTok: 0.5, outputPerMTok: 1 } } }),
      data,
    );
    expect(priced.policies[0]!.curve[0]!.strongShare).toBe(8 / data.rows.length);
    // Prices only decide what fits: the calls are still charged their recorded cost.
    const plain = await replay((p) => cascadeRouter(p), data);
    expect(priced.policies[0]!.curve[0]!.costUsd).toBe(plain.policies[0]!.curve[0]!.costUsd);
  });

  it('maps provider model ids to dataset names', async () => {
    const provider = recordedProvider(data, { models: { 'gpt-4.1-mini': 'mini' } });
    const answer = await provider.complete('gpt-4.1-mini', {
      messages: [{ role: 'user', content: prompt(0) }],
      maxOutputTokens: 10,
    });
    expect(answer.text).toBe(data.rows[0]!.outcomes.mini!.response);
    expect(answer.costUsd).toBe(data.rows[0]!.outcomes.mini!.costUsd);
  });
});

describe('replay', () => {
  it("gives a cascade the evaluator's figures exactly: the live router and cascadePolicy on the same rows", async () => {
    // The rule by hand, summed in row order as the evaluator sums: accepted → mini; else mini then big.
    let quality = 0;
    let cost = 0;
    let escalated = 0;
    for (const row of data.rows) {
      const { mini, big } = row.outcomes;
      cost += mini!.costUsd;
      if (gsm8kAnswerCheck(mini!.response!).accept) quality += mini!.quality;
      else {
        cost += big!.costUsd;
        quality += big!.quality;
        escalated++;
      }
    }
    expect(escalated).toBe(8); // 8 rejected by the rule (4 accepted answers are wrong: the rule cannot see them)
    const replayed = await replay((provider) => cascadeRouter(provider), data);
    const live = replayed.policies[0]!.curve[0]!;
    expect(live.quality).toBe(quality / data.rows.length);
    expect(live.costUsd).toBe(cost);
    expect(live.strongShare).toBe(escalated / data.rows.length);

    // The evaluator's cascade policy and the deployed router, side by side in one run, folds included.
    for (const folds of [undefined, 4]) {
      const report = await runEval({
        data,
        ...(folds ? { folds } : { whole: true }),
        policies: [
          cascadePolicy('cascade(gsm8k)', gsm8kAnswerCheck),
          routerPolicy((provider) => cascadeRouter(provider), { name: 'my router' }),
        ],
      });
      const [evaluator, router] = report.policies;
      expect(report.strongModel).toBe('big');
      expect(report.weakModel).toBe('mini');
      expect(router!.curve).toEqual(evaluator!.curve);
      expect(router!.curve[0]!.quality).toBe(live.quality);
      expect(router!.curve[0]!.costUsd).toBeCloseTo(cost, 15);
    }
  });

  it("gives agree() the evaluator's agreement figures exactly: the deployed check and the evaluator's policy", async () => {
    // By hand: mini answers; when its answer has a key, mid is asked too; equal keys → mini's answer, else big's.
    let quality = 0;
    let cost = 0;
    for (const row of data.rows) {
      const { mini, mid, big } = row.outcomes;
      const kind = detectAnswerKind(mini!.response!);
      const own = answerKey(mini!.response!, kind);
      cost += mini!.costUsd;
      if (own !== undefined) cost += mid!.costUsd;
      if (own !== undefined && answerKey(mid!.response!, kind) === own) quality += mini!.quality;
      else {
        cost += big!.costUsd;
        quality += big!.quality;
      }
    }
    const deployed = (provider: ProviderAdapter) =>
      createRouter({
        providers: { recorded: provider },
        models: MODELS,
        policy: cascade({
          tiers: { default: [{ model: 'mini', accept: agree({ models: ['mid'] }) }, { model: 'big' }] },
        }),
      });
    const report = await runEval({
      data,
      whole: true,
      policies: [agreementPolicy(cheapestPartners(2)), routerPolicy(deployed, { name: 'deployed' })],
    });
    const [evaluator, router] = report.policies;
    expect(router!.curve).toEqual(evaluator!.curve);
    expect(router!.curve[0]!.quality).toBe(quality / data.rows.length);
    expect(router!.curve[0]!.costUsd).toBe(cost);
    expect(router!.curve[0]!.strongShare).toBeGreaterThan(0);
    expect(router!.curve[0]!.strongShare).toBeLessThan(1);
  });

  it('replays live cascade routing over λ: every call charged as recorded, cheaper as λ grows', async () => {
    const learned = trainCascadeRouting(data);
    const report = await replay(
      (provider, lambda) =>
        createRouter({
          providers: { recorded: provider },
          models: MODELS,
          policy: cascadeRouting({ candidates: { mini: 'mini', mid: 'mid', big: 'big' }, learned, lambda }),
        }),
      data,
      { params: [0, 0.1, 1e3], name: 'cascade-routing (live)' },
    );
    const curve = report.policies[0]!.curve;
    expect(report.policies[0]!.sweep).toBe('lambda');
    expect(curve.map((p) => p.param)).toEqual([0, 0.1, 1e3]);
    // λ = 0 may call every model that can help; a huge λ stops at the first answer, the cheapest model's.
    expect(curve[0]!.costUsd).toBeGreaterThan(curve[2]!.costUsd);
    expect(curve[2]!.costUsd).toBeCloseTo(report.baselines.weak.costUsd, 15);
    expect(curve[2]!.quality).toBe(report.baselines.weak.quality);
  });

  it('replays a router already built on a recordedProvider, and refuses one whose answers are not recorded', async () => {
    // Built once, on a provider with no rows of its own: inside replay, the row being replayed answers.
    const ready = cascadeRouter(recordedProvider({ ...data, rows: [] }));
    const fromReady = await replay(ready, data);
    const fromFactory = await replay((provider) => cascadeRouter(provider), data);
    expect(fromReady.policies[0]!.curve).toEqual(fromFactory.policies[0]!.curve);

    const live: ProviderAdapter = {
      name: 'live',
      priceProviderId: undefined,
      async complete(): Promise<ChatResponse> {
        return {
          text: '#### 1',
          toolCalls: [],
          finishReason: 'stop',
          usage: { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 2, reasoningTokens: 0 },
          warnings: [],
          raw: null,
        };
      },
      stream() {
        throw new Error('not streamed');
      },
    };
    const notRecorded = cascadeRouter(live, {
      prices: {
        mini: { inputPerMTok: 1, outputPerMTok: 1 },
        big: { inputPerMTok: 1, outputPerMTok: 1 },
        mid: { inputPerMTok: 1, outputPerMTok: 1 },
      },
    });
    await expect(replay(notRecorded, data)).rejects.toThrow(
      /did not come from the recorded data: build the router on recordedProvider/,
    );
  });

  it("counts the router's response cache: a hit is charged nothing and scored as the cached model on its row", async () => {
    const last = data.rows.length - 1;
    const report = await replay((provider) => cascadeRouter(provider, { responseCache: { exact: true } }), data, {
      request: (row) => ({ messages: [{ role: 'user', content: row.prompt }], temperature: 0 }),
    });
    expect(report.notes.join('\n')).toContain('router: 1 row(s) answered by the response cache');
    const plain = (await replay((provider) => cascadeRouter(provider), data)).policies[0]!.curve[0]!;
    const cached = report.policies[0]!.curve[0]!;
    // The duplicate of row 1 gets row 1's cached answer (big's, after its escalation) instead of its own mini call.
    expect(cached.costUsd).toBeCloseTo(plain.costUsd - data.rows[last]!.outcomes.mini!.costUsd, 15);
    expect(cached.strongShare).toBe(plain.strongShare);
    const delta = data.rows[last]!.outcomes.big!.quality - data.rows[last]!.outcomes.mini!.quality;
    expect(cached.quality).toBeCloseTo(plain.quality + delta / data.rows.length, 15);
  });

  it('keeps rows with the same prompt apart (each row is answered by its own record)', async () => {
    const last = data.rows.length - 1;
    expect(prompt(last)).toBe(prompt(1));
    const report = await replay((provider) => cascadeRouter(provider), {
      ...data,
      rows: [data.rows[1]!, data.rows[last]!],
    });
    const point = report.policies[0]!.curve[0]!;
    // Row 1's mini answer miscalculates (escalated to big, right); the duplicate's is accepted and right.
    expect(point.strongShare).toBe(0.5);
    expect(point.quality).toBe(1);
    const { outcomes: a } = data.rows[1]!;
    const { outcomes: b } = data.rows[last]!;
    expect(point.costUsd).toBe(a.mini!.costUsd + a.big!.costUsd + b.mini!.costUsd);
  });

  it('sweeps a router factory over params into a curve with the evaluator metrics', async () => {
    // param 0: mini alone; 1: big alone.
    const report = await replay(
      (provider, param) =>
        createRouter({
          providers: { recorded: provider },
          models: MODELS,
          policy: () => (param === 0 ? 'mini' : 'big'),
        }),
      data,
      { params: [0, 1], sweep: 'strong share', name: 'fixed' },
    );
    const policy = report.policies[0]!;
    expect(policy.name).toBe('fixed');
    expect(policy.curve.map((p) => p.strongShare)).toEqual([0, 1]);
    expect(policy.curve[0]!.quality).toBe(report.baselines.weak.quality);
    expect(policy.curve[1]!.quality).toBe(report.baselines.strong.quality);
    expect(policy.curve[1]!.costShare).toBe(1);
    expect(policy.apgr).toBeCloseTo(0.5, 12); // the straight line between weak and strong: RouteLLM's random, 0.5
    expect(report.split).toBe('every row once, in data order (nothing trained)');
  });

  it("respects the router's budgets: a strong step that does not fit is skipped, or the request fails", async () => {
    // Worst case of a big call at its derived price and the 4,096-token default cap is far above $0.01; mini's is not.
    const budgets = { perRequestUsd: 0.01 };
    const skipped = await replay((provider) => cascadeRouter(provider, { budgets }), data);
    const point = skipped.policies[0]!.curve[0]!;
    expect(point.strongShare).toBe(0);
    expect(point.costUsd).toBeCloseTo(skipped.baselines.weak.costUsd, 15);
    expect(point.quality).toBe(skipped.baselines.weak.quality);

    const failing = await replay(
      (provider) =>
        createRouter({
          providers: { recorded: provider },
          models: MODELS,
          budgets,
          policy: cascade({
            onBudget: 'fail',
            tiers: { default: [{ model: 'mini', accept: answerTextCheck(gsm8kAnswerCheck) }, { model: 'big' }] },
          }),
        }),
      data,
    );
    const failed = failing.policies[0]!.curve[0]!;
    // The 8 escalated rows fail: scored 0, their mini call charged.
    const accepted = data.rows.filter((row) => gsm8kAnswerCheck(row.outcomes.mini!.response!).accept);
    expect(failed.quality).toBe(accepted.reduce((sum, row) => sum + row.outcomes.mini!.quality, 0) / data.rows.length);
    expect(failed.costUsd).toBeCloseTo(failing.baselines.weak.costUsd, 15);
    expect(failing.notes.join('\n')).toContain(
      'router: 8 request(s) failed (BudgetExceededError 8): scored 0, their calls charged',
    );
  });

  it('scores a request refused before any call (an input over the context window) 0, at no cost', async () => {
    const report = await replay(
      (provider) =>
        createRouter({
          providers: { recorded: provider },
          models: { ...MODELS, mini: { ...MODELS.mini, contextWindow: 5 } },
        }),
      data,
      { request: (row) => ({ model: 'mini', messages: [{ role: 'user', content: row.prompt }] }) },
    );
    const point = report.policies[0]!.curve[0]!;
    expect(point.quality).toBe(0);
    expect(point.costUsd).toBe(0);
    expect(report.notes.join('\n')).toContain(
      `router: ${data.rows.length} request(s) failed (ContextWindowExceededError ${data.rows.length})`,
    );
  });

  it('stops at a judge the data has no record of, though the judge swallows the error, and runs it live when given', async () => {
    const judged = (provider: RecordedProvider) =>
      createRouter({
        providers: { recorded: provider },
        models: { ...MODELS, grader: { provider: 'recorded', model: 'grader-1' } },
        prices: { 'grader-1': { inputPerMTok: 1, outputPerMTok: 2 } },
        policy: cascade({
          tiers: { default: [{ model: 'mini', accept: judge({ model: 'grader', min: 7 }) }, { model: 'big' }] },
        }),
      });
    const error = await replay(judged, data).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnrecordedCallError);
    expect((error as Error).message).toMatch(/^recorded call to "grader-1" for "QUESTION \(JSON string\)/);

    let graded = 0;
    const live: ProviderAdapter = {
      name: 'live',
      priceProviderId: undefined,
      async complete(model): Promise<ChatResponse> {
        expect(model).toBe('grader-1');
        graded++;
        return {
          text: 'Score: 9',
          toolCalls: [],
          finishReason: 'stop',
          usage: { inputTokens: 100, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0 },
          warnings: [],
          raw: null,
        };
      },
      stream() {
        throw new Error('not streamed');
      },
    };
    const report = await replay(judged, data, { live });
    expect(graded).toBe(data.rows.length);
    const point = report.policies[0]!.curve[0]!;
    // The grader accepts every answer: mini answers each row, each row also pays the live grading call.
    expect(point.strongShare).toBe(0);
    expect(point.quality).toBe(report.baselines.weak.quality);
    expect(point.costUsd).toBeCloseTo(report.baselines.weak.costUsd + data.rows.length * (100 * 1e-6 + 5 * 2e-6), 12);
  });

  it('serves answers the data has no text for as empty, and says so in the notes', async () => {
    const noText: EvalDataset = {
      ...data,
      rows: data.rows.map((row) => ({
        ...row,
        outcomes: { ...row.outcomes, big: { ...row.outcomes.big!, response: undefined } },
      })),
    };
    const report = await replay((provider) => cascadeRouter(provider), noText);
    expect(report.notes.join('\n')).toContain(
      "router: 8 recorded answer(s) had no text in the data: served empty, checks saw ''",
    );
  });
});
