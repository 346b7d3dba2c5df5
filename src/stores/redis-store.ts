import type { Redis } from 'ioredis';
import { COUNTERS_LUA, INCREMENT_MANY_LUA, RELEASE_LUA, RESERVE_LUA, SETTLE_LUA } from './redis-scripts.js';
import { SETTLED_ID_TTL_MS, type Store } from './store.js';
import { requireDriver } from './require-driver.js';
import { StoreUnavailableError } from './store-error.js';

/** Options of `redisStore`: a URL (the store owns the connection) or an ioredis client you own. */
export type RedisStoreOptions = (
  | { readonly url: string; readonly client?: never }
  | { readonly client: Redis; readonly url?: never }
) & {
  /** Prepended to every key (`<prefix>:…`), so several apps or tests share one Redis. Default `routewise`. */
  readonly prefix?: string;
  /** Fail a command after this long instead of waiting for a reconnect, in ms (URL form only). Default 2000. */
  readonly commandTimeoutMs?: number;
};

type Scripted = Redis & {
  rwReserve(n: number, ...args: string[]): Promise<[number, string, string?, string?]>;
  rwSettle(n: number, ...args: string[]): Promise<'settled' | 'late' | 'duplicate'>;
  rwRelease(n: number, ...args: string[]): Promise<number>;
  rwCounters(n: number, ...args: string[]): Promise<string[]>;
  rwIncrementMany(n: number, ...args: string[]): Promise<string[]>;
};

/** A store on Redis: counters and reservations in Lua scripts (one atomic step each), shared by every instance. */
export function redisStore(options: RedisStoreOptions): Store {
  const owned = options.client === undefined;
  const client = (options.client ??
    new (requireDriver<typeof import('ioredis')>('ioredis').Redis)(options.url as string, {
      // Bounded waits: a request must learn quickly that the store is down (fail-closed / fail-open decide then).
      commandTimeout: options.commandTimeoutMs ?? 2000,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
    })) as Scripted;
  // Errors surface on each command; an unhandled 'error' event would crash the process instead.
  if (owned) client.on('error', () => {});
  const scripts = {
    rwReserve: RESERVE_LUA,
    rwSettle: SETTLE_LUA,
    rwRelease: RELEASE_LUA,
    rwCounters: COUNTERS_LUA,
    rwIncrementMany: INCREMENT_MANY_LUA,
  };
  for (const [name, lua] of Object.entries(scripts)) {
    if (typeof (client as unknown as Record<string, unknown>)[name] !== 'function') client.defineCommand(name, { lua });
  }
  const prefix = `${options.prefix ?? 'routewise'}:`;
  const k = (key: string) => prefix + key;
  let closed = false;

  async function run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new StoreUnavailableError('redis', operation, error);
    }
  }

  /** Distinct keys in first-seen order, and each key's 1-based index. */
  function indexKeys(keys: Iterable<string>): { list: string[]; index: Map<string, number> } {
    const index = new Map<string, number>();
    const list: string[] = [];
    for (const key of keys) {
      if (!index.has(key)) {
        list.push(key);
        index.set(key, list.length);
      }
    }
    return { list, index };
  }

  return {
    engine: { kind: 'redis', client, prefix: options.prefix ?? 'routewise' },
    async reserve(input) {
      const all = input.counters.flatMap((c) => [c.key, ...(c.sumOf ?? [])]);
      const { list, index } = indexKeys(all);
      const spec = {
        id: input.id,
        ttl: Math.max(1, Math.ceil(input.ttlMs)),
        c: input.counters.map((c) => ({
          k: index.get(c.key),
          a: c.amount,
          l: c.limit ?? null,
          s: c.sumOf ? c.sumOf.map((key) => index.get(key)) : null,
          t: Math.ceil(c.ttlMs),
        })),
      };
      const reply = await run('reserve', () => client.rwReserve(list.length, ...list.map(k), JSON.stringify(spec)));
      if (Number(reply[0]) === 1) {
        return {
          ok: true,
          reservation: { id: input.id, keys: input.counters.map((c) => c.key), expiresAt: Number(reply[1]) },
        };
      }
      const at = Number(reply[1]);
      const charge = input.counters[at];
      return {
        ok: false,
        refusal: {
          index: at,
          key: charge?.key ?? '',
          limit: charge?.limit ?? 0,
          spent: Number(reply[2]),
          reserved: Number(reply[3]),
          amount: charge?.amount ?? 0,
        },
      };
    },
    async settle(reservation, charges) {
      const { list, index } = indexKeys([...reservation.keys, ...charges.map((c) => c.key)]);
      const spec = {
        id: reservation.id,
        mark: SETTLED_ID_TTL_MS,
        // +1: KEYS[1] is the settled-id marker.
        h: reservation.keys.map((key) => (index.get(key) ?? 0) + 1),
        c: charges.map((c) => ({ k: (index.get(c.key) ?? 0) + 1, a: c.amount, t: Math.ceil(c.ttlMs) })),
      };
      const marker = k(`settled:${reservation.id}`);
      return run('settle', () => client.rwSettle(list.length + 1, marker, ...list.map(k), JSON.stringify(spec)));
    },
    async release(reservation) {
      const { list } = indexKeys(reservation.keys);
      const held = await run('release', () => client.rwRelease(list.length, ...list.map(k), reservation.id));
      return Number(held) === 1;
    },
    async counters(keys) {
      if (keys.length === 0) return [];
      const flat = await run('counters', () => client.rwCounters(keys.length, ...keys.map(k)));
      return keys.map((_, i) => ({ spent: Number(flat[2 * i]), reserved: Number(flat[2 * i + 1]) }));
    },
    async get(key) {
      const value = await run('get', () => client.get(k(key)));
      return value ?? undefined;
    },
    async set(key, value, opts = {}) {
      await run('set', () =>
        opts.ttlMs ? client.set(k(key), value, 'PX', Math.ceil(opts.ttlMs)) : client.set(k(key), value),
      );
    },
    async setIfAbsent(key, value, opts = {}) {
      const reply = await run('setIfAbsent', () =>
        opts.ttlMs ? client.set(k(key), value, 'PX', Math.ceil(opts.ttlMs), 'NX') : client.set(k(key), value, 'NX'),
      );
      return reply === 'OK';
    },
    async delete(key) {
      const n = await run('delete', () => client.del(k(key), k(`${key}:holds`)));
      return n > 0;
    },
    async increment(key, by, opts = {}) {
      const [value] = await this.incrementMany([{ key, by }], opts);
      return value as number;
    },
    async incrementMany(entries, opts = {}) {
      if (entries.length === 0) return [];
      const args = [...entries.map((e) => k(e.key)), ...entries.map((e) => String(e.by)), String(opts.ttlMs ?? 0)];
      const values = await run('increment', () => client.rwIncrementMany(entries.length, ...args));
      return values.map(Number);
    },
    async numbers(keys) {
      if (keys.length === 0) return [];
      const values = await run('numbers', () => client.mget(...keys.map(k)));
      return values.map((v) => Number(v ?? 0) || 0);
    },
    async close() {
      if (closed || !owned) return;
      closed = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
