// The Store: every piece of state routewise shares across instances (budgets, rate limits, caches, experiment
// statistics) goes through these few atomic operations, so memory, Redis and PostgreSQL behave the same.

/** One counter a reservation charges, and the limit it must stay under. */
export interface CounterCharge {
  /** The counter this reservation holds `amount` on (and a settle charges). */
  readonly key: string;
  /** How much to hold (worst case); never negative. */
  readonly amount: number;
  /** Refuse the whole reservation when the total over `sumOf` plus `amount` would exceed this. */
  readonly limit?: number;
  /** Counters whose spent + reserved count against `limit` (the buckets of a rolling window); default `[key]`. */
  readonly sumOf?: readonly string[];
  /** How long the counter lives after this write (its window's end plus slack); only for clean-up. */
  readonly ttlMs: number;
}

/** What `Store.reserve` is asked to hold, atomically over every counter. */
export interface ReserveInput {
  /** Unique id of this reservation (also what makes a settle idempotent). */
  readonly id: string;
  /** The counters to hold on; all are held or none. */
  readonly counters: readonly CounterCharge[];
  /** After this long an unsettled hold lapses by itself (a crashed process cannot keep budget). */
  readonly ttlMs: number;
}

/** A hold that was granted: pass it back to `settle` or `release`. Plain data, so it survives a reconnect. */
export interface Reservation {
  /** The reservation id. */
  readonly id: string;
  /** The counters it holds on, in the order given. */
  readonly keys: readonly string[];
  /** When the hold lapses, in epoch milliseconds of the store's clock. */
  readonly expiresAt: number;
}

/** The counter that refused a reservation, and its figures at that moment. */
export interface ReserveRefusal {
  /** Index of the refusing counter in `ReserveInput.counters`. */
  readonly index: number;
  /** Its key. */
  readonly key: string;
  /** Its limit. */
  readonly limit: number;
  /** Settled charges counted against the limit. */
  readonly spent: number;
  /** Live holds counted against the limit. */
  readonly reserved: number;
  /** The amount that did not fit. */
  readonly amount: number;
}

/** Result of `Store.reserve`: the reservation, or the first counter that refused (nothing was held then). */
export type ReserveOutcome =
  | { readonly ok: true; readonly reservation: Reservation }
  | { readonly ok: false; readonly refusal: ReserveRefusal };

/** One actual charge of a settle: the counter and what the call really cost. */
export interface SettleCharge {
  /** The counter to charge. */
  readonly key: string;
  /** The actual amount; may be 0 (a failed call with no usage). */
  readonly amount: number;
  /** How long the counter lives after this write. */
  readonly ttlMs: number;
}

/** What a settle did: `settled` (hold released, charged), `late` (hold had lapsed, charged once), `duplicate` (this id was settled before; nothing changed). */
export type SettleOutcome = 'settled' | 'late' | 'duplicate';

/** A counter's figures: settled charges and live (unexpired) holds. */
export interface CounterState {
  /** Sum of settled charges. */
  readonly spent: number;
  /** Sum of live holds. */
  readonly reserved: number;
}

/** Options of a timed write. */
export interface TtlOptions {
  /** Time to live in milliseconds; omitted = until evicted or deleted. */
  readonly ttlMs?: number;
}

/**
 * A memory store's values kept as they are, read and written synchronously: for code in the same process that would
 * otherwise turn an object into JSON and back (the response cache's answers). Under the store's bound and clock.
 */
export interface InProcessValues {
  /** The value under `key`; undefined when absent, expired, or not written through `set` here. */
  get(key: string): unknown;
  /** Keeps `value` as it is (not copied: the caller must not change it afterwards). */
  set(key: string, value: unknown, options?: TtlOptions): void;
}

/** Which engine backs a store, with its client for code that needs engine-specific features. */
export type StoreEngine =
  | { readonly kind: 'memory'; readonly values?: InProcessValues }
  | { readonly kind: 'redis'; readonly client: import('ioredis').Redis; readonly prefix: string }
  | { readonly kind: 'postgres'; readonly pool: import('pg').Pool; readonly schema: string };

/** Shared state behind budgets, rate limits, caches and experiment statistics. Every operation is atomic. */
export interface Store {
  /** The engine and its client (Redis client, PostgreSQL pool). */
  readonly engine: StoreEngine;
  /** Hold `amount` on every counter at once, or on none when any limit would be exceeded. */
  reserve(input: ReserveInput): Promise<ReserveOutcome>;
  /** Release a hold and charge the actual amounts, once per reservation id however often it is called. */
  settle(reservation: Pick<Reservation, 'id' | 'keys'>, charges: readonly SettleCharge[]): Promise<SettleOutcome>;
  /** Drop a hold without charging (the call failed before costing anything); false when it was already gone. */
  release(reservation: Pick<Reservation, 'id' | 'keys'>): Promise<boolean>;
  /** Current figures of some counters (lapsed holds excluded), in the order asked. */
  counters(keys: readonly string[]): Promise<CounterState[]>;
  /** Read a value; undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Write a value, optionally with a time to live. */
  set(key: string, value: string, options?: TtlOptions): Promise<void>;
  /** Write a value only if the key is absent; true when written. */
  setIfAbsent(key: string, value: string, options?: TtlOptions): Promise<boolean>;
  /** Delete a value or counter; true when something was there. */
  delete(key: string): Promise<boolean>;
  /** Add `by` to a numeric value (absent = 0) and return the new value; the TTL is set when the key is created. */
  increment(key: string, by: number, options?: TtlOptions): Promise<number>;
  /** Add to several numeric values in one atomic step; returns the new values in order. */
  incrementMany(entries: readonly { key: string; by: number }[], options?: TtlOptions): Promise<number[]>;
  /** Read several numeric values written by `increment` (absent = 0). */
  numbers(keys: readonly string[]): Promise<number[]>;
  /** Release connections; the process can exit afterwards. Idempotent. */
  close(): Promise<void>;
}

/** How long a settled reservation id is remembered, so a repeated settle is recognised (default 2 days). */
export const SETTLED_ID_TTL_MS = 2 * 24 * 60 * 60 * 1000;
