import { existsSync } from 'node:fs';
import type { LedgerRowFilter, LedgerSource } from '../spend-report/read-ledger-rows.js';
import { UsageError } from './usage-error.js';

/** The flags that name a ledger and the rows to read, shared by `report` and `forecast`. */
export const LEDGER_SOURCE_FLAGS = {
  postgres: { type: 'string' },
  schema: { type: 'string' },
  table: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  tenant: { type: 'string' },
} as const;

/** Help lines of those flags. */
export const LEDGER_SOURCE_USAGE = `  --postgres URL       read a PostgreSQL ledger instead of a file (postgres://…)
  --schema S           its schema (default public)    --table T   its table (default routewise_ledger)
  --since T            rows at or after T (ISO date or time, UTC; e.g. 2026-12-01)
  --until T            rows before T
  --tenant NAME        only this tenant's rows (router-wide alerts are kept)`;

interface SourceValues {
  postgres?: string | undefined;
  schema?: string | undefined;
  table?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  tenant?: string | undefined;
}

/** The ledger source and row filter from a file argument or `--postgres`; exactly one of them. */
export function ledgerSourceFrom(file: string | undefined, values: SourceValues): LedgerSource {
  if (file !== undefined && values.postgres !== undefined)
    throw new UsageError('give a LEDGER file or --postgres, not both');
  if (values.postgres !== undefined) {
    return {
      postgres: {
        url: values.postgres,
        ...(values.schema !== undefined ? { schema: values.schema } : {}),
        ...(values.table !== undefined ? { table: values.table } : {}),
      },
    };
  }
  if (values.schema !== undefined || values.table !== undefined)
    throw new UsageError('--schema and --table go with --postgres');
  if (file === undefined) throw new UsageError('name a ledger: a JSONL file, or --postgres URL');
  if (!existsSync(file)) throw new UsageError(`${file}: no such ledger file`);
  return { path: file };
}

/** The row filter of `--since`, `--until` and `--tenant`. */
export function rowFilterFrom(values: SourceValues): LedgerRowFilter {
  const filter: LedgerRowFilter = {};
  if (values.since !== undefined) filter.since = timeFlag(values.since, '--since');
  if (values.until !== undefined) filter.until = timeFlag(values.until, '--until');
  if (values.tenant !== undefined) filter.tenant = values.tenant;
  if (filter.since && filter.until && filter.since >= filter.until)
    throw new UsageError('--since must be before --until');
  return filter;
}

function timeFlag(value: string, flag: string): Date {
  // A bare date is midnight UTC (as Date.parse reads it); a time without a zone is read as UTC too.
  const iso = /^\d{4}-\d\d-\d\dT[\d:.]+$/.test(value) ? `${value}Z` : value;
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(ms)) {
    throw new UsageError(`${flag}: "${value}" is not an ISO date or time (e.g. 2026-12-01 or 2026-12-01T08:00Z)`);
  }
  return new Date(ms);
}
