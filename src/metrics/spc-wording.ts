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
  AssuranceType,
  PointType,
  SpecialCauseKind,
  VariationIcon,
} from "../stats/spc/index.js";

/** The four variation states a point or a series can be in. */
export type VariationState = "common" | "improvement" | "concern" | "neutral";

/** Each variation state's name. */
export const variationName: Readonly<Record<VariationState, string>> = {
  common: "Common cause variation",
  improvement: "Special cause improvement",
  concern: "Special cause concern",
  neutral: "Special cause variation",
};

/**
 * A point's or a series' variation in words: the one phrasing of each state, for chart
 * tooltips and tables, the engine's results and the group pages. A neutral special cause (a
 * metric with no better direction) says which side it is on.
 */
export const pointTypeText: Readonly<Record<PointType, string>> = {
  common_cause: variationName.common,
  special_cause_improvement: variationName.improvement,
  special_cause_concern: variationName.concern,
  special_cause_neutral_high: `${variationName.neutral}, unusually high`,
  special_cause_neutral_low: `${variationName.neutral}, unusually low`,
};

/** The legend's name for each marker, with its shape and colour. */
export function markerName(state: VariationState, marker: string): string {
  const name =
    state === "neutral" ? `${variationName.neutral}, unusually high or low` : variationName[state];
  return `${name} (${marker})`;
}

const variationIconTexts: Readonly<Record<VariationIcon, string>> = {
  common_cause: pointTypeText.common_cause,
  improvement_high: `${variationName.improvement} (high)`,
  improvement_low: `${variationName.improvement} (low)`,
  concern_high: `${variationName.concern} (high)`,
  concern_low: `${variationName.concern} (low)`,
  neutral_high: pointTypeText.special_cause_neutral_high,
  neutral_low: pointTypeText.special_cause_neutral_low,
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
  return pointTypeText[type].toLowerCase();
}

/** A series' assurance against a target level in a summary sentence ("78%"). */
export function assurancePhrase(type: AssuranceType, level: string): string {
  switch (type) {
    case "consistent_pass":
      return `consistently passing the ${level} target`;
    case "consistent_fail":
      return `consistently failing the ${level} target`;
    case "inconsistent":
      return `the ${level} target will be hit and miss`;
  }
}

/** Why a series has no assurance, in words. */
export type NoAssurance = "no_target" | "no_direction" | "too_few_points";

const noAssuranceTexts: Readonly<Record<NoAssurance, string>> = {
  no_target: "No target in force: no assurance.",
  no_direction: "No assurance for a metric without an improvement direction.",
  too_few_points: "Too few points for assurance.",
};

/**
 * A series' assurance as a sentence with its reason (Making Data Count: where the target lies
 * against the process limits). Example: ("consistent_fail", "78.0%") → "Consistently failing
 * the 78.0% target: both process limits lie on the failing side of it, so the process will not
 * meet it unless something changes."
 */
export function assuranceSentence(type: AssuranceType | NoAssurance, level: string): string {
  switch (type) {
    case "consistent_pass":
      return `${capitalise(assurancePhrase(type, level))}: both process limits lie on the passing side of it.`;
    case "consistent_fail":
      return `${capitalise(assurancePhrase(type, level))}: both process limits lie on the failing side of it, so the process will not meet it unless something changes.`;
    case "inconsistent":
      return `${capitalise(assurancePhrase(type, level))}: it lies between the process limits.`;
    default:
      return noAssuranceTexts[type];
  }
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

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
