import { agree } from '../../router/acceptance/agree.js';
import { createRouter } from '../../router/create-router.js';
import { cascade } from '../../router/policies/cascade.js';
import type { EvalDataset, EvalRow } from '../dataset.js';
import type { PolicyContext, Route } from '../policies/policy.js';
import type { AnsweredRoute } from '../replay.js';
import { recordedProvider } from './recorded-provider.js';
import { replayRows } from './replay-rows.js';

/**
 * The routes of the live agreement cascade — `cascade({ tiers: { default: [{ model: weak, accept: agree({ models:
 * partners }) }, { model: strong }] } })` through `createRouter` — on recorded rows: the evaluator's `agree` policy
 * runs the check that ships (its answer kinds, keys and charges), not a copy of it.
 */
export async function liveAgreementRoutes(
  rows: readonly EvalRow[],
  context: PolicyContext,
  partners: readonly number[],
): Promise<AnsweredRoute[] | Route[]> {
  const { models, weak, strong } = context;
  // With no partner there is nothing to agree with: the weak answer stands (as `every` over none is true).
  if (partners.length === 0) return rows.map(() => [weak]);
  const dataset: EvalDataset = { models: [...models], rows: [...rows], hasResponses: true, notes: [] };
  const provider = recordedProvider(dataset);
  const aliases = partners.map((_, k) => `partner${k}`);
  const router = createRouter({
    providers: { recorded: provider },
    models: {
      weak: { provider: 'recorded', model: models[weak]! },
      strong: { provider: 'recorded', model: models[strong]! },
      ...Object.fromEntries(partners.map((m, k) => [aliases[k]!, { provider: 'recorded', model: models[m]! }])),
    },
    policy: cascade({
      name: 'agree',
      tiers: { default: [{ model: 'weak', accept: agree({ models: aliases }) }, { model: 'strong' }] },
    }),
  });
  try {
    return (await replayRows(router, rows, models, { provider })).routes;
  } finally {
    await router.close();
  }
}
