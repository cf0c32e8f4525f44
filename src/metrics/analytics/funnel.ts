/**
 * Funnel plots of a group for one period: the group's Σ numerators ÷ Σ denominators as p₀, every
 * member's 95% and 99.8% limits and position, and smooth limit curves. The limits are exact
 * unless the comparable providers are shown to be overdispersed (dispersion.ts: φ and τ²
 * estimated over all of them, not over the group), when they are widened by τ². The limits,
 * positions, the estimate and curves are src/stats/funnel.ts's, through stats.ts.
 */
import { NotFoundError, UsageError } from "../../errors.js";
import type { GroupRefText } from "../group-ref.js";
import { FunnelCode, Outcome, outcomeName, positionName } from "./codes.js";
import { directionSignOf } from "../catalogue/direction.js";
import { MIN_DISPERSION_UNITS, populationDispersion } from "./dispersion.js";
import { funnelText } from "./sentences.js";
import { aggregateColumn, orNull, type ColumnAggregate } from "./series.js";
import * as st from "./stats.js";
import { nameOf } from "./state.js";
import type { FunnelPoint, FunnelPosition, FunnelResult } from "./types.js";
import type {
  FunnelComputation,
  FunnelDispersion,
  GroupPeriod,
  MetricAnalysis,
  VersionState,
} from "./model.js";

const CURVE_POINTS = 120;

export function funnelKind(a: MetricAnalysis): "proportion" | "rate" | null {
  const k = a.info.intervalKind;
  return k === "proportion" || k === "rate" ? k : null;
}

/** The funnel's measure, or a UsageError for a metric that has none. */
export function requireFunnelKind(a: MetricAnalysis): "proportion" | "rate" {
  const kind = funnelKind(a);
  if (!kind)
    throw new UsageError(
      `No funnel plot for ${a.def.id}: funnels are for proportions and rates (this metric is a ${a.def.unit})`,
    );
  return kind;
}

const positionCode: Record<FunnelPosition, number> = {
  inside: FunnelCode.inside,
  above: FunnelCode.above,
  below: FunnelCode.below,
};

const notRequested: FunnelDispersion = {
  status: "not_requested",
  applied: false,
  phi: NaN,
  tau2: 0,
  statistic: NaN,
  pValue: NaN,
  population: 0,
  kinds: [],
  estimate: {
    count: 0,
    phi: NaN,
    statistic: NaN,
    pValue: NaN,
    tau2: 0,
    adjusted: false,
    zLow: NaN,
    zHigh: NaN,
  },
};

/**
 * The group's funnel for period p: src/stats/funnel.ts `funnelAnalysis` over the members'
 * numerators and denominators, with the group aggregate as target, exact limits unless the
 * comparable providers' overdispersion (dispersion.ts) widens them, on the per-unit scale
 * (scaled to display units here).
 */
export function computeFunnel(
  s: VersionState,
  a: MetricAnalysis,
  rows: Int32Array,
  p: number,
  agg: ColumnAggregate | null,
  requested: boolean,
): FunnelComputation | null {
  const kind = funnelKind(a);
  if (!kind || !agg || !(agg.denominator > 0)) return null;
  const { matrix, periodCount } = a;
  const memberCount = rows.length;
  const p0 = agg.numerator / agg.denominator;
  // Figures too large to add (values stored before any import check): no benchmark, no funnel.
  if (!Number.isFinite(p0)) return null;
  const x = new Float64Array(memberCount);
  const d = new Float64Array(memberCount);
  rows.forEach((r, i) => {
    x[i] = matrix.numerator[r * periodCount + p]!;
    d[i] = matrix.denominator[r * periodCount + p]!;
  });
  const od = requested ? populationDispersion(s, a, kind, rows, p) : notRequested;
  const f = st.funnelAnalysis(x, d, {
    measure: kind,
    target: p0,
    method: "exact",
    overdispersion: requested,
    dispersion: od.estimate,
  });
  const multiplier = a.def.multiplier;
  const scaled = (values: Float64Array) => values.map((v) => v * multiplier);
  const codes = (positions: readonly (FunnelPosition | null)[]) =>
    Uint8Array.from(positions, (q) => (q === null ? FunnelCode.none : positionCode[q]));
  return {
    kind,
    p0,
    benchmark: p0 * multiplier,
    od,
    requested,
    evidence: od.status !== "too_few",
    n: f.count,
    position95: codes(f.units.position95),
    position998: codes(f.units.position998),
    lo95: scaled(f.units.lower95),
    hi95: scaled(f.units.upper95),
    lo998: scaled(f.units.lower998),
    hi998: scaled(f.units.upper998),
  };
}

