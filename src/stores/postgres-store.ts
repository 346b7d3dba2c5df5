import type pg from 'pg';
import { quoteIdent, storeSchemaSql } from './postgres-schema.js';
import { type CounterState, SETTLED_ID_TTL_MS, type Store } from './store.js';
import { requireDriver } from './require-driver.js';
import { StoreUnavailableError } from './store-error.js';

/** Options of `postgresStore`: a URL (the store owns its pool) or a `pg.Pool` you own. */
export type PostgresStoreOptions = (
  | { readonly url: string; readonly pool?: never }
  | { readonly pool: pg.Pool; readonly url?: never }
) & {
  /** Schema holding the store's tables (created on first use). Default `routewise`. */
  readonly schema?: string;
  /** Most pooled connections (URL form only). Default 10. */
  readonly maxConnections?: number;
};

const DEADLOCK = '40P01';
const SERIALIZATION = '40001';
/** Run the clean-up of lapsed rows once per this many writes. */
const GC_EVERY = 500;

/** Sum amounts per key, so one statement never touches a row twice. */
function sumByKey(entries: readonly { key: string; amount: number; ttlMs: number }[]) {
  const byKey = new Map<string, { amount: number; ttlMs: number }>();
  for (const e of entries) {
    const seen = byKey.get(e.key);
    if (seen) {
      seen.amount += e.amount;
      seen.ttlMs = Math.max(seen.ttlMs, e.ttlMs);
    } else byKey.set(e.key, { amount: e.amount, ttlMs: e.ttlMs });
  }
  const keys = [...byKey.keys()].sort();
  return {
    keys,
    amounts: keys.map((key) => String(byKey.get(key)?.amount ?? 0)),
    ttls: keys.map((key) => Math.ceil(byKey.get(key)?.ttlMs ?? 0)),
  };
}

