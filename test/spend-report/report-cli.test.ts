import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readRecords } from '../../src/ledger/jsonl-ledger.js';
import { postgresLedger } from '../../src/index.js';
import type { SpendReport } from '../../src/spend-report/spend-report.js';
import { captureCliIo } from '../helpers/capture-cli-io.js';

// Eight requests over three days, hand-made so every figure below can be checked on paper (see the comments):
// r1 acme/chat: mini fails (503), its retry answers ($0.002); r2 acme/chat: mini fails twice, falls back to haiku
// ($0.004); r3–r6 search in experiment "exp" (control: sonnet $0.010 and $0.014; cascade: r4 mini $0.001 + check
// $0.0005 + escalated to sonnet $0.012, r5 mini $0.001), with feedback 1, 1→0, 1, 1; r7 globex/chat: a classifier
// charge $0.0003 + mini $0.0017 (cache miss); r8 a cache hit ($0, saved $0.0017); one spend-spike alert.
const fixture = join(import.meta.dirname, '../fixtures/ledger/spend-report.jsonl');
const out = mkdtempSync(join(tmpdir(), 'routewise-spend-report-'));

async function report(...args: string[]): Promise<SpendReport> {
  const cli = captureCliIo();
  const code = await main(['report', ...args, '--json', '-'], cli.io);
  expect(code, cli.err()).toBe(0);
  return JSON.parse(cli.out()) as SpendReport;
}