/** The funnel plot of a group period (recomputed when the overdispersion choice differs). */
export function funnelResult(
  s: VersionState,
  a: MetricAnalysis,
  gp: GroupPeriod,
  ref: GroupRefText,
  requested: boolean,
  byDefault: boolean,
): FunnelResult {
  const kind = requireFunnelKind(a);
  const p = gp.p;
  let f = gp.funnel;
  if (requested !== byDefault) {
    const agg = aggregateColumn(a.matrix, gp.rows, p, a.ratio, a.def.multiplier);
    f = computeFunnel(s, a, gp.rows, p, agg, requested);
  }
  if (!f)
    throw new NotFoundError(
      `No funnel for ${a.def.id} in ${a.matrix.periods[p]}: nobody reported a numerator and denominator`,
    );
  const points: FunnelPoint[] = [];
  let minD = Infinity;
  let maxD = 0;
  const sign = directionSignOf(a.def);
  const multiplier = a.def.multiplier;
  gp.rows.forEach((r, i) => {
    if (f.position95[i] === FunnelCode.none) return;
    const cell = r * a.periodCount + p;
    const d = a.matrix.denominator[cell]!;
    const x = a.matrix.numerator[cell]!;
    minD = Math.min(minD, d);
    maxD = Math.max(maxD, d);
    const code = a.matrix.orgCodes[r]!;
    const pos = f.position998[i]!;
    points.push({
      orgCode: code,
      name: nameOf(s, code),
      numerator: x,
      denominator: d,
      value: (x / d) * multiplier,
      lower95: f.lo95[i]!,
      upper95: f.hi95[i]!,
      lower998: f.lo998[i]!,
      upper998: f.hi998[i]!,
      position95: positionName(f.position95[i]!)!,
      position998: positionName(pos)!,
      outcome: outcomeName(
        pos === FunnelCode.above
          ? Outcome.higher
          : pos === FunnelCode.below
            ? Outcome.lower
            : Outcome.similar,
        sign,
      ),
    });
  });
  // Smooth curves: 120 denominators spaced evenly on a log scale across the points' range, with
  // the limits the points were judged by (exact, or widened by the τ² applied).
  const od = f.od;
  const lo = Math.max(1, minD * 0.8);
  const c = st.funnelCurve({
    measure: kind,
    target: f.p0,
    nMin: lo,
    nMax: Math.max(lo * 1.01, maxD * 1.1),
    points: CURVE_POINTS,
    method: "exact",
    tau2: od.applied ? od.tau2 : 0,
  });
  const display = (values: Float64Array) => Array.from(values, (v) => v * multiplier);
  const curve = {
    denominator: Array.from(c.n),
    lower95: display(c.lower95),
    upper95: display(c.upper95),
    lower998: display(c.lower998),
    upper998: display(c.upper998),
  };
  const displayTau2 = od.tau2 * multiplier * multiplier;
  return {
    metric: a.info,
    period: a.matrix.periods[p]!,
    group: gp.group,
    kind,
    benchmark: {
      kind: "group_aggregate",
      label: funnelText.benchmarkLabel(gp.group.name),
      value: f.benchmark,
      groupRef: ref,
      formula: gp.aggregate.formula,
    },
    overdispersion: {
      requested: f.requested,
      applied: od.applied,
      status: od.status,
      phi: orNull(od.phi),
      tau2: od.applied ? displayTau2 : null,
      n: f.n,
      estimatedOver:
        od.status === "not_requested"
          ? null
          : {
              kinds: [...od.kinds],
              count: od.population,
              statistic: orNull(od.statistic),
              pValue: orNull(od.pValue),
            },
      text: funnelText.dispersion(a.def, {
        ...od,
        tau: Math.sqrt(displayTau2),
        minimum: MIN_DISPERSION_UNITS,
      }),
    },
    points,
    curve,
    method: funnelText.method(kind, od.applied),
  };
}
