import type { JSONObject } from '@ai-sdk/provider';
import type { RouteInfo, RouterResult } from '../router/result.js';
import { attemptSummary } from './map-routewise-error.js';

/**
 * What `providerMetadata.routewise` carries: the request id, who answered, the route (chain, fallback, policy tier,
 * escalations), the cost with every attempt, the response cache's outcome and routewise's own warnings. JSON only.
 */
export function routewiseProviderMetadata(result: RouterResult): JSONObject {
  // Built by assignment in the order the fields are listed, not with conditional spreads: a spread into a literal
  // is a runtime copy, and this runs once per answer (~4 µs of a ~0.5 ms local call went to the spreads).
  const cost: JSONObject = { usd: result.cost.usd, attempts: result.cost.attempts.map(attemptSummary) };
  if (result.cost.charges) cost.charges = result.cost.charges.map((c) => ({ source: c.source, usd: c.usd }));
  const metadata: JSONObject = {
    requestId: result.requestId,
    alias: result.alias,
    provider: result.provider,
    model: result.model,
    route: routeSummary(result.route),
    cost,
    warnings: result.warnings,
  };
  if (result.responseModel) metadata.responseModel = result.responseModel;
  if (result.cache) metadata.cache = JSON.parse(JSON.stringify(result.cache)) as JSONObject;
  if (result.outputError) metadata.outputError = result.outputError;
  if (result.experiment) metadata.experiment = { name: result.experiment.experiment, arm: result.experiment.arm };
  return metadata;
}

function routeSummary(route: RouteInfo): JSONObject {
  if (route.kind === 'pinned') {
    return { kind: 'pinned', chain: route.chain, answeredBy: route.answeredBy, fellBack: route.fellBack };
  }
  const summary: JSONObject = { kind: 'policy', policy: route.policy, tier: route.tier };
  if (route.classifier) summary.classifier = { name: route.classifier.name, score: route.classifier.score };
  if (route.experiment) summary.experiment = { name: route.experiment.name, arm: route.experiment.arm };
  summary.accepted = route.accepted;
  summary.escalations = route.escalations;
  summary.steps = route.steps.map((step) => {
    const summarized: JSONObject = {
      index: step.index,
      alias: step.alias,
      verdict: step.verdict,
      reason: step.reason,
      costUsd: step.costUsd,
    };
    if (step.answeredBy) summarized.answeredBy = step.answeredBy;
    return summarized;
  });
  summary.chain = route.chain;
  summary.answeredBy = route.answeredBy;
  summary.fellBack = route.fellBack;
  return summary;
}
