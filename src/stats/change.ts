import { countLimits, wilsonLimits } from "./intervals.js";
import { zForLevel, type ConfidenceLevel } from "./levels.js";
import type { Estimate } from "./types.js";

/**
 * Change since a baseline: the difference between two independent periods' values with a
 * confidence interval from each value's own interval (MOVER), for proportions and rates.
 */

/**
 * A difference (current − baseline) with its confidence interval and whether it is significant
 * (the interval excludes 0).
 */
export interface Change extends Estimate {
  change: "increase" | "decrease" | "no_significant_change" | "cannot_be_calculated";
}

/**
 * MOVER (method of variance estimates recovery; Zou & Donner 2008, Statistics in Medicine
 * 27:1693–1702) limits for a difference d = v₂ − v₁ from each value's own interval:
 *   lower = d − √((v₂ − l₂)² + (u₁ − v₁)²),  upper = d + √((u₂ − v₂)² + (v₁ − l₁)²).
 */
function moverDifference(
  v1: number,
  l1: number,
  u1: number,
  v2: number,
  l2: number,
  u2: number,
): Change {
  const d = v2 - v1;
  const lower = d - Math.sqrt((v2 - l2) ** 2 + (u1 - v1) ** 2);
  const upper = d + Math.sqrt((u2 - v2) ** 2 + (v1 - l1) ** 2);
  // Not finite: an interval past the largest double (a denominator near 0) is no interval.
  if (!Number.isFinite(lower) || !Number.isFinite(upper) || !Number.isFinite(d)) {
    return { value: NaN, lower: NaN, upper: NaN, change: "cannot_be_calculated" };
  }
  const change = lower > 0 ? "increase" : upper < 0 ? "decrease" : "no_significant_change";
  return { value: d, lower, upper, change };
}

/**
 * Change in a proportion from a baseline (x₁/n₁) to now (x₂/n₂): Newcombe's hybrid score
 * interval (Newcombe 1998, Statistics in Medicine 17:873–890, method 10), i.e. MOVER with the
 * Wilson limits of each proportion. Treats the two periods as independent samples.
 * Example (95%): 56/70 vs 48/80 → d = −0.2, interval ≈ [−0.3339, −0.0524] (Newcombe's example,
 * reversed): "decrease".
 */
export function proportionChange(
  baselineX: number,
  baselineN: number,
  currentX: number,
  currentN: number,
  level: ConfidenceLevel = 0.95,
): Change {
  const z = zForLevel(level);
  const a = wilsonLimits(baselineX, baselineN, z);
  const b = wilsonLimits(currentX, currentN, z);
  return moverDifference(
    baselineX / baselineN,
    a.lower,
    a.upper,
    currentX / currentN,
    b.lower,
    b.upper,
  );
}

/**
 * Change in a rate from a baseline (x₁ events over d₁) to now (x₂ over d₂), times a multiplier:
 * MOVER with each rate's own interval (exact Poisson for counts under 10, Byar's otherwise —
 * the same limits as {@link rateInterval}), independent periods.
 */
export function rateChange(
  baselineX: number,
  baselineD: number,
  currentX: number,
  currentD: number,
  multiplier = 1,
  level: ConfidenceLevel = 0.95,
): Change {
  if (!(baselineD > 0) || !(currentD > 0)) {
    return { value: NaN, lower: NaN, upper: NaN, change: "cannot_be_calculated" };
  }
  const s1 = multiplier / baselineD;
  const s2 = multiplier / currentD;
  const a = countLimits(baselineX, level);
  const b = countLimits(currentX, level);
  return moverDifference(
    baselineX * s1,
    a.lower * s1,
    a.upper * s1,
    currentX * s2,
    b.lower * s2,
    b.upper * s2,
  );
}
