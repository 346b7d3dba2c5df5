import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsonlLedger } from '../../src/index.js';
import { normalizeSpendQuery } from '../../src/ledger/spend-query.js';

const run = promisify(execFile);
const child = new URL('./fixtures/append-rows.ts', import.meta.url).pathname;

describe('jsonlLedger across processes', () => {
  it('four processes appending at once: every line whole, every row counted', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'routewise-jsonl-')), 'nested', 'ledger.jsonl');
    const rows = 150;
    // 9 KB rows, above PIPE_BUF (4 KB): O_APPEND plus one write(2) per batch keeps them whole on a local filesystem.
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((worker) =>
        run(process.execPath, ['--import', 'tsx', child, path, worker, String(rows), '9000'], { timeout: 60_000 }),
      ),
    );
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(4 * rows);
    for (const line of lines) {
      const row = JSON.parse(line) as { requestId: string; prompt: string };
      expect(row.prompt).toBe(row.requestId[0]!.repeat(9000));
    }
    const spend = await jsonlLedger({ path }).spend(normalizeSpendQuery({ groupBy: 'day' }));
    expect(spend.requests).toBe(4 * rows);
    expect(spend.usd).toBeCloseTo(4 * rows * 0.001, 9);
  }, 90_000);

  it('skips a torn last line (a writer killed mid-write) and reads a missing file as empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-jsonl-'));
    expect((await jsonlLedger({ path: join(dir, 'none.jsonl') }).spend(normalizeSpendQuery())).requests).toBe(0);
    const path = join(dir, 'torn.jsonl');
    const ledger = jsonlLedger({ path });
    ledger.write([
      { at: new Date().toISOString(), requestId: 'r', kind: 'attempt', purpose: 'answer', status: 'ok', costUsd: 2 },
    ]);
    await ledger.flush();
    const { appendFileSync } = await import('node:fs');
    appendFileSync(path, '{"at":"2026-01-01T00:00:00.000Z","requestId":"torn","co');
    expect(await ledger.spend(normalizeSpendQuery())).toMatchObject({ usd: 2, requests: 1, attempts: 1 });
    await ledger.close();
  });

  it('keeps rows it could not write and writes them once it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-jsonl-'));
    const { writeFileSync, rmSync } = await import('node:fs');
    // The parent "folder" is a file: mkdir fails until it is removed.
    writeFileSync(join(dir, 'blocked'), 'x');
    const errors: unknown[] = [];
    const ledger = jsonlLedger({ path: join(dir, 'blocked', 'ledger.jsonl'), onError: (e) => errors.push(e) });
    ledger.write([
      { at: new Date().toISOString(), requestId: 'r', kind: 'attempt', purpose: 'answer', status: 'ok', costUsd: 1 },
    ]);
    await expect(ledger.flush()).rejects.toThrow();
    expect(errors.length).toBeGreaterThan(0);
    rmSync(join(dir, 'blocked'));
    await ledger.flush();
    expect((await ledger.spend(normalizeSpendQuery())).usd).toBe(1);
    await ledger.close();
  });
});
