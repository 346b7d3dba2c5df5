import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { CascadeLambdaCalibration, PolicyRouteInfo } from '../../src/index.js';
import {
  calibrateLambda,
  cascadeRouting,
  ConfigError,
  createRouter,
  LAMBDA_GRID,
  loadDataset,
  openaiCompatible,
  trainCascadeRouting,
} from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

// The 24-row fixture of test/eval/train-cascade-routing.test.ts: cheap $0.0001, mid $0.001, large $0.01 on every
// row; large has the best mean quality (23/24), so always-large is the cost share's reference.
const data = loadDataset(join(import.meta.dirname, '../fixtures/eval/cascade-routing.jsonl'));
const learned = trainCascadeRouting(data);
const server = useMsw();

/**
 * Runs the live router at `lambda` over every fixture row (msw answering each model with its recorded answer), priced
 * 1 : 10 : 100 as the recorded costs are, and scores what it returned with the recorded outcomes.
 */
async function liveFigures(lambda: number) {
  const byPrompt = new Map(data.rows.map((row) => [row.prompt, row]));
  server.use(
    http.post('http://models.test/v1/chat/completions', async ({ request }) => {
      // biome-ignore lint/suspicious/noExplicitAny: the provider's JSON body, read loosely on purpose
      const body = (await request.json()) as any;
      const row = byPrompt.get(body.messages.at(-1).content)!;
      const content = row.outcomes[String(body.model).replace(/^m-/, '')]!.response;
      return HttpResponse.json({
        id: 'cmpl-1',
        object: 'chat.completion',
        created: 1,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 30, completion_tokens: 10, total_tokens: 40 },
      });
    }),
  );
  const router = createRouter({
    providers: { local: openaiCompatible({ name: 'local', baseURL: 'http://models.test/v1', apiKey: 'k' }) },
    models: Object.fromEntries(learned.models.map((m) => [m, { provider: 'local', model: `m-${m}` }])),
    prices: {
      'local:m-cheap': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
      'local:m-mid': { inputPerMTok: 1, outputPerMTok: 4 },
      'local:m-large': { inputPerMTok: 10, outputPerMTok: 40 },
    },
    retry: { retries: 0 },
    policy: cascadeRouting({ candidates: { cheap: 'cheap', mid: 'mid', large: 'large' }, learned, lambda }),
  });
  let quality = 0;
  let cost = 0;
  for (const row of data.rows) {
    const res = await router.complete({
      messages: [{ role: 'user', content: row.prompt }],
      maxOutputTokens: 100,
      metadata: { feature: row.task! },
    });
    quality += row.outcomes[res.alias]!.quality;
    for (const step of (res.route as PolicyRouteInfo).steps) cost += row.outcomes[step.alias]!.costUsd;
  }
  return { quality: quality / data.rows.length, costShare: cost / (0.01 * data.rows.length) };
}

const gridIndex = (calibration: CascadeLambdaCalibration) => LAMBDA_GRID.indexOf(calibration.lambda);

describe('calibrateLambda({ cascade, data }): λ for cascadeRouting() on recorded answers', () => {
  it('maxCostShare: the smallest λ within the share, and the live router at that λ gives the same figures', async () => {
    const calibration = await calibrateLambda({ cascade: { learned }, data, maxCostShare: 0.2 });
    expect(calibration.reached).toBe(true);
    expect(calibration.reference).toBe('large');
    expect(calibration.costShare).toBeLessThanOrEqual(0.2);
    const i = gridIndex(calibration);
    expect(i).toBeGreaterThan(0);
    // The grid's λ just below it costs more than the share, live.
    expect((await liveFigures(LAMBDA_GRID[i - 1]!)).costShare).toBeGreaterThan(0.2);
    const live = await liveFigures(calibration.lambda);
    expect(live.quality).toBeCloseTo(calibration.quality, 12);
    expect(live.costShare).toBeCloseTo(calibration.costShare, 12);
    // λ = 0 calls large and mid on every quiz row, large alone on sums: (16 × 0.011 + 8 × 0.01) / 0.24 = 1.067 of
    // always-large, so even a share of 1 needs a λ above 0.
    const all = await calibrateLambda({ cascade: { learned }, data, maxCostShare: 1 });
    expect(all.lambda).toBeGreaterThan(0);
    expect(all.costShare).toBeLessThanOrEqual(1);
  });

  it('targetQuality: the largest λ reaching it; an unreachable one comes back with reached: false', async () => {
    const calibration = await calibrateLambda({ cascade: { learned }, data, targetQuality: 0.8 });
    expect(calibration.reached).toBe(true);
    expect(calibration.quality).toBeGreaterThanOrEqual(0.8);
    const live = await liveFigures(calibration.lambda);
    expect(live.quality).toBeCloseTo(calibration.quality, 12);
    const unreachable = await calibrateLambda({ cascade: { learned }, data, targetQuality: 1.01 });
    expect(unreachable.reached).toBe(false);
    expect(unreachable.quality).toBeGreaterThanOrEqual(calibration.quality);
    // The policy takes the calibration as its λ.
    expect(() => cascadeRouting({ candidates: { cheap: 'cheap' }, learned, lambda: calibration })).not.toThrow();
  });

  it('rejects bad input with paths', async () => {
    await expect(calibrateLambda({ cascade: { learned: {} as never }, data, maxCostShare: 0.1 })).rejects.toThrow(
      /calibrateLambda\.cascade\.learned: must be a trainCascadeRouting\(\) result/,
    );
    await expect(
      calibrateLambda({ cascade: { learned, candidates: ['cheap', 'nope'] }, data, maxCostShare: 0.1 }),
    ).rejects.toThrow(/calibrateLambda\.cascade\.candidates\[1\]: the learned model has no "nope"/);
    const noAnswers = {
      ...data,
      rows: data.rows.map((row) => ({ ...row, outcomes: { ...row.outcomes, mid: { quality: 1, costUsd: 0.001 } } })),
    };
    await expect(calibrateLambda({ cascade: { learned }, data: noAnswers, maxCostShare: 0.1 })).rejects.toThrow(
      /calibrateLambda\.data\.rows\[0\]\.outcomes\.mid\.response: missing/,
    );
    await expect(calibrateLambda({ cascade: { learned }, data } as never)).rejects.toThrow(ConfigError);
  });
});
