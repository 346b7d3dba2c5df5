import type { AttemptRecord } from '../router/attempt.js';
import type { RouterRequest } from '../router/request.js';
import type { ExtraCharge } from '../router/result.js';
import type { LedgerPurpose, LedgerRecord } from './ledger-record.js';

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
}

/** The ledger rows of one request: one per attempt, one per bare charge. Never a key; text only when opted in. */
export function toLedgerRecords(recorded: RecordedRequest): LedgerRecord[] {
  const { request, requestId } = recorded;
  const metadata = request.metadata;
  const prompt = recorded.includeText
    ? JSON.stringify(
        request.system === undefined
          ? request.messages
          : [{ role: 'system', content: request.system }, ...request.messages],
      )
    : undefined;
  const rows: LedgerRecord[] = [];
  const tagged = (row: LedgerRecord, experiment?: AttemptRecord['experiment']): LedgerRecord => {
    if (metadata?.tenant !== undefined) row.tenant = metadata.tenant;
    if (metadata?.user !== undefined) row.user = metadata.user;
    if (metadata?.feature !== undefined) row.feature = metadata.feature;
    if (experiment) {
      row.experiment = experiment.experiment;
      row.arm = experiment.arm;
    }
    if (prompt !== undefined) row.prompt = prompt;
    return row;
  };
  let experiment: AttemptRecord['experiment'];
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
    rows.push(tagged(row, attempt.experiment));
  }
  const now = new Date().toISOString();
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
    rows.push(tagged(row, experiment));
  }
  return rows;
}

function chargePurpose(source: string): LedgerPurpose {
  if (source.startsWith('classifier')) return 'classifier';
  if (source.startsWith('check')) return 'check';
  return 'answer';
}
