/** A point estimate with its confidence interval; `low` and `high` are null when the sample is too small for one. */
export interface Estimate {
  /** The point estimate (a mean, a proportion, a difference). */
  value: number;
  /** Lower bound of the confidence interval. */
  low: number | null;
  /** Upper bound of the confidence interval. */
  high: number | null;
  /** Sample size behind the estimate (for a difference, the smaller of the two). */
  n: number;
}
