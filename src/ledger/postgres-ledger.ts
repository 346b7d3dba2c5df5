import type { Pool, PoolConfig } from 'pg';
import { type Ledger, type LedgerOptions, warnOnce } from './ledger.js';
import type { LedgerRecord } from './ledger-record.js';
import { emptyFigures } from './aggregate-records.js';
import { groupExpression, LEDGER_COLUMNS, ledgerDdl, ledgerMigration, quoteIdent } from './postgres-ledger-schema.js';
import type { NormalizedSpendQuery, SpendFigures, SpendGroup, SpendResult } from './spend-query.js';

/** Options of `postgresLedger`: a connection string or your own `pg` pool, and where the table lives. */
export type PostgresLedgerOptions = LedgerOptions &
  ({ url: string; pool?: never } | { pool: Pool; url?: never }) & {
    /** Schema of the table (created when missing). Default `public`. */
    schema?: string;
    /** Table name. Default `routewise_ledger`. */
    table?: string;
    /** Rows per INSERT; a full batch is written at once. Default 200. */
    batchSize?: number;
    /** Queued rows are written at least this often, ms. Default 250. */
    flushIntervalMs?: number;
    /** Rows kept while the database is unreachable; beyond it the oldest are dropped (and reported). Default 100,000. */
    maxQueued?: number;
  };

/**
 * A ledger in a PostgreSQL table, shared by every instance: created on first use (schema, table, indexes), rows
 * inserted in batches (every `batchSize` rows or `flushIntervalMs`), flushed on `close`. `spend` runs one SQL
 * query (GROUPING SETS for the total and the groups), so it sees every instance's flushed rows.
 */
