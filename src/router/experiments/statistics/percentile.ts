/**
 * The q-th quantile (q in [0, 1]) of sorted values, interpolating linearly between order statistics (the
 * common "type 7" definition: NumPy's and R's default). Undefined for an empty list.
 */
export function percentile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const lower = sorted[below] as number;
  return lower + (position - below) * ((sorted[above] as number) - lower);
}
