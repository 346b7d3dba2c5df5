import type { Proportion } from './experiment-stats.js';
import { RunningMoments } from './statistics/running-moments.js';

/** What one sampled request tells about a shadow policy. */
export type ShadowObservation =
  | {
      /** The shadow decided; its choice is compared with the live route. */
      ok: true;
      /** The shadow's tier and first step's alias. */
      tier: string;
      alias: string;
      /** Whether its first alias, and its tier, differ from the live route's. */
      differentModel: boolean;
      differentTier: boolean;
      /** The live request's actual cost, USD (every attempt). */
      liveCostUsd: number;
      /** The shadow's estimated cost: the live answer's usage priced at the shadow alias's prices, USD. */
      shadowCostUsd: number;
      /** What the shadow's decision itself cost (an LLM classifier), USD. */
      decideCostUsd: number;
    }
  | { ok: false; decideCostUsd: number };

/** Running statistics of one shadow policy over the requests it was sampled on. */
export class ShadowStats {
  /** Sampled requests where the shadow's decide() threw. */
  errors = 0;
  /** Sampled requests where the shadow chose another first model than the live route. */
  readonly differentModel: Proportion = { successes: 0, n: 0 };
  /** Sampled requests where the shadow chose another tier than the live route. */
  readonly differentTier: Proportion = { successes: 0, n: 0 };
  /** Live cost per sampled request, USD. */
  readonly liveCost = new RunningMoments();
  /** Estimated shadow cost per sampled request, USD. */
  readonly shadowCost = new RunningMoments();
  /** Per request, shadow estimate minus live cost, USD (a paired difference). */
  readonly costDelta = new RunningMoments();
  /** How often the shadow chose each alias first. */
  readonly chosen: Record<string, number> = {};
  /** What the shadow's decisions cost in total, USD. */
  decideCostUsd = 0;

  /** Adds one sampled request. */
  record(observation: ShadowObservation): void {
    this.decideCostUsd += observation.decideCostUsd;
    if (!observation.ok) {
      this.errors += 1;
      return;
    }
    this.differentModel.n += 1;
    this.differentTier.n += 1;
    if (observation.differentModel) this.differentModel.successes += 1;
    if (observation.differentTier) this.differentTier.successes += 1;
    this.liveCost.add(observation.liveCostUsd);
    this.shadowCost.add(observation.shadowCostUsd);
    this.costDelta.add(observation.shadowCostUsd - observation.liveCostUsd);
    this.chosen[observation.alias] = (this.chosen[observation.alias] ?? 0) + 1;
  }
}
