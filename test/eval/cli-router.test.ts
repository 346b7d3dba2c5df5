import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/cli/eval-command.js';
import { main } from '../../src/cli/main.js';
import { loadDataset } from '../../src/eval/loaders/load-dataset.js';
import { cascadePolicy } from '../../src/eval/policies/cascade-policy.js';
import { gsm8kAnswerCheck } from '../../src/eval/policies/gsm8k-answer-check.js';
import { runEval } from '../../src/eval/run-eval.js';
import type { ProviderAdapter } from '../../src/providers/spec/provider.js';
import { captureCliIo } from '../helpers/capture-cli-io.js';

const root = join(import.meta.dirname, '../..');
const data = join(root, 'test/fixtures/eval/replay-gsm.jsonl');
const fixtures = join(root, 'test/eval/fixtures');

describe('routewise eval --router', () => {
  it("reports the deployed router beside the evaluator's policies, with the cascade's figures", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-router-'));
    const c = captureCliIo();
    const argv = ['eval', '--data', data, '--folds', '4', '--classifiers', 'heuristic'];
    argv.push(
      '--router',
      join(fixtures, 'cascade-router.ts'),
      '--json',
      join(dir, 'r.json'),
      '--html',
      join(dir, 'r.html'),
    );
    const code = await main(argv, c.io);
    expect(c.err()).not.toContain('Error');
    expect(code).toBe(0);
    expect(c.out()).toMatch(/^my cascade\s+—/m);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const names = json.policies.map((p: { name: string }) => p.name);
    expect(names[0]).toBe('my cascade');
    expect(names).toContain('heuristic');
    // The cascade over mini and big, as the evaluator measures it on the same 4 folds.
    const dataset = loadDataset(data);
    const twoModels = {
      ...dataset,
      models: ['mini', 'big'],
      rows: dataset.rows.map((row) => ({ ...row, outcomes: { mini: row.outcomes.mini!, big: row.outcomes.big! } })),
    };
    const expected = await runEval({ data: twoModels, folds: 4, policies: [cascadePolicy('c', gsm8kAnswerCheck)] });
    const mine = json.policies[0];
    // The JSON report rounds to 6 significant digits.
    expect(mine.quality).toBeCloseTo(expected.policies[0]!.quality, 6);
    expect(mine.strongShare).toBeCloseTo(expected.policies[0]!.strongShare, 6);
    expect(mine.costUsd / expected.policies[0]!.costUsd).toBeCloseTo(1, 5);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('my cascade');
  });

  it('--router-only leaves out the evaluator policies', async () => {
    const c = captureCliIo();
    const argv = ['eval', '--data', data, '--folds', '2', '--router', join(fixtures, 'cascade-router.ts')];
    const code = await main([...argv, '--router-only'], c.io);
    expect(code).toBe(0);
    const policyLines = c
      .out()
      .split('\n')
      .filter((line) => /^(my cascade|heuristic|learned)\s/.test(line));
    expect(policyLines.map((line) => line.split(/\s{2,}/)[0])).toEqual(['my cascade']);
  });

  it('stops at a judge the data has no record of, and grades live with --live', async () => {
    const judged = ['--data', data, '--folds', '2', '--router', join(fixtures, 'judged-router.ts'), '--router-only'];
    const c = captureCliIo();
    expect(await main(['eval', ...judged], c.io)).toBe(2);
    expect(c.err().trim()).toMatch(/^routewise eval: recorded call to "grader-1" for "QUESTION \(JSON string\)/);
    expect(c.err()).toContain('needs a live provider');

    let graded = 0;
    const grader: ProviderAdapter = {
      name: 'fake-live',
      priceProviderId: undefined,
      async complete(model) {
        expect(model).toBe('grader-1');
        graded++;
        const usage = {
          inputTokens: 100,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: 5,
          reasoningTokens: 0,
        };
        return { text: 'Score: 3', toolCalls: [], finishReason: 'stop', usage, warnings: [], raw: null };
      },
      stream() {
        throw new Error('not streamed');
      },
    };
    const dir = mkdtempSync(join(tmpdir(), 'routewise-live-'));
    const live = captureCliIo();
    const args = [...judged, '--live', 'fake', '--json', join(dir, 'r.json')];
    expect(await evalCommand(args, live.io, { liveProviders: { fake: () => grader } })).toBe(0);
    const rows = loadDataset(data).rows;
    expect(graded).toBe(rows.length);
    // Every answer graded 3 < 7: each row pays mini, the grading call and big, and gets big's answer.
    const [mine] = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).policies;
    expect(mine.strongShare).toBe(1);
    const cost = rows.reduce(
      (sum, row) => sum + row.outcomes.mini!.costUsd + row.outcomes.big!.costUsd + 100e-6 + 10e-6,
      0,
    );
    expect(mine.costUsd / cost).toBeCloseTo(1, 5);
  });

  it.each([
    [['--router', join(fixtures, 'missing.mjs')], /--router .*missing\.mjs: no such file/],
    [
      ['--router', join(fixtures, 'not-a-router.mjs')],
      /must be a router or a function \(provider\) => router; got an object with keys policy/,
    ],
    [['--router-only'], /--router-only needs --router/],
    [['--live', 'openai'], /--live needs --router/],
    [
      ['--router', join(fixtures, 'cascade-router.ts'), '--live', 'bogus'],
      /--live: "bogus" is not one of openai, anthropic, google/,
    ],
  ])('bad router input %# is one line, exit 2', async (flags, message) => {
    const c = captureCliIo();
    const code = await main(['eval', '--data', data, ...flags], c.io);
    expect(code).toBe(2);
    expect(c.err()).toMatch(message);
    expect(c.err().trim().split('\n').at(-1)).toMatch(message);
  });
});
