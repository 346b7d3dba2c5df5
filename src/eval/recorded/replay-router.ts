import type { EvalDataset } from '../dataset.js';
import { type EvalReport, runEval } from '../run-eval.js';
import { type ReplaySubject, type RouterPolicyOptions, routerPolicy } from './router-policy.js';

/** Options of `replay`. */
export interface ReplayOptions extends RouterPolicyOptions {
  /** Seed of the baselines' tie-breaking (default 1). */
  seed?: number;
}

/**
 * Runs your router — its policy, checks, classifier and budgets — over every recorded row, answered by
 * `recordedProvider` (pass a function `(provider, param) => router` to have it built on one, or a router already
 * built on one), and measures it as `routewise eval` measures its policies: the same report (quality, cost and cost
 * share, APGR, CPT, AIQ, the curve over `params`) beside the always-weak, always-strong, random and oracle baselines on
 * the same rows. A call the data has no record of (a judge's) rejects with `UnrecordedCallError` unless `live` is given.
 */
export function replay(router: ReplaySubject, dataset: EvalDataset, options: ReplayOptions = {}): Promise<EvalReport> {
  return runEval({
    data: dataset,
    whole: true,
    policies: [routerPolicy(router, options)],
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
}
