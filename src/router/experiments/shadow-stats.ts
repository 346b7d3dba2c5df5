// A shadow policy's statistics in the store, as counters (see experiment-stats.ts for why).
import type { Proportion } from './experiment-stats.js';
import { type Increment, momentIncrements, momentKeys } from './stats-keys.js';
import { momentsFromSums, type StoredMoments } from './statistics/moment-sums.js';

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

/** A shadow policy's statistics over the requests it was sampled on, as read from the store. */
export interface ShadowStats {
  /** Sampled requests where the shadow's decide() threw. */
  errors: number;
  /** Sampled requests where the shadow chose another first model than the live route. */
  differentModel: Proportion;
  /** Sampled requests where the shadow chose another tier than the live route. */
  differentTier: Proportion;
  /** Live cost per sampled request, USD. */
  liveCost: StoredMoments;
  /** Estimated shadow cost per sampled request, USD. */
  shadowCost: StoredMoments;
  /** Per request, shadow estimate minus live cost, USD (a paired difference). */
  costDelta: StoredMoments;
  /** How often the shadow chose each alias first. */
  chosen: Record<string, number>;
  /** What the shadow's decisions cost in total, USD. */
  decideCostUsd: number;
}

/** Reads and writes one shadow's counters under its key prefix; `aliases` are the router's (a choice is one). */
export class StoredShadowStats {
  /** Every key of the shadow, in the order `parse` reads them. */
  readonly keys: readonly string[];

  constructor(
    private readonly base: string,
    private readonly aliases: readonly string[],
  ) {
    this.keys = [
      `${base}errors`,
      `${base}evaluated`,
      `${base}different-model`,
      `${base}different-tier`,
      `${base}decide-usd`,
      ...momentKeys(`${base}live`),
      ...momentKeys(`${base}estimate`),
      ...momentKeys(`${base}delta`),
      ...aliases.map((alias) => `${base}chosen:${encodeURIComponent(alias)}`),
    ];
  }

  /** The increments one sampled request adds (written together, in one atomic step). */
  record(observation: ShadowObservation): Increment[] {
    const b = this.base;
    const out: Increment[] = [];
    if (observation.decideCostUsd !== 0) out.push({ key: `${b}decide-usd`, by: observation.decideCostUsd });
    if (!observation.ok) {
      out.push({ key: `${b}errors`, by: 1 });
      return out;
    }
    out.push({ key: `${b}evaluated`, by: 1 });
    if (observation.differentModel) out.push({ key: `${b}different-model`, by: 1 });
    if (observation.differentTier) out.push({ key: `${b}different-tier`, by: 1 });
    out.push(...momentIncrements(`${b}live`, observation.liveCostUsd));
    out.push(...momentIncrements(`${b}estimate`, observation.shadowCostUsd));
    out.push(...momentIncrements(`${b}delta`, observation.shadowCostUsd - observation.liveCostUsd));
    out.push({ key: `${b}chosen:${encodeURIComponent(observation.alias)}`, by: 1 });
    return out;
  }

  /** The shadow's statistics from the values of `keys`, in order. */
  parse(values: readonly number[]): ShadowStats {
    const v = (i: number) => values[i] ?? 0;
    const sums = (i: number) => momentsFromSums({ n: v(i), sum: v(i + 1), sumSquares: v(i + 2) });
    const evaluated = v(1);
    const chosen: Record<string, number> = {};
    for (const [i, alias] of this.aliases.entries()) {
      const count = v(14 + i);
      if (count > 0) chosen[alias] = count;
    }
    return {
      errors: v(0),
      differentModel: { successes: v(2), n: evaluated },
      differentTier: { successes: v(3), n: evaluated },
      decideCostUsd: v(4),
      liveCost: sums(5),
      shadowCost: sums(8),
      costDelta: sums(11),
      chosen,
    };
  }
}
