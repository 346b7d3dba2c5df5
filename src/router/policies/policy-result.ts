import { buildResult } from '../build-result.js';
import type { RouterResult } from '../result.js';
import type { CascadeOutcome } from '../run-cascade.js';

/** The result of a request a policy routed: the answering step's response, every attempt's cost, the route. */
export function toPolicyResult(requestId: string, outcome: CascadeOutcome): RouterResult {
  return buildResult({ requestId, ...outcome });
}
