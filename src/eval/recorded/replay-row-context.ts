import { AsyncLocalStorage } from 'node:async_hooks';
import type { EvalRow } from '../dataset.js';
import type { UnrecordedCallError } from './unrecorded-call-error.js';

/** The recorded row a replay is running the router on, and what the recorded provider did for it. */
export interface ReplayRow {
  /** The row being replayed. */
  row: EvalRow;
  /** The last user text of the request the router was given for it: calls with this prompt are the row's. */
  prompt: string;
  /** Recorded answers given, in call order: the response's request id → the dataset model that answered. */
  calls: Map<string, string>;
  /** Calls that had no record (a check may have swallowed the error; the replay reports it anyway). */
  unrecorded: UnrecordedCallError[];
  /** Recorded answers whose data holds no answer text (served as empty text). */
  missingText: number;
}

// One store per process, shared by every copy of routewise loaded (a router module may import another copy).
const KEY = Symbol.for('routewise.replayRow');
const holder = globalThis as { [KEY]?: AsyncLocalStorage<ReplayRow> };
holder[KEY] ??= new AsyncLocalStorage<ReplayRow>();
const storage: AsyncLocalStorage<ReplayRow> = holder[KEY];

/** Runs `fn` with `row` as the row being replayed (every call the router makes inside belongs to it). */
export function withReplayRow<T>(row: ReplayRow, fn: () => T): T {
  return storage.run(row, fn);
}

/** The row being replayed, when inside `withReplayRow`. */
export function currentReplayRow(): ReplayRow | undefined {
  return storage.getStore();
}
