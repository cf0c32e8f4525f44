/**
 * Types shared by the statistics modules.
 */

/**
 * Which way is better for a measure. "neutral" when neither direction is an improvement
 * (e.g. a count of referrals): comparisons then say only higher / lower.
 */
export type Polarity = "higherIsBetter" | "lowerIsBetter" | "neutral";

/** A point estimate with its confidence limits; NaN where it cannot be computed. */
export interface Estimate {
  value: number;
  lower: number;
  upper: number;
}
