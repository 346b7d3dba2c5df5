// Stores: the shared state behind budgets, rate limits, caches and experiment statistics.
export type { MemoryStoreOptions } from './memory-store.js';
export { memoryStore } from './memory-store.js';
export type { PostgresStoreOptions } from './postgres-store.js';
export { postgresStore } from './postgres-store.js';
export type { RedisStoreOptions } from './redis-store.js';
export { redisStore } from './redis-store.js';
export type {
  CounterCharge,
  CounterState,
  Reservation,
  ReserveInput,
  ReserveOutcome,
  ReserveRefusal,
  SettleCharge,
  SettleOutcome,
  Store,
  InProcessValues,
  StoreEngine,
  TtlOptions,
} from './store.js';
export { SETTLED_ID_TTL_MS } from './store.js';
export { StoreUnavailableError } from './store-error.js';
