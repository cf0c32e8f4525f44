/**
 * Whole-matrix passes over one metric: every organisation's SPC summary with the fast kernel (no
 * per-point objects), group aggregates per period from numerators and denominators, and small
 * helpers on matrix rows and columns.
 */
import {
  analyseXmrKernel,
  assuranceCode,
  createWorkspace,
  type KernelOptions,
  type SpcWorkspace,
} from "../../stats/spc/index.js";
import type { MetricMatrix } from "./types.js";
import type { BaselinePlan, DecisionDay, SuccessionDay } from "./baseline.js";

/** Series with at least this many points since their last baseline break (baseline.ts) get SPC; shorter ones only the recent trend. */
export const SPC_MIN_POINTS = 15;
/** Marks "not analysed" in the point-type and assurance arrays. */
export const NOT_ANALYSED = 255;

export interface SeriesSummaries {
  /** Observed values per organisation. */
  n: Int32Array;
  /** Of them, those since the limits last started again (baseline.ts): all of them without a break. */
  sinceBreak: Int32Array;
  /** Period index where the limits last started again, −1 without a break. */
  lastBreak: Int32Array;
  /** Period index of the organisation's latest value, −1 when none. */
  latest: Int32Array;
  /** SPC point type code of the latest point (see PointTypeCode), NOT_ANALYSED below SPC_MIN_POINTS. */
  pointType: Uint8Array;
  /** Assurance code (see AssuranceCode) against the target in force for the latest period. */
  assurance: Uint8Array;
  /** Target used for the assurance (NaN when none). */
  target: Float64Array;
  mean: Float64Array;
  lpl: Float64Array;
  upl: Float64Array;
}

export function createKernelOptions(directionSign: number): KernelOptions {
  return {
    fixAfterNPoints: 0,
    screenOutliers: true,
    runLength: 7,
    twoInThreeIncludesOutside: false,
    directionSign,
  };
}

/**
 * XmR of every organisation's values (missing periods skipped, as `analyseSpc` does: the moving
 * range spans the gap), with the Making Data Count defaults (NHSRplotthedots 0.2.2), limits
 * starting again at the default baseline's breaks (baseline.ts: a long gap, a national event, a
 * succession into the organisation, a recorded rebase decision). `targetAt(p)` gives the target in force for period index p
 * (NaN when none). A series is analysed when it has SPC_MIN_POINTS values since its last break.
 */
export function analyseAllSeries(
  matrix: MetricMatrix,
  directionSign: number,
  targetAt: (periodIndex: number) => number,
  scratch?: { ws: SpcWorkspace; y: Float64Array },
  baseline?: {
    plan: BaselinePlan;
    successionsOf: (orgCode: string) => readonly SuccessionDay[] | undefined;
    /** The organisation's current rebase decisions for this metric (none for most). */
    decisionsOf?: (orgCode: string) => readonly DecisionDay[] | undefined;
    /** False for a category (an Oversight Framework score or segment): no SPC of its codes. */
    spc?: boolean;
  },
): SeriesSummaries {
  const O = matrix.orgCodes.length;
  const P = matrix.periods.length;
  const ws = scratch && scratch.ws.capacity >= P ? scratch.ws : createWorkspace(Math.max(P, 1));
  const y = scratch && scratch.y.length >= P ? scratch.y : new Float64Array(Math.max(P, 1));
  const out: SeriesSummaries = {
    n: new Int32Array(O),
    sinceBreak: new Int32Array(O),
    lastBreak: new Int32Array(O).fill(-1),
    latest: new Int32Array(O).fill(-1),
    pointType: new Uint8Array(O).fill(NOT_ANALYSED),
    assurance: new Uint8Array(O),
    target: new Float64Array(O).fill(NaN),
    mean: new Float64Array(O).fill(NaN),
    lpl: new Float64Array(O).fill(NaN),
    upl: new Float64Array(O).fill(NaN),
  };
  const options = createKernelOptions(directionSign);
  const groupStarts = new Int32Array(Math.max(P, 1));
  const values = matrix.value;
  for (let o = 0; o < O; o++) {
    const base = o * P;
    const successions = baseline?.successionsOf(matrix.orgCodes[o]!);
    const decisions = baseline?.decisionsOf?.(matrix.orgCodes[o]!);
    let n = 0;
    let latest = -1;
    let groups = 1;
    for (let p = 0; p < P; p++) {
      const v = values[base + p]!;
      if (v === v) {
        if (n > 0 && baseline?.plan.between(latest, p, successions, decisions)) {
          groupStarts[groups++] = n;
          out.lastBreak[o] = p;
        }
        y[n++] = v;
        latest = p;
      }
    }
    out.n[o] = n;
    out.sinceBreak[o] = n - groupStarts[groups - 1]!;
    out.latest[o] = latest;
    if (latest >= 0) out.target[o] = targetAt(latest);
    if (baseline?.spc === false || out.sinceBreak[o]! < SPC_MIN_POINTS) continue;
    analyseXmrKernel(y, n, groupStarts, groups, options, ws);
    const last = n - 1;
    out.pointType[o] = ws.pointType[last]!;
    out.mean[o] = ws.centre[last]!;
    out.lpl[o] = ws.lpl[last]!;
    out.upl[o] = ws.upl[last]!;
    const t = out.target[o]!;
    out.assurance[o] = assuranceCode(
      Number.isNaN(t) ? null : t,
      directionSign,
      ws.lpl[last]!,
      ws.upl[last]!,
    );
  }
  return out;
}

