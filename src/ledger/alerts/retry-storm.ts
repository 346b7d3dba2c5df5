import type { Ledger } from '../ledger.js';
import { normalizeSpendQuery } from '../spend-query.js';
import { type LedgerAlertCandidate, round } from './ledger-alert.js';

/** Settings of the retry-storm check. */
export interface RetryStormOptions {
  /** Alert when retries exceed this share of attempts. Default 0.25. */
  share?: number;
  /** Over this window, ms (ending now). Default 300,000 (5 minutes). */
  windowMs?: number;
  /** The window needs at least this many attempts. Default 20. */
  minAttempts?: number;
}

/**
 * Retries (attempts numbered above 1) as a share of all attempts over the recent window, for the router and for each
 * alias: a storm means a provider is failing and every request pays for it several times over.
 */
export async function retryStormAlerts(
  ledger: Ledger,
  nowMs: number,
  options: RetryStormOptions = {},
): Promise<LedgerAlertCandidate[]> {
  const limit = options.share ?? 0.25;
  const windowMs = options.windowMs ?? 300_000;
  const minAttempts = options.minAttempts ?? 20;
  const recent = await ledger.spend(
    normalizeSpendQuery({ since: nowMs - windowMs, until: nowMs + 1, groupBy: 'alias' }),
  );
  const bucket = Math.floor(nowMs / windowMs);
  const scopes: Array<{ scope: string; alias?: string; attempts: number; retries: number; errors: number }> = [
    { scope: 'router', attempts: recent.attempts, retries: recent.retries, errors: recent.errors },
    ...(recent.groups ?? [])
      .filter((group) => group.alias != null)
      .map(({ alias, attempts, retries, errors }) => ({
        scope: `alias ${alias}`,
        alias: alias as string,
        attempts,
        retries,
        errors,
      })),
  ];
  const alerts: LedgerAlertCandidate[] = [];
  for (const { scope, alias, attempts, retries, errors } of scopes) {
    if (attempts < minAttempts || retries / attempts <= limit) continue;
    alerts.push({
      key: `retry-storm:${scope}:${bucket}`,
      ttlMs: windowMs + 60_000,
      alert: {
        type: 'retry-storm',
        scope,
        message:
          `${scope}: ${retries} of ${attempts} attempts in the last ${round(windowMs / 60_000)} min were retries ` +
          `(${round((100 * retries) / attempts)}%, alert above ${round(limit * 100)}%)`,
        at: new Date(nowMs),
        figures: { retries, attempts, errors, share: retries / attempts, limit, windowMs },
        details: alias === undefined ? {} : { alias },
      },
    });
  }
  return alerts;
}
