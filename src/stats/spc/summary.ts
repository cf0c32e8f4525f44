import { PointTypeCode, POINT_TYPES, type ImprovementDirection, type PointType } from "./codes.js";

/** Icon of the variation summary (MDC "variation" icons). */
export type VariationIcon =
  | "common_cause"
  | "improvement_high"
  | "improvement_low"
  | "concern_high"
  | "concern_low"
  | "neutral_high"
  | "neutral_low";

export type AssuranceType = "consistent_pass" | "consistent_fail" | "inconsistent";
/** Icon of the assurance summary: pass (P), fail (F), hit and miss (?). */
export type AssuranceIcon = "pass" | "fail" | "inconsistent";

/**
 * The variation icon of a point type: improvement is "high" when higher is better, "low" when
 * lower is better; concern the other way round. Example: concern, decrease -> "concern_high".
 */
export function variationIcon(
  pointType: PointType,
  direction: ImprovementDirection,
): VariationIcon {
  switch (pointType) {
    case "special_cause_improvement":
      return direction === "decrease" ? "improvement_low" : "improvement_high";
    case "special_cause_concern":
      return direction === "decrease" ? "concern_high" : "concern_low";
    case "special_cause_neutral_high":
      return "neutral_high";
    case "special_cause_neutral_low":
      return "neutral_low";
    default:
      return "common_cause";
  }
}

export function pointTypeName(code: number): PointType {
  return POINT_TYPES[code] ?? "common_cause";
}

/** Assurance codes for the fast path: 0 none, 1 pass, 2 fail, 3 inconsistent. */
export const AssuranceCode = { none: 0, pass: 1, fail: 2, inconsistent: 3 } as const;

/**
 * Will the process meet its target? Uses the latest limits, strict comparisons, PTD's order:
 *   target > UPL: consistent fail when higher is better, consistent pass when lower is better;
 *   target < LPL: the reverse; otherwise (including a target exactly on a limit, or undefined
 *   limits) inconsistent, "hit and miss". No assurance without a target or for neutral direction.
 * Example: increase, target 70, LPL 72 -> consistent pass.
 */
export function assuranceCode(
  target: number | null | undefined,
  directionSign: number,
  lpl: number,
  upl: number,
): number {
  if (target === null || target === undefined || Number.isNaN(target) || directionSign === 0)
    return AssuranceCode.none;
  if (target > upl) return directionSign > 0 ? AssuranceCode.fail : AssuranceCode.pass;
  if (target < lpl) return directionSign > 0 ? AssuranceCode.pass : AssuranceCode.fail;
  return AssuranceCode.inconsistent;
}

export function assuranceType(code: number): AssuranceType | null {
  return code === 1
    ? "consistent_pass"
    : code === 2
      ? "consistent_fail"
      : code === 3
        ? "inconsistent"
        : null;
}

export function assuranceIcon(code: number): AssuranceIcon | null {
  return code === 1 ? "pass" : code === 2 ? "fail" : code === 3 ? "inconsistent" : null;
}

/** Counts of point types in codes[start..end) into counts[0..5) (added, not reset). */
export function countPointTypes(
  codes: Uint8Array,
  start: number,
  end: number,
  counts: Int32Array,
): void {
  for (let i = start; i < end; i++) counts[codes[i]!]!++;
}

export const COMMON_CAUSE = PointTypeCode.commonCause;
