/**
 * The index maximizing quality − λ × cost (costs in units of the strong model's mean cost); ties go to the cheaper
 * model. λ = ∞ picks the cheapest model (ties → better quality).
 */
export function chooseByLambda(quality: readonly number[], cost: readonly number[], lambda: number): number {
  let best = 0;
  for (let i = 1; i < quality.length; i++) {
    if (lambda === Number.POSITIVE_INFINITY) {
      if (cost[i]! < cost[best]! || (cost[i] === cost[best] && quality[i]! > quality[best]!)) best = i;
      continue;
    }
    const value = quality[i]! - lambda * cost[i]!;
    const bestValue = quality[best]! - lambda * cost[best]!;
    if (value > bestValue + 1e-12 || (Math.abs(value - bestValue) <= 1e-12 && cost[i]! < cost[best]!)) best = i;
  }
  return best;
}
