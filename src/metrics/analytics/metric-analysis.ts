/**
 * The country-wide pass over one metric (`MetricAnalysis`), cached per data version: the matrix,
 * England's aggregate for every period (providers only), every organisation's SPC summary (fast
 * kernel), and every organisation's recent trend where it is valid (annual proportions and rates:
 * trend-scope.ts), plus the interval of any one cell.
 */
import { BaselinePlan, type DecisionDay, type SuccessionDay } from "./baseline.js";
import type { MetricDefinition } from "../catalogue/types.js";
import { isProviderKind } from "../organisations.js";
import { createWorkspace, type SpcWorkspace } from "../../stats/spc/index.js";
import { TrendCode } from "./codes.js";
import { metricInfo, targetInForce } from "./metric-info.js";
import { directionSignOf } from "../catalogue/direction.js";
import {
  aggregateColumn,
  analyseAllSeries,
  isRatioAggregation,
  latestWellReportedPeriod,
} from "./series.js";
import * as st from "./stats.js";
import { recentTrendScope } from "./trend-scope.js";
import type { ConfidenceInterval, MetricMatrix } from "./types.js";
import type { MetricAnalysis } from "./model.js";
import type { Organisation } from "../organisations.js";

/** Points in Fingertips' recent trend. */
export const TREND_POINTS = 5;

/** Reused SPC buffers (one per engine). */
export interface SpcScratch {
  ws: SpcWorkspace;
  y: Float64Array;
}

export const createSpcScratch = (): SpcScratch => ({
  ws: createWorkspace(256),
  y: new Float64Array(256),
});

export function analyseMetric(
  orgByCode: ReadonlyMap<string, Organisation>,
  def: MetricDefinition,
  matrix: MetricMatrix,
  scratch: SpcScratch,
  successionsInto: ReadonlyMap<string, readonly SuccessionDay[]> = new Map(),
  /** Each organisation's current rebase decisions for this metric (baseline.ts). */
  decisionsOf: ReadonlyMap<string, readonly DecisionDay[]> = new Map(),
): MetricAnalysis {
  const periodCount = matrix.periods.length;
  const orgCount = matrix.orgCodes.length;
  const row = new Map(matrix.orgCodes.map((c, i) => [c, i]));
  const provider: number[] = [];
  matrix.orgCodes.forEach((code, o) => {
    const org = orgByCode.get(code);
    if (org && isProviderKind(org.kind)) provider.push(o);
  });
  const providerRows = Int32Array.from(provider);
  const ratio = isRatioAggregation(def.aggregation);
  const england = {
    numerator: new Float64Array(periodCount),
    denominator: new Float64Array(periodCount),
    value: new Float64Array(periodCount),
    reporting: new Int32Array(periodCount),
  };
  for (let p = 0; p < periodCount; p++) {
    const agg =
      def.aggregation === "not_aggregable"
        ? null
        : aggregateColumn(matrix, providerRows, p, ratio, def.multiplier);
    england.numerator[p] = agg?.numerator ?? NaN;
    england.denominator[p] = agg?.denominator ?? NaN;
    england.value[p] = agg?.value ?? NaN;
    england.reporting[p] = agg?.reporting ?? 0;
  }
  const targets = Float64Array.from(
    matrix.periods,
    (period) => targetInForce(def, period)?.value ?? NaN,
  );
  if (scratch.ws.capacity < periodCount) {
    scratch.ws = createWorkspace(periodCount);
    scratch.y = new Float64Array(periodCount);
  }
  const baseline = new BaselinePlan(matrix.periods, matrix.periodType);
  const series = analyseAllSeries(matrix, directionSignOf(def), (p) => targets[p]!, scratch, {
    plan: baseline,
    successionsOf: (code) => successionsInto.get(code),
    decisionsOf: (code) => decisionsOf.get(code),
    spc: def.category === undefined,
  });
  const a: MetricAnalysis = {
    def,
    info: metricInfo(def),
    matrix,
    baseline,
    periodCount,
    row,
    providerRows,
    ratio,
    latestPeriod: latestWellReportedPeriod(
      matrix,
      providerRows.length > 0 ? providerRows : Int32Array.from(matrix.orgCodes.keys()),
    ),
    england,
    series,
    trendMarker: new Uint8Array(orgCount),
    trendSlope: new Float64Array(orgCount).fill(NaN),
    trendChi: new Float64Array(orgCount).fill(NaN),
    dispersion: new Map(),
  };
  recentTrends(a);
  return a;
}

