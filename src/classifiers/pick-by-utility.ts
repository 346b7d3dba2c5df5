/** The model a utility picker chose, and why. */
export interface UtilityChoice {
  /** The chosen model. */
  model: string;
  /** Its utility: predicted quality − λ × cost. */
  utility: number;
}

/**
 * Picks the candidate that maximizes predicted quality − λ × cost (RouterBench's predictive router). `quality` is
 * each model's predicted chance of answering well (e.g. `predictHeads` of a multi-head learned model); `cost` is in
 * any unit, best normalized so the most expensive model costs 1, so λ reads as "quality points per full cost".
 * λ = 0 picks the best predicted quality; a large λ picks the cheapest. Ties go to the cheaper model, then by name.
 */
export function pickByUtility(
  quality: Readonly<Record<string, number>>,
  cost: Readonly<Record<string, number>>,
  lambda: number,
): UtilityChoice {
  if (!(lambda >= 0)) throw new RangeError(`pickByUtility: lambda must be a number >= 0, got ${lambda}`);
  let best: UtilityChoice | undefined;
  let bestCost = 0;
  for (const model of Object.keys(quality).sort()) {
    const c = cost[model];
    if (c === undefined) throw new Error(`pickByUtility: no cost for model "${model}"`);
    const utility = quality[model]! - lambda * c;
    if (!best || utility > best.utility || (utility === best.utility && c < bestCost)) {
      best = { model, utility };
      bestCost = c;
    }
  }
  if (!best) throw new Error('pickByUtility: no candidate models');
  return best;
}
