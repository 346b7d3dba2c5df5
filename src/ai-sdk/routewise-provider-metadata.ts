import type { JSONObject } from '@ai-sdk/provider';
import type { RouteInfo, RouterResult } from '../router/result.js';
import { attemptSummary } from './map-routewise-error.js';

/**
 * What `providerMetadata.routewise` carries: the request id, who answered, the route (chain, fallback, policy tier,
 * escalations), the cost with every attempt, the response cache's outcome and routewise's own warnings. JSON only.
 */
export function routewiseProviderMetadata(result: RouterResult): JSONObject {
  const metadata: JSONObject = {
    requestId: result.requestId,
    alias: result.alias,
    provider: result.provider,
    model: result.model,
    route: routeSummary(result.route),
    cost: {
      usd: result.cost.usd,
      attempts: result.cost.attempts.map(attemptSummary),
      ...(result.cost.charges ? { charges: result.cost.charges.map((c) => ({ source: c.source, usd: c.usd })) } : {}),
    },
    warnings: result.warnings,
  };
  if (result.responseModel) metadata.responseModel = result.responseModel;
  if (result.cache) metadata.cache = JSON.parse(JSON.stringify(result.cache)) as JSONObject;
  if (result.outputError) metadata.outputError = result.outputError;
  if (result.experiment) metadata.experiment = { name: result.experiment.experiment, arm: result.experiment.arm };
  return metadata;
}

function routeSummary(route: RouteInfo): JSONObject {
  const common = { chain: route.chain, answeredBy: route.answeredBy, fellBack: route.fellBack };
  if (route.kind === 'pinned') return { kind: 'pinned', ...common };
  return {
    kind: 'policy',
    policy: route.policy,
    tier: route.tier,
    ...(route.classifier ? { classifier: { name: route.classifier.name, score: route.classifier.score } } : {}),
    ...(route.experiment ? { experiment: { name: route.experiment.name, arm: route.experiment.arm } } : {}),
    accepted: route.accepted,
    escalations: route.escalations,
    steps: route.steps.map((step) => ({
      index: step.index,
      alias: step.alias,
      verdict: step.verdict,
      reason: step.reason,
      costUsd: step.costUsd,
      ...(step.answeredBy ? { answeredBy: step.answeredBy } : {}),
    })),
    ...common,
  };
}
