import type { ChartType } from "./charts/chartDefinition.js";
import type { ImprovementDirection, PointType, SpecialCauseKind } from "./codes.js";
import type { AssuranceIcon, AssuranceType, VariationIcon } from "./summary.js";

/** One period of input. `value` for most charts; `numerator`/`denominator` for p, p', u, u'. */
export interface SpcInputPoint {
  /** Period as an ISO date, YYYY-MM-DD. Unique within a series; any order. */
  date: string;
  /** null or NaN = missing. */
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  /** Optional planned trajectory for this period (drawn, never used in calculations). */
  trajectory?: number | null;
}

export type TwoInThreeVariant = "ptd" | "mdc2023";

export interface SpcOptions {
  /** Default "xmr". */
  chart?: ChartType;
  /** Default "increase", as in NHSRplotthedots. */
  improvementDirection?: ImprovementDirection;
  /** Target for the assurance summary (ignored for neutral direction). */
  target?: number | null;
  /** Dates (YYYY-MM-DD) that start a new rebase group; dates not in the data are ignored. */
  rebase?: readonly string[] | null;
  /** Limits from the first n observed points of each group; must be >= 12. Default: all. */
  fixAfterNPoints?: number | null;
  /** Screen moving-range outliers (3.267 x AMR). Default true (PTD); false = MDC Excel tool. */
  screenOutliers?: boolean;
  /** Shift and trend run length, 6 or 7. Default 7 (PTD). */
  runLength?: 6 | 7;
  /** "ptd" (default): only points between the 2- and 3-sigma lines count; "mdc2023": all
   *  points beyond the 2-sigma line count, including those beyond the limits. */
  twoInThree?: TwoInThreeVariant;
  /** Groups with fewer points get a trial-limits warning. Default 13 (PTD). */
  trialLimitMinimum?: number;
}

/** Options of the special-cause rules, resolved to plain numbers for the hot path. */
export interface RuleSettings {
  /** Points in a shift run and in a trend (6 or 7; PTD: 7). */
  runLength: number;
  /** false: PTD 0.2.2 two-in-three (only points strictly between the 2- and 3-sigma lines
   *  count); true: Making Data Count 2023 (every point beyond the 2-sigma line counts). */
  twoInThreeIncludesOutside: boolean;
  /** +1 increase, -1 decrease, 0 neutral. */
  directionSign: number;
}

export interface ResolvedSpcOptions {
  chart: ChartType;
  improvementDirection: ImprovementDirection;
  target: number | null;
  rebase: string[];
  fixAfterNPoints: number | null;
  screenOutliers: boolean;
  runLength: 6 | 7;
  twoInThree: TwoInThreeVariant;
  trialLimitMinimum: number;
}

export interface SpcPoint {
  date: string;
  /** The plotted value (a proportion or rate for p/u charts, the moving range for mR); null if missing. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  trajectory: number | null;
  target: number | null;
  /** Rebase group, 0-based in date order. */
  group: number;
  /** Used to compute its group's limits (false after `fixAfterNPoints`, and when missing). */
  inBaseline: boolean;
  /** Centre line: the mean (the median for run and g charts). null when undefined. */
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  /** 2-sigma lines. */
  nearLpl: number | null;
  nearUpl: number | null;
  outsideLimits: boolean | null;
  closeToLimits: boolean | null;
  relativeToMean: -1 | 0 | 1 | null;
  specialCause: SpecialCauseKind;
  /** NHSRplotthedots label, e.g. "7 Points Above CL" or "Common Cause". */
  specialCauseType: string;
  specialCauseFlag: boolean;
  pointType: PointType;
}

export interface SpcGroupSummary {
  group: number;
  firstDate: string;
  lastDate: string;
  /** Periods in the group, including missing ones. */
  n: number;
  nObserved: number;
  /** Observed points the limits were computed from. */
  baselineN: number;
  /** Centre and limits of the group's first observed point (they vary per point on p/u charts). */
  mean: number | null;
  lpl: number | null;
  upl: number | null;
  nearLpl: number | null;
  nearUpl: number | null;
  /** Fewer than `trialLimitMinimum` points: trial limits. */
  trialLimits: boolean;
  counts: Record<PointType, number>;
  /** Point type of the group's last observed point. */
  variationType: PointType;
}

export type SpcWarningCode =
  "trial_limits" | "limits_undefined" | "missing_values" | "rebase_date_not_in_data" | "no_data";

export interface SpcWarning {
  code: SpcWarningCode;
  message: string;
  group?: number;
}

/** A sustained shift a person may want to rebase at (never applied automatically). */
export interface SuggestedRebasePoint {
  /** First date of the shift: the candidate rebase date. */
  date: string;
  lastDate: string;
  group: number;
  direction: "above" | "below";
  /** Points in the run. */
  length: number;
  reason: string;
}

export interface SpcSummary {
  n: number;
  variationType: PointType;
  variationIcon: VariationIcon;
  assuranceType: AssuranceType | null;
  assuranceIcon: AssuranceIcon | null;
  lastMean: number | null;
  lastLpl: number | null;
  lastUpl: number | null;
  nSpecialCause: number;
  shortGroupWarning: boolean;
}

export interface SpcResult {
  chart: ChartType;
  options: ResolvedSpcOptions;
  /** In date order. */
  points: SpcPoint[];
  groups: SpcGroupSummary[];
  summary: SpcSummary;
  warnings: SpcWarning[];
  suggestedRebasePoints: SuggestedRebasePoint[];
}
