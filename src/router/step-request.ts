import type { AcceptanceCheck } from './acceptance/acceptance-check.js';
import type { RouteStep } from './policies/policy.js';
import type { RouterRequest } from './request.js';

/**
 * The request one cascade step sends: the caller's, with the step's output cap (the lower of the step's and the
 * request's), the step's reasoning (over the request's), then each check's `prepareRequest` hook.
 */
export function stepRequest(
  request: RouterRequest,
  step: RouteStep,
  checks: ReadonlyArray<AcceptanceCheck>,
): RouterRequest {
  let out: RouterRequest = { ...request, model: step.model };
  if (step.maxOutputTokens !== undefined) {
    out.maxOutputTokens =
      request.maxOutputTokens === undefined
        ? step.maxOutputTokens
        : Math.min(request.maxOutputTokens, step.maxOutputTokens);
  }
  if (step.reasoning !== undefined) out.reasoning = step.reasoning;
  for (const check of checks) if (check.prepareRequest) out = check.prepareRequest(out);
  return out;
}
