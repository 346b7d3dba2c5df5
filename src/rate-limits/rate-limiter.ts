import { randomUUID } from 'node:crypto';
import type { Usage } from '../core/usage.js';
import { sleep } from '../core/backoff.js';
import type { Target } from '../router/target.js';
import type { CounterCharge, Reservation, SettleCharge, Store } from '../stores/store.js';
import { DEFAULT_MAX_WAIT_MS, type RateLimit, type RateLimitsConfig } from './rate-limit-config.js';
import { type RateLimitKind, RateLimitedError } from './rate-limited-error.js';

/** A window of one minute, counted in slots: a request ages out slot by slot, not all at once per minute. */
const SLOT_MS = 5_000;
const SLOTS = 12;
/** How often a waiting attempt asks again while holds (not settled charges) fill the bucket, ms. */
const POLL_MS = 100;

/** Room granted in every bucket of an attempt; `settle` charges what the attempt really used. */
export interface RateLimitPermit {
  /** Charges one request and the attempt's actual tokens (0 when a failed call reported no usage). */
  settle(usage: Usage | undefined): Promise<void>;
}

/** The router's client-side rate limits over the store. */
export interface RateLimiter {
  /**
   * Waits (in this process's queue for the buckets, then polling the store) until every bucket of the target has
   * room for one request and `tokens`; undefined (no wait) when no bucket applies to the target.
   */
  acquire(target: Target, tokens: () => number, signal?: AbortSignal): Promise<RateLimitPermit> | undefined;
  /** Pauses the target's buckets for every instance (a provider's 429 with retry-after). */
  pause(target: Target, ms: number): Promise<void>;
}

interface Bucket {
  name: string;
  limit: RateLimit;
}

/**
 * Rate limits held in the store's atomic reservations: an attempt reserves 1 request and its worst-case tokens on the
 * current slot of each bucket, refused when the sum over the last 12 slots (one minute) plus the hold would pass the
 * limit; the settle turns the hold into the actual figures. A pause is a hold on the bucket's pause counter, which
 * every reservation checks (limit 0) and which lapses by itself when the pause ends.
 */
