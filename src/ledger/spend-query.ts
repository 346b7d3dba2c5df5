import { InvalidRequestError, type ValidationIssue } from '../errors.js';
import type { LedgerCacheOutcome, LedgerPurpose } from './ledger-record.js';

/** A field `router.spend` can group by: a tag of the row, or its UTC `day` (YYYY-MM-DD) or `hour` (YYYY-MM-DDTHH). */
export type SpendGroupKey =
  | 'tenant'
  | 'user'
  | 'feature'
  | 'model'
  | 'alias'
  | 'provider'
  | 'experiment'
  | 'arm'
  | 'purpose'
  | 'status'
  | 'cache'
  | 'day'
  | 'hour';

/** Every key `groupBy` accepts. */
export const SPEND_GROUP_KEYS: readonly SpendGroupKey[] = [
  'tenant',
  'user',
  'feature',
  'model',
  'alias',
  'provider',
  'experiment',
  'arm',
  'purpose',
  'status',
  'cache',
  'day',
  'hour',
];

/** A point in time: a `Date`, an ISO 8601 string or epoch milliseconds. */
export type TimeLike = Date | string | number;

/** What `router.spend` asks the ledger: filters (all optional, combined with AND), a time range, a grouping. */
export interface SpendQuery {
  tenant?: string;
  user?: string;
  feature?: string;
  /** Provider model id, e.g. `gpt-4o-mini`. */
  model?: string;
  /** Model alias, e.g. `mini`. */
  alias?: string;
  provider?: string;
  experiment?: string;
  arm?: string;
  purpose?: LedgerPurpose;
  /** Response-cache outcome: `exact`, `semantic` (served from the cache) or `miss`. */
  cache?: LedgerCacheOutcome;
  /** Rows that started at or after this time. */
  since?: TimeLike;
  /** Rows that started before this time. */
  until?: TimeLike;
  /** Split the figures by one key or several. */
  groupBy?: SpendGroupKey | SpendGroupKey[];
}

/** The figures of a spend query (or of one group). */
export interface SpendFigures {
  /** USD charged: every attempt and charge row. */
  usd: number;
  /** Distinct requests. */
  requests: number;
  /** Provider attempts (charge rows are not attempts). */
  attempts: number;
  /** Attempts that were retries (attempt number above 1). */
  retries: number;
  /** Attempts that failed. */
  errors: number;
  /** USD the response cache saved: what the calls its hits replaced cost (not part of `usd`). */
  savedUsd: number;
  /** Requests the response cache served (`exactHits + semanticHits`). */
  cacheHits: number;
  /** Requests the exact cache served. */
  exactHits: number;
  /** Requests the semantic cache served. */
  semanticHits: number;
  /** Requests looked up in the response cache and answered fresh. */
  cacheMisses: number;
}

/** One group of a grouped spend query: its key fields (null where the row had no such tag) and its figures. */
export type SpendGroup = SpendFigures & Partial<Record<SpendGroupKey, string | null>>;

/** What `router.spend` returns. */
export interface SpendResult extends SpendFigures {
  /** Present when `groupBy` was given, dearest first. */
  groups?: SpendGroup[];
}

/** A validated spend query: filters as strings, times as epoch ms, grouping as a list. */
export interface NormalizedSpendQuery {
  filters: Partial<Record<SpendFilterKey, string>>;
  sinceMs?: number;
  untilMs?: number;
  groupBy: SpendGroupKey[];
}

/** The tag filters of a spend query. */
export type SpendFilterKey = Exclude<SpendGroupKey, 'day' | 'hour' | 'status'>;

const FILTER_KEYS: readonly SpendFilterKey[] = [
  'tenant',
  'user',
  'feature',
  'model',
  'alias',
  'provider',
  'experiment',
  'arm',
  'purpose',
  'cache',
];
const KNOWN = new Set<string>([...FILTER_KEYS, 'since', 'until', 'groupBy']);

/** Checks a spend query; throws `InvalidRequestError` naming each bad field. */
export function normalizeSpendQuery(query: SpendQuery = {}): NormalizedSpendQuery {
  const issues: ValidationIssue[] = [];
  if (typeof query !== 'object' || query === null) {
    throw new InvalidRequestError([{ path: '', message: 'a spend query must be an object' }]);
  }
  for (const key of Object.keys(query)) {
    if (!KNOWN.has(key))
      issues.push({ path: key, message: `is not a spend query field (known: ${[...KNOWN].join(', ')})` });
  }
  const filters: NormalizedSpendQuery['filters'] = {};
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') issues.push({ path: key, message: 'must be a string' });
    else filters[key] = value;
  }
  const sinceMs = toMs(query.since, 'since', issues);
  const untilMs = toMs(query.until, 'until', issues);
  const groupBy = query.groupBy === undefined ? [] : Array.isArray(query.groupBy) ? query.groupBy : [query.groupBy];
  groupBy.forEach((key, index) => {
    if (!SPEND_GROUP_KEYS.includes(key)) {
      const path = Array.isArray(query.groupBy) ? `groupBy[${index}]` : 'groupBy';
      issues.push({ path, message: `"${String(key)}" is not a group key (known: ${SPEND_GROUP_KEYS.join(', ')})` });
    }
  });
  if (issues.length > 0) throw new InvalidRequestError(issues);
  const normalized: NormalizedSpendQuery = { filters, groupBy: [...new Set(groupBy)] };
  if (sinceMs !== undefined) normalized.sinceMs = sinceMs;
  if (untilMs !== undefined) normalized.untilMs = untilMs;
  return normalized;
}

function toMs(value: TimeLike | undefined, path: string, issues: ValidationIssue[]): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    issues.push({ path, message: 'must be a Date, an ISO 8601 string or epoch milliseconds' });
    return undefined;
  }
  return ms;
}

/** The UTC day (YYYY-MM-DD) or hour (YYYY-MM-DDTHH) of an ISO timestamp. */
export function timeBucket(at: string, key: 'day' | 'hour'): string {
  const iso = new Date(at).toISOString();
  return key === 'day' ? iso.slice(0, 10) : iso.slice(0, 13);
}
