import type { LedgerRecord } from './ledger-record.js';
import type { NormalizedSpendQuery, SpendResult } from './spend-query.js';

/**
 * Where the router records spend: one row per attempt (and per bare charge). `write` never throws into a request:
 * a sink that cannot write keeps the rows and tries again on the next write or `flush`, which rejects while it still
 * cannot. `spend` first waits for this process's pending writes, so a process always reads what it recorded.
 */
export interface Ledger {
  /** The sink's kind, e.g. `memory`, `jsonl`, `postgres`. */
  readonly kind: string;
  /** Whether rows carry the request's messages and the answer's text (opt-in; off by default). */
  readonly includeText: boolean;
  /** Queues rows for writing. */
  write(records: readonly LedgerRecord[]): void;
  /** Sums the rows a query selects. */
  spend(query: NormalizedSpendQuery): Promise<SpendResult>;
  /** Writes every queued row; rejects when the sink still cannot. */
  flush(): Promise<void>;
  /** Flushes and releases the sink's file or connections. */
  close(): Promise<void>;
}

/** Options every ledger sink takes. */
export interface LedgerOptions {
  /** Record the request's messages (JSON) and the answer's text in each row. Default false: no prompt text. */
  includeText?: boolean;
  /** Called when a write fails (the rows stay queued). Default: one process warning per sink. */
  onError?: (error: unknown) => void;
}

/** The default `onError`: warns once per sink, so a broken sink is noticed without flooding the log. */
export function warnOnce(kind: string): (error: unknown) => void {
  let warned = false;
  return (error) => {
    if (warned) return;
    warned = true;
    process.emitWarning(`routewise: the ${kind} ledger could not write (rows kept, retried): ${String(error)}`);
  };
}
