import type { PolicySummary } from '../summarize-policy.js';

/**
 * Groups policies whose curves are point for point the same (per-task+learned is learned when every test task was
 * unseen in training, as with folds grouped by task): the report draws each group as one line and says so.
 */
export function identicalCurveGroups(policies: readonly PolicySummary[]): PolicySummary[][] {
  const groups: PolicySummary[][] = [];
  for (const policy of policies) {
    const group = groups.find((g) => sameCurve(g[0]!, policy));
    if (group) group.push(policy);
    else groups.push([policy]);
  }
  return groups;
}

function sameCurve(a: PolicySummary, b: PolicySummary): boolean {
  if (a.curve.length !== b.curve.length) return false;
  return a.curve.every((p, i) => {
    const q = b.curve[i]!;
    return p.quality === q.quality && p.strongShare === q.strongShare && p.costShare === q.costShare;
  });
}
