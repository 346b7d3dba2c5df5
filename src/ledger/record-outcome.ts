import type { AttemptRecord } from '../router/attempt.js';
import type { RouterRequest } from '../router/request.js';
import type { RouterResult } from '../router/result.js';
import type { Ledger } from './ledger.js';
import type { LedgerRecord } from './ledger-record.js';
import { toLedgerRecords } from './to-ledger-records.js';

/**
 * The pipeline's record stage: once a request settles, writes one ledger row per attempt (and per bare charge),
 * answered or failed, and hands the rows to `after` (the alert checks). Returns the outcome unchanged.
 */
export async function recordOutcome<R extends RouterResult>(
  ledger: Ledger,
  requestId: string,
  request: RouterRequest,
  outcome: Promise<R>,
  after?: (rows: LedgerRecord[]) => void,
): Promise<R> {
  let result: R;
  try {
    result = await outcome;
  } catch (error) {
    const attempts = attemptsOf(error);
    if (attempts.length > 0)
      write(ledger, toLedgerRecords({ requestId, request, attempts, includeText: ledger.includeText }), after);
    throw error;
  }
  const attempts = result.cost.attempts;
  const answering = answeringAttempt(attempts, result.alias);
  write(
    ledger,
    toLedgerRecords({
      requestId: result.requestId,
      request,
      attempts,
      ...(result.cost.charges ? { charges: result.cost.charges } : {}),
      ...(answering ? { answer: { attempt: answering, text: result.text } } : {}),
      includeText: ledger.includeText,
    }),
    after,
  );
  return result;
}

function write(ledger: Ledger, rows: LedgerRecord[], after?: (rows: LedgerRecord[]) => void): void {
  ledger.write(rows);
  after?.(rows);
}

/** The last successful answer attempt of the alias that answered. */
function answeringAttempt(attempts: readonly AttemptRecord[], alias: string): AttemptRecord | undefined {
  for (let i = attempts.length - 1; i >= 0; i--) {
    const attempt = attempts[i] as AttemptRecord;
    if (attempt.status === 'ok' && attempt.alias === alias && (attempt.purpose ?? 'answer') === 'answer')
      return attempt;
  }
  return undefined;
}

/** The attempts a routing error reports (provider, route exhausted, budget exceeded), when it reports any. */
function attemptsOf(error: unknown): AttemptRecord[] {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return Array.isArray(attempts) ? (attempts as AttemptRecord[]) : [];
}
