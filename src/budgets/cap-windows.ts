// Which counters a cap window charges at a given moment. Calendar windows are named for their UTC period (so every
// instance agrees without talking); rolling windows are summed over fixed buckets.

/** A cap's window length. */
export type CapWindow = 'minute' | 'hourly' | 'daily' | 'monthly';

/** Length of each window in ms; a rolling month is 30 days. */
export const WINDOW_MS: Readonly<Record<CapWindow, number>> = {
  minute: 60_000,
  hourly: 3_600_000,
  daily: 86_400_000,
  monthly: 30 * 86_400_000,
};

/** Buckets per rolling window: the window is summed over this many buckets plus the current one. */
export const ROLLING_BUCKETS = 30;

/** The calendar period containing `now`: its name (`2026-12-01` for a day) and bounds in epoch ms. */
export function calendarPeriod(window: CapWindow, now: number): { id: string; start: number; end: number } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const h = d.getUTCHours();
  const min = d.getUTCMinutes();
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${String(y).padStart(4, '0')}-${p(m + 1)}-${p(day)}`;
  switch (window) {
    case 'minute': {
      const start = Date.UTC(y, m, day, h, min);
      return { id: `${date}T${p(h)}:${p(min)}`, start, end: start + 60_000 };
    }
    case 'hourly': {
      const start = Date.UTC(y, m, day, h);
      return { id: `${date}T${p(h)}`, start, end: start + 3_600_000 };
    }
    case 'daily': {
      const start = Date.UTC(y, m, day);
      return { id: date, start, end: Date.UTC(y, m, day + 1) };
    }
    case 'monthly':
      return { id: date.slice(0, 7), start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
  }
}

/** The counters of a window at `now`: the one to charge, the ones summed against the cap, and how long to keep them. */
export interface WindowCounters {
  /** Counter key this reservation charges. */
  key: string;
  /** Counter keys whose total counts against the cap (absent = just `key`). */
  sumOf?: string[];
  /** How long the charged counter must live, in ms. */
  ttlMs: number;
  /** When the window that `key` belongs to ends (calendar), for alert de-duplication. */
  endsAt: number;
}

/** Slack kept after a window ends before its counters may go, so late settles still find them. */
const KEEP_AFTER_MS = 3_600_000;

/**
 * Counters of `window` at `now` under `base` (e.g. `budget:tenant:acme`). Rolling windows sum the current bucket and
 * the `ROLLING_BUCKETS` before it: at least the whole window, at most one bucket more, so a rolling cap errs on the
 * side of refusing.
 */
export function windowCounters(base: string, window: CapWindow, rolling: boolean, now: number): WindowCounters {
  if (!rolling) {
    const period = calendarPeriod(window, now);
    return { key: `${base}:${window}:${period.id}`, ttlMs: period.end - now + KEEP_AFTER_MS, endsAt: period.end };
  }
  const bucketMs = WINDOW_MS[window] / ROLLING_BUCKETS;
  const index = Math.floor(now / bucketMs);
  const sumOf: string[] = [];
  for (let i = index - ROLLING_BUCKETS; i <= index; i++) sumOf.push(`${base}:${window}-rolling:${i}`);
  return {
    key: `${base}:${window}-rolling:${index}`,
    sumOf,
    ttlMs: WINDOW_MS[window] + 2 * bucketMs + KEEP_AFTER_MS,
    endsAt: (index + 1) * bucketMs,
  };
}

/** The time range a rolling window's summed buckets cover at `now`: [from, to). */
export function rollingCoverage(window: CapWindow, now: number): { from: number; to: number } {
  const bucketMs = WINDOW_MS[window] / ROLLING_BUCKETS;
  const index = Math.floor(now / bucketMs);
  return { from: (index - ROLLING_BUCKETS) * bucketMs, to: (index + 1) * bucketMs };
}