describe('routewise report', () => {
  it('totals, breakdowns, outcomes, routing, retries, cache and experiments, as computed by hand', async () => {
    const r = await report(fixture);
    // 0.002 + 0.004 + 0.010 + 0.0135 + 0.001 + 0.014 + 0.002 + 0 = 0.0465 over 8 requests.
    expect(r.totals.usd).toBeCloseTo(0.0465, 12);
    expect(r.totals).toMatchObject({ requests: 8, attempts: 12, errors: 3 });
    expect(r.totals.costPerRequestUsd).toBeCloseTo(0.0058125, 12);
    expect(r.totals.byPurpose.check).toBeCloseTo(0.0005, 12);
    expect(r.totals.byPurpose.classifier).toBeCloseTo(0.0003, 12);
    expect(r.totals.byPurpose.answer).toBeCloseTo(0.0457, 12);
    const lines = (list: SpendReport['byDay']) => list.map((l) => [l.key, Number(l.usd.toFixed(6)), l.requests]);
    expect(lines(r.byDay)).toEqual([
      ['2026-11-28', 0.006, 2],
      ['2026-11-29', 0.0235, 2],
      ['2026-11-30', 0.017, 4],
    ]);
    expect(lines(r.byTenant)).toEqual([
      ['globex', 0.0255, 4],
      ['acme', 0.021, 4],
    ]);
    expect(lines(r.byFeature)).toEqual([
      ['search', 0.0385, 4],
      ['chat', 0.008, 4],
    ]);
    // mini: 0.002 (r1) + 0 (r2) + 0.0015 (r4, answer and check) + 0.001 (r5) + 0.0017 (r7); charges have no alias.
    expect(lines(r.byAlias)).toEqual([
      ['sonnet', 0.036, 3],
      ['mini', 0.0062, 5],
      ['haiku', 0.004, 1],
      [null, 0.0003, 2],
    ]);
    expect(r.byModel.map((l) => l.key)).toEqual([
      'anthropic:claude-sonnet-4-6',
      'openai:gpt-5-mini',
      'anthropic:claude-haiku-4-5',
      null,
    ]);
    expect(r.byTenant[0]?.share).toBeCloseTo(0.0255 / 0.0465, 12);
    // Feedback on r3, r4 (latest 0), r5, r6: 3 resolved; their spend 0.010 + 0.0135 + 0.001 + 0.014 = 0.0385.
    expect(r.outcomes).toMatchObject({ requestsWithFeedback: 4, resolved: 3, resolvedAt: 0.5, meanScore: 0.75 });
    expect(r.outcomes.costPerResolvedTaskUsd).toBeCloseTo(0.0385 / 3, 12);
    expect(r.routing).toEqual({ escalated: 1, escalationRate: 0.125, fellBack: 1, fallbackRate: 0.125 });
    // Retries: r1's and r2's second attempts; only r1's cost anything.
    expect(r.retries.attempts).toBe(2);
    expect(r.retries.usd).toBeCloseTo(0.002, 12);
    expect(r.retries.shareOfSpend).toBeCloseTo(0.002 / 0.0465, 12);
    expect(r.cache).toEqual({ recorded: true, hits: 1, misses: 1, hitRate: 0.5, savedUsd: 0.0017 });
    expect(r.experiments).toHaveLength(1);
    const [control, cascade] = r.experiments[0]?.arms ?? [];
    // control: 0.010 and 0.014: mean 0.012, s = 0.002·√2, t(0.975, 1) = 12.706 → ± 12.706 × 0.002 = ± 0.025412.
    expect(control).toMatchObject({ arm: 'control', requests: 2, escalationRate: 0 });
    expect(control?.costPerRequest?.value).toBeCloseTo(0.012, 12);
    expect(control?.costPerRequest?.low).toBeCloseTo(0.012 - 0.025412, 5);
    expect(control?.costPerRequest?.high).toBeCloseTo(0.012 + 0.025412, 5);
    // cascade: 0.0135 and 0.001: mean 0.00725, standard error 0.00625 → ± 0.0794125.
    expect(cascade).toMatchObject({ arm: 'cascade', requests: 2, escalationRate: 0.5 });
    expect(cascade?.costPerRequest?.value).toBeCloseTo(0.00725, 12);
    expect(cascade?.costPerRequest?.high).toBeCloseTo(0.00725 + 0.0794125, 5);
    // Scores are 0/1: Wilson intervals. Control 2 of 2: [0.3424, 1]; cascade 1 of 2: value 0.5.
    expect(control?.feedback).toMatchObject({ count: 2, kind: 'binary' });
    expect(control?.feedback.mean?.value).toBe(1);
    expect(control?.feedback.mean?.low).toBeCloseTo(0.3424, 4);
    expect(control?.feedback.mean?.high).toBe(1);
    expect(cascade?.feedback.mean?.value).toBe(0.5);
    expect(r.alerts).toEqual([
      {
        at: '2026-11-30T12:31:00.000Z',
        type: 'spend-spike',
        scope: 'router, daily',
        message: "router, daily: today's spend $0.017 is 2.3x the trailing daily average",
      },
    ]);
  });

  it('--since/--until and --tenant select rows (router-wide alerts stay with a tenant)', async () => {
    const day = await report(fixture, '--since', '2026-11-29', '--until', '2026-11-30');
    expect(day.totals.usd).toBeCloseTo(0.0235, 12);
    expect(day.totals.requests).toBe(2);
    expect(day.alerts).toHaveLength(0);
    expect(day.filters).toEqual({ since: '2026-11-29T00:00:00.000Z', until: '2026-11-30T00:00:00.000Z', tenant: null });
    const acme = await report(fixture, '--tenant', 'acme');
    // r1, r2, r5, r6.
    expect(acme.totals.usd).toBeCloseTo(0.021, 12);
    expect(acme.totals.requests).toBe(4);
    expect(acme.routing.fellBack).toBe(1);
    expect(acme.alerts).toHaveLength(1);
  });

  it('prints a terminal summary with the same figures', async () => {
    const cli = captureCliIo();
    expect(await main(['report', fixture], cli.io)).toBe(0);
    const text = cli.out();
    expect(text).toContain('total $0.046500 over 8 requests (12 attempts, 3 failed); $0.005813 per request');
    expect(text).toContain('cost per resolved task $0.012833');
    expect(text).toContain('routing: escalated 1 (12.5%), fell back 1 (12.5%)');
    expect(text).toContain('retries: 2 attempts, $0.002000 = 4.3% of spend');
    expect(text).toContain('cache: 1 hits, 1 misses (50.0% hit rate), saved $0.001700');
    expect(text).toMatch(/^ {2}search +\$0\.038500 +82\.8% +4$/m);
    expect(text).toMatch(
      /^ {2}control +2 +\$0\.024000 +\$0\.012000 \[-\$0\.013412, \$0\.037412\] +0\.0% +2 +1\.000 \[0\.342, 1\.000\]$/m,
    );
    expect(text).toContain('2026-11-30 12:31:00  spend-spike  router, daily: today');
  });

  it('writes a self-contained HTML page with the charts, the arms and the alerts', async () => {
    const html = join(out, 'report.html');
    const json = join(out, 'report.json');
    const cli = captureCliIo();
    expect(await main(['report', fixture, '--html', html, '--json', json, '--title', 'Acme spend'], cli.io)).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<title>Acme spend</title>');
    // No scripts, no external resources: the page is one file.
    expect(page).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    for (const chart of [
      'Spend by day (UTC)',
      'Spend by tenant',
      'Spend by feature',
      'Spend by alias',
      'Spend by model',
      'Rates',
      'exp: cost per request (95% CI)',
      'exp: feedback score (95% CI)',
    ]) {
      expect(page).toContain(`aria-label="${chart}"`);
    }
    // Three day columns, a bar per tenant, the interval whiskers of both arms, the figures in the cards.
    expect(
      page.match(/<rect [^>]*fill="#1f77b4"><title>2026-11-\d\d|<rect [^>]*fill="#1f77b4"><title>11-\d\d/g),
    ).toHaveLength(3);
    expect(page).toContain('<title>11-29: $0.023500</title>');
    expect(page).toContain('<div class="value">$0.046500</div>');
    expect(page).toContain('<div class="value">$0.012833</div>');
    expect(page).toContain('<div class="value">$0.001700</div>');
    expect(page).toContain('<td>cascade</td><td>2</td><td>$0.014500</td>');
    expect(page).toContain('spend-spike</td><td>router, daily</td>');
    expect(JSON.parse(readFileSync(json, 'utf8')).totals.requests).toBe(8);
  });

  it('bad input: one line on stderr, exit code 2', async () => {
    for (const [args, message] of [
      [['report'], 'name a ledger: a JSONL file, or --postgres URL'],
      [['report', join(out, 'missing.jsonl')], 'no such ledger file'],
      [['report', fixture, '--since', 'yesterday'], '--since: "yesterday" is not an ISO date'],
      [['report', fixture, '--resolved-at', '2'], '--resolved-at: "2" is not a score in [0, 1]'],
      [['report', fixture, '--table', 't'], '--schema and --table go with --postgres'],
      [['report', fixture, '--bogus'], "Unknown option '--bogus'"],
    ] as const) {
      const cli = captureCliIo();
      expect(await main([...args], cli.io)).toBe(2);
      expect(cli.err()).toContain(message);
    }
  });
});

