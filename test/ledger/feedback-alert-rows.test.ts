import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fixed, type MemoryLedger, memoryLedger, postgresLedger, UnknownRequestError } from '../../src/index.js';
import { ledgerDdl } from '../../src/ledger/postgres-ledger-schema.js';
import { createRouter, openai, anthropic } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';
import { KEYS, serveProviders } from './ledger-traffic.js';

const server = useMsw();

function experimentRouter(ledger: MemoryLedger) {
  return createRouter({
    providers: { openai: openai({ apiKey: KEYS.openai }), anthropic: anthropic({ apiKey: KEYS.anthropic }) },
    models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
    experiments: [{ name: 'one-arm', arms: [{ name: 'mini', weight: 1, policy: fixed('mini') }] }],
    // A cap whose first threshold the first request crosses: one budget alert.
    budgets: { tenants: { acme: { dailyUsd: 1, alertAt: [0.000_001] } } },
    ledger,
  });
}

describe('feedback and alert rows in the ledger', () => {
  it('router.feedback writes a feedback row; an alert writes an alert row; neither counts as spend', async () => {
    serveProviders(server);
    const ledger = memoryLedger();
    const router = experimentRouter(ledger);
    const alerts: string[] = [];
    router.on('alert', (alert) => alerts.push(alert.type));
    const res = await router.complete({ messages: [{ role: 'user', content: 'hello' }], metadata: { tenant: 'acme' } });
    const before = await router.spend();
    await router.feedback(res.requestId, { score: 1 });
    await router.feedback(res.requestId, { score: 0.25 });
    // Unknown ids are refused as before, and leave no row.
    await expect(router.feedback('no-such-request', { score: 1 })).rejects.toThrow(UnknownRequestError);
    await router.close();

    expect(alerts).toEqual(['budget-threshold']);
    const feedback = ledger.records().filter((row) => row.kind === 'feedback');
    expect(feedback.map((row) => [row.requestId, row.score, row.costUsd])).toEqual([
      [res.requestId, 1, 0],
      [res.requestId, 0.25, 0],
    ]);
    const [alert] = ledger.records().filter((row) => row.kind === 'alert');
    expect(alert).toMatchObject({
      kind: 'alert',
      tenant: 'acme',
      costUsd: 0,
      alert: { type: 'budget-threshold', scope: 'tenant acme, daily', figures: { capUsd: 1, threshold: 0.000_001 } },
    });
    expect(alert?.requestId).toMatch(/^alert:/);
    const after = await router.spend();
    expect(after).toEqual(before);
    expect(after.requests).toBe(1);
  });
});

describe('feedback and alert rows in PostgreSQL', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `rw_event_rows_${process.pid}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('a table made before the score and alert columns gets them; spend skips the rows', async () => {
    for (const statement of ledgerDdl(schema, 'old')) await admin.query(statement);
    await admin.query(`ALTER TABLE ${schema}.old DROP COLUMN score, DROP COLUMN alert`);
    const ledger = postgresLedger({ url, schema, table: 'old' });
    const at = new Date().toISOString();
    ledger.write([
      { at, requestId: 'r1', kind: 'attempt', purpose: 'answer', status: 'ok', costUsd: 0.5, alias: 'mini' },
      { at, requestId: 'r1', kind: 'feedback', purpose: 'answer', status: 'ok', costUsd: 0, score: 0.75 },
      {
        at,
        requestId: 'alert:x',
        kind: 'alert',
        purpose: 'answer',
        status: 'ok',
        costUsd: 0,
        alert: { type: 'spend-spike', scope: 'router, daily', message: 'm', figures: { ratio: 2 } },
      },
    ]);
    const spend = await ledger.spend({ filters: {}, groupBy: [] });
    await ledger.close();
    expect(spend).toMatchObject({ usd: 0.5, requests: 1, attempts: 1, retries: 0, errors: 0 });
    const { rows } = await admin.query(`SELECT kind, score, alert FROM ${schema}.old ORDER BY id`);
    expect(rows).toEqual([
      { kind: 'attempt', score: null, alert: null },
      { kind: 'feedback', score: 0.75, alert: null },
      {
        kind: 'alert',
        score: null,
        alert: { type: 'spend-spike', scope: 'router, daily', message: 'm', figures: { ratio: 2 } },
      },
    ]);
  });
});
