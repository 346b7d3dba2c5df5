export type { LedgerAlertsConfig } from './alerts/ledger-alerts.js';
export type { ModelMixOptions } from './alerts/model-mix-shift.js';
export type { RetryStormOptions } from './alerts/retry-storm.js';
export type { SpendSpikeOptions } from './alerts/spend-spike.js';
export { jsonlLedger, type JsonlLedgerOptions } from './jsonl-ledger.js';
export type { Ledger, LedgerOptions } from './ledger.js';
export type {
  LedgerAlertEntry,
  LedgerCacheOutcome,
  LedgerPurpose,
  LedgerRecord,
  LedgerRecordKind,
} from './ledger-record.js';
export {
  MEMORY_LEDGER_MAX_RECORDS,
  type MemoryLedger,
  type MemoryLedgerOptions,
  memoryLedger,
} from './memory-ledger.js';
export type {
  NormalizedSpendQuery,
  SpendFigures,
  SpendGroup,
  SpendGroupKey,
  SpendQuery,
  SpendResult,
  TimeLike,
} from './spend-query.js';
export { type PostgresLedgerOptions, postgresLedger } from './postgres-ledger.js';
export { ledgerDdl } from './postgres-ledger-schema.js';
