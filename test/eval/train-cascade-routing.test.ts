import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { answerKey } from '../../src/router/acceptance/answer-key.js';
import { cascadeEstimatesFor } from '../../src/router/policies/cascade-routing-model.js';
import type { PolicyRouteInfo } from '../../src/index.js';
import {
  CASCADE_ROUTING_FORMAT,
  cascadeRouting,
  createRouter,
  EvalInputError,
  loadDataset,
  openaiCompatible,
  recordedProvider,
  replay,
  runCascadeRouting,
  trainCascadeRouting,
} from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

// 24 rows, three models: `quiz` (16 choice questions; cheap right on even rows, mid on 3 of 4, large on all but
// row 5) and `sums` (8 sums; cheap wrong on 2, mid and large always right).
const data = loadDataset(join(import.meta.dirname, '../fixtures/eval/cascade-routing.jsonl'));
const server = useMsw();

describe('trainCascadeRouting()', () => {
  const learned = trainCascadeRouting(data);

  it('learns per-task means shrunk towards the all-row ones, answer kinds, and agreement rates', () => {
    expect(learned.format).toBe(CASCADE_ROUTING_FORMAT);
    expect(learned.models).toEqual(['cheap', 'mid', 'large']);
    expect(Object.keys(learned.tasks).sort()).toEqual(['quiz', 'sums']);
    expect(learned.answerKinds).toEqual({ quiz: 'choice', sums: 'number' });
    expect(learned.all.quality[0]).toBeCloseTo(14 / 24, 12);
    // quiz: cheap 8 right of 16, shrunk with 10 pseudo-rows at the all-row 14/24.
    expect(learned.tasks.quiz!.quality[0]).toBeCloseTo((8 + (10 * 14) / 24) / 26, 12);
    expect(learned.tasks.quiz!.rows).toBe(16);
    // sums: large is always right and mid always agrees with it; the task's rate is shrunk towards the all-row one.
    expect(learned.tasks.sums!.rates.agreeIfRight[2]![1]).toBeGreaterThan(learned.all.rates.agreeIfRight[2]![1]!);
    expect(learned.tasks.sums!.rates.agreeIfRight[2]![1]).toBeLessThan(1);
    // The model is plain JSON: it survives a round trip.
    expect(JSON.parse(JSON.stringify(learned))).toEqual(learned);
  });

  it('refuses an unknown model or empty data', () => {
    expect(() => trainCascadeRouting(data, { models: ['cheap', 'nope'] })).toThrow(EvalInputError);
    expect(() => trainCascadeRouting({ ...data, rows: [] })).toThrow(/no rows/);
  });

  it('the live policy makes the same calls and returns the same answer as the rule replayed on the recorded answers', async () => {
    const byPrompt = new Map(data.rows.map((row) => [row.prompt, row]));
    server.use(
      http.post('http://models.test/v1/chat/completions', async ({ request }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the provider's JSON body, read loosely on purpose
        const body = (await request.json()) as any;
        const row = byPrompt.get(body.messages.at(-1).content)!;
        const model = String(body.model).replace(/^m-/, '');
        return HttpResponse.json({
          id: 'cmpl-1',
          object: 'chat.completion',
          created: 1_763_900_000,
          model: body.model,
          choices: [
            { index: 0, message: { role: 'assistant', content: row.outcomes[model]!.response }, finish_reason: 'stop' },
          ],
          usage: { prompt_tokens: 30, completion_tokens: 10, total_tokens: 40 },
        });
      }),
    );
    const models = Object.fromEntries(learned.models.map((m) => [m, { provider: 'local', model: `m-${m}` }]));
    const prices = {
      'local:m-cheap': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
      'local:m-mid': { inputPerMTok: 1, outputPerMTok: 4 },
      'local:m-large': { inputPerMTok: 10, outputPerMTok: 40 },
    };
    const seen = new Set<string>();
    for (const lambda of [0, 0.02, 0.2, 0.6, 1.5, 2.5, 5]) {
      const router = createRouter({
        providers: { local: openaiCompatible({ name: 'local', baseURL: 'http://models.test/v1', apiKey: 'k' }) },
        models,
        prices,
        retry: { retries: 0 },
        policy: cascadeRouting({ candidates: { cheap: 'cheap', mid: 'mid', large: 'large' }, learned, lambda }),
      });
      for (const row of data.rows) {
        const res = await router.complete({
          messages: [{ role: 'user', content: row.prompt }],
          maxOutputTokens: 100,
          metadata: { feature: row.task! },
        });
        const route = res.route as PolicyRouteInfo;
        const info = route.cascadeRouting!;
        const estimates = cascadeEstimatesFor(
          learned,
          row.task,
          [0, 1, 2],
          info.candidates.map((c) => c.cost),
        );
        const kind = learned.answerKinds[row.task!]!;
        const replayed = runCascadeRouting(estimates, lambda, (m) =>
          answerKey(row.outcomes[learned.models[m]!]!.response!, kind),
        );
        const called = route.steps.map((s) => s.alias);
        expect(called).toEqual(replayed.called.map((m) => learned.models[m]));
        expect(res.alias).toBe(learned.models[replayed.answer]);
        seen.add(called.join('>'));
      }
    }
    // The λ values cover five routes: large>mid, large, mid>large, mid, cheap.
    expect([...seen].sort()).toEqual(['cheap', 'large', 'large>mid', 'mid', 'mid>large']);
  });

  it('replay() of a live cascadeRouting router gives, per λ, the figures of that router run on the recorded answers', async () => {
    const factory = (provider: ReturnType<typeof recordedProvider>, lambda: number) =>
      createRouter({
        providers: { rec: provider },
        models: Object.fromEntries(learned.models.map((m) => [m, { provider: 'rec', model: m }])),
        retry: { retries: 0 },
        policy: cascadeRouting({
          candidates: { cheap: 'cheap', mid: 'mid', large: 'large' },
          learned,
          lambda,
          outputTokens: 10,
        }),
      });
    const params = [0, 0.2, 0.6, 5];
    const report = await replay(factory, data, { params, name: 'live-cascade-routing' });
    const curve = report.policies[0]!.curve;
    const qualities = new Set<number>();
    for (const lambda of params) {
      const router = factory(recordedProvider(data), lambda);
      let quality = 0;
      let cost = 0;
      for (const row of data.rows) {
        const res = await router.complete({
          messages: [{ role: 'user', content: row.prompt }],
          metadata: { feature: row.task! },
        });
        quality += row.outcomes[res.alias]!.quality;
        cost += res.cost.usd;
      }
      const point = curve.find((p) => p.param === lambda)!;
      expect(point.quality).toBeCloseTo(quality / data.rows.length, 12);
      expect(point.costUsd).toBeCloseTo(cost, 12);
      qualities.add(point.quality);
    }
    expect(qualities.size).toBeGreaterThan(1);
  });
});
