import type { AttemptRecord } from '../core/attempt-record.js';
import type { RouterRequest } from '../router/request.js';
import type { ExtraCharge, RouterResult } from '../router/result.js';
import type { Ledger } from './ledger.js';
import type { LedgerCacheOutcome, LedgerRecord } from './ledger-record.js';
import { type RecordedCache, type RecordedRequest, toLedgerRecords } from './to-ledger-records.js';

/** What a failed request's rows need besides the error's attempts: the cache outcome and its lookup's charges. */
export interface FailureExtras {
  cache?: LedgerCacheOutcome;
  /** Attempts of the cache lookup (the cache judge's calls). */
  attempts?: readonly AttemptRecord[];
  /** Costs of the cache lookup (a paid embedding) that no attempt carries. */
  charges?: readonly ExtraCharge[];
}

/**
 * The pipeline's record stage: once a request settles, writes one ledger row per attempt (and per bare charge),
 * answered or failed, and hands the rows to `after` (the alert checks). Returns the outcome unchanged, one `then`
 * later (it runs on every call: no async function's extra ticks).
 */
export function recordOutcome<R extends RouterResult>(
  ledger: Ledger,
  requestId: string,
  request: RouterRequest,
  outcome: Promise<R>,
  after?: (rows: LedgerRecord[]) => void,
  failure?: () => FailureExtras | undefined,
): Promise<R> {
  return outcome.then(
    (result) => {
      recordAnswered(ledger, request, result, after);
      return result;
    },
    (error: unknown) => {
      recordFailed(ledger, requestId, request, error, after, failure);
      throw error;
    },
  );
}

function recordAnswered(
  ledger: Ledger,
  request: RouterRequest,
  result: RouterResult,
  after: ((rows: LedgerRecord[]) => void) | undefined,
): void {
  const attempts = result.cost.attempts;
  const answering = answeringAttempt(attempts, result.alias);
  // Optional fields assigned rather than spread in (a spread into a literal is a runtime copy; this runs per call).
  const recorded: RecordedRequest = {
    requestId: result.requestId,
    request,
    attempts,
    includeText: ledger.includeText,
  };
  if (result.cost.charges) recorded.charges = result.cost.charges;
  if (answering) recorded.answer = { attempt: answering, text: result.text };
  const cache = cacheOf(result);
  if (cache) recorded.cache = cache;
  write(ledger, toLedgerRecords(recorded), after);
}

function recordFailed(
  ledger: Ledger,
  requestId: string,
  request: RouterRequest,
  error: unknown,
  after: ((rows: LedgerRecord[]) => void) | undefined,
  failure: (() => FailureExtras | undefined) | undefined,
): void {
  const extras = failure?.();
  const attempts = [...(extras?.attempts ?? []), ...attemptsOf(error)];
  if (attempts.length === 0 && (extras?.charges?.length ?? 0) === 0) return;
  const rows = toLedgerRecords({
    requestId,
    request,
    attempts,
    ...(extras?.charges ? { charges: extras.charges } : {}),
    ...(extras?.cache ? { cache: { outcome: extras.cache } } : {}),
    includeText: ledger.includeText,
  });
  write(ledger, rows, after);
}

/** The cache outcome a result reports (`res.cache`): a hit with what it saved, a miss, or none (not looked up). */
function cacheOf(result: RouterResult): RecordedCache | undefined {
  const info = result.cache;
  if (!info || info.skipped !== undefined) return undefined;
  if (info.hit === false) return { outcome: 'miss' };
  const cache: RecordedCache = {
    outcome: info.hit,
    savedUsd: info.savedUsd ?? 0,
    servedBy: { alias: result.alias, provider: result.provider, model: result.model },
    servedText: result.text,
  };
  if (result.experiment) cache.experiment = result.experiment;
  return cache;
}

function write(ledger: Ledger, rows: LedgerRecord[], after?: (rows: LedgerRecord[]) => void): void {
  ledger.write(rows);
  after?.(rows);
}

/** The last successful answer attempt of the alias that answered. */
export function answeringAttempt(attempts: readonly AttemptRecord[], alias: string): AttemptRecord | undefined {
  for (let i = attempts.length - 1; i >= 0; i--) {
    const attempt = attempts[i] as AttemptRecord;
    if (attempt.status === 'ok' && attempt.alias === alias && (attempt.purpose ?? 'answer') === 'answer')
      return attempt;
  }
  return undefined;
}

/** The attempts a routing error reports (provider, route exhausted, budget exceeded), when it reports any. */
export function attemptsOf(error: unknown): AttemptRecord[] {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return Array.isArray(attempts) ? (attempts as AttemptRecord[]) : [];
}
