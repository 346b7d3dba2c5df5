// What `calibrateLambda` returns, on the ground floor: the live policies that accept it (utility, cascadeRouting)
// take it without importing calibration, which itself replays those policies.

/** A calibrated λ and what it gives on the calibration data. */
export interface LambdaCalibration {
  lambda: number;
  /** Mean quality (recorded when outcomes are given, else predicted). */
  quality: number;
  /** Cost as a share of always calling the best-quality model. */
  costShare: number;
  /** Share of queries sent to each model. */
  shares: Record<string, number>;
  /** Whether the target was met (false: the end of the sweep closest to it is returned). */
  reached: boolean;
}
