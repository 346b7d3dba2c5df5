import { createRouter } from '../../router/create-router.js';
import { cascade } from '../../router/policies/cascade.js';
import type { EvalDataset, EvalRow } from '../dataset.js';
import type { AcceptanceCheck } from '../policies/cascade-policy.js';
import type { PolicyContext, Route } from '../policies/policy.js';
import { answerTextCheck } from './answer-text-check.js';
import { recordedProvider } from './recorded-provider.js';
import { replayRows } from './replay-rows.js';

/**
 * The routes of the live two-step cascade — `cascade({ tiers: { default: [{ model: weak, accept: check }, { model:
 * strong }] } })` through `createRouter` — on recorded rows: the evaluator's cascades run the policy that ships,
 * not a copy of its rule.
 */
export async function liveCascadeRoutes(
  rows: readonly EvalRow[],
  context: PolicyContext,
  check: AcceptanceCheck,
  name = 'cascade',
): Promise<Route[]> {
  const models = context.models;
  const dataset: EvalDataset = { models: [...models], rows: [...rows], hasResponses: true, notes: [] };
  const provider = recordedProvider(dataset);
  const router = createRouter({
    providers: { recorded: provider },
    models: {
      weak: { provider: 'recorded', model: models[context.weak]! },
      strong: { provider: 'recorded', model: models[context.strong]! },
    },
    policy: cascade({
      name,
      tiers: { default: [{ model: 'weak', accept: answerTextCheck(check) }, { model: 'strong' }] },
    }),
  });
  try {
    return (await replayRows(router, rows, models, { provider })).routes;
  } finally {
    await router.close();
  }
}
