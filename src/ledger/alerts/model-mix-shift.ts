import type { Ledger } from '../ledger.js';
import { normalizeSpendQuery } from '../spend-query.js';
import { HOUR_MS, type LedgerAlertCandidate, round } from './ledger-alert.js';

/** Settings of the model-mix check. */
export interface ModelMixOptions {
  /** Alert when the dearest alias's share of calls grows by this factor hour over hour. Default 2. */
  factor?: number;
  /** Both hours need at least this many calls, so a handful of calls cannot alert. Default 20. */
  minCalls?: number;
}

/**
 * The share of calls (answer attempts) that went to the dearest alias in the last hour, against the hour before
 * (rolling hours). A share that doubles usually means something is misrouted: a classifier drifted, a cheap model
 * is failing over to an expensive fallback, a prompt change made every request look hard.
 */
export async function modelMixAlerts(
  ledger: Ledger,
  nowMs: number,
  dearestAlias: string,
  options: ModelMixOptions = {},
): Promise<LedgerAlertCandidate[]> {
  const factor = options.factor ?? 2;
  const minCalls = options.minCalls ?? 20;
  const window = (since: number, until: number) =>
    ledger.spend(normalizeSpendQuery({ purpose: 'answer', since, until, groupBy: 'alias' }));
  const [last, before] = await Promise.all([
    window(nowMs - HOUR_MS, nowMs),
    window(nowMs - 2 * HOUR_MS, nowMs - HOUR_MS),
  ]);
  if (last.attempts < minCalls || before.attempts < minCalls) return [];
  const share = (figures: typeof last) =>
    (figures.groups?.find((group) => group.alias === dearestAlias)?.attempts ?? 0) / figures.attempts;
  const shareNow = share(last);
  const shareBefore = share(before);
  if (shareNow <= shareBefore || shareNow < factor * shareBefore) return [];
  const hour = Math.floor(nowMs / HOUR_MS);
  const scope = `alias ${dearestAlias}, hourly`;
  return [
    {
      key: `model-mix-shift:${scope}:${hour}`,
      ttlMs: HOUR_MS + 60_000,
      alert: {
        type: 'model-mix-shift',
        scope,
        message:
          `${dearestAlias}, the dearest alias, took ${round(shareNow * 100)}% of calls in the last hour against ` +
          `${round(shareBefore * 100)}% the hour before (alert at ${factor}x): check what is routed there`,
        at: new Date(nowMs),
        figures: {
          share: shareNow,
          previousShare: shareBefore,
          calls: last.attempts,
          previousCalls: before.attempts,
          factor,
        },
        details: { alias: dearestAlias },
      },
    },
  ];
}
