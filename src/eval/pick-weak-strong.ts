import type { EvalRow } from './dataset.js';

/**
 * The two reference models of a dataset: strong = the best mean quality (ties → cheaper), weak = the cheapest by total
 * cost among the others (ties → better quality), so the two always differ. Returned as indices into `models`.
 */
export function pickWeakStrong(rows: readonly EvalRow[], models: readonly string[]): { weak: number; strong: number } {
  const quality = models.map((m) => rows.reduce((sum, row) => sum + row.outcomes[m]!.quality, 0));
  const cost = models.map((m) => rows.reduce((sum, row) => sum + row.outcomes[m]!.costUsd, 0));
  let strong = 0;
  for (let i = 1; i < models.length; i++) {
    if (quality[i]! > quality[strong]! || (quality[i] === quality[strong] && cost[i]! < cost[strong]!)) strong = i;
  }
  let weak = strong === 0 ? 1 : 0;
  for (let i = 0; i < models.length; i++) {
    if (i === strong) continue;
    if (cost[i]! < cost[weak]! || (cost[i] === cost[weak] && quality[i]! > quality[weak]!)) weak = i;
  }
  return { weak, strong };
}
