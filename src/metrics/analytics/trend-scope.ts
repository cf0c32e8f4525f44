/**
 * Which series the recent-trend marker may judge. Fingertips' test (PHEindicatormethods'
 * `assign_trend_markers`) is for the latest 5 independent, non-overlapping periods of proportions
 * and rates: "data must be for years: monthly or quarterly data are not tested". On monthly NHS
 * series its binomial and Poisson standard errors are far smaller than the month-to-month
 * variation (seasonality, autocorrelation, overdispersion): stationary monthly series with one
 * percentage point of extra noise were flagged "significant" 26–27% of the time against a
 * nominal 0.2%, and every winter's dip in 4-hour performance read "decreasing and getting worse"
 * (issue 11, defect 3). Monthly and quarterly series are judged by SPC instead (Making Data
 * Count), and counts, which are not on a rate's scale, are not tested at all.
 *
 * Example: `ae_4hr_all` (monthly proportion) → not tested, "sub_annual"; an annual proportion →
 * tested by the χ² test for trend on its counts.
 */
import type { MetricInfo } from "./types.js";

/** How a tested metric's trend is computed: from counts (proportions) or from intervals (rates). */
export type TrendMethod = "proportion" | "rate";
/** Why a metric's trend is not tested. */
export type TrendNotTested = "sub_annual" | "count" | "no_interval";

export type TrendScope =
  { tested: true; method: TrendMethod } | { tested: false; reason: TrendNotTested };

export function recentTrendScope(
  info: Pick<MetricInfo, "periodType" | "intervalKind">,
): TrendScope {
  // Financial years are the only non-overlapping periods of at least a year that we store.
  if (info.periodType !== "financial_year") return { tested: false, reason: "sub_annual" };
  switch (info.intervalKind) {
    case "proportion":
      return { tested: true, method: "proportion" };
    case "rate":
      return { tested: true, method: "rate" };
    case "count":
      return { tested: false, reason: "count" };
    default:
      return { tested: false, reason: "no_interval" };
  }
}
