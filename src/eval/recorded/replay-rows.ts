import { ContextWindowExceededError } from '../../errors.js';
import type { AttemptRecord } from '../../router/attempt.js';
import { lastUserText } from '../../router/last-user-text.js';
import type { RouterRequest } from '../../router/request.js';
import type { RouterResult } from '../../router/result.js';
import type { EvalRow } from '../dataset.js';
import { EvalInputError } from '../eval-input-error.js';
import { type AnsweredRoute, answeredRoute, NO_ANSWER } from '../replay.js';
import type { RecordedProvider } from './recorded-provider.js';
import { type ReplayRow, withReplayRow } from './replay-row-context.js';
import { UnrecordedCallError } from './unrecorded-call-error.js';

/** What a replayed router needs: `complete` (a `Router` has it). */
export interface ReplayableRouter {
  complete(request: RouterRequest): Promise<RouterResult>;
}

/** How one recorded row is turned into the router's request (default: its prompt as the user message, its task as `metadata.feature`). */
export type RowRequest = (row: EvalRow) => RouterRequest;

/** The default request of a row: its prompt as one user message, its task as `metadata.feature` (a classifier's task). */
export const defaultRowRequest: RowRequest = (row) => ({
  messages: [{ role: 'user', content: row.prompt }],
  ...(row.task !== undefined ? { metadata: { feature: row.task } } : {}),
});

/** The router's outcome on the rows: per row the recorded calls and the answer, and what else it charged. */
export interface ReplayedRows {
  /** Per row: the dataset models called (indices, in call order) and the one whose answer was returned. */
  routes: AnsweredRoute[];
  /** Per row: USD charged besides the recorded calls (live calls, classifier charges). */
  overheadUsd: number[];
  /** Rows whose request failed (scored 0, their calls charged), by error name. */
  failures: Map<string, number>;
  /** Recorded answers served without text (the data has none for that model). */
  missingText: number;
  /** Rows the router's response cache answered. */
  cacheHits: number;
}

/**
 * Runs `router.complete` on each row (`concurrency` at a time, default 1: rows in data order, as traffic arrives, for
 * routers that learn as they go) and reads what it did from its result: which recorded answers it called (by the
 * recorded provider's request ids), which it returned, and every other charge. A call with no record stops the replay
 * with `UnrecordedCallError`, even when a check swallowed it (a judge that fails rejects the answer).
 */
export async function replayRows(
  router: ReplayableRouter,
  rows: readonly EvalRow[],
  models: readonly string[],
  options: { provider?: RecordedProvider; request?: RowRequest; concurrency?: number } = {},
): Promise<ReplayedRows> {
  const index = new Map(models.map((m, i) => [m, i]));
  const toRequest = options.request ?? defaultRowRequest;
  const out: ReplayedRows = {
    routes: new Array(rows.length),
    overheadUsd: new Array(rows.length).fill(0),
    failures: new Map(),
    missingText: 0,
    cacheHits: 0,
  };
  const datasetModel = options.provider?.datasetModel ?? ((m: string) => m);

  async function one(i: number): Promise<void> {
    const row = rows[i]!;
    const request = toRequest(row);
    const state: ReplayRow = {
      row,
      prompt: lastUserText(request.messages),
      calls: new Map(),
      unrecorded: [],
      missingText: 0,
    };
    let result: RouterResult | undefined;
    let attempts: AttemptRecord[];
    let extraUsd = 0;
    try {
      result = await withReplayRow(state, () => router.complete(request));
      attempts = result.cost.attempts;
      for (const charge of result.cost.charges ?? []) extraUsd += charge.usd;
    } catch (error) {
      if (state.unrecorded[0]) throw state.unrecorded[0];
      if (error instanceof UnrecordedCallError) throw error;
      const failed = error as { name?: string; attempts?: AttemptRecord[] };
      // A refusal before any call (an input too long for the model) is a failed request too; anything else that
      // carries no attempts (a bad config or request, a bug) stops the replay.
      if (!Array.isArray(failed.attempts) && !(error instanceof ContextWindowExceededError)) throw error;
      attempts = failed.attempts ?? [];
      const name = failed.name ?? 'Error';
      out.failures.set(name, (out.failures.get(name) ?? 0) + 1);
    }
    if (state.unrecorded[0]) throw state.unrecorded[0];
    out.missingText += state.missingText;
    const called: number[] = [];
    for (const attempt of attempts) {
      const model = attempt.requestId === undefined ? undefined : state.calls.get(attempt.requestId);
      if (model === undefined) {
        extraUsd += attempt.costUsd;
        continue;
      }
      const recordedUsd = row.outcomes[model]!.costUsd;
      if (attempt.costUsd !== recordedUsd) {
        throw new Error(
          `replay: the router charged ${attempt.costUsd} USD for a recorded call to ${model}, recorded ${recordedUsd}: ` +
            'it ignores recorded costs (build it with createRouter from the same routewise as replay)',
        );
      }
      called.push(index.get(model)!);
    }
    let answer = NO_ANSWER;
    if (result) {
      const answered = index.get(datasetModel(result.model));
      if (answered === undefined) {
        throw new EvalInputError(
          `replay: the router answered with ${result.model}, which the data has no record of (it records ` +
            `${models.join(', ')}), so the answer cannot be scored: answer from recorded models`,
        );
      }
      if (result.cache?.hit) {
        // A response-cache hit answers with an earlier row's text: scored as the cached model's recorded answer on
        // this row (the same question for an exact hit, a near one for a semantic hit); it costs only the lookup.
        out.cacheHits++;
      } else if (!called.includes(answered)) {
        throw new EvalInputError(
          `replay: the router's answer from ${result.model} did not come from the recorded data: build the router on ` +
            'recordedProvider (pass a function (provider) => router), not on a live provider',
        );
      }
      answer = answered;
    }
    out.routes[i] = answeredRoute(called, answer);
    out.overheadUsd[i] = extraUsd;
  }

  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
    while (next < rows.length) await one(next++);
  });
  await Promise.all(workers);
  return out;
}
