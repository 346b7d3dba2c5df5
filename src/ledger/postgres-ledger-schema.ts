import type { LedgerRecord } from './ledger-record.js';
import type { SpendGroupKey } from './spend-query.js';

/** A quoted SQL identifier (schema, table, index names come from config). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The ledger table, its columns in insert order with how each is read from a row. One row per attempt or charge;
 * `cost_usd` is `numeric` so sums are exact decimals of the figures the router charged.
 */
export const LEDGER_COLUMNS: ReadonlyArray<readonly [string, string, (row: LedgerRecord) => unknown]> = [
  ['at', 'timestamptz NOT NULL', (r) => r.at],
  ['request_id', 'text NOT NULL', (r) => r.requestId],
  ['kind', 'text NOT NULL', (r) => r.kind],
  ['tenant', 'text', (r) => r.tenant],
  ['user_id', 'text', (r) => r.user],
  ['feature', 'text', (r) => r.feature],
  ['experiment', 'text', (r) => r.experiment],
  ['arm', 'text', (r) => r.arm],
  ['alias', 'text', (r) => r.alias],
  ['provider', 'text', (r) => r.provider],
  ['model', 'text', (r) => r.model],
  ['attempt', 'integer', (r) => r.attempt],
  ['purpose', 'text NOT NULL', (r) => r.purpose],
  ['step', 'integer', (r) => r.step],
  ['status', 'text NOT NULL', (r) => r.status],
  ['http_status', 'integer', (r) => r.httpStatus],
  ['error', 'text', (r) => r.error],
  ['input_tokens', 'integer', (r) => r.usage?.inputTokens],
  ['cached_input_tokens', 'integer', (r) => r.usage?.cachedInputTokens],
  ['cache_write_tokens', 'integer', (r) => r.usage?.cacheWriteTokens],
  ['output_tokens', 'integer', (r) => r.usage?.outputTokens],
  ['reasoning_tokens', 'integer', (r) => r.usage?.reasoningTokens],
  ['usage_estimated', 'boolean', (r) => r.usageEstimated],
  ['cost_usd', 'numeric NOT NULL', (r) => r.costUsd],
  ['latency_ms', 'double precision', (r) => r.latencyMs],
  ['cache', 'text', (r) => r.cache],
  ['saved_usd', 'numeric', (r) => r.savedUsd],
  ['provider_request_id', 'text', (r) => r.providerRequestId],
  ['source', 'text', (r) => r.source],
  ['prompt', 'text', (r) => r.prompt],
  ['response', 'text', (r) => r.response],
  ['score', 'double precision', (r) => r.score],
  ['alert', 'jsonb', (r) => (r.alert === undefined ? undefined : JSON.stringify(r.alert))],
];

/**
 * Columns added after the table's first release, each with its type: a table created by an older routewise gets
 * them on first use (`ALTER TABLE … ADD COLUMN`, run only when one is missing).
 */
export const ADDED_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['saved_usd', 'numeric'],
  ['score', 'double precision'],
  ['alert', 'jsonb'],
];

/** The statements that bring an existing table up to date, given the columns it has. */
export function ledgerMigration(schema: string, table: string, existing: ReadonlySet<string>): string[] {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  return ADDED_COLUMNS.filter(([name]) => !existing.has(name)).map(
    ([name, type]) => `ALTER TABLE ${qualified} ADD COLUMN IF NOT EXISTS ${name} ${type}`,
  );
}

/** The indexes the spend queries and alert checks use: time, and each filter tag with time. */
const INDEXED: ReadonlyArray<readonly string[]> = [
  ['at'],
  ['tenant', 'at'],
  ['user_id', 'at'],
  ['feature', 'at'],
  ['model', 'at'],
  ['alias', 'at'],
  ['request_id'],
];

/** The DDL that creates the ledger's schema, table and indexes (idempotent). */
export function ledgerDdl(schema: string, table: string): string[] {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const columns = LEDGER_COLUMNS.map(([name, type]) => `${name} ${type}`).join(',\n  ');
  return [
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`,
    `CREATE TABLE IF NOT EXISTS ${qualified} (\n  id bigserial PRIMARY KEY,\n  ${columns}\n)`,
    ...INDEXED.map(
      (cols) =>
        `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table}_${cols.join('_')}_idx`)} ON ${qualified} (${cols.join(', ')})`,
    ),
  ];
}

/** The SQL expression of a group key over the table. */
export function groupExpression(key: SpendGroupKey): string {
  switch (key) {
    case 'user':
      return 'user_id';
    case 'day':
      return `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
    case 'hour':
      return `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24')`;
    default:
      return key;
  }
}