export function postgresLedger(options: PostgresLedgerOptions): Ledger {
  const schema = options.schema ?? 'public';
  const table = options.table ?? 'routewise_ledger';
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const batchSize = options.batchSize ?? 200;
  const flushIntervalMs = options.flushIntervalMs ?? 250;
  const maxQueued = options.maxQueued ?? 100_000;
  const onError = options.onError ?? warnOnce('postgres');
  const ownPool = options.pool === undefined;
  if (ownPool && (typeof options.url !== 'string' || options.url === '')) {
    throw new TypeError('postgresLedger: pass { url } (a postgres:// connection string) or { pool } (a pg Pool)');
  }
  let pool: Promise<Pool> | undefined;
  let ready: Promise<void> | undefined;
  let queued: LedgerRecord[] = [];
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const getPool = () => {
    pool ??= options.pool
      ? Promise.resolve(options.pool)
      : import('pg').then(({ default: pg }) => {
          const created = new pg.Pool({ connectionString: options.url, max: 4 } satisfies PoolConfig);
          // An idle client's error (a restarted server) must not crash the process; the next query reconnects.
          created.on('error', onError);
          return created;
        });
    return pool;
  };

  /** Creates the schema, table and indexes once, under an advisory lock (instances starting together). */
  const ensureTable = () => {
    ready ??= (async () => {
      const client = await (await getPool()).connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`routewise-ledger:${schema}.${table}`]);
        // Skip the DDL when another instance created the table meanwhile: CREATE INDEX IF NOT EXISTS would still
        // take a SHARE lock and wait behind (or deadlock with) that instance's inserts.
        const { rows } = await client.query('SELECT to_regclass($1) AS found', [qualified]);
        if (rows[0]?.found === null) for (const statement of ledgerDdl(schema, table)) await client.query(statement);
        else {
          // A table an older routewise created: add the columns it lacks (ALTER only then: it locks the table).
          const { rows: columns } = await client.query(
            'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
            [schema, table],
          );
          const existing = new Set(columns.map((row: { column_name: string }) => row.column_name));
          for (const statement of ledgerMigration(schema, table, existing)) await client.query(statement);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  const insert = async (rows: LedgerRecord[]) => {
    const values: unknown[] = [];
    const tuples = rows.map((row) => {
      const placeholders = LEDGER_COLUMNS.map(([, , read]) => {
        const value = read(row);
        values.push(value === undefined ? null : value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const columns = LEDGER_COLUMNS.map(([name]) => name).join(', ');
    await (await getPool()).query(`INSERT INTO ${qualified} (${columns}) VALUES ${tuples.join(', ')}`, values);
  };

  /** Writes every queued row, a batch per INSERT; failed rows go back to the front of the queue. */
  const drain = async (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (queued.length === 0) return;
    await ensureTable();
    while (queued.length > 0) {
      const batch = queued.slice(0, batchSize);
      queued = queued.slice(batch.length);
      try {
        await insert(batch);
      } catch (error) {
        queued = [...batch, ...queued];
        throw error;
      }
    }
  };
  const schedule = (): Promise<void> => {
    writing = writing.then(drain, drain);
    return writing;
  };
  const flushSoon = () => {
    if (queued.length >= batchSize) schedule().catch(onError);
    else if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        schedule().catch(onError);
      }, flushIntervalMs);
      timer.unref();
    }
  };

  return {
    kind: 'postgres',
    includeText: options.includeText === true,
    write(records) {
      if (closed) throw new Error('postgresLedger: write after close');
      queued.push(...records);
      if (queued.length > maxQueued) {
        const dropped = queued.length - maxQueued;
        queued = queued.slice(dropped);
        onError(new Error(`postgresLedger: ${dropped} rows dropped (over maxQueued ${maxQueued} while unwritten)`));
      }
      flushSoon();
    },
    async spend(query) {
      await schedule().catch(onError);
      await ensureTable();
      return spendQuery(await getPool(), qualified, query);
    },
    async flush() {
      await schedule();
    },
    async close() {
      if (closed) return;
      try {
        await schedule();
      } finally {
        closed = true;
        if (timer) clearTimeout(timer);
        if (ownPool && pool) await (await pool).end();
      }
    },
  };
}

/** Runs a spend query: the total and (with groupBy) every group in one statement. */
async function spendQuery(pool: Pool, qualified: string, query: NormalizedSpendQuery): Promise<SpendResult> {
  // Feedback and alert rows carry no spend (and their request ids are not requests of their own).
  const where: string[] = [`kind NOT IN ('feedback', 'alert')`];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(query.filters)) {
    params.push(value);
    where.push(`${groupExpression(key as never)} = $${params.length}`);
  }
  if (query.sinceMs !== undefined) {
    params.push(new Date(query.sinceMs));
    where.push(`at >= $${params.length}`);
  }
  if (query.untilMs !== undefined) {
    params.push(new Date(query.untilMs));
    where.push(`at < $${params.length}`);
  }
  const keys = query.groupBy;
  const expressions = keys.map(groupExpression);
  const figures =
    `SUM(cost_usd)::text AS usd, COUNT(DISTINCT request_id)::int AS requests, ` +
    `(COUNT(*) FILTER (WHERE kind = 'attempt'))::int AS attempts, ` +
    `(COUNT(*) FILTER (WHERE kind = 'attempt' AND attempt > 1))::int AS retries, ` +
    `(COUNT(*) FILTER (WHERE kind = 'attempt' AND status = 'error'))::int AS errors, ` +
    `COALESCE(SUM(saved_usd) FILTER (WHERE kind = 'hit'), 0)::text AS saved_usd, ` +
    `(COUNT(*) FILTER (WHERE kind = 'hit'))::int AS cache_hits, ` +
    `(COUNT(*) FILTER (WHERE kind = 'hit' AND cache = 'exact'))::int AS exact_hits, ` +
    `(COUNT(*) FILTER (WHERE kind = 'hit' AND cache = 'semantic'))::int AS semantic_hits, ` +
    `(COUNT(DISTINCT request_id) FILTER (WHERE cache = 'miss'))::int AS cache_misses`;
  const select =
    keys.length === 0
      ? `SELECT 1 AS total, ${figures}`
      : `SELECT GROUPING(${expressions.join(', ')}) AS total, ` +
        `${expressions.map((expression, i) => `${expression} AS g${i}`).join(', ')}, ${figures}`;
  const sql =
    `${select} FROM ${qualified} WHERE ${where.join(' AND ')}` +
    (keys.length > 0 ? ` GROUP BY GROUPING SETS ((), (${expressions.join(', ')}))` : '');
  const { rows } = await pool.query(sql, params);
  const toFigures = (row: Record<string, unknown>): SpendFigures => ({
    usd: row.usd === null ? 0 : Number(row.usd),
    requests: Number(row.requests),
    attempts: Number(row.attempts),
    retries: Number(row.retries),
    errors: Number(row.errors),
    savedUsd: Number(row.saved_usd),
    cacheHits: Number(row.cache_hits),
    exactHits: Number(row.exact_hits),
    semanticHits: Number(row.semantic_hits),
    cacheMisses: Number(row.cache_misses),
  });
  const totalRow = rows.find((row) => Number(row.total) !== 0);
  const result: SpendResult = totalRow ? toFigures(totalRow) : emptyFigures();
  if (keys.length > 0) {
    result.groups = rows
      .filter((row) => Number(row.total) === 0)
      .map((row): SpendGroup => {
        const group: SpendGroup = toFigures(row);
        keys.forEach((key, i) => {
          const value = row[`g${i}`];
          group[key] = value === null || value === undefined ? null : String(value);
        });
        return { ...Object.fromEntries(keys.map((key) => [key, group[key]])), ...toFigures(row) };
      })
      .sort((a, b) => b.usd - a.usd);
  }
  return result;
}
