// Budget leases: on a remote store (Redis, PostgreSQL) an instance reserves a slice of a large cap once and draws the
// worst cases of many calls from it in memory, so a budgeted call costs no store round trip. The slice is one
// ordinary reservation (same counters, same limits, same expiry), so the store's sum of spent + held never exceeds a
// cap, whatever the instances do: a call draws only from room its instance already holds. When the slice retires
// (too little room left for the next call, or older than `maxAgeMs`) and its calls have finished, it is settled to
// what they cost, and the room it did not use goes back to every instance.
//
// Leases stay out of the way where they would change what a cap refuses: a slice is at most `share` of the smallest
// cap it draws on and at least `minCalls` worst cases (a cap only a few calls large never leases), and it is granted
// only while the cap's spent + held + slice stays under `ceiling` of the cap. Past that line every call reserves on
// its own, as without leases, so the last part of a cap is shared call by call across instances.
import { randomUUID } from 'node:crypto';
import type { CounterCharge, Reservation, SettleCharge, Store } from '../stores/store.js';
import { StoreUnavailableError } from '../stores/store-error.js';

/** How leases are sized and how long one lives. */
export interface LeaseSettings {
  /** Largest slice, as a share of the smallest cap it draws on. */
  readonly share: number;
  /** Smallest slice, in worst cases of the call that asks for it (below that, the call reserves on its own). */
  readonly minCalls: number;
  /** Slice size aimed at, in worst cases of the call that asks for it. */
  readonly targetCalls: number;
  /** A slice is granted only while spent + held + slice ≤ this share of each cap. */
  readonly ceiling: number;
  /** A slice takes no new calls after this long, and is settled once they finish. */
  readonly maxAgeMs: number;
  /** After a refused slice, calls on the same counters reserve on their own for this long. */
  readonly cooldownMs: number;
}

/** The defaults: slices of up to 2% of a cap, 256 calls' worst cases, granted below 80% of it, retired after 1 s. */
export const DEFAULT_LEASE_SETTINGS: LeaseSettings = {
  share: 0.02,
  minCalls: 4,
  targetCalls: 256,
  ceiling: 0.8,
  maxAgeMs: 1000,
  cooldownMs: 1000,
};

/** A call's draw on a lease; `finish` records what it cost. */
export interface LeaseDraw {
  /** The call ended having cost `costUsd` (0 when it failed without usage). */
  finish(costUsd: number): void;
}

/** Options of `createLeases`. */
export interface LeasesOptions<C> {
  readonly store: Store;
  readonly reservationTtlMs: number;
  readonly settings?: Partial<LeaseSettings>;
  /** Writes a retired slice's charges (the gate's settle, which keeps them for later when the store is down). */
  readonly settle: (
    reservation: Pick<Reservation, 'id' | 'keys'>,
    charges: SettleCharge[],
    costUsd: number,
    context: C,
  ) => Promise<void>;
}

/** The leases of one router: `draw` takes a call's worst case from a slice, or says the call must reserve itself. */
export interface Leases<C> {
  /**
   * A draw of `worstUsd` on these counters (USD counters with limits), or undefined: reserve the call on its own.
   * `context` travels with the slice to its settle (the gate's scopes, for alerts).
   */
  draw(
    counters: readonly CounterCharge[],
    worstUsd: number,
    context: C,
  ): LeaseDraw | undefined | Promise<LeaseDraw | undefined>;
  /** Retire every slice and wait for their settles. */
  close(): Promise<void>;
}

interface Lease<C> {
  readonly reservation: Reservation;
  readonly context: C;
  readonly counters: readonly CounterCharge[];
  /** USD held on every counter. */
  readonly amount: number;
  /** Worst cases of the calls still running. */
  held: number;
  /** What finished calls cost. */
  charged: number;
  running: number;
  retired: boolean;
  readonly retireAt: number;
  timer?: NodeJS.Timeout;
}

/** Share of a slice (of its room, or of its life) used when the next one is reserved in the background. */
const PREFETCH_AT = 0.75;

/** How many slices one call may wait for before it reserves on its own (a burst larger than a few slices). */
const MAX_SLICES_PER_DRAW = 4;

