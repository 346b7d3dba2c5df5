import { LRUCache } from 'lru-cache';
import {
  type CounterState,
  type ReserveInput,
  type ReserveOutcome,
  type Reservation,
  SETTLED_ID_TTL_MS,
  type SettleCharge,
  type SettleOutcome,
  type Store,
  type TtlOptions,
} from './store.js';

/** Options of `memoryStore`. */
export interface MemoryStoreOptions {
  /** Most keys kept (counters, values, settled ids); the least recently used go first. Default 100 000. */
  readonly maxEntries?: number;
  /** Clock in epoch milliseconds (tests). Default `Date.now`. */
  readonly now?: () => number;
}

interface Hold {
  amount: number;
  expiresAt: number;
}

interface Counter {
  readonly kind: 'counter';
  spent: number;
  reserved: number;
  readonly holds: Map<string, Hold>;
}

type Entry =
  | Counter
  | { readonly kind: 'value'; value: string }
  | { readonly kind: 'number'; value: number }
  | { readonly kind: 'object'; value: unknown };

/** The default store: one process's memory, bounded by an LRU. Right for one instance; use Redis or PostgreSQL for several. */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 100_000;
  // Bounded by `maxSize` at one unit per entry rather than by `max`: with `max`, lru-cache allocates its arrays for
  // every entry up front, and two of 100 000 took tens of ms of each `createRouter()` (the default store).
  // `ttlResolution: 0` reads the clock on each check: lru-cache's default (1 ms) caches it behind a setTimeout made,
  // unref'd and fired about once per millisecond of use, which costs more than `Date.now()` does.
  const bound = { maxSize: max, sizeCalculation: () => 1, perf: { now }, ttlResolution: 0 };
  // A settled id must outlive its counter's eviction pressure, so ids get their own LRU.
  const entries = new LRUCache<string, Entry>(bound);
  const settled = new LRUCache<string, true>({ ...bound, ttl: SETTLED_ID_TTL_MS });

  function touch(key: string, entry: Entry, ttlMs: number | undefined): void {
    const remaining = entries.getRemainingTTL(key);
    // getRemainingTTL is Infinity for keys without TTL and 0 for absent ones.
    const ttl = ttlMs === undefined ? 0 : Math.max(ttlMs, Number.isFinite(remaining) ? remaining : 0);
    entries.set(key, entry, ttl > 0 ? { ttl: Math.ceil(ttl) } : {});
  }

  function counter(key: string): Counter | undefined {
    const entry = entries.get(key);
    if (entry?.kind !== 'counter') return undefined;
    purge(entry);
    return entry;
  }

  function purge(entry: Counter): void {
    const t = now();
    for (const [id, hold] of entry.holds) {
      if (hold.expiresAt <= t) {
        entry.reserved -= hold.amount;
        entry.holds.delete(id);
      }
    }
    if (entry.holds.size === 0) entry.reserved = 0;
  }

  function counterFor(key: string, ttlMs: number): Counter {
    const entry = counter(key) ?? { kind: 'counter', spent: 0, reserved: 0, holds: new Map() };
    touch(key, entry, ttlMs);
    return entry;
  }

  function total(keys: readonly string[]): CounterState {
    let spent = 0;
    let reserved = 0;
    for (const key of keys) {
      const c = counter(key);
      if (c) {
        spent += c.spent;
        reserved += c.reserved;
      }
    }
    return { spent, reserved };
  }

  function numberEntry(key: string): number {
    const entry = entries.get(key);
    if (entry?.kind === 'number') return entry.value;
    if (entry?.kind === 'value') return Number(entry.value) || 0;
    return 0;
  }

  function add(key: string, by: number, options: TtlOptions): number {
    const existing = entries.get(key);
    const value = numberEntry(key) + by;
    if (existing) {
      const remaining = entries.getRemainingTTL(key);
      entries.set(key, { kind: 'number', value }, Number.isFinite(remaining) ? { ttl: Math.max(1, remaining) } : {});
    } else {
      entries.set(key, { kind: 'number', value }, options.ttlMs ? { ttl: Math.ceil(options.ttlMs) } : {});
    }
    return value;
  }

  return {
    engine: {
      kind: 'memory',
      values: {
        get(key) {
          const entry = entries.get(key);
          return entry?.kind === 'object' ? entry.value : undefined;
        },
        set(key, value, options = {}) {
          entries.set(key, { kind: 'object', value }, options.ttlMs ? { ttl: Math.ceil(options.ttlMs) } : {});
        },
      },
    },
    async reserve(input: ReserveInput): Promise<ReserveOutcome> {
      for (const [index, charge] of input.counters.entries()) {
        if (charge.limit === undefined) continue;
        const { spent, reserved } = total(charge.sumOf ?? [charge.key]);
        if (spent + reserved + charge.amount > charge.limit) {
          return {
            ok: false,
            refusal: { index, key: charge.key, limit: charge.limit, spent, reserved, amount: charge.amount },
          };
        }
      }
      const expiresAt = now() + input.ttlMs;
      for (const charge of input.counters) {
        const c = counterFor(charge.key, charge.ttlMs);
        const previous = c.holds.get(input.id);
        if (previous) c.reserved -= previous.amount;
        c.holds.set(input.id, { amount: charge.amount, expiresAt });
        c.reserved += charge.amount;
      }
      const reservation: Reservation = { id: input.id, keys: input.counters.map((c) => c.key), expiresAt };
      return { ok: true, reservation };
    },
    async settle(reservation, charges: readonly SettleCharge[]): Promise<SettleOutcome> {
      if (settled.has(reservation.id)) return 'duplicate';
      settled.set(reservation.id, true);
      let held = false;
      for (const key of reservation.keys) held = dropHold(key, reservation.id) || held;
      for (const charge of charges) counterFor(charge.key, charge.ttlMs).spent += charge.amount;
      return held ? 'settled' : 'late';
    },
    async release(reservation): Promise<boolean> {
      let held = false;
      for (const key of reservation.keys) held = dropHold(key, reservation.id) || held;
      return held;
    },
    async counters(keys) {
      return keys.map((key) => total([key]));
    },
    async get(key) {
      const entry = entries.get(key);
      if (entry?.kind === 'value') return entry.value;
      if (entry?.kind === 'number') return String(entry.value);
      // A value kept as an object reads back as its JSON, as if it had been written as a string.
      if (entry?.kind === 'object') return JSON.stringify(entry.value);
      return undefined;
    },
    async set(key, value, options = {}) {
      entries.set(key, { kind: 'value', value }, options.ttlMs ? { ttl: Math.ceil(options.ttlMs) } : {});
    },
    async setIfAbsent(key, value, options = {}) {
      if (entries.has(key)) return false;
      entries.set(key, { kind: 'value', value }, options.ttlMs ? { ttl: Math.ceil(options.ttlMs) } : {});
      return true;
    },
    async delete(key) {
      return entries.delete(key);
    },
    async increment(key, by, options = {}) {
      return add(key, by, options);
    },
    async incrementMany(list, options = {}) {
      return list.map(({ key, by }) => add(key, by, options));
    },
    async numbers(keys) {
      return keys.map(numberEntry);
    },
    async close() {
      entries.clear();
      settled.clear();
    },
  };

  function dropHold(key: string, id: string): boolean {
    const c = counter(key);
    const hold = c?.holds.get(id);
    if (!c || !hold) return false;
    c.holds.delete(id);
    c.reserved = c.holds.size === 0 ? 0 : c.reserved - hold.amount;
    return true;
  }
}
