import { RoutewiseError } from '../errors.js';

/** The store (Redis, PostgreSQL) could not be reached or failed an operation; with `onStoreError: 'fail-closed'` the request is refused. */
export class StoreUnavailableError extends RoutewiseError {
  /** Which engine failed (`redis`, `postgres`). */
  readonly engine: string;
  constructor(engine: string, operation: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`The ${engine} store is unavailable (${operation} failed: ${reason})`, { cause });
    this.engine = engine;
  }
}