/** Leases over a store. */
export function createLeases<C>(options: LeasesOptions<C>): Leases<C> {
  const settings = { ...DEFAULT_LEASE_SETTINGS, ...options.settings };
  const current = new Map<string, Lease<C>>();
  const acquiring = new Map<string, Promise<Lease<C> | undefined>>();
  const cooling = new Map<string, number>();
  const settling = new Set<Promise<void>>();
  let closed = false;

  function retire(key: string, lease: Lease<C>): void {
    if (lease.retired) return;
    lease.retired = true;
    if (lease.timer) clearTimeout(lease.timer);
    if (current.get(key) === lease) current.delete(key);
    if (lease.running === 0) settleLease(lease);
  }

  function settleLease(lease: Lease<C>): void {
    const charges = lease.counters.map((c) => ({ key: c.key, amount: lease.charged, ttlMs: c.ttlMs }));
    const p = options.settle(lease.reservation, charges, lease.charged, lease.context).catch(() => {});
    settling.add(p);
    void p.finally(() => settling.delete(p));
  }

  function take(key: string, lease: Lease<C>, worstUsd: number, context: C): LeaseDraw {
    lease.held += worstUsd;
    lease.running += 1;
    // Three quarters used or old: reserve the next slice now, so no call waits for it.
    if (
      !acquiring.has(key) &&
      current.get(key) === lease &&
      (lease.charged + lease.held >= PREFETCH_AT * lease.amount ||
        Date.now() >= lease.retireAt - (1 - PREFETCH_AT) * settings.maxAgeMs)
    ) {
      startAcquire(key, lease.counters, worstUsd, context);
    }
    let done = false;
    return {
      finish(costUsd) {
        if (done) return;
        done = true;
        lease.held -= worstUsd;
        lease.charged += costUsd;
        lease.running -= 1;
        if (lease.retired && lease.running === 0) settleLease(lease);
      },
    };
  }

  // (The tolerance absorbs the rounding of summed worst cases; the store itself only ever holds `amount`.)
  const fits = (lease: Lease<C>, worstUsd: number, now: number) =>
    !lease.retired && now < lease.retireAt && lease.charged + lease.held + worstUsd <= lease.amount * (1 + 1e-9);

  async function acquire(key: string, counters: readonly CounterCharge[], worstUsd: number, context: C) {
    const smallest = Math.min(...counters.map((c) => c.limit as number));
    const amount = Math.min(settings.share * smallest, settings.targetCalls * worstUsd);
    if (amount < settings.minCalls * worstUsd) return undefined;
    const id = `lease:${randomUUID()}`;
    let outcome: Awaited<ReturnType<Store['reserve']>>;
    try {
      outcome = await options.store.reserve({
        id,
        counters: counters.map((c) => ({ ...c, amount, limit: (c.limit as number) * settings.ceiling })),
        ttlMs: options.reservationTtlMs,
      });
    } catch (error) {
      // The call's own reservation meets the outage and handles it as configured.
      if (error instanceof StoreUnavailableError) return undefined;
      throw error;
    }
    if (!outcome.ok || closed) {
      if (outcome.ok) await options.store.release(outcome.reservation).catch(() => {});
      const now = Date.now();
      // Counter keys carry their window, so old entries are never asked for again: drop them as the map grows.
      if (cooling.size >= 1024) for (const [k, until] of cooling) if (until <= now) cooling.delete(k);
      cooling.set(key, now + settings.cooldownMs);
      return undefined;
    }
    const lease: Lease<C> = {
      reservation: outcome.reservation,
      context,
      counters,
      amount,
      held: 0,
      charged: 0,
      running: 0,
      retired: false,
      // Calls drawn from the slice must finish within the reservation's life, as a call's own reservation does.
      retireAt: Date.now() + Math.min(settings.maxAgeMs, options.reservationTtlMs / 4),
    };
    lease.timer = setTimeout(() => retire(key, lease), lease.retireAt - Date.now());
    lease.timer.unref();
    const previous = current.get(key);
    if (previous) retire(key, previous);
    current.set(key, lease);
    return lease;
  }

  function drawFrom(
    counters: readonly CounterCharge[],
    worstUsd: number,
    context: C,
    tries: number,
  ): LeaseDraw | undefined | Promise<LeaseDraw | undefined> {
    if (closed || worstUsd <= 0 || tries === 0) return undefined;
    const key = counters.map((c) => `${c.key}\u0000${c.limit}`).join('\u0001');
    const now = Date.now();
    const lease = current.get(key);
    if (lease && fits(lease, worstUsd, now)) return take(key, lease, worstUsd, context);
    if (lease) retire(key, lease);
    if ((cooling.get(key) ?? 0) > now) return undefined;
    cooling.delete(key);
    // Calls arriving while a slice is being reserved wait for it rather than each reserving one.
    const pending = acquiring.get(key) ?? startAcquire(key, counters, worstUsd, context);
    // A call the new slice has no room left for (many arrived at once) tries the next slice.
    return pending.then((fresh) => {
      if (!fresh) return undefined;
      if (fits(fresh, worstUsd, Date.now())) return take(key, fresh, worstUsd, context);
      return drawFrom(counters, worstUsd, context, tries - 1);
    });
  }

  function startAcquire(key: string, counters: readonly CounterCharge[], worstUsd: number, context: C) {
    const pending = acquire(key, counters, worstUsd, context)
      .catch(() => undefined)
      .finally(() => acquiring.delete(key));
    acquiring.set(key, pending);
    return pending;
  }

  return {
    draw(counters, worstUsd, context) {
      return drawFrom(counters, worstUsd, context, MAX_SLICES_PER_DRAW);
    },
    async close() {
      closed = true;
      await Promise.all([...acquiring.values()]);
      for (const [key, lease] of [...current]) retire(key, lease);
      while (settling.size > 0) await Promise.all([...settling]);
    },
  };
}
