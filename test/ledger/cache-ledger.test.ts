import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRouter,
  jsonlLedger,
  type Ledger,
  memoryLedger,
  openai,
  postgresLedger,
  type RouterResult,
} from '../../src/index.js';
import { ledgerDdl } from '../../src/ledger/postgres-ledger-schema.js';
import { readRecords } from '../../src/ledger/jsonl-ledger.js';
import { normalizeSpendQuery } from '../../src/ledger/spend-query.js';
import { bagOfWordsEmbedder } from '../helpers/bag-of-words-embedder.js';
import { useMsw } from '../helpers/msw.js';
import { DATABASE_URL, dropSchema, requirePostgres, uniqueName } from '../helpers/servers.js';
import { readFileSync } from 'node:fs';

/** Cache hits and misses in the ledger and in `router.spend`, through the real OpenAI SDK (msw answering). */
const server = useMsw();
const completion = JSON.parse(
  readFileSync(new URL('../../src/providers/openai/__fixtures__/chat-completion.json', import.meta.url), 'utf8'),
);
const tmp = mkdtempSync(join(tmpdir(), 'routewise-cache-ledger-'));
const schema = uniqueName('cache_ledger');

beforeAll(async () => {
  await requirePostgres();
});
afterAll(async () => {
  await dropSchema(schema);
});

function serveOpenAI(): { calls: number } {
  const counter = { calls: 0 };
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      // biome-ignore lint/suspicious/noExplicitAny: wire body
      const body = (await request.json()) as any;
      counter.calls += 1;
      const answer = structuredClone(completion);
      answer.model = body.model;
      if (JSON.stringify(body.messages).includes('dead'))
        return HttpResponse.json({ error: { message: 'down', type: 'server_error' } }, { status: 503 });
      return HttpResponse.json(answer);
    }),
  );
  return counter;
}

function cachedRouter(ledger: Ledger) {
  return createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-routewise-cache-ledger-0000000' }) },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      big: { provider: 'openai', model: 'gpt-4.1' },
    },
    retry: { retries: 0 },
    ledger,
    responseCache: { exact: true, semantic: { embedder: bagOfWordsEmbedder(), threshold: 0.8 } },
  });
}

const ask = (model: string, content: string, tenant: string, more: Record<string, unknown> = {}) => ({
  model,
  temperature: 0,
  messages: [{ role: 'user' as const, content }],
  metadata: { tenant },
  ...more,
});

/** Misses, exact and semantic hits, a request the cache skips, and a failed miss. */
async function sendCachedTraffic(router: ReturnType<typeof cachedRouter>) {
  const results: RouterResult[] = [];
  results.push(await router.complete(ask('mini', 'How do I reset my password?', 'acme'))); // miss
  results.push(await router.complete(ask('mini', 'How do I reset my password?', 'acme'))); // exact
  results.push(await router.complete(ask('mini', 'How can I reset my password?', 'acme'))); // semantic
  results.push(await router.complete(ask('big', 'How do I reset my password?', 'globex'))); // miss
  const stream = router.stream(ask('big', 'How do I reset my password?', 'globex')); // exact, streamed
  for await (const _ of stream) {
    // drain
  }
  results.push(await stream.result);
  results.push(await router.complete(ask('mini', 'Tell me a joke', 'acme', { temperature: 1 }))); // skipped
  await expect(router.complete(ask('mini', 'the dead question', 'acme'))).rejects.toThrow(); // miss, failed
  return results;
}

const sinks: Array<[string, () => Ledger]> = [
  ['memory', () => memoryLedger()],
  ['jsonl', () => jsonlLedger({ path: join(tmp, `cache-${Math.random()}.jsonl`) })],
  ['postgres', () => postgresLedger({ url: DATABASE_URL, schema, table: `t_${Math.random().toString(36).slice(2)}` })],
];

