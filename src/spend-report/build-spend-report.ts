import { isSpendRow, type LedgerRecord } from '../ledger/ledger-record.js';
import { timeBucket } from '../ledger/spend-query.js';
import type { Estimate } from '../router/experiments/statistics/estimate.js';
import { meanInterval } from '../router/experiments/statistics/mean-interval.js';
import { wilsonInterval } from '../router/experiments/statistics/wilson-interval.js';
import { getOrCreate } from './get-or-create.js';
import type { LedgerRowFilter } from './read-ledger-rows.js';
import type { SpendBreakdownLine, SpendReport, SpendReportArm } from './spend-report.js';

/** Options of `buildSpendReport`. */
export interface SpendReportOptions {
  /** The filters the rows were read with (echoed in the report). */
  filter?: LedgerRowFilter;
  /** A request whose latest feedback score is at least this counts as resolved. Default 0.5. */
  resolvedAt?: number;
}

/** What the report needs of one request: its spend rows folded together. */
interface RequestSummary {
  usd: number;
  experiment?: string;
  arm?: string;
  escalated: boolean;
  fellBack: boolean;
}

/**
 * The spend report of a set of ledger rows: totals and breakdowns from the spend rows, per-request figures
 * (escalations, fallbacks, experiment arms) from the rows grouped by request id, outcomes from `feedback` rows,
 * cache figures from the `cache` and `savedUsd` fields when rows have them, and the `alert` rows.
 */
export function buildSpendReport(rows: readonly LedgerRecord[], options: SpendReportOptions = {}): SpendReport {
  const resolvedAt = options.resolvedAt ?? 0.5;
  const spendRows = rows.filter(isSpendRow);
  const total = sum(spendRows);
  const requests = summarizeRequests(spendRows);
  const attempts = spendRows.filter((row) => row.kind === 'attempt');
  const retryRows = attempts.filter((row) => (row.attempt ?? 1) > 1);
  const retryUsd = sum(retryRows);
  const scores = latestScores(rows);
  const escalated = [...requests.values()].filter((r) => r.escalated).length;
  const fellBack = [...requests.values()].filter((r) => r.fellBack).length;
  const rate = (count: number) => (requests.size === 0 ? null : count / requests.size);
  const byPurpose = { answer: 0, check: 0, classifier: 0, cache: 0 };
  for (const row of spendRows) byPurpose[row.purpose] += row.costUsd;

  return {
    filters: {
      since: options.filter?.since?.toISOString() ?? null,
      until: options.filter?.until?.toISOString() ?? null,
      tenant: options.filter?.tenant ?? null,
    },
    period: { first: rows[0]?.at ?? null, last: rows.at(-1)?.at ?? null },
    totals: {
      usd: total,
      requests: requests.size,
      attempts: attempts.length,
      errors: attempts.filter((row) => row.status === 'error').length,
      costPerRequestUsd: requests.size === 0 ? null : total / requests.size,
      byPurpose,
    },
    byDay: breakdown(spendRows, (row) => timeBucket(row.at, 'day'), total).sort((a, b) =>
      String(a.key).localeCompare(String(b.key)),
    ),
    byTenant: breakdown(spendRows, (row) => row.tenant, total),
    byFeature: breakdown(spendRows, (row) => row.feature, total),
    byAlias: breakdown(spendRows, (row) => row.alias, total),
    byModel: breakdown(spendRows, (row) => (row.model ? `${row.provider}:${row.model}` : undefined), total),
    outcomes: outcomes(requests, scores, resolvedAt),
    routing: { escalated, escalationRate: rate(escalated), fellBack, fallbackRate: rate(fellBack) },
    cache: cacheFigures(rows),
    retries: {
      attempts: retryRows.length,
      usd: retryUsd,
      shareOfSpend: total > 0 ? retryUsd / total : null,
      failedAttemptsUsd: sum(attempts.filter((row) => row.status === 'error')),
    },
    experiments: experimentArms(requests, scores),
    alerts: rows
      .filter((row) => row.kind === 'alert' && row.alert)
      .map((row) => ({
        at: row.at,
        type: row.alert?.type ?? '',
        scope: row.alert?.scope ?? '',
        message: row.alert?.message ?? '',
      })),
  };
}

function sum(rows: readonly LedgerRecord[]): number {
  let usd = 0;
  for (const row of rows) usd += row.costUsd;
  return usd;
}

/** Groups rows by a key: USD and distinct requests per group, dearest first. */
function breakdown(
  rows: readonly LedgerRecord[],
  keyOf: (row: LedgerRecord) => string | undefined,
  total: number,
): SpendBreakdownLine[] {
  const groups = new Map<string | null, { usd: number; ids: Set<string> }>();
  for (const row of rows) {
    const key = keyOf(row) ?? null;
    const group = getOrCreate(groups, key, () => ({ usd: 0, ids: new Set<string>() }));
    group.usd += row.costUsd;
    group.ids.add(row.requestId);
  }
  return [...groups]
    .map(([key, { usd, ids }]) => ({ key, usd, requests: ids.size, share: total > 0 ? usd / total : 0 }))
    .sort((a, b) => b.usd - a.usd);
}