describe('routewise report --postgres', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `rw_report_${process.pid}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('reads a PostgreSQL ledger to the same report as the JSONL file', async () => {
    const ledger = postgresLedger({ url, schema, table: 'spend' });
    const rows = [];
    for await (const row of readRecords(fixture)) rows.push(row);
    ledger.write(rows);
    await ledger.close();
    const fromPostgres = await report('--postgres', url, '--schema', schema, '--table', 'spend');
    const fromFile = await report(fixture);
    expect(fromPostgres.totals).toEqual(fromFile.totals);
    expect(fromPostgres.byAlias).toEqual(fromFile.byAlias);
    expect(fromPostgres.outcomes).toEqual(fromFile.outcomes);
    expect(fromPostgres.routing).toEqual(fromFile.routing);
    expect(fromPostgres.experiments).toEqual(fromFile.experiments);
    expect(fromPostgres.alerts).toEqual(fromFile.alerts);
    // The cache outcome is a column; the saved USD is not one (yet), so only the outcome survives PostgreSQL.
    expect(fromPostgres.cache.hits).toBe(1);
    const tenant = await report('--postgres', url, '--schema', schema, '--table', 'spend', '--tenant', 'globex');
    expect(tenant.totals.usd).toBeCloseTo(0.0255, 12);
    expect(tenant.alerts).toHaveLength(1);
  });
});
