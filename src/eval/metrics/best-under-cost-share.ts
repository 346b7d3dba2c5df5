import type { CurvePoint } from './curve-point.js';

/** Cost-share budgets the summary reports a swept policy's best point under. */
export const COST_SHARE_BUDGETS: readonly number[] = [0.05, 0.1, 0.2, 0.5];

/** The highest-quality point whose cost share is at most `maxCostShare` (ties → cheaper), or undefined. */
export function bestUnderCostShare(points: readonly CurvePoint[], maxCostShare: number): CurvePoint | undefined {
  let best: CurvePoint | undefined;
  for (const p of points) {
    if (p.costShare > maxCostShare + 1e-12) continue;
    if (!best || p.quality > best.quality || (p.quality === best.quality && p.costShare < best.costShare)) best = p;
  }
  return best;
}
