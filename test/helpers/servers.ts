import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/** Redis the tests use: REDIS_URL, default the local server. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** PostgreSQL the tests use: DATABASE_URL, default the local `test` database. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A name unique to one test: a Redis prefix or a PostgreSQL schema. */
export function uniqueName(label: string): string {
  return `rwt_${label}_${randomUUID().slice(0, 8)}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
}

/** Fails with a message saying how to start Redis when it does not answer. */
export async function requireRedis(url = REDIS_URL): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `These tests need Redis at ${url} (set REDIS_URL to use another). It did not answer ` +
        `(${(error as Error).message}). Start it: redis-server --daemonize yes --port 6379 --save "" --appendonly no`,
    );
  } finally {
    client.disconnect();
  }
}

/** Fails with a message saying how to start PostgreSQL when it does not answer. */
export async function requirePostgres(url = DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new Error(
      `These tests need PostgreSQL at ${url} (set DATABASE_URL to use another). It did not answer ` +
        `(${(error as Error).message}). Start it: pg_ctlcluster 15 main start (trust auth, user postgres, database test)`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops a test's PostgreSQL schema. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Deletes a test's Redis keys. */
export async function dropPrefix(prefix: string): Promise<void> {
  const client = new Redis(REDIS_URL);
  try {
    const keys = await client.keys(`${prefix}:*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}
