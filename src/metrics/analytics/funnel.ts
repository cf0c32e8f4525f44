/**
 * Funnel plots of a group for one period: the group's Σ numerators ÷ Σ denominators as p₀, every
 * member's 95% and 99.8% limits and position (with Spiegelhalter's overdispersion adjustment when
 * requested and shown), and smooth limit curves. The limits, the overdispersion estimate and
 * their formulas are src/stats/funnel.ts's, through stats.ts.
 */
import { NotFoundError, UsageError } from "../../errors.js";
import type { GroupRefText } from "../group-ref.js";
import { FunnelCode, Outcome, outcomeName, positionName } from "./codes.js";
import { directionSignOf } from "../catalogue/direction.js";
import { funnelText } from "./sentences.js";
import { aggregateColumn, orNull, type ColumnAggregate } from "./series.js";
import * as st from "./stats.js";
import { nameOf } from "./state.js";
import type { FunnelPoint, FunnelPosition, FunnelResult } from "./types.js";
import type { FunnelComputation, GroupPeriod, MetricAnalysis, VersionState } from "./model.js";

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

const limitsAt = (kind: "proportion" | "rate", p0: number, d: number, z: number, tau2: number) =>
  kind === "proportion" ? st.funnelProportion(p0, d, z, tau2) : st.funnelRate(p0, d, z, tau2);

const positionCode: Record<FunnelPosition, number> = {
  inside: FunnelCode.inside,
  above: FunnelCode.above,
  below: FunnelCode.below,
};

/** Overdispersion is estimated only from this many usable members (winsorising fewer z is moot). */
const MIN_OVERDISPERSION_UNITS = 3;

/**
 * The group's funnel for period p: src/stats/funnel.ts `funnelAnalysis` over the members'
 * numerators and denominators, with the group aggregate as target, exact limits unless widened
 * for overdispersion, on the per-unit scale (scaled to display units here).
 */
export function computeFunnel(
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
  const x = new Float64Array(memberCount);
  const d = new Float64Array(memberCount);
  rows.forEach((r, i) => {
    x[i] = matrix.numerator[r * periodCount + p]!;
    d[i] = matrix.denominator[r * periodCount + p]!;
  });
  const f = st.funnelAnalysis(x, d, {
    measure: kind,
    target: p0,
    method: "exact",
    overdispersion: requested,
    overdispersionMinUnits: MIN_OVERDISPERSION_UNITS,
  });
  const multiplier = a.def.multiplier;
  const scaled = (values: Float64Array) => values.map((v) => v * multiplier);
  const codes = (positions: readonly (FunnelPosition | null)[]) =>
    Uint8Array.from(positions, (q) => (q === null ? FunnelCode.none : positionCode[q]));
  return {
    kind,
    p0,
    benchmark: p0 * multiplier,
    od: { phi: f.phi, tau2: f.tau2, applied: f.adjusted },
    requested,
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
    f = computeFunnel(a, gp.rows, p, agg, requested);
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
  // Smooth curves: 120 denominators spaced evenly on a log scale across the points' range.
  const curve = {
    denominator: [] as number[],
    lower95: [] as number[],
    upper95: [] as number[],
    lower998: [] as number[],
    upper998: [] as number[],
  };
  const od = f.od;
  const tau2 = od.applied ? od.tau2 : 0;
  const lo = Math.max(1, minD * 0.8);
  const hi = Math.max(lo * 1.01, maxD * 1.1);
  for (let k = 0; k < CURVE_POINTS; k++) {
    const d = lo * Math.pow(hi / lo, k / (CURVE_POINTS - 1));
    const l95 = limitsAt(kind, f.p0, d, st.Z95, tau2);
    const l998 = limitsAt(kind, f.p0, d, st.Z998, tau2);
    curve.denominator.push(d);
    curve.lower95.push(l95.lower * multiplier);
    curve.upper95.push(l95.upper * multiplier);
    curve.lower998.push(l998.lower * multiplier);
    curve.upper998.push(l998.upper * multiplier);
  }
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
      phi: orNull(od.phi),
      tau2: od.applied ? displayTau2 : null,
      n: f.n,
      text: !f.requested
        ? funnelText.notRequested
        : od.applied
          ? funnelText.adjusted(od.phi, displayTau2)
          : funnelText.notNeeded(f.n, od.phi),
    },
    points,
    curve,
    method: kind === "proportion" ? funnelText.proportionMethod : funnelText.rateMethod,
  };
}
