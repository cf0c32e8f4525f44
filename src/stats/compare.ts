import { quantileSorted, sortedFinite, type MaybeNumber } from "./quantile.js";
import type { Estimate, Polarity } from "./types.js";

/**
 * Comparison of a unit's value with a benchmark value B (e.g. the national figure), the
 * Fingertips way:
 * - "lower" when the upper confidence limit < B,
 * - "higher" when the lower confidence limit > B,
 * - "similar" otherwise (the interval includes B),
 * - "not_compared" when the interval or B is missing.
 * With a polarity, higher / lower become better / worse; a "neutral" measure keeps
 * higher / lower.
 * Example: value 0.31 [0.26, 0.37] against B = 0.25 → "higher"; higherIsBetter → "better".
 */
export type BenchmarkComparison = "lower" | "similar" | "higher" | "not_compared";

/** A comparison read through the measure's polarity. */
export type BenchmarkAssessment =
  "better" | "similar" | "worse" | "lower" | "higher" | "not_compared";

/** Compares a confidence interval with a benchmark value (strict inequalities, as Fingertips). */
export function compareWithBenchmark(
  lower: number,
  upper: number,
  benchmark: number,
): BenchmarkComparison {
  if (Number.isNaN(lower) || Number.isNaN(upper) || !Number.isFinite(benchmark))
    return "not_compared";
  if (upper < benchmark) return "lower";
  if (lower > benchmark) return "higher";
  return "similar";
}

/** Maps higher / lower to better / worse by polarity; neutral measures keep higher / lower. */
export function assess(comparison: BenchmarkComparison, polarity: Polarity): BenchmarkAssessment {
  if (comparison === "similar" || comparison === "not_compared" || polarity === "neutral")
    return comparison;
  const higherIsBetter = polarity === "higherIsBetter";
  return (comparison === "higher") === higherIsBetter ? "better" : "worse";
}

// ---------------------------------------------------------------------------------------------
// Quintiles: the fallback when no confidence interval can be computed
// ---------------------------------------------------------------------------------------------

/** Quintile 1 (lowest fifth of values) … 5 (highest fifth). */
export type Quintile = 1 | 2 | 3 | 4 | 5;

/**
 * Cut points of the quintiles of a distribution: the type-7 quantiles at 0.2, 0.4, 0.6, 0.8
 * (the app's single quantile definition, see quantile.ts), from values already sorted.
 */
export function quintileCutsSorted(sorted: ArrayLike<number>): [number, number, number, number] {
  return [
    quantileSorted(sorted, 0.2),
    quantileSorted(sorted, 0.4),
    quantileSorted(sorted, 0.6),
    quantileSorted(sorted, 0.8),
  ];
}

/** Which end of a distribution is better: "higher" also serves neutral measures (as quarterOf). */
export type BetterSide = "higher" | "lower";

/** The better side of a polarity; neutral measures count as "higher", as in quarterOf. */
export const betterSideOf = (polarity: Polarity): BetterSide =>
  polarity === "lowerIsBetter" ? "lower" : "higher";

/**
 * Quintile of a value within a distribution, 1 (lowest fifth of values) … 5 (highest), against
 * the type-7 cut points P20, P40, P60, P80. A value on a cut point belongs to the better side,
 * symmetrically in both directions, as in quarterOf (quantile.ts), so a value is never put in a
 * worse fifth than its tie with a cut warrants:
 *   higher: 1 + the number of cut points ≤ the value  (on P20 → quintile 2)
 *   lower:  1 + the number of cut points < the value  (on P80 → quintile 4)
 * Neutral measures use "higher". The minimum is always in quintile 1 and the maximum in 5 (when
 * the values are not all equal). Quintile 1 holds the lowest values whatever the polarity; see
 * {@link quintileAssessment}. Returns null when the value or the distribution is missing.
 * Example: distribution 1…10 has cuts 2.8, 4.6, 6.4, 8.2: value 5 → quintile 3; value 2.8 →
 * quintile 2 when higher is better, 1 when lower is better.
 */
export function quintileOf(
  value: number,
  distribution: ArrayLike<MaybeNumber>,
  better: BetterSide,
): Quintile | null {
  return quintileOfCuts(value, quintileCutsSorted(sortedFinite(distribution)), better);
}

/** Quintile from precomputed cut points (for many units against one distribution). */
export function quintileOfCuts(
  value: number,
  cuts: readonly [number, number, number, number],
  better: BetterSide,
): Quintile | null {
  if (!Number.isFinite(value) || Number.isNaN(cuts[0])) return null;
  let q = 1;
  for (const c of cuts) if (better === "higher" ? value >= c : value > c) q++;
  return q as Quintile;
}

/**
 * Quintile labels, Fingertips style: "lowest" … "highest" for a neutral measure, "best" …
 * "worst" when a polarity applies (quintile 5 is "best" when higher is better).
 */
export type QuintileAssessment =
  "lowest" | "low" | "middle" | "high" | "highest" | "best" | "better" | "worse" | "worst";

const NEUTRAL_LABELS = ["lowest", "low", "middle", "high", "highest"] as const;
const HIGHER_BETTER_LABELS = ["worst", "worse", "middle", "better", "best"] as const;

/** Label for a quintile read through the measure's polarity. */
export function quintileAssessment(quintile: Quintile, polarity: Polarity): QuintileAssessment {
  const i = quintile - 1;
  if (polarity === "neutral") return NEUTRAL_LABELS[i] as QuintileAssessment;
  return HIGHER_BETTER_LABELS[polarity === "higherIsBetter" ? i : 4 - i] as QuintileAssessment;
}

/** How a unit compares, and by which method. */
export type BenchmarkResult =
  | { method: "interval"; comparison: BenchmarkComparison; assessment: BenchmarkAssessment }
  | { method: "quintile"; quintile: Quintile; assessment: QuintileAssessment }
  | { method: "none" };

/**
 * Compares a unit with a benchmark: by its confidence interval when it has one; otherwise, as
 * Fingertips does, by the quintile of its value within the distribution of all units'
 * values (the result says method "quintile" so the page can say so); "none" when neither is
 * possible.
 */
export function benchmark(
  estimate: Estimate,
  benchmarkValue: number,
  distribution: ArrayLike<MaybeNumber>,
  polarity: Polarity,
): BenchmarkResult {
  const comparison = compareWithBenchmark(estimate.lower, estimate.upper, benchmarkValue);
  if (comparison !== "not_compared") {
    return { method: "interval", comparison, assessment: assess(comparison, polarity) };
  }
  const quintile = quintileOf(estimate.value, distribution, betterSideOf(polarity));
  if (quintile === null) return { method: "none" };
  return { method: "quintile", quintile, assessment: quintileAssessment(quintile, polarity) };
}
