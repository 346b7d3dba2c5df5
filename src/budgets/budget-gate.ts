import { randomUUID } from 'node:crypto';
import { BudgetExceededError } from '../errors.js';
import type { RouterEvents } from '../core/router-events.js';
import { memoryStore } from '../stores/memory-store.js';
import type { CounterCharge, Reservation, SettleCharge, Store } from '../stores/store.js';
import { StoreUnavailableError } from '../stores/store-error.js';
import { createLeases, type LeaseSettings } from './budget-leases.js';
import { type CapScope, scopeLabel } from './cap-scopes.js';
import { type CapWindow, type WindowCounters, windowCounters } from './cap-windows.js';

/** What the store being down does to a capped request. */
export type OnStoreError = 'fail-closed' | 'fail-open';

/** The worst case of one attempt, as the error message and the reservation need it. */
export interface AttemptWorstCase {
  /** USD reserved. */
  estimateUsd: number;
  /** Provider model id. */
  model: string;
  /** Estimated input tokens. */
  inputTokens: number;
  /** Output cap. */
  maxOutputTokens: number;
}

/** A reservation held for one attempt; `finish` settles it to the actual cost (or releases it). Never throws. */
export interface CapHold {
  /** Settle to `costUsd`; a failed attempt that cost nothing releases the hold instead (a run's call count still counts it). */
  finish(costUsd: number, failed: boolean): Promise<void>;
}

/** Reserves worst cases against running caps, settles actual costs, and reconciles charges made while the store was down. */
export interface BudgetGate {
  /** Reserve `worst` on every scope at once; throws `BudgetExceededError` (or `StoreUnavailableError` when failing closed). */
  hold(scopes: readonly CapScope[], worst: AttemptWorstCase, allowSoftOverrun: boolean): Promise<CapHold>;
  /**
   * Charges a cost made outside any attempt (a paid embedding of the question) to every USD cap at once. It is already
   * spent, so it is never refused: it is written as a settle without a hold, charged once, and counts against the
   * next reservations. Never throws; kept for later when the store is down.
   */
  charge(scopes: readonly CapScope[], costUsd: number): Promise<void>;
  /** Charges settled locally (store down) not yet written to the store. */
  readonly pending: number;
  /** Try to write pending charges to the store now. */
  reconcile(): Promise<void>;
  /** Wait for settles under way (written in the background on remote stores). */
  drain(): Promise<void>;
  /** Stop timers and write what can be written. */
  close(): Promise<void>;
}

/** Options of `createBudgetGate`. */
export interface BudgetGateOptions {
  store: Store;
  onStoreError: OnStoreError;
  events: RouterEvents;
  /** How long an unsettled reservation holds its budget. */
  reservationTtlMs: number;
  /** How long a run's counters (withBudget) live. */
  runTtlMs?: number;
  /** Settle without making the request wait (default for Redis and PostgreSQL); `close()` waits for them. */
  settleInBackground?: boolean;
  /**
   * Draw calls from slices of large caps held in memory (`budget-leases.ts`), so a call costs no store round trip.
   * Default: on for Redis and PostgreSQL, off in memory (nothing to save). `false` turns them off; an object tunes them.
   */
  leases?: boolean | Partial<LeaseSettings>;
}

interface Counted {
  scope: CapScope;
  counters: WindowCounters;
}

const RUN_TTL_MS = 7 * 86_400_000;
const RECONCILE_EVERY_MS = 1000;

