/**
 * One organisation's series over time, from the country-wide pass: the SPC summary of its latest
 * point, its recent trend (annual rates and proportions only; otherwise why it is not tested),
 * and its change since the same period a year earlier.
 */
import {
  assuranceIcon,
  assuranceType,
  pointTypeName,
  variationIcon,
  type SpcResult,
} from "../../stats/spc/index.js";
import { formatMetricValue } from "../format.js";
import { addPeriods, formatPeriod } from "../period.js";
import type { PeriodType } from "../values.js";
import { assuranceSentence, pointTypeText } from "../spc-wording.js";
import { TrendCode } from "./codes.js";
import { TREND_POINTS } from "./metric-analysis.js";
import { targetInForce } from "./metric-info.js";
import { directionSignOf, spcDirectionOf } from "../catalogue/direction.js";
import * as say from "./sentences.js";
import { NOT_ANALYSED, orNull, SPC_MIN_POINTS } from "./series.js";
import * as st from "./stats.js";
import { recentTrendScope } from "./trend-scope.js";
import type { ChangeSinceBaseline, RecentTrendResult, SpcSummaryInfo, TrendInfo } from "./types.js";
import type { MetricAnalysis } from "./model.js";

/**
 * Periods back to the baseline of the change: a year, by date, never by position (the periods
 * held skip the two years no one reported, so "12 positions back" could be three years back),
 * and for rolling years the one that does not overlap (the rolling year ending a month earlier
 * shares 11 of its 12 months, so the two are not independent samples).
 */
const YEAR_BACK: Record<PeriodType, number> = {
  day: 364,
  week: 52,
  month: 12,
  quarter: 4,
  twelve_months: 1,
  financial_year: 1,
};

export function recentTrendResult(a: MetricAnalysis, o: number): RecentTrendResult {
  const scope = recentTrendScope(a.info);
  if (!scope.tested) {
    return {
      marker: "not_tested",
      direction: null,
      ...say.recentTrendNotTestedText(
        scope.reason,
        a.info.periodType,
        a.series.pointType[o]! !== NOT_ANALYSED,
        a.series.sinceBreak[o]!,
        SPC_MIN_POINTS,
        a.series.lastBreak[o]! >= 0
          ? formatPeriod(a.matrix.periods[a.series.lastBreak[o]!]!, a.info.periodType)
          : null,
      ),
      periods: [],
      slope: null,
      chiSquare: null,
    };
  }
  const marker = a.trendMarker[o]!;
  const last = a.series.latest[o]!;
  const slope = orNull(a.trendSlope[o]!);
  const chiSquare = orNull(a.trendChi[o]!);
  const periods =
    last < TREND_POINTS - 1 ? [] : a.matrix.periods.slice(last - TREND_POINTS + 1, last + 1);
  if (marker === TrendCode.cannot) {
    // A χ² over the threshold with no marker: a 0% or 100% year left the direction undefined.
    const directionUndefined = chiSquare !== null && chiSquare > st.TREND_CHI_SQUARE_THRESHOLD;
    return {
      marker: "cannot_be_calculated",
      direction: null,
      ...say.recentTrendCannotText(scope.method, directionUndefined),
      periods: directionUndefined ? periods : [],
      slope: null,
      chiSquare,
    };
  }
  if (marker === TrendCode.flat) {
    return {
      marker: "no_significant_change",
      direction: null,
      ...say.recentTrendFlatText(chiSquare),
      periods,
      slope,
      chiSquare,
    };
  }
  const up = marker === TrendCode.up;
  const sign = directionSignOf(a.def);
  const direction = sign === 0 ? null : (up ? 1 : -1) === sign ? "getting_better" : "getting_worse";
  return {
    marker: up ? "increasing" : "decreasing",
    direction,
    ...say.recentTrendText(up, direction, chiSquare),
    periods,
    slope,
    chiSquare,
  };
}

export function spcSummary(a: MetricAnalysis, o: number): SpcSummaryInfo | null {
  const code = a.series.pointType[o]!;
  if (code === NOT_ANALYSED) return null;
  const period = a.matrix.periods[a.series.latest[o]!]!;
  const variationType = pointTypeName(code);
  const assurance = a.series.assurance[o]!;
  return summaryInfo(a, {
    n: a.series.n[o]!,
    latestPeriod: period,
    variationType,
    assuranceType: assuranceType(assurance),
    assuranceIcon: assuranceIcon(assurance),
    mean: orNull(a.series.mean[o]!),
    lpl: orNull(a.series.lpl[o]!),
    upl: orNull(a.series.upl[o]!),
  });
}

