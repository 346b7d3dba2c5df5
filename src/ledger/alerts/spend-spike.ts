import type { Ledger } from '../ledger.js';
import { normalizeSpendQuery } from '../spend-query.js';
import { DAY_MS, type LedgerAlertCandidate, round, utcDayStart } from './ledger-alert.js';

/** Settings of the spend-spike check. */
export interface SpendSpikeOptions {
  /** Alert when today's spend exceeds this multiple of the trailing daily average. Default 1.5. */
  factor?: number;
  /** Ignore days below this spend (USD), so cents do not page anyone. Default 0. */
  minUsd?: number;
}

/**
 * Today's spend (UTC) against the daily average of the trailing 7 days, for the whole router and for each tenant.
 * The average is over the days the ledger covers (from the first day with spend in the trailing 7), so a router
 * in its third day compares with two days, not with seven mostly empty ones; with no history there is no alert.
 */
export async function spendSpikeAlerts(
  ledger: Ledger,
  nowMs: number,
  options: SpendSpikeOptions = {},
): Promise<LedgerAlertCandidate[]> {
  const factor = options.factor ?? 1.5;
  const minUsd = options.minUsd ?? 0;
  const today = utcDayStart(nowMs);
  const weekAgo = today - 7 * DAY_MS;
  const [now, history] = await Promise.all([
    ledger.spend(normalizeSpendQuery({ since: today, groupBy: 'tenant' })),
    ledger.spend(normalizeSpendQuery({ since: weekAgo, until: today, groupBy: ['tenant', 'day'] })),
  ]);
  // The router as a whole (tenant undefined), then each tenant with spend today.
  const scopes = new Map<string | undefined, { usd: number; days: Map<string, number> }>();
  scopes.set(undefined, { usd: now.usd, days: new Map() });
  for (const group of now.groups ?? []) {
    if (group.tenant != null) scopes.set(group.tenant, { usd: group.usd, days: new Map() });
  }
  for (const group of history.groups ?? []) {
    const day = group.day as string;
    const all = (scopes.get(undefined) as { days: Map<string, number> }).days;
    all.set(day, (all.get(day) ?? 0) + group.usd);
    if (group.tenant != null) scopes.get(group.tenant)?.days.set(day, group.usd);
  }
  const alerts: LedgerAlertCandidate[] = [];
  const dayKey = new Date(today).toISOString().slice(0, 10);
  for (const [tenant, { usd, days: trailing }] of scopes) {
    if (trailing.size === 0 || usd < minUsd) continue;
    const first = Math.min(...[...trailing.keys()].map((day) => Date.parse(`${day}T00:00:00Z`)));
    const coveredDays = Math.round((today - first) / DAY_MS);
    let total = 0;
    for (const value of trailing.values()) total += value;
    const averageUsd = total / coveredDays;
    if (!(averageUsd > 0) || usd <= factor * averageUsd) continue;
    const scope = tenant === undefined ? 'router, daily' : `tenant ${tenant}, daily`;
    alerts.push({
      key: `spend-spike:${scope}:${dayKey}`,
      ttlMs: DAY_MS + 60_000,
      alert: {
        type: 'spend-spike',
        scope,
        message:
          `${scope}: today's spend $${round(usd)} is ${round(usd / averageUsd)}x the trailing daily average ` +
          `$${round(averageUsd)} (over ${coveredDays} day${coveredDays === 1 ? '' : 's'}; alert above ${factor}x)`,
        at: new Date(nowMs),
        figures: { todayUsd: usd, averageUsd, ratio: usd / averageUsd, factor, days: coveredDays },
        details: { window: dayKey, ...(tenant === undefined ? {} : { tenant }) },
      },
    });
  }
  return alerts;
}
