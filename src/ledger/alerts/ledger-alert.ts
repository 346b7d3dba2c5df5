import type { RouterAlert } from '../../core/router-events.js';

/** An alert a ledger check found, with the key that fires it once per scope and window (across instances). */
export interface LedgerAlertCandidate {
  alert: RouterAlert;
  /** Fires once per key: the type, the scope and the window it concerns. */
  key: string;
  /** How long the key is remembered (the window's length plus slack). */
  ttlMs: number;
}

/** Milliseconds in an hour and a day. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The start of the UTC day holding `ms`. */
export function utcDayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Rounds a figure for a message: 6 significant digits at most. */
export function round(value: number): number {
  return Number(value.toPrecision(6));
}