/** Interval of one cell in display units, written into `out`; null when none applies. */
export function cellInterval(
  a: MetricAnalysis,
  cell: number,
  z: number,
  out: st.Limits,
): st.Limits | null {
  const { numerator, denominator, value } = a.matrix;
  const multiplier = a.def.multiplier;
  switch (a.info.intervalKind) {
    case "proportion": {
      const x = numerator[cell]!;
      const n = denominator[cell]!;
      if (!(n > 0) || !(x >= 0) || x > n) return null;
      const l = st.wilson(x, n, z);
      out.lower = l.lower * multiplier;
      out.upper = l.upper * multiplier;
      return out;
    }
    case "rate": {
      const x = numerator[cell]!;
      const d = denominator[cell]!;
      if (!(d > 0) || !(x >= 0)) return null;
      const l = st.poissonCount(x, z);
      out.lower = (l.lower / d) * multiplier;
      out.upper = (l.upper / d) * multiplier;
      return out;
    }
    case "count": {
      const x = value[cell]!;
      if (!(x >= 0)) return null;
      const l = st.poissonCount(x, z);
      out.lower = l.lower;
      out.upper = l.upper;
      return out;
    }
    default:
      return null;
  }
}

function intervalMethod(a: MetricAnalysis, cell: number): ConfidenceInterval["method"] {
  if (a.info.intervalKind === "proportion") return "wilson";
  const x = a.info.intervalKind === "rate" ? a.matrix.numerator[cell]! : a.matrix.value[cell]!;
  return x >= 10 ? "byar" : "exact_poisson";
}

/** The 95% or 99.8% interval of one cell, with its method, or null. */
export function cellCi(
  a: MetricAnalysis,
  cell: number,
  level: 95 | 99.8,
): ConfidenceInterval | null {
  const l = cellInterval(a, cell, level === 95 ? st.Z95 : st.Z998, { lower: NaN, upper: NaN });
  return l ? { level, lower: l.lower, upper: l.upper, method: intervalMethod(a, cell) } : null;
}

/**
 * Fingertips' recent trend for every organisation (the last 5 consecutive periods), only where it
 * is valid (trend-scope.ts: annual proportions from their counts, annual rates from their 95%
 * intervals); elsewhere every marker stays "cannot" and pages say why it was not tested.
 */
function recentTrends(a: MetricAnalysis): void {
  const scope = recentTrendScope(a.info);
  if (!scope.tested) return;
  const { periodCount } = a;
  const { numerator, denominator, value } = a.matrix;
  // Proportions: x of n. Rates: value with its 95% limits.
  const x = new Float64Array(TREND_POINTS);
  const n = new Float64Array(TREND_POINTS);
  const values = new Float64Array(TREND_POINTS);
  const lower = new Float64Array(TREND_POINTS);
  const upper = new Float64Array(TREND_POINTS);
  const limits = { lower: NaN, upper: NaN };
  for (let o = 0; o < a.matrix.orgCodes.length; o++) {
    // The last 5 consecutive periods ending at the organisation's latest value.
    const last = a.series.latest[o]!;
    if (last < TREND_POINTS - 1) continue;
    let k = 0;
    for (let p = last - TREND_POINTS + 1; p <= last; p++) {
      const cell = o * periodCount + p;
      if (!(value[cell]! === value[cell]!)) break;
      if (scope.method === "proportion") {
        // Proportions are tested on their counts (x of n), not on intervals.
        x[k] = numerator[cell]!;
        n[k] = denominator[cell]!;
      } else {
        if (!cellInterval(a, cell, st.Z95, limits)) break;
        values[k] = value[cell]!;
        lower[k] = limits.lower;
        upper[k] = limits.upper;
      }
      k++;
    }
    if (k < TREND_POINTS) continue;
    const t =
      scope.method === "proportion"
        ? st.recentProportionTrend(x, n, TREND_POINTS)
        : st.recentTrend(values, lower, upper, TREND_POINTS);
    a.trendMarker[o] =
      t.marker === "increasing"
        ? TrendCode.up
        : t.marker === "decreasing"
          ? TrendCode.down
          : t.marker === "no_significant_change"
            ? TrendCode.flat
            : TrendCode.cannot;
    a.trendSlope[o] = t.slope;
    a.trendChi[o] = t.chiSquare;
  }
}

/** Is the organisation's recent trend significant in the better direction? */
export function trendImproving(a: MetricAnalysis, o: number): boolean {
  const sign = directionSignOf(a.def);
  const m = a.trendMarker[o];
  return (m === TrendCode.up && sign > 0) || (m === TrendCode.down && sign < 0);
}
