import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Forecast } from '../../src/spend-report/forecast.js';
import { captureCliIo } from '../helpers/capture-cli-io.js';

const fixture = join(import.meta.dirname, '../fixtures/ledger/spend-report.jsonl');

// Bundled prices per million tokens (genai-prices, as the router uses them): gpt-5-mini $0.25 in / $2 out,
// claude-sonnet-4-6 $3 / $15, claude-haiku-4-5 $1 / $5.
async function forecast(...args: string[]): Promise<Forecast> {
  const cli = captureCliIo();
  const code = await main(['forecast', ...args, '--json', '-'], cli.io);
  expect(code, cli.err()).toBe(0);
  return JSON.parse(cli.out()) as Forecast;
}

describe('routewise forecast from flags', () => {
  const flags = [
    '--users',
    '1000',
    '--messages-per-user',
    '30',
    '--input-tokens',
    '1000',
    '--output-tokens',
    '500',
    '--retry-factor',
    '1.1',
    '--safety-factor',
    '1.2',
  ];

  it('users × messages × tokens × price × retry × safety, at P50 and P95 traffic, per model', async () => {
    const f = await forecast(
      ...flags,
      '--model',
      'openai:gpt-5-mini=0.8',
      '--model',
      'anthropic:claude-sonnet-4-6=0.2',
      '--feature',
      'chat',
    );
    // 30,000 messages. mini: 1000 × 0.25/1M + 500 × 2/1M = $0.00125 a message; × 24,000 × 1.32 = $39.60.
    // sonnet: 1000 × 3/1M + 500 × 15/1M = $0.0105; × 6,000 × 1.32 = $83.16. P95: × 1.5 (the default --p95-factor).
    expect(f.monthlyRequests).toBe(30_000);
    expect(f.byModel.map((l) => [l.key, l.requestsP50, round(l.usdP50), round(l.usdP95)])).toEqual([
      ['openai:gpt-5-mini', 24_000, 39.6, 59.4],
      ['anthropic:claude-sonnet-4-6', 6_000, 83.16, 124.74],
    ]);
    expect(round(f.total.usdP50)).toBe(122.76);
    expect(round(f.total.usdP95)).toBe(184.14);
    expect(f.byFeature).toHaveLength(1);
    expect(f.byFeature[0]?.key).toBe('chat');
    // Always sonnet (the dearest of the two): 30,000 × $0.0105 × 1.32 = $415.80; the mix saves $293.04.
    expect(f.strongest?.model).toBe('anthropic:claude-sonnet-4-6');
    expect(f.strongest?.chosenBy).toBe('dearest');
    expect(round(f.strongest?.usdP50 ?? 0)).toBe(415.8);
    expect(round(f.strongest?.savedUsdP50 ?? 0)).toBe(293.04);
    expect(f.strongest?.savedShare).toBeCloseTo(293.04 / 415.8, 9);
  });

  it('prints the monthly figures; one model takes every message; --strongest names the comparison', async () => {
    const cli = captureCliIo();
    const args = [...flags, '--model', 'openai:gpt-5-mini', '--strongest', 'anthropic:claude-haiku-4-5'];
    expect(await main(['forecast', ...args, '--p95-factor', '2'], cli.io)).toBe(0);
    const text = cli.out();
    // 30,000 × $0.00125 × 1.32 = $49.50; P95 × 2 = $99. Haiku: 1000 × 1/1M + 500 × 5/1M = $0.0035 → $138.60.
    expect(text).toContain('monthly total: $49.500 at P50 traffic, $99.000 at P95');
    expect(text).toMatch(/^ {2}openai:gpt-5-mini +30000 +\$49\.500 +\$99\.000$/m);
    expect(text).toContain(
      'always anthropic:claude-haiku-4-5 (--strongest): $138.60 a month at P50 ($277.20 at P95); the routing saves $89.100 (64.3%)',
    );
  });

  it('refuses what it cannot price or add up', async () => {
    for (const [args, message] of [
      [[...flags], 'missing --model'],
      [['--users', '10'], 'missing --messages-per-user, --input-tokens, --output-tokens, --model'],
      [[...flags, '--model', 'openai:no-such-model'], 'no bundled price for "openai:no-such-model"'],
      [[...flags, '--model', 'openai:gpt-5-mini=0.5', '--model', 'anthropic:claude-haiku-4-5=0.4'], 'add up to 0.9'],
      [[...flags, '--model', 'openai:gpt-5-mini', '--model', 'anthropic:claude-haiku-4-5'], 'give each its share'],
      [['--ledger', fixture, '--users', '10'], '--users is a planning flag'],
      [['--ledger', fixture, '--multiplier', '2', '--target-requests', '5'], 'exclude each other'],
    ] as const) {
      const cli = captureCliIo();
      expect(await main(['forecast', ...args], cli.io)).toBe(2);
      expect(cli.err()).toContain(message);
    }
  });
});

