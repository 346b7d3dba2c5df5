// Welford's running moments: the reference the store-kept sums (momentsFromSums) are checked against. The router no
// longer uses it (experiment statistics are counters in the store), so it lives with the tests.
/** Count, mean and sum of squared deviations of a stream of numbers (Welford), with removal for revised values. */
export class RunningMoments {
  /** How many values. */
  n = 0;
  /** Their mean (0 when there are none). */
  mean = 0;
  /** Sum of squared deviations from the mean. */
  private m2 = 0;

  /** Adds one value. */
  add(x: number): void {
    this.n += 1;
    const delta = x - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (x - this.mean);
  }

  /** Removes one value previously added (a revised feedback score, say). */
  remove(x: number): void {
    if (this.n <= 1) {
      this.n = 0;
      this.mean = 0;
      this.m2 = 0;
      return;
    }
    const delta = x - this.mean;
    this.n -= 1;
    this.mean -= delta / this.n;
    this.m2 = Math.max(0, this.m2 - delta * (x - this.mean));
  }

  /** Sum of the values. */
  get sum(): number {
    return this.mean * this.n;
  }

  /** The sample variance (n − 1 in the denominator); 0 below two values. */
  get variance(): number {
    return this.n < 2 ? 0 : this.m2 / (this.n - 1);
  }
}
