import { SpendAggregator } from './aggregate-records.js';
import type { Ledger, LedgerOptions } from './ledger.js';
import type { LedgerRecord } from './ledger-record.js';

/** Options of `memoryLedger`. */
export interface MemoryLedgerOptions extends LedgerOptions {
  /** How many rows it keeps; the oldest go first. Default 100,000. */
  maxRecords?: number;
}

/** A ledger held in memory (the default sink): its rows, for the processes' own spend queries and tests. */
export interface MemoryLedger extends Ledger {
  /** The rows it holds, oldest first. */
  records(): LedgerRecord[];
}

/** The default row bound of `memoryLedger`. */
export const MEMORY_LEDGER_MAX_RECORDS = 100_000;

/**
 * A bounded in-process ledger: the newest `maxRecords` rows (a ring buffer), so a long-running process stays bounded.
 * One process's view only: use `jsonlLedger` or `postgresLedger` when spend must add up across instances.
 */
export function memoryLedger(options: MemoryLedgerOptions = {}): MemoryLedger {
  const max = options.maxRecords ?? MEMORY_LEDGER_MAX_RECORDS;
  if (!Number.isInteger(max) || max < 1) throw new RangeError('memoryLedger: maxRecords must be a positive integer');
  const rows: LedgerRecord[] = [];
  let next = 0;
  const ordered = () => (rows.length < max ? [...rows] : [...rows.slice(next), ...rows.slice(0, next)]);
  return {
    kind: 'memory',
    includeText: options.includeText === true,
    write(records) {
      for (const record of records) {
        if (rows.length < max) rows.push(record);
        else {
          rows[next] = record;
          next = (next + 1) % max;
        }
      }
    },
    async spend(query) {
      const aggregator = new SpendAggregator(query);
      for (const row of rows) aggregator.add(row);
      return aggregator.result();
    },
    records: ordered,
    async flush() {},
    async close() {},
  };
}