describe('routewise forecast from a ledger', () => {
  it('projects each feature’s observed cost to the target volume, and reprices answers at the strongest model', async () => {
    const f = await forecast('--ledger', fixture, '--target-requests', '8000');
    // 8 requests observed → × 1000; retry factor 1 (the ledger's costs include retries), safety 1.2; fewer than 7
    // days: P50 is the mean day, P95 1.5×. search $0.0385 → $46.20 ($69.30); chat $0.008 → $9.60 ($14.40).
    expect(f.basis).toBe('ledger');
    expect(f.factors).toEqual({ retry: 1, safety: 1.2, p50Traffic: 1, p95Traffic: 1.5 });
    expect(f.byFeature.map((l) => [l.key, l.requestsP50, round(l.usdP50), round(l.usdP95)])).toEqual([
      ['search', 4000, 46.2, 69.3],
      ['chat', 4000, 9.6, 14.4],
    ]);
    expect(round(f.total.usdP50)).toBe(55.8);
    expect(f.byModel.map((l) => [l.key, round(l.usdP50)])).toEqual([
      ['anthropic:claude-sonnet-4-6', 43.2],
      ['openai:gpt-5-mini', 7.44],
      ['anthropic:claude-haiku-4-5', 4.8],
      ['(classifier:llm charges)', 0.36],
      ['(cache charges)', 0],
    ]);
    // Strongest: sonnet, the dearest model seen. The 7 answered requests' answers (1000 in, 500 out each) at sonnet
    // cost 7 × $0.0105 = $0.0735 against the $0.0465 they cost: saved $0.027 → × 1200 = $32.40 a month.
    expect(f.strongest?.model).toBe('anthropic:claude-sonnet-4-6');
    expect(round(f.strongest?.usdP50 ?? 0)).toBe(88.2);
    expect(round(f.strongest?.savedUsdP50 ?? 0)).toBe(32.4);
    expect(f.strongest?.savedShare).toBeCloseTo(0.027 / 0.0735, 9);
  });

  it('a multiplier scales the observed monthly rate; --tenant selects rows', async () => {
    // 8 requests over the spend rows' 2.104 days (10:00 on the 28th to 12:30 on the 30th; the alert row is no traffic):
    // 114.06 a month; × 2 = 228.12.
    const days = (Date.parse('2026-11-30T12:30:00Z') - Date.parse('2026-11-28T10:00:00Z')) / 86_400_000;
    const f = await forecast('--ledger', fixture, '--multiplier', '2', '--safety-factor', '1');
    expect(f.monthlyRequests).toBeCloseTo((8 / days) * 30 * 2, 9);
    expect(f.total.usdP50).toBeCloseTo(0.0465 * ((f.monthlyRequests as number) / 8), 9);
    const acme = await forecast(
      '--ledger',
      fixture,
      '--tenant',
      'acme',
      '--target-requests',
      '400',
      '--safety-factor',
      '1',
    );
    // acme: r1, r2, r5, r6 = $0.021 over 4 requests → × 100 = $2.10.
    expect(round(acme.total.usdP50)).toBe(2.1);
  });
});

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
