import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresLedger } from '../../src/index.js';
import { normalizeSpendQuery } from '../../src/ledger/spend-query.js';
import { DATABASE_URL, dropSchema, requirePostgres, uniqueName } from '../helpers/servers.js';
import { useMsw } from '../helpers/msw.js';
import { KEYS, ledgerRouter, SECRET_PROMPT, sendTraffic, serveProviders } from './ledger-traffic.js';

const server = useMsw();
const schema = uniqueName('ledger');
let pool: pg.Pool;

beforeAll(async () => {
  await requirePostgres();
  pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await dropSchema(schema);
});

describe('postgresLedger (real PostgreSQL, its own schema)', () => {
  it('router.spend equals what the results reported; one row per attempt; the table is created on first use', async () => {
    serveProviders(server);
    const router = ledgerRouter(postgresLedger({ url: DATABASE_URL, schema, table: 'spend' }));
    const totals = await sendTraffic(router);
    const spend = await router.spend();
    expect(spend.attempts).toBe(totals.attempts);
    expect(spend.requests).toBe(totals.requests);
    expect(spend.usd).toBeCloseTo(totals.usd, 15);
    const grouped = await router.spend({ tenant: 'acme', groupBy: ['tenant', 'day'] });
    expect(grouped.groups).toEqual([
      {
        tenant: 'acme',
        day: new Date().toISOString().slice(0, 10),
        usd: expect.closeTo(totals.byTenant.acme!, 15),
        requests: 3,
        attempts: 5,
        retries: 2,
        errors: 3,
        savedUsd: 0,
        cacheHits: 0,
        exactHits: 0,
        semanticHits: 0,
        cacheMisses: 0,
      },
    ]);
    await router.close();
    const { rows } = await pool.query(`SELECT * FROM "${schema}".spend ORDER BY id`);
    expect(rows).toHaveLength(totals.attempts + 1); // + the classifier's charge row
    const text = JSON.stringify(rows);
    expect(text).not.toContain(KEYS.openai);
    expect(text).not.toContain(SECRET_PROMPT);
    const { rows: indexes } = await pool.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [schema]);
    expect(indexes.map((r) => r.indexname).sort()).toEqual(
      [
        'spend_alias_at_idx',
        'spend_at_idx',
        'spend_feature_at_idx',
        'spend_model_at_idx',
        'spend_pkey',
        'spend_request_id_idx',
        'spend_tenant_at_idx',
        'spend_user_id_at_idx',
      ].sort(),
    );
  });

  it('two ledgers (two instances) on one table: each one sees both; close flushes the batch', async () => {
    const a = postgresLedger({ pool, schema, table: 'shared', flushIntervalMs: 60_000 });
    const b = postgresLedger({ url: DATABASE_URL, schema, table: 'shared' });
    const row = (requestId: string, costUsd: number) =>
      ({ at: new Date().toISOString(), requestId, kind: 'attempt', purpose: 'answer', status: 'ok', costUsd }) as const;
    a.write([row('a1', 0.1), row('a2', 0.2)]);
    b.write([row('b1', 0.3)]);
    // a's rows wait for their interval; b's spend sees only its own flushed row and a's flushed ones.
    await b.flush();
    expect((await b.spend(normalizeSpendQuery())).requests).toBe(1);
    await a.close();
    const both = await b.spend(normalizeSpendQuery());
    expect(both.requests).toBe(3);
    expect(both.usd).toBe(0.6); // numeric sums are exact decimals
    await b.close();
    // A ledger given a pool leaves it open for its owner.
    expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });

  it('batches: a full batch is written at once, the rest at the interval', async () => {
    const ledger = postgresLedger({ pool, schema, table: 'batched', batchSize: 3, flushIntervalMs: 50 });
    const row = (requestId: string) =>
      ({
        at: new Date().toISOString(),
        requestId,
        kind: 'attempt',
        purpose: 'answer',
        status: 'ok',
        costUsd: 1,
      }) as const;
    ledger.write([row('1'), row('2'), row('3'), row('4')]);
    await ledger.flush();
    ledger.write([row('5')]);
    const count = async () => Number((await pool.query(`SELECT count(*) FROM "${schema}".batched`)).rows[0].count);
    expect(await count()).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await count()).toBe(5);
    await ledger.close();
  });

  it('keeps rows while the database is unreachable and reports it', async () => {
    const errors: unknown[] = [];
    const ledger = postgresLedger({
      url: 'postgres://postgres@127.0.0.1:1/test',
      schema,
      onError: (error) => errors.push(error),
    });
    ledger.write([
      { at: new Date().toISOString(), requestId: 'r', kind: 'attempt', purpose: 'answer', status: 'ok', costUsd: 1 },
    ]);
    await expect(ledger.flush()).rejects.toThrow();
    await expect(ledger.close()).rejects.toThrow();
  });
});