describe.each(sinks)('cache outcomes in the %s ledger and router.spend', (_name, makeLedger) => {
  it('records hits with what they saved; spend sums usd, savedUsd and hit counts, in total and per group', async () => {
    const openaiCalls = serveOpenAI();
    const router = cachedRouter(makeLedger());
    const results = await sendCachedTraffic(router);
    expect(results.map((r) => r.cache?.hit)).toEqual([false, 'exact', 'semantic', false, 'exact', false]);
    expect(openaiCalls.calls).toBe(4);
    const spend = await router.spend();
    const sum = (pick: (r: RouterResult) => number) => results.reduce((total, r) => total + pick(r), 0);
    expect(spend.usd).toBeCloseTo(
      sum((r) => r.cost.usd),
      12,
    );
    expect(spend.savedUsd).toBeGreaterThan(0);
    expect(spend.savedUsd).toBeCloseTo(
      sum((r) => r.cache?.savedUsd ?? 0),
      12,
    );
    expect(spend).toMatchObject({ requests: 7, attempts: 4, cacheHits: 3, exactHits: 2, semanticHits: 1 });
    // Looked up and answered fresh: the two answered misses and the failed one (the skipped request is none).
    expect(spend.cacheMisses).toBe(3);

    const byAlias = await router.spend({ groupBy: 'alias' });
    const mini = byAlias.groups!.find((g) => g.alias === 'mini')!;
    const big = byAlias.groups!.find((g) => g.alias === 'big')!;
    expect(mini).toMatchObject({ cacheHits: 2, exactHits: 1, semanticHits: 1, cacheMisses: 2 });
    expect(mini.savedUsd).toBeCloseTo(2 * results[0]!.cost.usd, 12);
    expect(big).toMatchObject({ cacheHits: 1, exactHits: 1, cacheMisses: 1 });
    expect(big.savedUsd).toBeCloseTo(results[3]!.cost.usd, 12);
    for (const key of ['usd', 'savedUsd', 'cacheHits', 'requests', 'cacheMisses'] as const) {
      expect(byAlias.groups!.reduce((total, g) => total + g[key], 0)).toBeCloseTo(byAlias[key], 12);
    }

    const byCache = await router.spend({ groupBy: 'cache' });
    expect(Object.fromEntries(byCache.groups!.map((g) => [g.cache, g.requests]))).toEqual({
      exact: 2,
      semantic: 1,
      miss: 3,
      null: 1,
    });
    const tenant = await router.spend({ tenant: 'globex', cache: 'exact' });
    expect(tenant).toMatchObject({ requests: 1, attempts: 0, usd: 0, cacheHits: 1 });
    expect(tenant.savedUsd).toBeCloseTo(results[3]!.cost.usd, 12);
    await router.close();
  });
});

describe('ledger rows of cache hits', () => {
  it('a hit row: kind hit, cost 0, savedUsd, the alias that answered; every row of a looked-up request has its outcome', async () => {
    serveOpenAI();
    const ledger = memoryLedger();
    const router = cachedRouter(ledger);
    const results = await sendCachedTraffic(router);
    const rows = ledger.records();
    const hit = rows.find((row) => row.requestId === results[2]!.requestId)!;
    expect(hit).toMatchObject({
      kind: 'hit',
      cache: 'semantic',
      costUsd: 0,
      alias: 'mini',
      provider: 'openai',
      model: 'gpt-4.1-mini',
      purpose: 'answer',
      status: 'ok',
      tenant: 'acme',
    });
    expect(hit.savedUsd).toBeCloseTo(results[0]!.cost.usd, 12);
    expect(rows.filter((row) => row.kind === 'attempt').map((row) => row.cache)).toEqual([
      'miss',
      'miss',
      undefined,
      'miss',
    ]);
    expect(hit.response).toBeUndefined();
    await router.close();
  });

  it('the JSONL file holds the cache column and savedUsd as written', async () => {
    serveOpenAI();
    const path = join(tmp, 'rows.jsonl');
    const router = cachedRouter(jsonlLedger({ path }));
    await sendCachedTraffic(router);
    await router.close();
    const rows = [];
    for await (const row of readRecords(path)) rows.push(row);
    expect(rows.filter((row) => row.kind === 'hit').map((row) => row.cache)).toEqual(['exact', 'semantic', 'exact']);
    expect(rows.every((row) => row.kind !== 'hit' || (row.savedUsd ?? 0) > 0)).toBe(true);
  });
});

describe('postgresLedger on a table an older routewise created', () => {
  it('adds the saved_usd column on first use, keeps the old rows, and sums both', async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
    try {
      const table = 'before_cache';
      for (const statement of ledgerDdl(schema, table)) await pool.query(statement);
      await pool.query(`ALTER TABLE "${schema}".${table} DROP COLUMN saved_usd`);
      await pool.query(
        `INSERT INTO "${schema}".${table} (at, request_id, kind, purpose, status, cost_usd) VALUES (now(), 'old', 'attempt', 'answer', 'ok', 0.25)`,
      );
      const ledger = postgresLedger({ pool, schema, table });
      ledger.write([
        {
          at: new Date().toISOString(),
          requestId: 'new',
          kind: 'hit',
          purpose: 'answer',
          status: 'ok',
          costUsd: 0,
          savedUsd: 0.5,
          cache: 'exact',
        },
      ]);
      const spend = await ledger.spend(normalizeSpendQuery());
      expect(spend).toMatchObject({ usd: 0.25, savedUsd: 0.5, requests: 2, attempts: 1, cacheHits: 1, exactHits: 1 });
      const { rows } = await pool.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name = 'saved_usd'`,
        [schema, table],
      );
      expect(rows).toHaveLength(1);
      await ledger.close();
    } finally {
      await pool.end();
    }
  });
});
