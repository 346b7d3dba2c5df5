import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CapWindow,
  calendarPeriod,
  ROLLING_BUCKETS,
  rollingCoverage,
  WINDOW_MS,
  windowCounters,
} from '../../src/budgets/cap-windows.js';
import { memoryStore } from '../../src/index.js';

const windows: CapWindow[] = ['minute', 'hourly', 'daily', 'monthly'];
// 1970 … 2200, with month ends, leap days and year ends well represented.
const instant = fc.oneof(
  fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) }),
  fc
    .record({
      y: fc.integer({ min: 1970, max: 2199 }),
      m: fc.integer({ min: 0, max: 11 }),
      ms: fc.integer({ min: -2, max: 1 }),
    })
    .map(({ y, m, ms }) => Math.max(0, Date.UTC(y, m + 1, 1) + ms)),
);
const window = fc.constantFrom(...windows);

describe('calendar windows', () => {
  it('contain the instant, name it in UTC, and start where the previous one ends', () => {
    fc.assert(
      fc.property(instant, window, (now, w) => {
        const period = calendarPeriod(w, now);
        expect(period.start).toBeLessThanOrEqual(now);
        expect(now).toBeLessThan(period.end);
        const iso = new Date(now).toISOString();
        const expectedId = {
          minute: iso.slice(0, 16),
          hourly: iso.slice(0, 13),
          daily: iso.slice(0, 10),
          monthly: iso.slice(0, 7),
        }[w];
        expect(period.id).toBe(expectedId);
        expect(calendarPeriod(w, period.end - 1).id).toBe(period.id);
        expect(calendarPeriod(w, period.end).id).not.toBe(period.id);
        expect(calendarPeriod(w, period.end).start).toBe(period.end);
        if (w !== 'monthly') expect(period.end - period.start).toBe(WINDOW_MS[w]);
        else expect([28, 29, 30, 31]).toContain((period.end - period.start) / 86_400_000);
      }),
    );
  });

  it('keep a counter at least until its window ends', () => {
    fc.assert(
      fc.property(instant, window, (now, w) => {
        const counters = windowCounters('budget:tenant:t', w, false, now);
        expect(now + counters.ttlMs).toBeGreaterThan(calendarPeriod(w, now).end);
        expect(counters.sumOf).toBeUndefined();
      }),
    );
  });
});

describe('rolling windows', () => {
  it('sum buckets covering at least the whole window and at most one bucket more, charging the current one', () => {
    fc.assert(
      fc.property(instant, window, (now, w) => {
        const { from, to } = rollingCoverage(w, now);
        const bucket = WINDOW_MS[w] / ROLLING_BUCKETS;
        expect(from).toBeLessThanOrEqual(now - WINDOW_MS[w]);
        expect(to).toBeGreaterThan(now);
        expect(to - from).toBeCloseTo(WINDOW_MS[w] + bucket, 3);
        const counters = windowCounters('b', w, true, now);
        expect(counters.sumOf).toHaveLength(ROLLING_BUCKETS + 1);
        expect(counters.sumOf?.at(-1)).toBe(counters.key);
        // The charged bucket outlives the window it can still be summed in.
        expect(counters.ttlMs).toBeGreaterThan(WINDOW_MS[w] + bucket);
      }),
    );
  });

  it('a charge is summed for as long as it is inside the window (never forgotten early)', () => {
    fc.assert(
      fc.property(instant, window, fc.double({ min: 0, max: 1, noNaN: true }), (charged, w, share) => {
        const later = charged + Math.floor(share * (WINDOW_MS[w] - 1));
        const key = windowCounters('b', w, true, charged).key;
        expect(windowCounters('b', w, true, later).sumOf).toContain(key);
      }),
    );
  });
});

describe('reservation arithmetic', () => {
  it('whatever the interleaving of reserve / settle / release / lapse, holds never exceed a limit and spent is what was settled', async () => {
    type Op =
      | { kind: 'reserve'; amount: number }
      | { kind: 'settle'; which: number; actual: number }
      | { kind: 'release'; which: number }
      | { kind: 'tick'; ms: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('reserve' as const), amount: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('settle' as const), which: fc.nat(20), actual: fc.integer({ min: 0, max: 40 }) }),
      fc.record({ kind: fc.constant('release' as const), which: fc.nat(20) }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 60 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        let clock = 1_000_000;
        const store = memoryStore({ now: () => clock, maxEntries: 100 });
        const limit = 100;
        const granted: { id: string; keys: readonly string[]; amount: number; expiresAt: number; done: boolean }[] = [];
        let settled = 0;
        let n = 0;
        for (const o of ops) {
          if (o.kind === 'tick') clock += o.ms;
          else if (o.kind === 'reserve') {
            const outcome = await store.reserve({
              id: `r${n++}`,
              ttlMs: 50,
              counters: [{ key: 'k', amount: o.amount, limit, ttlMs: 1e9 }],
            });
            const live = granted.filter((g) => !g.done && g.expiresAt > clock).reduce((s, g) => s + g.amount, 0);
            expect(outcome.ok).toBe(settled + live + o.amount <= limit);
            if (outcome.ok) granted.push({ ...outcome.reservation, amount: o.amount, done: false });
          } else {
            const g = granted[o.which % Math.max(1, granted.length)];
            if (!g) continue;
            if (o.kind === 'settle') {
              const result = await store.settle(g, [{ key: 'k', amount: o.actual, ttlMs: 1e9 }]);
              if (result !== 'duplicate') settled += o.actual;
              expect(result).toBe(g.done ? 'duplicate' : g.expiresAt > clock ? 'settled' : 'late');
              g.done = true;
            } else if (!g.done) {
              expect(await store.release(g)).toBe(g.expiresAt > clock);
              g.expiresAt = Math.min(g.expiresAt, clock);
            }
          }
          const [state] = await store.counters(['k']);
          const live = granted.filter((g) => !g.done && g.expiresAt > clock).reduce((s, g) => s + g.amount, 0);
          expect(state).toEqual({ spent: settled, reserved: live });
        }
      }),
      { numRuns: 200 },
    );
  });
});