/** The worded summary of a latest SPC point, from the country-wide pass or one series' analysis. */
function summaryInfo(
  a: MetricAnalysis,
  x: Pick<
    SpcSummaryInfo,
    | "n"
    | "latestPeriod"
    | "variationType"
    | "assuranceType"
    | "assuranceIcon"
    | "mean"
    | "lpl"
    | "upl"
  >,
): SpcSummaryInfo {
  const target = targetInForce(a.def, x.latestPeriod);
  return {
    ...x,
    variationIcon: variationIcon(x.variationType, spcDirectionOf(a.def)),
    variationText: pointTypeText[x.variationType],
    detail: say.spcDetail(a.def, x.mean, x.lpl, x.upl),
    assuranceText: assuranceSentence(
      x.assuranceType ??
        (!target
          ? "no_target"
          : a.def.improvementDirection === "neutral"
            ? "no_direction"
            : "too_few_points"),
      target ? formatMetricValue(a.def, target.value) : "",
    ),
    target,
  };
}

/** Change from the same period a year earlier (or `baselinePeriod`) to the latest, with a 95% interval. */
export function changeSinceBaseline(
  a: MetricAnalysis,
  o: number,
  baselinePeriod?: string,
): ChangeSinceBaseline | null {
  const latest = a.series.latest[o]!;
  if (latest < 0) return null;
  let base: number;
  if (baselinePeriod) {
    base = a.matrix.periods.indexOf(baselinePeriod);
    if (base < 0 || base >= latest) return null;
  } else {
    const pt = a.info.periodType;
    base = a.matrix.periods.indexOf(addPeriods(a.matrix.periods[latest]!, pt, -YEAR_BACK[pt]));
  }
  if (base < 0) return null;
  const rowStart = o * a.periodCount;
  const v0 = a.matrix.value[rowStart + base]!;
  const v1 = a.matrix.value[rowStart + latest]!;
  if (!(v0 === v0) || !(v1 === v1)) return null;
  const kind = a.info.intervalKind;
  const at = (p: number) => {
    const cell = rowStart + p;
    return kind === "count"
      ? { x: a.matrix.value[cell]!, n: 1 }
      : { x: a.matrix.numerator[cell]!, n: a.matrix.denominator[cell]! };
  };
  const d =
    kind === "none" ? null : st.changeInterval(kind, at(base), at(latest), a.def.multiplier);
  const difference = v1 - v0;
  const sign = directionSignOf(a.def);
  let direction: ChangeSinceBaseline["direction"] = null;
  if (d) {
    if (!d.significant) direction = "no_significant_change";
    else if (sign === 0) direction = difference > 0 ? "increasing" : "decreasing";
    else direction = Math.sign(difference) === sign ? "getting_better" : "getting_worse";
  }
  const p0 = a.matrix.periods[base]!;
  const p1 = a.matrix.periods[latest]!;
  return {
    baselinePeriod: p0,
    latestPeriod: p1,
    baselineValue: v0,
    latestValue: v1,
    difference,
    lower: d ? d.lower : null,
    upper: d ? d.upper : null,
    significant: d ? d.significant : null,
    direction,
    ...say.changeText(a.def, difference, formatPeriod(p0, a.info.periodType), d, direction),
    formula: say.changeFormula(
      a.def,
      v1,
      formatPeriod(p1, a.info.periodType),
      v0,
      formatPeriod(p0, a.info.periodType),
    ),
  };
}

/**
 * SPC heads the summary when the series has it; the recent trend heads it only for annual rates
 * and proportions without SPC; otherwise nothing judges change over time and the recent trend's
 * text says why.
 */
export function trendInfo(a: MetricAnalysis, o: number): TrendInfo {
  const spc = spcSummary(a, o);
  return {
    headline: spc ? "spc" : recentTrendScope(a.info).tested ? "recent_trend" : "none",
    spc,
    recentTrend: recentTrendResult(a, o),
    changeSinceBaseline: changeSinceBaseline(a, o),
  };
}

/**
 * The SPC summary of a series analysed on its own (a continued series: continuation.ts), worded
 * as `spcSummary` words the country-wide pass; null below SPC_MIN_POINTS points, as there.
 */
export function spcSummaryOfResult(
  a: MetricAnalysis,
  spc: SpcResult,
  latestPeriod: string,
): SpcSummaryInfo | null {
  const { summary } = spc;
  const lastGroup = spc.points.reduce((g, p) => Math.max(g, p.group), 0);
  const n = spc.points.filter((p) => p.value !== null).length;
  // As the country-wide pass: SPC_MIN_POINTS values since the limits last started again.
  if (spc.points.filter((p) => p.value !== null && p.group === lastGroup).length < SPC_MIN_POINTS)
    return null;
  return summaryInfo(a, {
    n,
    latestPeriod,
    variationType: summary.variationType,
    assuranceType: summary.assuranceType,
    assuranceIcon: summary.assuranceIcon,
    mean: summary.lastMean,
    lpl: summary.lastLpl,
    upl: summary.lastUpl,
  });
}