export function createRateLimiter(store: Store, config: RateLimitsConfig, holdMs: number): RateLimiter {
  const buckets = new Map<string, Bucket[]>();
  const bucketsOf = (target: Target): Bucket[] => {
    let found = buckets.get(target.alias);
    if (!found) {
      found = [];
      for (const name of new Set([target.alias, target.providerName])) {
        const limit = config[name];
        if (limit) found.push({ name, limit });
      }
      buckets.set(target.alias, found);
    }
    return found;
  };
  // One line per bucket set in this process: waiters take their turn instead of all polling the store.
  const lines = new Map<string, Promise<unknown>>();

  async function tryReserve(chosen: Bucket[], tokens: number) {
    const slot = Math.floor(Date.now() / SLOT_MS);
    const counters: CounterCharge[] = [];
    const kinds: Array<{ kind: RateLimitKind; bucket: string }> = [];
    const ttlMs = SLOT_MS * (SLOTS + 1);
    for (const { name, limit } of chosen) {
      counters.push({ key: pauseKey(name), amount: 0, limit: 0, ttlMs });
      kinds.push({ kind: 'paused', bucket: name });
      if (limit.rpm !== undefined) {
        counters.push({
          key: slotKey(name, 'rpm', slot),
          amount: 1,
          limit: limit.rpm,
          sumOf: window(name, 'rpm', slot),
          ttlMs,
        });
        kinds.push({ kind: 'rpm', bucket: name });
      }
      if (limit.tpm !== undefined) {
        counters.push({
          key: slotKey(name, 'tpm', slot),
          amount: tokens,
          limit: limit.tpm,
          sumOf: window(name, 'tpm', slot),
          ttlMs,
        });
        kinds.push({ kind: 'tpm', bucket: name });
      }
    }
    const outcome = await store.reserve({ id: `rl:${randomUUID()}`, counters, ttlMs: holdMs });
    return { outcome, slot, kinds };
  }

  async function waitForRoom(chosen: Bucket[], tokens: number, started: number, signal?: AbortSignal) {
    const maxWaitMs = Math.min(...chosen.map((b) => b.limit.maxWaitMs ?? DEFAULT_MAX_WAIT_MS));
    for (;;) {
      const { outcome, slot, kinds } = await tryReserve(chosen, tokens);
      if (outcome.ok) return { reservation: outcome.reservation, slot };
      const { refusal } = outcome;
      const { kind, bucket } = kinds[refusal.index] as { kind: RateLimitKind; bucket: string };
      let waitMs: number;
      if (kind === 'paused') {
        const until = Number(await store.get(pauseUntilKey(bucket)));
        waitMs = Number.isFinite(until) && until > Date.now() ? until - Date.now() : POLL_MS;
      } else {
        // Holds may settle below their worst case any moment; settled figures only leave with their slot.
        const slotEnd = (slot + 1) * SLOT_MS - Date.now();
        waitMs = refusal.reserved > 0 ? Math.min(POLL_MS, slotEnd) : slotEnd;
      }
      const waited = Date.now() - started;
      if (waited + waitMs > maxWaitMs) {
        throw new RateLimitedError({
          bucket,
          limit: kind,
          waitedMs: waited,
          tokens,
          reason:
            kind === 'paused'
              ? `the provider asked every instance to pause (429 retry-after); no room within maxWaitMs ${maxWaitMs}`
              : `${refusal.spent + refusal.reserved} of ${refusal.limit} ${kind === 'rpm' ? 'requests' : 'tokens'} ` +
                `used or held in the last minute; no room for ${refusal.amount} more within maxWaitMs ${maxWaitMs}`,
        });
      }
      await sleep(Math.max(1, waitMs) + Math.floor(Math.random() * 10), signal);
    }
  }

  return {
    acquire(target, estimate, signal) {
      const chosen = bucketsOf(target);
      if (chosen.length === 0) return undefined;
      const tokens = chosen.some((b) => b.limit.tpm !== undefined) ? estimate() : 0;
      for (const { name, limit } of chosen) {
        if (limit.tpm !== undefined && tokens > limit.tpm) {
          return Promise.reject(
            new RateLimitedError({
              bucket: name,
              limit: 'tpm',
              waitedMs: 0,
              tokens,
              reason: `the attempt's worst case of ${tokens} tokens exceeds the bucket's tpm of ${limit.tpm}: it can never fit`,
            }),
          );
        }
      }
      const started = Date.now();
      const lineKey = chosen.map((b) => b.name).join('\u0000');
      const ahead = lines.get(lineKey);
      const maxWaitMs = Math.min(...chosen.map((b) => b.limit.maxWaitMs ?? DEFAULT_MAX_WAIT_MS));
      // Waiting in line counts against maxWaitMs too: a request never waits longer than that in all.
      const granted = (ahead ? inLine(ahead, maxWaitMs, chosen[0] as Bucket, tokens, signal) : Promise.resolve()).then(
        () => waitForRoom(chosen, tokens, started, signal),
      );
      const settledTurn = granted.catch(() => {});
      lines.set(lineKey, settledTurn);
      void settledTurn.then(() => {
        if (lines.get(lineKey) === settledTurn) lines.delete(lineKey);
      });
      return granted.then(({ reservation, slot }) => permit(store, chosen, reservation, slot));
    },
    async pause(target, ms) {
      const until = Date.now() + ms;
      for (const { name } of bucketsOf(target)) {
        await store.set(pauseUntilKey(name), String(until), { ttlMs: ms + 1_000 });
        await store.reserve({
          id: `rl-pause:${randomUUID()}`,
          counters: [{ key: pauseKey(name), amount: 1, ttlMs: ms + SLOT_MS }],
          ttlMs: ms,
        });
      }
    },
  };
}

/** Waits for the requests ahead in this process's line, at most `maxWaitMs` (then `RateLimitedError`) or an abort. */
function inLine(ahead: Promise<unknown>, maxWaitMs: number, bucket: Bucket, tokens: number, signal?: AbortSignal) {
  const started = Date.now();
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      done();
      reject(
        new RateLimitedError({
          bucket: bucket.name,
          limit: bucket.limit.rpm !== undefined ? 'rpm' : 'tpm',
          waitedMs: Date.now() - started,
          tokens,
          reason: `still queued behind this process's earlier requests after maxWaitMs ${maxWaitMs}`,
        }),
      );
    }, maxWaitMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    void ahead.then(() => {
      done();
      resolve();
    });
  });
}

function permit(store: Store, chosen: Bucket[], reservation: Reservation, slot: number): RateLimitPermit {
  return {
    async settle(usage) {
      const tokens = usage ? usage.inputTokens + usage.outputTokens : 0;
      const ttlMs = SLOT_MS * (SLOTS + 1);
      const charges: SettleCharge[] = [];
      for (const { name, limit } of chosen) {
        if (limit.rpm !== undefined) charges.push({ key: slotKey(name, 'rpm', slot), amount: 1, ttlMs });
        if (limit.tpm !== undefined) charges.push({ key: slotKey(name, 'tpm', slot), amount: tokens, ttlMs });
      }
      await store.settle(reservation, charges);
    },
  };
}

const safe = (name: string) => name.replaceAll(':', '%3A');
const pauseKey = (bucket: string) => `rl:${safe(bucket)}:pause`;
const pauseUntilKey = (bucket: string) => `rl:${safe(bucket)}:pause-until`;
const slotKey = (bucket: string, kind: 'rpm' | 'tpm', slot: number) => `rl:${safe(bucket)}:${kind}:${slot}`;
function window(bucket: string, kind: 'rpm' | 'tpm', slot: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < SLOTS; i++) keys.push(slotKey(bucket, kind, slot - i));
  return keys;
}
