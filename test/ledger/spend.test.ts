import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, jsonlLedger, type Ledger, memoryLedger } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';
import { KEYS, ledgerRouter, SECRET_PROMPT, sendTraffic, serveProviders } from './ledger-traffic.js';

const server = useMsw();
const tmp = mkdtempSync(join(tmpdir(), 'routewise-ledger-'));

const sinks: Array<[string, () => Ledger]> = [
  ['memory', () => memoryLedger()],
  ['jsonl', () => jsonlLedger({ path: join(tmp, `spend-${Math.random()}.jsonl`) })],
];

describe.each(sinks)('router.spend over the %s ledger, through the real SDKs', (_name, makeLedger) => {
  it('sums to what the results and the failure reported, one row per attempt', async () => {
    serveProviders(server);
    const router = ledgerRouter(makeLedger());
    const totals = await sendTraffic(router);
    const spend = await router.spend();
    // hello 1, flaky 2, cascade: mini + judge + sonnet, stream 1, dead 2 (one retry).
    expect(totals.attempts).toBe(9);
    expect(spend.attempts).toBe(totals.attempts);
    expect(spend.requests).toBe(totals.requests);
    expect(spend.retries).toBe(2);
    expect(spend.errors).toBe(3);
    expect(spend.usd).toBeGreaterThan(0);
    expect(spend.usd).toBeCloseTo(totals.usd, 15);
    const byTenant = await router.spend({ groupBy: 'tenant' });
    expect(Object.fromEntries(byTenant.groups!.map((g) => [g.tenant, g.usd]))).toEqual({
      acme: expect.closeTo(totals.byTenant.acme!, 15),
      globex: expect.closeTo(totals.byTenant.globex!, 15),
    });
    await router.close();
  });

  it('filters by tag, model and time, and groups by several keys', async () => {
    serveProviders(server);
    const router = ledgerRouter(makeLedger());
    const before = new Date();
    await sendTraffic(router);
    const acme = await router.spend({ tenant: 'acme' });
    expect(acme.requests).toBe(3);
    const chat = await router.spend({ feature: 'chat', groupBy: ['model', 'purpose'] });
    expect(chat.requests).toBe(2);
    const keys = chat.groups!.map((g) => `${g.model}/${g.purpose}`).sort();
    // The cascade's classifier charge has no model.
    expect(keys).toEqual(['claude-sonnet-4-6/answer', 'gpt-4.1-mini/answer', 'gpt-4.1-nano/check', 'null/classifier']);
    expect(chat.groups!.reduce((sum, g) => sum + g.usd, 0)).toBeCloseTo(chat.usd, 15);
    expect((await router.spend({ until: before })).requests).toBe(0);
    expect((await router.spend({ since: before })).requests).toBe(5);
    const days = await router.spend({ groupBy: 'day' });
    expect(days.groups!.map((g) => g.day)).toEqual([new Date().toISOString().slice(0, 10)]);
    await router.close();
  });
});

describe('ledger rows', () => {
  it('carry no key and no prompt text by default; includeText opts into messages and the answer', async () => {
    serveProviders(server);
    const path = join(tmp, 'text.jsonl');
    const plain = ledgerRouter(jsonlLedger({ path }));
    await sendTraffic(plain);
    await plain.close();
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(10); // 9 attempts + the classifier's charge
    for (const secret of [KEYS.openai, KEYS.anthropic, SECRET_PROMPT, 'Hello! How can I help']) {
      expect(text).not.toContain(secret);
    }

    const opted = memoryLedger({ includeText: true });
    const router = ledgerRouter(opted);
    await router.complete({ model: 'mini', messages: [{ role: 'user', content: SECRET_PROMPT }] });
    const [row] = opted.records();
    expect(row!.prompt).toContain(SECRET_PROMPT);
    expect(row!.response).toBe('The capital of France is Paris.');
    expect(JSON.stringify(opted.records())).not.toContain(KEYS.openai);
  });

  it('records the tags, usage, cost, status and latency of each attempt', async () => {
    serveProviders(server);
    const ledger = memoryLedger();
    const router = ledgerRouter(ledger);
    const res = await router.complete({
      model: 'mini',
      messages: [{ role: 'user', content: 'flaky one' }],
      requestId: 'r-1',
      metadata: { tenant: 'acme', user: 'u-1', feature: 'chat' },
    });
    const rows = ledger.records();
    expect(rows.map((r) => [r.requestId, r.kind, r.attempt, r.status, r.httpStatus, r.error])).toEqual([
      ['r-1', 'attempt', 1, 'error', 500, 'ProviderError'],
      ['r-1', 'attempt', 2, 'ok', undefined, undefined],
    ]);
    expect(rows[1]).toMatchObject({
      tenant: 'acme',
      user: 'u-1',
      feature: 'chat',
      alias: 'mini',
      provider: 'openai',
      model: 'gpt-4.1-mini',
      purpose: 'answer',
      usage: res.usage,
      costUsd: res.cost.usd,
    });
    expect(rows[1]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(rows[0]!.at)).toBeLessThanOrEqual(Date.parse(rows[1]!.at));
  });

  it('the memory ledger keeps only its newest rows', async () => {
    const ledger = memoryLedger({ maxRecords: 2 });
    const row = (requestId: string) =>
      ({
        at: new Date().toISOString(),
        requestId,
        kind: 'attempt',
        purpose: 'answer',
        status: 'ok',
        costUsd: 1,
      }) as const;
    ledger.write([row('a'), row('b'), row('c')]);
    expect(ledger.records().map((r) => r.requestId)).toEqual(['b', 'c']);
  });

  it('router.spend refuses a bad query with the field path', async () => {
    const router = ledgerRouter(memoryLedger());
    await expect(router.spend({ groupBy: 'colour' as never })).rejects.toThrow(InvalidRequestError);
    await expect(router.spend({ since: 'yesterday' })).rejects.toThrow('since: must be a Date');
    await expect(router.spend({ tenant: 3 as never, groupBy: ['day', 'x' as never] })).rejects.toThrow(
      /tenant: must be a string[\s\S]*groupBy\[1\]/,
    );
  });
});