/** A budget gate over a store. */
export function createBudgetGate(options: BudgetGateOptions): BudgetGate {
  const { store, events } = options;
  // A remote store's settle would add a round trip to every answer; in memory it costs nothing, so tests stay exact.
  const settleInBackground = options.settleInBackground ?? store.engine.kind !== 'memory';
  const local = memoryStore();
  const pending: { reservation: Pick<Reservation, 'id' | 'keys'>; charges: SettleCharge[] }[] = [];
  const background = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;
  let storeDown = false;
  let flushing: Promise<void> | undefined;
  // A window's counters stay the same until the window (calendar) or the bucket (rolling) ends: worked out once.
  // (Valid from the moment it was worked out, which lies in the same window, to the window's end.)
  const windows = new Map<string, { counters: WindowCounters; from: number }>();
  function currentWindow(scope: CapScope, now: number): WindowCounters {
    const memoKey = `${scope.base}\u0000${scope.window}\u0000${scope.rolling}`;
    const known = windows.get(memoKey);
    if (known && now >= known.from && now < known.counters.endsAt) return known.counters;
    const counters = windowCounters(scope.base, scope.window as CapWindow, scope.rolling, now);
    if (windows.size >= 10_000) windows.clear();
    windows.set(memoKey, { counters, from: now });
    return counters;
  }
  const leasing = options.leases ?? store.engine.kind !== 'memory';
  const leases = leasing
    ? createLeases<Counted[]>({
        store,
        reservationTtlMs: options.reservationTtlMs,
        ...(typeof leasing === 'object' ? { settings: leasing } : {}),
        settle: (reservation, charges, costUsd, counted) => settleInStore(reservation, charges, counted, costUsd),
      })
    : undefined;

  /** The counters each scope charges at `now`. */
  function countedAt(scopes: readonly CapScope[], now: number): Counted[] {
    return scopes.map((scope) => ({
      scope,
      counters:
        scope.window === 'total'
          ? { key: scope.base, ttlMs: options.runTtlMs ?? RUN_TTL_MS, endsAt: Number.POSITIVE_INFINITY }
          : currentWindow(scope, now),
    }));
  }

  /** Keeps a charge the store could not take, to write once it answers (never lost, never written twice). */
  function keepForLater(reservation: Pick<Reservation, 'id' | 'keys'>, charges: SettleCharge[]): void {
    pending.push({ reservation, charges });
    schedule();
  }

  /** Writes a settle to the store (kept for later when it is down), then alerts on the thresholds it crossed. */
  async function settleInStore(
    reservation: Pick<Reservation, 'id' | 'keys'>,
    charges: SettleCharge[],
    counted: Counted[],
    costUsd: number,
  ): Promise<void> {
    try {
      await store.settle(reservation, charges);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      markDown(error);
      keepForLater(reservation, charges);
      return;
    }
    alertThresholds(counted, costUsd, store);
  }

  function track(promise: Promise<unknown>): void {
    const p = promise.catch(() => {});
    background.add(p);
    void p.finally(() => background.delete(p));
  }

  function markUp(): void {
    storeDown = false;
    if (pending.length > 0) track(reconcile());
  }

  function markDown(error: StoreUnavailableError): void {
    if (!storeDown && events.has('alert')) {
      events.emit('alert', {
        type: 'store-unavailable',
        scope: 'router',
        message: `${error.message}; budgets are ${options.onStoreError === 'fail-open' ? 'counted locally until it is back' : 'refusing capped requests'}`,
        at: new Date(),
        figures: { pendingCharges: pending.length },
        details: { engine: error.engine, onStoreError: options.onStoreError },
      });
    }
    storeDown = true;
  }

  function schedule(): void {
    if (timer || pending.length === 0) return;
    timer = setInterval(() => {
      if (pending.length === 0) {
        clearInterval(timer);
        timer = undefined;
        return;
      }
      track(reconcile());
    }, RECONCILE_EVERY_MS);
    timer.unref();
  }

  function reconcile(): Promise<void> {
    flushing ??= (async () => {
      try {
        while (pending.length > 0) {
          const next = pending[0] as (typeof pending)[number];
          // The settled-id marker makes this safe to repeat: a charge that did land before the failure is a duplicate.
          await store.settle(next.reservation, next.charges);
          pending.shift();
        }
        storeDown = false;
      } catch {
        // Still down: the timer tries again.
      } finally {
        flushing = undefined;
      }
    })();
    return flushing;
  }

  function refusalError(counted: Counted, worst: AttemptWorstCase, spent: number, reserved: number) {
    const { scope } = counted;
    return new BudgetExceededError({
      scope: scope.kind,
      scopeName: scope.name,
      window: scope.window,
      mode: scope.mode,
      unit: scope.unit,
      limitUsd: scope.limit,
      spentUsd: spent,
      reservedUsd: reserved,
      estimateUsd: worst.estimateUsd,
      estimate: { model: worst.model, inputTokens: worst.inputTokens, maxOutputTokens: worst.maxOutputTokens },
    });
  }

  function alertThresholds(counted: Counted[], costUsd: number, target: Store): void {
    if (costUsd <= 0 || !events.has('alert')) return;
    const watched = counted.filter((c) => c.scope.unit === 'usd' && c.scope.alertAt.length > 0);
    if (watched.length === 0) return;
    track(
      (async () => {
        const keys = watched.flatMap((c) => c.counters.sumOf ?? [c.counters.key]);
        const states = await target.counters(keys);
        let i = 0;
        for (const c of watched) {
          let spent = 0;
          for (const _ of c.counters.sumOf ?? [c.counters.key]) spent += states[i++]?.spent ?? 0;
          for (const share of c.scope.alertAt) {
            const line = share * c.scope.limit;
            if (!(spent - costUsd < line && spent >= line)) continue;
            // Once per window across every instance: the first to claim the marker alerts.
            const ttlMs = Math.max(1000, c.counters.ttlMs);
            if (!(await target.setIfAbsent(`alerted:${c.counters.key}:${share}`, '1', { ttlMs }))) continue;
            const label = scopeLabel(c.scope);
            events.emit('alert', {
              type: 'budget-threshold',
              scope: label,
              message: `${label}: $${spent.toFixed(6)} spent of a $${c.scope.limit} cap (${Math.round(share * 100)}% reached)`,
              at: new Date(),
              figures: { spentUsd: spent, capUsd: c.scope.limit, threshold: share },
              details: { kind: c.scope.kind, name: c.scope.name, window: c.scope.window, mode: c.scope.mode },
            });
          }
        }
      })(),
    );
  }

  async function reserveOn(target: Store, id: string, counters: CounterCharge[]) {
    return target.reserve({ id, counters, ttlMs: options.reservationTtlMs });
  }

  return {
    get pending() {
      return pending.length;
    },
    reconcile,
    async hold(scopes, worst, allowSoftOverrun) {
      const counted = countedAt(scopes, Date.now());
      const charge = (c: Counted, withLimit: boolean): CounterCharge => {
        const base = {
          key: c.counters.key,
          amount: c.scope.unit === 'calls' ? 1 : worst.estimateUsd,
          ttlMs: c.counters.ttlMs,
          ...(c.counters.sumOf ? { sumOf: c.counters.sumOf } : {}),
        };
        return withLimit ? { ...base, limit: c.scope.limit } : base;
      };
      // A call on USD caps of calendar or rolling windows may draw from a slice this instance already holds.
      if (
        leases &&
        !storeDown &&
        pending.length === 0 &&
        counted.every((c) => c.scope.unit === 'usd' && c.scope.window !== 'total')
      ) {
        const draw = await leases.draw(
          counted.map((c) => charge(c, true)),
          worst.estimateUsd,
          counted,
        );
        if (draw) {
          return {
            finish(costUsd) {
              draw.finish(costUsd);
              return Promise.resolve();
            },
          };
        }
      }
      const id = randomUUID();
      let target: Store = store;
      let outcome: Awaited<ReturnType<Store['reserve']>>;
      const attempt = async (counters: CounterCharge[]) => {
        if (target === store) {
          try {
            const result = await reserveOn(store, id, counters);
            if (storeDown || pending.length > 0) markUp();
            return result;
          } catch (error) {
            if (!(error instanceof StoreUnavailableError)) throw error;
            markDown(error);
            if (options.onStoreError === 'fail-closed') throw error;
            target = local;
          }
        }
        return reserveOn(local, id, counters);
      };
      outcome = await attempt(counted.map((c) => charge(c, true)));
      if (!outcome.ok) {
        const first = outcome.refusal;
        const refused = counted[first.index] as Counted;
        if (refused.scope.mode !== 'soft' || !allowSoftOverrun) {
          throw refusalError(refused, worst, outcome.refusal.spent, outcome.refusal.reserved);
        }
        // Soft cap and nowhere cheaper to go: serve, holding the worst case on every counter, hard caps still enforced.
        outcome = await attempt(counted.map((c) => charge(c, c.scope.mode === 'hard')));
        if (!outcome.ok) {
          const hard = counted[outcome.refusal.index] as Counted;
          throw refusalError(hard, worst, outcome.refusal.spent, outcome.refusal.reserved);
        }
        const label = scopeLabel(refused.scope);
        events.emit('alert', {
          type: 'soft-cap-exceeded',
          scope: label,
          message:
            `${label}: served over the soft cap of $${refused.scope.limit} (worst case $${worst.estimateUsd.toFixed(6)} ` +
            `on top of $${first.spent.toFixed(6)} spent and $${first.reserved.toFixed(6)} reserved)`,
          at: new Date(),
          figures: {
            capUsd: refused.scope.limit,
            spentUsd: first.spent,
            reservedUsd: first.reserved,
            estimateUsd: worst.estimateUsd,
          },
          details: { kind: refused.scope.kind, name: refused.scope.name, window: refused.scope.window },
        });
      }
      const reservation = outcome.reservation;
      const held = target;
      const finish = async (costUsd: number, failed: boolean) => {
        const counts = counted.some((c) => c.scope.unit === 'calls');
        try {
          if (failed && costUsd === 0 && !counts) {
            await held.release(reservation);
            return;
          }
          const charges = counted.map((c) => ({
            key: c.counters.key,
            amount: c.scope.unit === 'calls' ? 1 : costUsd,
            ttlMs: c.counters.ttlMs,
          }));
          if (held === local) {
            await local.settle(reservation, charges);
            keepForLater(reservation, charges);
            return;
          }
          // Never lose a charge: one the store cannot take is written once it answers (the hold lapses meanwhile).
          await settleInStore(reservation, charges, counted, costUsd);
        } catch {
          // A release that failed lapses by itself; nothing else can reach here.
        }
      };
      return {
        finish(costUsd, failed) {
          if (!settleInBackground) return finish(costUsd, failed);
          // The hold keeps counting at its worst case until the settle lands, so answering first stays within caps.
          track(finish(costUsd, failed));
          return Promise.resolve();
        },
      };
    },
    charge(scopes, costUsd) {
      const usd = scopes.filter((scope) => scope.unit === 'usd');
      if (costUsd <= 0 || usd.length === 0) return Promise.resolve();
      const counted = countedAt(usd, Date.now());
      const charges = counted.map((c) => ({ key: c.counters.key, amount: costUsd, ttlMs: c.counters.ttlMs }));
      const reservation = { id: `charge:${randomUUID()}`, keys: charges.map((c) => c.key) };
      const write = async () => {
        if (!storeDown) return settleInStore(reservation, charges, counted, costUsd);
        await local.settle(reservation, charges);
        keepForLater(reservation, charges);
      };
      if (!settleInBackground) return write().catch(() => {});
      track(write());
      return Promise.resolve();
    },
    async drain() {
      while (background.size > 0) await Promise.all([...background]);
    },
    async close() {
      await leases?.close();
      while (background.size > 0) await Promise.all([...background]);
      if (timer) clearInterval(timer);
      timer = undefined;
      if (pending.length > 0) await reconcile();
      await Promise.all([...background]);
      await local.close();
    },
  };
}
