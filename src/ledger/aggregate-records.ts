import { isSpendRow, type LedgerRecord } from './ledger-record.js';
import {
  type NormalizedSpendQuery,
  type SpendFigures,
  type SpendGroup,
  type SpendGroupKey,
  type SpendResult,
  timeBucket,
} from './spend-query.js';

/** Whether a row passes a spend query's filters and time range. */
export function matchesQuery(record: LedgerRecord, query: NormalizedSpendQuery, atMs?: number): boolean {
  const ms = atMs ?? Date.parse(record.at);
  if (query.sinceMs !== undefined && ms < query.sinceMs) return false;
  if (query.untilMs !== undefined && ms >= query.untilMs) return false;
  for (const key in query.filters) {
    if (record[key as keyof LedgerRecord] !== query.filters[key as keyof NormalizedSpendQuery['filters']]) return false;
  }
  return true;
}

interface Accumulator {
  figures: SpendFigures;
  requestIds: Set<string>;
  missIds: Set<string>;
  key?: Partial<Record<SpendGroupKey, string | null>>;
}

/**
 * Sums rows the way the PostgreSQL ledger's SQL does: USD over every row, distinct request ids, attempts, retries
 * and errors over attempt rows, saved USD and hits over hit rows, misses as distinct request ids; per group when the
 * query groups. Used by the memory and JSONL ledgers.
 */
export class SpendAggregator {
  private readonly total: Accumulator = newAccumulator();
  private readonly groups = new Map<string, Accumulator>();

  constructor(private readonly query: NormalizedSpendQuery) {}

  /** Adds a row when it matches the query. */
  add(record: LedgerRecord): void {
    if (!isSpendRow(record) || !matchesQuery(record, this.query)) return;
    addTo(this.total, record);
    if (this.query.groupBy.length === 0) return;
    const key: Partial<Record<SpendGroupKey, string | null>> = {};
    for (const name of this.query.groupBy) key[name] = groupValue(record, name);
    const id = JSON.stringify(this.query.groupBy.map((name) => key[name]));
    let group = this.groups.get(id);
    if (!group) {
      group = newAccumulator();
      group.key = key;
      this.groups.set(id, group);
    }
    addTo(group, record);
  }

  /** The figures, with groups dearest first when the query groups. */
  result(): SpendResult {
    const result: SpendResult = finish(this.total);
    if (this.query.groupBy.length > 0) {
      result.groups = [...this.groups.values()]
        .map((group): SpendGroup => ({ ...group.key, ...finish(group) }))
        .sort((a, b) => b.usd - a.usd);
    }
    return result;
  }
}

/** The value a row has for a group key (null when it has no such tag). */
export function groupValue(record: LedgerRecord, key: SpendGroupKey): string | null {
  if (key === 'day' || key === 'hour') return timeBucket(record.at, key);
  const value = record[key];
  return value === undefined ? null : String(value);
}

function newAccumulator(): Accumulator {
  return { figures: emptyFigures(), requestIds: new Set(), missIds: new Set() };
}

/** The figures of no rows. */
export function emptyFigures(): SpendFigures {
  return {
    usd: 0,
    requests: 0,
    attempts: 0,
    retries: 0,
    errors: 0,
    savedUsd: 0,
    cacheHits: 0,
    exactHits: 0,
    semanticHits: 0,
    cacheMisses: 0,
  };
}

function addTo(accumulator: Accumulator, record: LedgerRecord): void {
  const figures = accumulator.figures;
  figures.usd += record.costUsd;
  accumulator.requestIds.add(record.requestId);
  if (record.cache === 'miss') accumulator.missIds.add(record.requestId);
  if (record.kind === 'hit') {
    figures.savedUsd += record.savedUsd ?? 0;
    figures.cacheHits += 1;
    if (record.cache === 'exact') figures.exactHits += 1;
    else figures.semanticHits += 1;
  }
  if (record.kind !== 'attempt') return;
  figures.attempts += 1;
  if ((record.attempt ?? 1) > 1) figures.retries += 1;
  if (record.status === 'error') figures.errors += 1;
}

function finish(accumulator: Accumulator): SpendFigures {
  return { ...accumulator.figures, requests: accumulator.requestIds.size, cacheMisses: accumulator.missIds.size };
}
