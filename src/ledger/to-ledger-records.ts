import { isoTimestamp } from '../core/iso-timestamp.js';
import type { AttemptRecord } from '../core/attempt-record.js';
import type { RouterRequest } from '../router/request.js';
import type { ExtraCharge } from '../router/result.js';
import type { LedgerCacheOutcome, LedgerPurpose, LedgerRecord } from './ledger-record.js';

/** How the response cache met a recorded request; a hit also names what it served and what that saved. */
export interface RecordedCache {
  outcome: LedgerCacheOutcome;
  /** On a hit: what the replaced call cost, USD. */
  savedUsd?: number;
  /** On a hit: the alias, provider and model that answered the cached request. */
  servedBy?: { alias: string; provider: string; model: string };
  /** On a hit: the served answer's text (written only when the ledger opts into text). */
  servedText?: string;
  /** On a hit of a request an experiment routes: its arm (a hit has no answer attempt to carry it). */
  experiment?: AttemptRecord['experiment'];
}

/** What the router knows of a finished request when it records it. */
export interface RecordedRequest {
  requestId: string;
  request: RouterRequest;
  /** Every attempt, in order (the result's or the error's). */
  attempts: readonly AttemptRecord[];
  /** Costs without an attempt record. */
  charges?: readonly ExtraCharge[];
  /** The answering attempt and its text, when the request was answered. */
  answer?: { attempt: AttemptRecord; text: string };
  /** Whether to copy the messages and the answer's text into the rows. */
  includeText: boolean;
  /** The response cache's outcome, when the request was looked up (every row carries it; a hit adds a `hit` row). */
  cache?: RecordedCache;
}

/** The ledger rows of one request: one per attempt, one per bare charge. Never a key; text only when opted in. */
export function toLedgerRecords(recorded: RecordedRequest): LedgerRecord[] {
  const { request, requestId } = recorded;
  const prompt = recorded.includeText
    ? JSON.stringify(
        request.system === undefined
          ? request.messages
          : [{ role: 'system', content: request.system }, ...request.messages],
      )
    : undefined;
  const rows: LedgerRecord[] = [];
  let experiment: AttemptRecord['experiment'] = recorded.cache?.experiment;
  for (const attempt of recorded.attempts) {
    experiment ??= attempt.experiment;
    const row: LedgerRecord = {
      at: attempt.startedAt,
      requestId,
      kind: 'attempt',
      alias: attempt.alias,
      provider: attempt.provider,
      model: attempt.model,
      attempt: attempt.attempt,
      purpose: attempt.purpose ?? 'answer',
      status: attempt.status,
      costUsd: attempt.costUsd,
      latencyMs: attempt.latencyMs,
    };
    if (attempt.step !== undefined) row.step = attempt.step;
    if (attempt.httpStatus !== undefined) row.httpStatus = attempt.httpStatus;
    if (attempt.error) row.error = attempt.error.name;
    if (attempt.usage) row.usage = { ...attempt.usage };
    if (attempt.usageEstimated) row.usageEstimated = true;
    if (attempt.requestId) row.providerRequestId = attempt.requestId;
    if (recorded.includeText && recorded.answer?.attempt === attempt) row.response = recorded.answer.text;
    rows.push(tagged(row, recorded, prompt, attempt.experiment));
  }
  const cache = recorded.cache;
  const hit = cache !== undefined && cache.outcome !== 'miss';
  // Stamped only for rows that have no attempt time of their own (a hit, a bare charge).
  const now = hit || (recorded.charges?.length ?? 0) > 0 ? isoTimestamp(Date.now()) : '';
  if (cache && hit) {
    // The request the cache served: no provider call, cost 0, and what that saved.
    const row: LedgerRecord = {
      at: now,
      requestId,
      kind: 'hit',
      purpose: 'answer',
      status: 'ok',
      costUsd: 0,
      savedUsd: cache.savedUsd ?? 0,
      ...(cache.servedBy ?? {}),
    };
    if (recorded.includeText && cache.servedText !== undefined) row.response = cache.servedText;
    rows.push(tagged(row, recorded, prompt, experiment));
  }
  for (const charge of recorded.charges ?? []) {
    const row: LedgerRecord = {
      at: now,
      requestId,
      kind: 'charge',
      purpose: chargePurpose(charge.source),
      status: 'ok',
      costUsd: charge.usd,
      source: charge.source,
    };
    rows.push(tagged(row, recorded, prompt, experiment));
  }
  return rows;
}

/** A row with the request's tags, experiment arm, prompt (when opted in) and cache outcome. */
function tagged(
  row: LedgerRecord,
  recorded: RecordedRequest,
  prompt: string | undefined,
  experiment: AttemptRecord['experiment'],
): LedgerRecord {
  // A module function rather than a closure per request: this runs on every call.
  const metadata = recorded.request.metadata;
  if (metadata?.tenant !== undefined) row.tenant = metadata.tenant;
  if (metadata?.user !== undefined) row.user = metadata.user;
  if (metadata?.feature !== undefined) row.feature = metadata.feature;
  if (experiment) {
    row.experiment = experiment.experiment;
    row.arm = experiment.arm;
  }
  if (prompt !== undefined) row.prompt = prompt;
  if (recorded.cache) row.cache = recorded.cache.outcome;
  return row;
}

function chargePurpose(source: string): LedgerPurpose {
  if (source.startsWith('classifier')) return 'classifier';
  if (source.startsWith('check')) return 'check';
  if (source.startsWith('cache')) return 'cache';
  return 'answer';
}
