import type { Pool } from 'pg';
import { readRecords } from '../ledger/jsonl-ledger.js';
import type { LedgerRecord } from '../ledger/ledger-record.js';
import { LEDGER_COLUMNS, quoteIdent } from '../ledger/postgres-ledger-schema.js';

/** Where a spend report reads its rows: a JSONL ledger file, or a PostgreSQL ledger table. */
export type LedgerSource =
  | { path: string }
  | { postgres: { url: string; schema?: string; table?: string } | { pool: Pool; schema?: string; table?: string } };

/** Which rows a report covers: a time range (since inclusive, until exclusive) and a tenant. */
export interface LedgerRowFilter {
  /** Rows at or after this time. */
  since?: Date;
  /** Rows before this time. */
  until?: Date;
  /** Rows of this tenant (plus alerts that concern the whole router, which have no tenant). */
  tenant?: string;
}

/** Every ledger row the filter selects, oldest first. */
export async function readLedgerRows(source: LedgerSource, filter: LedgerRowFilter = {}): Promise<LedgerRecord[]> {
  const rows = 'path' in source ? await readJsonl(source.path, filter) : await readPostgres(source.postgres, filter);
  return rows.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Whether a row passes the filter. */
export function passesFilter(row: LedgerRecord, filter: LedgerRowFilter): boolean {
  const ms = Date.parse(row.at);
  if (filter.since && ms < filter.since.getTime()) return false;
  if (filter.until && ms >= filter.until.getTime()) return false;
  if (filter.tenant !== undefined && row.tenant !== filter.tenant) {
    return row.kind === 'alert' && row.tenant === undefined;
  }
  return true;
}

async function readJsonl(path: string, filter: LedgerRowFilter): Promise<LedgerRecord[]> {
  const rows: LedgerRecord[] = [];
  for await (const row of readRecords(path)) if (passesFilter(row, filter)) rows.push(row);
  return rows;
}

/** The LedgerRecord field each column maps back to (usage columns are gathered into `usage`). */
const FIELD_OF_COLUMN: Record<string, keyof LedgerRecord> = {
  request_id: 'requestId',
  user_id: 'user',
  http_status: 'httpStatus',
  usage_estimated: 'usageEstimated',
  cost_usd: 'costUsd',
  latency_ms: 'latencyMs',
  provider_request_id: 'providerRequestId',
};
const USAGE_COLUMNS: Record<string, string> = {
  input_tokens: 'inputTokens',
  cached_input_tokens: 'cachedInputTokens',
  cache_write_tokens: 'cacheWriteTokens',
  output_tokens: 'outputTokens',
  reasoning_tokens: 'reasoningTokens',
};

async function readPostgres(
  options: { url: string; schema?: string; table?: string } | { pool: Pool; schema?: string; table?: string },
  filter: LedgerRowFilter,
): Promise<LedgerRecord[]> {
  const { default: pg } = await import('pg');
  const pool = 'pool' in options ? options.pool : new pg.Pool({ connectionString: options.url, max: 1 });
  const qualified = `${quoteIdent(options.schema ?? 'public')}.${quoteIdent(options.table ?? 'routewise_ledger')}`;
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.since) where.push(`at >= $${params.push(filter.since)}`);
  if (filter.until) where.push(`at < $${params.push(filter.until)}`);
  if (filter.tenant !== undefined) {
    where.push(`(tenant = $${params.push(filter.tenant)} OR (kind = 'alert' AND tenant IS NULL))`);
  }
  try {
    // SELECT * rather than the column list: a table made by an older routewise may lack the newer columns.
    const { rows } = await pool.query(
      `SELECT * FROM ${qualified}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY at, id`,
      params,
    );
    return rows.map(toRecord);
  } finally {
    if (!('pool' in options)) await pool.end();
  }
}

function toRecord(row: Record<string, unknown>): LedgerRecord {
  const record: Record<string, unknown> = {};
  const usage: Record<string, number> = {};
  for (const [column] of LEDGER_COLUMNS) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    if (column in USAGE_COLUMNS) usage[USAGE_COLUMNS[column] as string] = Number(value);
    else if (column === 'at') record.at = (value instanceof Date ? value : new Date(String(value))).toISOString();
    else if (column === 'cost_usd' || column === 'score') record[FIELD_OF_COLUMN[column] ?? column] = Number(value);
    else if (column === 'alert') record.alert = typeof value === 'string' ? JSON.parse(value) : value;
    else record[FIELD_OF_COLUMN[column] ?? column] = value;
  }
  // Columns this routewise does not know (a newer one's, e.g. a cache's saved USD) are kept under their camel name.
  for (const [column, value] of Object.entries(row)) {
    if (value === null || column === 'id' || LEDGER_COLUMNS.some(([name]) => name === column)) continue;
    record[column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = isNumeric(value) ? Number(value) : value;
  }
  if (Object.keys(usage).length > 0) {
    record.usage = {
      inputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 0,
      reasoningTokens: 0,
      ...usage,
    };
  }
  return record as unknown as LedgerRecord;
}

function isNumeric(value: unknown): boolean {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value);
}