/** Is the metric aggregated as Σnumerator / Σdenominator? */
export const isRatioAggregation = (aggregation: string): boolean =>
  aggregation === "sum_ratio" || aggregation === "weighted_mean";

export interface ColumnAggregate {
  numerator: number;
  denominator: number;
  value: number;
  reporting: number;
}

/**
 * Aggregate of the member rows for period index p: for ratio metrics Σnumerator / Σdenominator ×
 * multiplier over members reporting both; otherwise Σ value. NaN when nobody reported.
 */
export function aggregateColumn(
  matrix: MetricMatrix,
  rows: ArrayLike<number>,
  p: number,
  ratio: boolean,
  multiplier: number,
): ColumnAggregate {
  const P = matrix.periods.length;
  let num = 0;
  let den = 0;
  let sum = 0;
  let reporting = 0;
  for (let i = 0; i < rows.length; i++) {
    const cell = rows[i]! * P + p;
    if (ratio) {
      const a = matrix.numerator[cell]!;
      const b = matrix.denominator[cell]!;
      if (a === a && b === b) {
        num += a;
        den += b;
        reporting++;
      }
    } else {
      const v = matrix.value[cell]!;
      if (v === v) {
        sum += v;
        reporting++;
      }
    }
  }
  if (reporting === 0) return { numerator: NaN, denominator: NaN, value: NaN, reporting };
  return ratio
    ? {
        numerator: num,
        denominator: den,
        value: den > 0 ? (num / den) * multiplier : NaN,
        reporting,
      }
    : { numerator: NaN, denominator: NaN, value: sum, reporting };
}

/** The most recent period most organisations have reported: the last with ≥ half the peak reporting count. */
export function latestWellReportedPeriod(matrix: MetricMatrix, rows: ArrayLike<number>): number {
  const P = matrix.periods.length;
  const counts = new Int32Array(P);
  let peak = 0;
  for (let i = 0; i < rows.length; i++) {
    const base = rows[i]! * P;
    for (let p = 0; p < P; p++)
      if (matrix.value[base + p]! === matrix.value[base + p]!) counts[p]!++;
  }
  for (let p = 0; p < P; p++) if (counts[p]! > peak) peak = counts[p]!;
  if (peak === 0) return -1;
  for (let p = P - 1; p >= 0; p--) if (counts[p]! * 2 >= peak) return p;
  return -1;
}

const nan = (x: number): number | null => (x === x ? x : null);
export { nan as orNull };
