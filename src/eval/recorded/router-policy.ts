import type { ProviderAdapter } from '../../providers/spec/provider.js';
import type { EvalDataset } from '../dataset.js';
import type { EvalPolicy } from '../policies/policy.js';
import { type RecordedProvider, recordedProvider } from './recorded-provider.js';
import { type ReplayableRouter, type ReplayedRows, type RowRequest, replayRows } from './replay-rows.js';

/** Builds the router to replay on the recorded provider; `param` is the sweep parameter (0 without a sweep). */
export type RouterFactory = (provider: RecordedProvider, param: number) => ReplayableRouter | Promise<ReplayableRouter>;

/** What `replay` and `routerPolicy` run: a router built on `recordedProvider`, or a function building one. */
export type ReplaySubject = ReplayableRouter | RouterFactory;

/** Options of `routerPolicy` (and of `replay`). */
export interface RouterPolicyOptions {
  /** Name in reports (default `router`). */
  name?: string;
  /** With a router factory: one router per parameter, the points of its curve (default `[0]`, one point). */
  params?: readonly number[];
  /** What `params` mean in reports (default `lambda` with several, `none` with one). */
  sweep?: EvalPolicy['sweep'];
  /** Calls with no record (a judge's) go to this adapter live, priced as usual; without it they reject. */
  live?: ProviderAdapter;
  /** Provider model id → dataset model name, where they differ. */
  models?: Readonly<Record<string, string>>;
  /** The router's request for a row (default: the prompt as the user message, the task as `metadata.feature`). */
  request?: RowRequest;
  /** Rows in flight at once (default 1: data order, as traffic arrives). */
  concurrency?: number;
}

/**
 * Your deployed router as an evaluator policy: on each split it answers the scored rows from their recorded outcomes
 * (a factory gets a `recordedProvider` over those rows; a ready router must have been built on one), through its own
 * policy, checks, classifier and budgets, and every call it makes is charged at its recorded cost. It learns nothing
 * from the training rows. Goes beside the evaluator's policies in `runEval`, so all land in one report.
 */
export function routerPolicy(subject: ReplaySubject, options: RouterPolicyOptions = {}): EvalPolicy {
  const params = options.params ?? [0];
  return {
    name: options.name ?? 'router',
    sweep: options.sweep ?? (params.length > 1 ? 'lambda' : 'none'),
    params,
    async fit(split, context) {
      const dataset: EvalDataset = { models: [...context.models], rows: split.test, hasResponses: true, notes: [] };
      const provider = recordedProvider(dataset, {
        ...(options.live ? { live: options.live } : {}),
        ...(options.models ? { models: options.models } : {}),
      });
      const replayed: ReplayedRows[] = [];
      for (const param of params) {
        const router = typeof subject === 'function' ? await subject(provider, param) : subject;
        try {
          replayed.push(
            await replayRows(router, split.test, context.models, {
              provider,
              ...(options.request ? { request: options.request } : {}),
              ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
            }),
          );
        } finally {
          // A router built here is closed here (its ledger flushed); a ready one belongs to the caller.
          if (typeof subject === 'function') await (router as { close?: () => Promise<void> }).close?.();
        }
      }
      const at = (param: number) => replayed[Math.max(0, params.indexOf(param))]!;
      return {
        routes: (param) => at(param).routes,
        overheadAt: (param) => at(param).overheadUsd,
        notes: replayNotes(replayed, params),
      };
    },
  };
}

/** One note per kind of trouble: failed requests, answers without recorded text. */
function replayNotes(replayed: readonly ReplayedRows[], params: readonly number[]): string[] {
  const notes: string[] = [];
  replayed.forEach((r, j) => {
    const where = params.length > 1 ? ` at ${params[j]}` : '';
    const failed = [...r.failures.values()].reduce((a, b) => a + b, 0);
    if (failed > 0) {
      const kinds = [...r.failures].map(([name, n]) => `${name} ${n}`).join(', ');
      notes.push(`${failed} request(s) failed${where} (${kinds}): scored 0, their calls charged`);
    }
    if (r.cacheHits > 0) {
      notes.push(
        `${r.cacheHits} row(s)${where} answered by the response cache: scored as the cached model's recorded answer ` +
          'on the row, charged the lookup only',
      );
    }
    if (r.missingText > 0) {
      notes.push(`${r.missingText} recorded answer(s)${where} had no text in the data: served empty, checks saw ''`);
    }
  });
  return notes;
}
