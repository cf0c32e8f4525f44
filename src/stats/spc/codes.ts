/**
 * Numeric codes used by the fast kernel (one byte per point) and their names for the friendly
 * result. Codes keep the hot path free of strings and objects; `specialCauseLabel` turns them into
 * the labels NHSRplotthedots prints.
 */

/** Which special-cause rule decided a point (after precedence). Odd = upwards, even = downwards. */
export const SpecialCause = {
  none: 0,
  aboveUpl: 1,
  belowLpl: 2,
  trendIncreasing: 3,
  trendDecreasing: 4,
  twoInThreeAbove: 5,
  twoInThreeBelow: 6,
  shiftAbove: 7,
  shiftBelow: 8,
} as const;
export type SpecialCauseCode = (typeof SpecialCause)[keyof typeof SpecialCause];

export type SpecialCauseKind =
  | "none"
  | "above_upl"
  | "below_lpl"
  | "trend_increasing"
  | "trend_decreasing"
  | "two_in_three_above"
  | "two_in_three_below"
  | "shift_above"
  | "shift_below";

export const SPECIAL_CAUSE_KINDS: readonly SpecialCauseKind[] = [
  "none",
  "above_upl",
  "below_lpl",
  "trend_increasing",
  "trend_decreasing",
  "two_in_three_above",
  "two_in_three_below",
  "shift_above",
  "shift_below",
];

/** +1 for an upward signal (above / increasing), -1 downward, 0 none. */
export function specialCauseDirection(code: number): -1 | 0 | 1 {
  return code === 0 ? 0 : code % 2 === 1 ? 1 : -1;
}

/**
 * The label NHSRplotthedots 0.2.2 gives (`special_cause_type`), e.g. "7 Points Above CL".
 * `runLength` changes the number in the shift and trend labels ("6 Points Above CL").
 */
export function specialCauseLabel(code: number, runLength: number): string {
  switch (code) {
    case SpecialCause.aboveUpl:
      return "Above UCL";
    case SpecialCause.belowLpl:
      return "Below LCL";
    case SpecialCause.trendIncreasing:
      return `${runLength} Point Trend (Increasing)`;
    case SpecialCause.trendDecreasing:
      return `${runLength} Point Trend (Decreasing)`;
    case SpecialCause.twoInThreeAbove:
      return "2 in 3 Above CL";
    case SpecialCause.twoInThreeBelow:
      return "2 in 3 Below CL";
    case SpecialCause.shiftAbove:
      return `${runLength} Points Above CL`;
    case SpecialCause.shiftBelow:
      return `${runLength} Points Below CL`;
    default:
      return "Common Cause";
  }
}

/** Point type codes (the colour of a dot). */
export const PointTypeCode = {
  commonCause: 0,
  improvement: 1,
  concern: 2,
  neutralHigh: 3,
  neutralLow: 4,
} as const;

export type PointType =
  | "common_cause"
  | "special_cause_improvement"
  | "special_cause_concern"
  | "special_cause_neutral_high"
  | "special_cause_neutral_low";

export const POINT_TYPES: readonly PointType[] = [
  "common_cause",
  "special_cause_improvement",
  "special_cause_concern",
  "special_cause_neutral_high",
  "special_cause_neutral_low",
];

export type ImprovementDirection = "increase" | "decrease" | "neutral";

/** +1 increase, -1 decrease, 0 neutral: the sign a special cause must have to be an improvement. */
export function directionSign(d: ImprovementDirection): -1 | 0 | 1 {
  return d === "increase" ? 1 : d === "decrease" ? -1 : 0;
}

/** Rule-membership bits the kernel keeps per point before precedence is applied. */
export const RuleBit = {
  shift: 1,
  trend: 2,
  twoInThree: 4,
  /** Counts towards two-in-three (beyond the 2-sigma line; beyond the limits with MDC 2023). */
  beyond: 8,
} as const;

/** Tri-state flags (R's TRUE/FALSE/NA) packed in one byte. */
export const Tri = { false: 0, true: 1, na: 2 } as const;
