import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { SpendAggregator } from './aggregate-records.js';
import { type Ledger, type LedgerOptions, warnOnce } from './ledger.js';
import type { LedgerRecord } from './ledger-record.js';

/** Options of `jsonlLedger`. */
export interface JsonlLedgerOptions extends LedgerOptions {
  /** The file; created (with its folder) on first write, appended to after. */
  path: string;
}

/**
 * A ledger in a JSON Lines file: one row per line, appended. Safe across processes on a local filesystem: the file is
 * opened with O_APPEND and each batch of whole lines goes out in one `write(2)`, which the kernel never interleaves
 * with another process's append to the same file. `spend` reads the whole file (fine for a day's or a month's rows;
 * use `postgresLedger` for large histories); a torn last line (a process killed mid-write) is skipped.
 */
export function jsonlLedger(options: JsonlLedgerOptions): Ledger {
  if (typeof options?.path !== 'string' || options.path === '') {
    throw new TypeError('jsonlLedger: path must be a non-empty file path');
  }
  const path = options.path;
  const onError = options.onError ?? warnOnce('jsonl');
  let handle: Promise<FileHandle> | undefined;
  let queued: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  let closed = false;

  const file = () => {
    handle ??= mkdir(dirname(path), { recursive: true }).then(() => open(path, 'a'));
    return handle;
  };

  /** Writes what is queued, in one write(2); on failure the lines go back to the front of the queue. */
  const drain = async (): Promise<void> => {
    if (queued.length === 0) return;
    const lines = queued;
    queued = [];
    try {
      const fh = await file();
      const buffer = Buffer.from(lines.join(''), 'utf8');
      let offset = 0;
      // A regular file takes the whole buffer in one call; the loop only guards a short write.
      while (offset < buffer.length) offset += (await fh.write(buffer, offset)).bytesWritten;
    } catch (error) {
      handle = undefined;
      queued = [...lines, ...queued];
      throw error;
    }
  };
  const schedule = (): Promise<void> => {
    writing = writing.then(drain, drain);
    return writing;
  };

  return {
    kind: 'jsonl',
    includeText: options.includeText === true,
    write(records) {
      if (closed) throw new Error('jsonlLedger: write after close');
      for (const record of records) queued.push(`${JSON.stringify(record)}\n`);
      schedule().catch(onError);
    },
    async spend(query) {
      await schedule().catch(onError);
      const aggregator = new SpendAggregator(query);
      for await (const record of readRecords(path)) aggregator.add(record);
      return aggregator.result();
    },
    async flush() {
      await schedule();
    },
    async close() {
      if (closed) return;
      await schedule();
      closed = true;
      const fh = handle;
      handle = undefined;
      if (fh) await (await fh).close();
    },
  };
}

/** Every well-formed row of a JSONL ledger file (none when it does not exist yet). */
export async function* readRecords(path: string): AsyncGenerator<LedgerRecord> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (line === '') continue;
      let record: LedgerRecord;
      try {
        record = JSON.parse(line) as LedgerRecord;
      } catch {
        continue;
      }
      if (typeof record?.costUsd === 'number' && typeof record.requestId === 'string') yield record;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    lines.close();
    stream.destroy();
  }
}