/**
 * Folds each request's rows. Escalated: an answer attempt at cascade step > 0. Fell back: answer attempts of more
 * than one alias within one step (or, unrouted, within the request), i.e. the chain moved past its first alias.
 */
function summarizeRequests(rows: readonly LedgerRecord[]): Map<string, RequestSummary> {
  const requests = new Map<string, RequestSummary & { aliasesByStep: Map<number, Set<string>> }>();
  for (const row of rows) {
    let request = requests.get(row.requestId);
    if (!request) {
      request = { usd: 0, escalated: false, fellBack: false, aliasesByStep: new Map() };
      requests.set(row.requestId, request);
    }
    request.usd += row.costUsd;
    if (row.experiment !== undefined && request.experiment === undefined) {
      request.experiment = row.experiment;
      if (row.arm !== undefined) request.arm = row.arm;
    }
    if (row.kind !== 'attempt' || row.purpose !== 'answer' || row.alias === undefined) continue;
    const step = row.step ?? 0;
    if (step > 0) request.escalated = true;
    const aliases = getOrCreate(request.aliasesByStep, step, () => new Set<string>());
    aliases.add(row.alias);
    if (aliases.size > 1) request.fellBack = true;
  }
  return requests;
}

/** Each request's latest feedback score (a later one replaces an earlier one, as `router.feedback` does). */
function latestScores(rows: readonly LedgerRecord[]): Map<string, number> {
  const scores = new Map<string, number>();
  for (const row of rows)
    if (row.kind === 'feedback' && typeof row.score === 'number') scores.set(row.requestId, row.score);
  return scores;
}

function outcomes(
  requests: ReadonlyMap<string, RequestSummary>,
  scores: ReadonlyMap<string, number>,
  resolvedAt: number,
): SpendReport['outcomes'] {
  let usd = 0;
  let resolved = 0;
  let scoreSum = 0;
  let counted = 0;
  for (const [id, score] of scores) {
    const request = requests.get(id);
    // Feedback on a request outside the report's rows (another period) grades nothing we priced.
    if (!request) continue;
    counted += 1;
    usd += request.usd;
    scoreSum += score;
    if (score >= resolvedAt) resolved += 1;
  }
  return {
    requestsWithFeedback: counted,
    resolved,
    resolvedAt,
    costPerResolvedTaskUsd: resolved === 0 ? null : usd / resolved,
    meanScore: counted === 0 ? null : scoreSum / counted,
  };
}

function cacheFigures(rows: readonly LedgerRecord[]): SpendReport['cache'] {
  let hits = 0;
  let misses = 0;
  let savedUsd = 0;
  let recorded = false;
  for (const row of rows) {
    // `cache` and `savedUsd` are written by the response cache when it records to the ledger; read loosely so a
    // ledger without them (older rows, no cache) reports "not recorded" instead of zero savings.
    const outcome = row.cache;
    const saved = (row as { savedUsd?: unknown }).savedUsd;
    if (outcome !== undefined) recorded = true;
    if (row.kind === 'hit' || outcome === 'exact' || outcome === 'semantic') hits += 1;
    else if (outcome === 'miss') misses += 1;
    if (typeof saved === 'number' && Number.isFinite(saved)) {
      recorded = true;
      savedUsd += saved;
    }
  }
  return { recorded, hits, misses, hitRate: hits + misses === 0 ? null : hits / (hits + misses), savedUsd };
}

function experimentArms(
  requests: ReadonlyMap<string, RequestSummary>,
  scores: ReadonlyMap<string, number>,
): SpendReport['experiments'] {
  const experiments = new Map<string, Map<string, Array<[string, RequestSummary]>>>();
  for (const entry of requests) {
    const [, request] = entry;
    if (request.experiment === undefined) continue;
    const arms = getOrCreate(experiments, request.experiment, () => new Map<string, Array<[string, RequestSummary]>>());
    getOrCreate(arms, request.arm ?? '(none)', () => []).push(entry);
  }
  return [...experiments].map(([experiment, arms]) => ({
    experiment,
    arms: [...arms].map(([arm, list]): SpendReportArm => {
      const costs = list.map(([, request]) => request.usd);
      const graded = list.map(([id]) => scores.get(id)).filter((score): score is number => score !== undefined);
      return {
        arm,
        requests: list.length,
        usd: costs.reduce((a, b) => a + b, 0),
        costPerRequest: meanEstimate(costs),
        escalationRate: list.filter(([, request]) => request.escalated).length / list.length,
        feedback: feedbackEstimate(graded),
      };
    }),
  }));
}

/** The mean with its 95% t interval. */
export function meanEstimate(values: readonly number[]): Estimate | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  return meanInterval({ n, mean, variance }) ?? null;
}

function feedbackEstimate(scores: readonly number[]): SpendReportArm['feedback'] {
  if (scores.length === 0) return { count: 0, kind: null, mean: null };
  if (scores.every((score) => score === 0 || score === 1)) {
    const ones = scores.filter((score) => score === 1).length;
    return { count: scores.length, kind: 'binary', mean: wilsonInterval(ones, scores.length) ?? null };
  }
  return { count: scores.length, kind: 'continuous', mean: meanEstimate(scores) };
}
