/**
 * SPC and assurance states in words: the one place a variation or assurance state is named, for
 * chart point labels, the legend, the icons' labels and the chart summaries (NHS England's
 * "Making Data Count" vocabulary). The words of each state are composed from one name per state
 * (`variationName`), so "Special cause improvement" reads the same on every page.
 *
 * Examples: point type special_cause_concern → "Special cause concern"; icon improvement_high →
 * "Special cause improvement (high)"; assurance pass → "Consistently passing the target".
 */
import type {
  AssuranceIcon,
  PointType,
  SpecialCauseKind,
  VariationIcon,
} from "../stats/spc/index.js";

/** The four variation states a point or a series can be in. */
export type VariationState = "common" | "improvement" | "concern" | "neutral";

/** Each variation state's name. */
export const variationName: Readonly<Record<VariationState, string>> = {
  common: "Common cause",
  improvement: "Special cause improvement",
  concern: "Special cause concern",
  neutral: "Special cause variation",
};

/** What a neutral special cause is not. */
const neitherWay = "neither improvement nor concern";

/** A point's type in words (chart tooltips and tables). */
export const pointTypeText: Readonly<Record<PointType, string>> = {
  common_cause: variationName.common,
  special_cause_improvement: variationName.improvement,
  special_cause_concern: variationName.concern,
  special_cause_neutral_high: `${variationName.neutral} (high)`,
  special_cause_neutral_low: `${variationName.neutral} (low)`,
};

/** The legend's name for each marker, with its shape and colour. */
export function markerName(state: VariationState, marker: string): string {
  const name = state === "neutral" ? `Special cause, ${neitherWay}` : variationName[state];
  return `${name} (${marker})`;
}

const variationIconTexts: Readonly<Record<VariationIcon, string>> = {
  common_cause: `${variationName.common} variation`,
  improvement_high: `${variationName.improvement} (high)`,
  improvement_low: `${variationName.improvement} (low)`,
  concern_high: `${variationName.concern} (high)`,
  concern_low: `${variationName.concern} (low)`,
  neutral_high: `${variationName.neutral}, ${neitherWay} (high)`,
  neutral_low: `${variationName.neutral}, ${neitherWay} (low)`,
};

/** The label of a variation icon. */
export function variationIconText(code: VariationIcon): string {
  return variationIconTexts[code];
}

const assuranceTexts: Readonly<Record<AssuranceIcon | "none", string>> = {
  pass: "Consistently passing the target",
  fail: "Consistently failing the target",
  inconsistent: "Hit and miss: the target may or may not be met",
  none: "No target",
};

/** The label of an assurance icon ("No target" without one). */
export function assuranceIconText(code: AssuranceIcon | null): string {
  return assuranceTexts[code ?? "none"];
}

/** A series' variation in a summary sentence, lower case: "special cause variation, unusually high". */
export function variationPhrase(type: PointType): string {
  switch (type) {
    case "special_cause_improvement":
      return variationName.improvement.toLowerCase();
    case "special_cause_concern":
      return variationName.concern.toLowerCase();
    case "special_cause_neutral_high":
      return `${variationName.neutral.toLowerCase()}, unusually high`;
    case "special_cause_neutral_low":
      return `${variationName.neutral.toLowerCase()}, unusually low`;
    default:
      return `${variationName.common.toLowerCase()} variation`;
  }
}

/** A series' assurance against a target level in a summary sentence ("78%"). */
export function assurancePhrase(
  type: "consistent_pass" | "consistent_fail" | "inconsistent",
  level: string,
): string {
  switch (type) {
    case "consistent_pass":
      return `consistently passing the ${level} target`;
    case "consistent_fail":
      return `consistently failing the ${level} target`;
    case "inconsistent":
      return `the ${level} target will be hit and miss`;
  }
}

/** Why a point is special, in words: "above the upper process limit". */
export function specialCauseText(kind: SpecialCauseKind, runLength: number): string | null {
  switch (kind) {
    case "above_upl":
      return "above the upper process limit";
    case "below_lpl":
      return "below the lower process limit";
    case "trend_increasing":
      return `part of ${runLength} or more points increasing in a row`;
    case "trend_decreasing":
      return `part of ${runLength} or more points decreasing in a row`;
    case "two_in_three_above":
      return "2 of 3 points close to the upper process limit";
    case "two_in_three_below":
      return "2 of 3 points close to the lower process limit";
    case "shift_above":
      return `part of ${runLength} or more points above the mean`;
    case "shift_below":
      return `part of ${runLength} or more points below the mean`;
    default:
      return null;
  }
}
