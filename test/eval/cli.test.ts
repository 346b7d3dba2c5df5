import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureCliIo } from '../helpers/capture-cli-io.js';

/** Off a terminal, stderr carries one progress line per stage and nothing else. */
const ONLY_PROGRESS_LINES = /^(\[\s*\d+\/\d+\] [^\n]+\n)+$/;

const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/eval');

const capture = captureCliIo;

describe('routewise eval', () => {
  it('writes the documented JSON, an HTML report with SVG charts, and a table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-eval-'));
    const c = capture();
    const code = await main(
      [
        'eval',
        '--data',
        join(fixtures, 'routellm-gsm.csv'),
        '--folds',
        '2',
        '--price-map',
        'weak-model=1/2,strong-model=10/30',
        '--json',
        join(dir, 'r.json'),
        '--html',
        join(dir, 'r.html'),
      ],
      c.io,
    );
    expect(c.err()).toMatch(ONLY_PROGRESS_LINES);
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const names = json.policies.map((p: { name: string }) => p.name);
    expect(names).toEqual(['heuristic', 'learned', 'cascade(gsm8k)', 'learned+cascade(gsm8k)']);
    const documented = ['name', 'quality', 'costUsd', 'costShare', 'strongShare', 'apgr', 'cpt50', 'cpt80', 'aiq'];
    for (const p of [...json.policies, ...Object.values(json.baselines)] as Record<string, unknown>[]) {
      expect(Object.keys(p).slice(0, documented.length)).toEqual(documented);
    }
    expect(Object.keys(json.baselines)).toEqual(['weak', 'strong', 'random', 'oracle']);
    expect(json.baselines.weak.quality).toBe(0.5);
    expect(json.baselines.strong.quality).toBe(0.75);
    expect(json.weakModel).toBe('weak-model');
    // The cascade keeps the weak answers passing the check (rows 1 and 4) and escalates rows 2 (wrong <<24/12=3>>)
    // and 3 (no #### line), where the strong model is right.
    const cascade = json.policies[2];
    expect(cascade.strongShare).toBe(0.5);
    expect(cascade.quality).toBe(1);
    // One operating point: RouteLLM's APGR is 0/0 (null); np.interp over one point returns its share; RouterBench's
    // AIQ counts its quality from its cost share to the largest hull cost (always-strong's, 1): 1 × (1 − share).
    expect(cascade.apgr).toBeNull();
    expect(cascade.cpt50).toBe(0.5);
    expect(cascade.cpt80).toBe(0.5);
    expect(cascade.aiq).toBeCloseTo(1 - cascade.costShare, 5);
    // Completed with (0, .5) and (1, .75): area .375 + .4375 = .8125 → (.8125 − .5) / .25 = 1.25.
    expect(cascade.apgrCompleted).toBeCloseTo(1.25, 5);
    const { weak, random, oracle } = json.baselines;
    expect(weak.aiq).toBeCloseTo(0.5 * (1 - weak.costShare), 5);
    expect([random.apgr, random.cpt50, random.cpt80]).toEqual([0.5, 0.5, 0.8]);
    // The oracle sends at most the allowed share, and only rows 2 and 3 (weak wrong, strong right): quality 1 at
    // half the queries on strong, never more.
    expect(Math.max(...oracle.curve.map((p: { strongShare: number }) => p.strongShare))).toBe(0.5);
    expect(Math.max(...oracle.curve.map((p: { quality: number }) => p.quality))).toBe(1);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(c.out()).toContain('random (expected)');
    expect(c.out()).toMatch(/\ncascade\(gsm8k\)\s+—\s+50\.0%\s+50\.0%\s+0\.401/);
  });

  it('exits 2 with one line for a bad path, format, column or flag', async () => {
    const cases: [string[], RegExp][] = [
      [['eval', '--data', join(fixtures, 'missing.csv')], /missing\.csv: no such file/],
      [
        ['eval', '--data', join(fixtures, 'own.jsonl'), '--format', 'xml'],
        /--format: "xml" is not one of routellm, routerbench, jsonl/,
      ],
      [
        [
          'eval',
          '--data',
          join(fixtures, 'routellm-dir'),
          '--price-map',
          'weak-model=1/1,strong-model=2/2',
          '--folds',
          '2',
          '--group-column',
          'nope',
        ],
        /--group-column nope: row 1 has no such column/,
      ],
      [
        ['eval', '--data', join(fixtures, 'own.jsonl'), '--folds', '2', '--test', 'x'],
        /--test and --folds exclude each other/,
      ],
      [['eval', '--bogus'], /Unknown option '--bogus'/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    for (const [argv, message] of cases) {
      const c = capture();
      expect(await main(argv, c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.err().trim().split('\n')).toHaveLength(1);
    }
  });

  it('runs as a process: exit code 2 and a one-line message on stderr', () => {
    const result = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'eval', '--data', 'no/such/dir'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('routewise'))).toEqual([
      'routewise eval: no/such/dir: no such file or directory',
    ]);
  }, 30_000);
});

describe('routewise eval --test', () => {
  it('warns when test prompts are also training prompts, on stderr and in the notes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-eval-'));
    const data = join(fixtures, 'routerbench.csv');
    const c = capture();
    const code = await main(['eval', '--data', data, '--test', data, '--json', join(dir, 'r.json')], c.io);
    expect(code).toBe(0);
    const warning =
      '--test: 3 of 3 test prompts also appear in the training data (first: "Q1, with comma"); ' +
      'figures of learned policies on them are not held out';
    expect(c.err()).toContain(`warning: ${warning}\n`);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).notes).toContain(warning);
  });
});