/** A store on PostgreSQL: each reservation and settle is one transaction that locks its counters in key order. */
export function postgresStore(options: PostgresStoreOptions): Store {
  const owned = options.pool === undefined;
  const pool =
    options.pool ??
    new (requireDriver<typeof import('pg')>('pg').Pool)({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: 2000,
    });
  if (owned) pool.on('error', () => {});
  const schema = options.schema ?? 'routewise';
  const s = quoteIdent(schema);
  const C = `${s}.rw_counters`;
  const H = `${s}.rw_holds`;
  const V = `${s}.rw_values`;
  let ready: Promise<void> | undefined;
  let writes = 0;
  let closed = false;

  function ensureSchema(): Promise<void> {
    ready ??= (async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`routewise-store:${schema}`]);
        // Another instance may have created the tables while this one waited for the lock. Re-running the DDL then
        // is not harmless: CREATE INDEX IF NOT EXISTS still takes a SHARE lock on its table, which deadlocks with
        // that instance's reservations (seen with two instances reserving at once).
        const { rows } = await client.query('SELECT to_regclass($1) AS found', [`${s}.rw_values`]);
        if (rows[0]?.found === null) await client.query(storeSchemaSql(schema));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    })().catch((error) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }

  async function run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      await ensureSchema();
      return await fn();
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError('postgres', operation, error);
    }
  }

  /**
   * One transaction, retried when PostgreSQL picks it as a deadlock victim. `durable: false` skips waiting for the
   * WAL flush at commit: right for a reservation only, since a hold lost in a server crash is a hold that lapsed
   * early (its settle is then charged as late, once); settles always wait.
   */
  async function transaction<T>(fn: (client: pg.PoolClient) => Promise<T>, durable = true): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const client = await pool.connect();
      try {
        await client.query(durable ? 'BEGIN' : 'BEGIN; SET LOCAL synchronous_commit = off');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        const code = (error as { code?: string }).code;
        if ((code === DEADLOCK || code === SERIALIZATION) && attempt < 5) continue;
        throw error;
      } finally {
        client.release();
      }
    }
  }

  /** Lock (creating if needed) counters in key order; a lapsed counter restarts from zero. */
  const LOCK_SQL = `INSERT INTO ${C} AS c (key, spent, expires_at)
    SELECT k, a, now() + t * interval '1 millisecond' FROM unnest($1::text[], $2::numeric[], $3::float8[]) AS u(k, a, t) ORDER BY k
    ON CONFLICT (key) DO UPDATE SET
      spent = CASE WHEN c.expires_at <= now() THEN EXCLUDED.spent ELSE c.spent + EXCLUDED.spent END,
      expires_at = CASE WHEN c.expires_at <= now() THEN EXCLUDED.expires_at
                        ELSE GREATEST(c.expires_at, EXCLUDED.expires_at) END`;

  /** Drop a reservation's holds; a lapsed one no longer counted, so only live ones say it was still held. */
  const DROP_HOLDS_SQL = `DELETE FROM ${H} WHERE id = $1 AND key = ANY($2::text[])
    RETURNING expires_at > clock_timestamp() AS live`;

  /** Spent (lapsed counters count 0) and live holds of some keys. */
  const FIGURES_SQL = `SELECT k AS key,
      COALESCE((SELECT CASE WHEN c.expires_at <= now() THEN 0 ELSE c.spent END FROM ${C} c WHERE c.key = k), 0)::float8 AS spent,
      COALESCE((SELECT sum(h.amount) FROM ${H} h WHERE h.key = k AND h.expires_at > clock_timestamp()), 0)::float8 AS reserved
    FROM unnest($1::text[]) AS k`;

  function collectGarbage(): void {
    writes += 1;
    if (writes % GC_EVERY !== 0) return;
    // Best effort and outside the request's transaction: lapsed rows only cost space.
    void pool
      .query(
        `DELETE FROM ${H} WHERE expires_at < now() - interval '1 minute';
         DELETE FROM ${C} WHERE expires_at < now() - interval '1 minute';
         DELETE FROM ${s}.rw_settled WHERE expires_at < now();
         DELETE FROM ${V} WHERE expires_at < now();`,
      )
      .catch(() => {});
  }

  async function figures(client: pg.PoolClient | pg.Pool, keys: readonly string[]): Promise<Map<string, CounterState>> {
    const { rows } = await client.query<{ key: string; spent: number; reserved: number }>(FIGURES_SQL, [keys]);
    return new Map(rows.map((r) => [r.key, { spent: Number(r.spent), reserved: Number(r.reserved) }]));
  }

  return {
    engine: { kind: 'postgres', pool, schema },
    async reserve(input) {
      collectGarbage();
      return run('reserve', () =>
        transaction(async (client) => {
          const ttlByKey = new Map<string, number>();
          for (const c of input.counters) {
            ttlByKey.set(c.key, Math.max(ttlByKey.get(c.key) ?? 0, c.ttlMs));
            for (const key of c.sumOf ?? []) ttlByKey.set(key, ttlByKey.get(key) ?? 0);
          }
          const keys = [...ttlByKey.keys()].sort();
          await client.query(LOCK_SQL, [keys, keys.map(() => '0'), keys.map((k) => Math.ceil(ttlByKey.get(k) ?? 0))]);
          const state = await figures(client, keys);
          for (const [index, c] of input.counters.entries()) {
            if (c.limit === undefined) continue;
            let spent = 0;
            let reserved = 0;
            for (const key of c.sumOf ?? [c.key]) {
              spent += state.get(key)?.spent ?? 0;
              reserved += state.get(key)?.reserved ?? 0;
            }
            if (spent + reserved + c.amount > c.limit) {
              return {
                ok: false as const,
                refusal: { index, key: c.key, limit: c.limit, spent, reserved, amount: c.amount },
              };
            }
          }
          const { rows } = await client.query<{ expires: number }>(
            `WITH ins AS (
               INSERT INTO ${H} (key, id, amount, expires_at)
               SELECT k, $2, a, clock_timestamp() + $4 * interval '1 millisecond' FROM unnest($1::text[], $3::numeric[]) AS u(k, a)
               ON CONFLICT (key, id) DO UPDATE SET amount = EXCLUDED.amount, expires_at = EXCLUDED.expires_at
               RETURNING expires_at)
             SELECT (extract(epoch FROM max(expires_at)) * 1000)::float8 AS expires FROM ins`,
            [input.counters.map((c) => c.key), input.id, input.counters.map((c) => String(c.amount)), input.ttlMs],
          );
          return {
            ok: true as const,
            reservation: {
              id: input.id,
              keys: input.counters.map((c) => c.key),
              expiresAt: Math.round(Number(rows[0]?.expires)),
            },
          };
        }, false),
      );
    },
    async settle(reservation, charges) {
      collectGarbage();
      return run('settle', () =>
        transaction(async (client) => {
          const marked = await client.query(
            `INSERT INTO ${s}.rw_settled (id, expires_at) VALUES ($1, now() + $2 * interval '1 millisecond')
             ON CONFLICT (id) DO NOTHING`,
            [reservation.id, SETTLED_ID_TTL_MS],
          );
          if (marked.rowCount === 0) return 'duplicate' as const;
          const { keys, amounts, ttls } = sumByKey(charges);
          if (keys.length > 0) await client.query(LOCK_SQL, [keys, amounts, ttls]);
          const dropped = await client.query(DROP_HOLDS_SQL, [reservation.id, reservation.keys]);
          return dropped.rows.some((r) => r.live) ? ('settled' as const) : ('late' as const);
        }),
      );
    },
    async release(reservation) {
      return run('release', async () => {
        const dropped = await pool.query(DROP_HOLDS_SQL, [reservation.id, reservation.keys]);
        return dropped.rows.some((r) => r.live);
      });
    },
    async counters(keys) {
      if (keys.length === 0) return [];
      return run('counters', async () => {
        const state = await figures(pool, keys);
        return keys.map((key) => state.get(key) ?? { spent: 0, reserved: 0 });
      });
    },
    async get(key) {
      return run('get', async () => {
        const { rows } = await pool.query<{ value: string | null; num: string | null }>(
          `SELECT value, num::text AS num FROM ${V} WHERE key = $1 AND (expires_at IS NULL OR expires_at > now())`,
          [key],
        );
        const row = rows[0];
        if (!row) return undefined;
        return row.value ?? (row.num === null ? undefined : String(Number(row.num)));
      });
    },
    async set(key, value, opts = {}) {
      await run('set', () =>
        pool.query(
          `INSERT INTO ${V} (key, value, num, expires_at)
           VALUES ($1, $2, NULL, CASE WHEN $3::float8 IS NULL THEN NULL ELSE now() + $3::float8 * interval '1 millisecond' END)
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, num = NULL, expires_at = EXCLUDED.expires_at`,
          [key, value, opts.ttlMs ?? null],
        ),
      );
    },
    async setIfAbsent(key, value, opts = {}) {
      return run('setIfAbsent', async () => {
        const result = await pool.query(
          `INSERT INTO ${V} AS v (key, value, num, expires_at)
           VALUES ($1, $2, NULL, CASE WHEN $3::float8 IS NULL THEN NULL ELSE now() + $3::float8 * interval '1 millisecond' END)
           ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, num = NULL, expires_at = EXCLUDED.expires_at
           WHERE v.expires_at IS NOT NULL AND v.expires_at <= now()`,
          [key, value, opts.ttlMs ?? null],
        );
        return (result.rowCount ?? 0) > 0;
      });
    },
    async delete(key) {
      return run('delete', () =>
        transaction(async (client) => {
          const a = await client.query(`DELETE FROM ${V} WHERE key = $1`, [key]);
          const b = await client.query(`DELETE FROM ${C} WHERE key = $1`, [key]);
          const c = await client.query(`DELETE FROM ${H} WHERE key = $1`, [key]);
          return (a.rowCount ?? 0) + (b.rowCount ?? 0) + (c.rowCount ?? 0) > 0;
        }),
      );
    },
    async increment(key, by, opts = {}) {
      const [value] = await this.incrementMany([{ key, by }], opts);
      return value as number;
    },
    async incrementMany(entries, opts = {}) {
      if (entries.length === 0) return [];
      const { keys, amounts } = sumByKey(entries.map((e) => ({ key: e.key, amount: e.by, ttlMs: 0 })));
      const rows = await run('increment', async () => {
        const result = await pool.query<{ key: string; num: string }>(
          `INSERT INTO ${V} AS v (key, value, num, expires_at)
           SELECT k, NULL, a, CASE WHEN $3::float8 IS NULL THEN NULL ELSE now() + $3::float8 * interval '1 millisecond' END
           FROM unnest($1::text[], $2::numeric[]) AS u(k, a) ORDER BY k
           ON CONFLICT (key) DO UPDATE SET
             num = CASE WHEN v.expires_at IS NOT NULL AND v.expires_at <= now() THEN EXCLUDED.num
                        ELSE COALESCE(v.num, v.value::numeric, 0) + EXCLUDED.num END,
             value = NULL,
             expires_at = CASE WHEN v.expires_at IS NOT NULL AND v.expires_at <= now() THEN EXCLUDED.expires_at
                               ELSE v.expires_at END
           RETURNING key, num::text AS num`,
          [keys, amounts, opts.ttlMs ? opts.ttlMs : null],
        );
        return result.rows;
      });
      const byKey = new Map(rows.map((r) => [r.key, Number(r.num)]));
      // A key listed twice gets the total after both increments, like Redis applying them in turn would at the end.
      return entries.map((e) => byKey.get(e.key) ?? 0);
    },
    async numbers(keys) {
      if (keys.length === 0) return [];
      return run('numbers', async () => {
        const { rows } = await pool.query<{ key: string; num: string | null; value: string | null }>(
          `SELECT key, num::text AS num, value FROM ${V} WHERE key = ANY($1::text[]) AND (expires_at IS NULL OR expires_at > now())`,
          [keys],
        );
        const byKey = new Map(rows.map((r) => [r.key, Number(r.num ?? r.value ?? 0) || 0]));
        return keys.map((key) => byKey.get(key) ?? 0);
      });
    },
    async close() {
      if (closed || !owned) return;
      closed = true;
      await pool.end();
    },
  };
}
