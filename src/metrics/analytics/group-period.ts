/**
 * Group-period numerics: for one metric, group and period, the distribution of the members'
 * values (type 7 quantiles), the group aggregate from numerators and denominators, every member's
 * 95% and 99.8% intervals, funnel positions and opportunity evidence, in typed arrays indexed by
 * member.
 */
import { isProviderKind } from "../organisations.js";
import { computeFunnel } from "./funnel.js";
import { cellInterval } from "./metric-analysis.js";
import { memberOpportunities, opportunityBenchmarkValue } from "./opportunity.js";
import * as say from "./sentences.js";
import { aggregateColumn, orNull, type ColumnAggregate } from "./series.js";
import * as st from "./stats.js";
import type {
  ConfidenceInterval,
  DistributionSummary,
  GroupAggregate,
  GroupInfo,
  OpportunityBenchmark,
} from "./types.js";
import type { GroupPeriod, MetricAnalysis, VersionState } from "./model.js";

const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export function computeGroupPeriod(
  s: VersionState,
  a: MetricAnalysis,
  info: GroupInfo,
  codes: readonly string[],
  p: number,
  oppKind: OpportunityBenchmark,
  overdispersion: boolean,
): GroupPeriod {
  const { matrix, periodCount, def } = a;
  const list: number[] = [];
  for (const c of codes) {
    const r = a.row.get(c);
    const org = s.orgByCode.get(c);
    if (r !== undefined && org && isProviderKind(org.kind)) list.push(r);
  }
  list.sort((x, y) => x - y);
  const rows = Int32Array.from(list);
  const memberCount = rows.length;
  const memberOf = new Int32Array(matrix.orgCodes.length).fill(-1);
  rows.forEach((r, i) => (memberOf[r] = i));
  // Distribution of the reporting members' values.
  const buffer = new Float64Array(memberCount);
  let reporting = 0;
  for (const r of rows) {
    const v = matrix.value[r * periodCount + p]!;
    if (v === v) buffer[reporting++] = v;
  }
  const sorted = buffer.subarray(0, reporting).sort();
  // A category (an Oversight Framework score or segment) is not a measurement: no quantiles,
  // hence no median, quartiles, deciles, quarter, comparison or opportunity benchmark from it.
  const measured = reporting > 0 && a.info.category === null;
  const q = (x: number) => (measured ? st.quantileSorted(sorted, reporting, x) : NaN);
  const period = matrix.periods[p] ?? "";
  const distribution: DistributionSummary = {
    period,
    group: info,
    reporting,
    min: measured ? sorted[0]! : null,
    max: measured ? sorted[reporting - 1]! : null,
    q1: orNull(q(0.25)),
    median: orNull(q(0.5)),
    q3: orNull(q(0.75)),
    deciles: measured ? DECILES.map(q) : [],
    quantileDefinition: st.QUANTILE_DEFINITION,
  };
  const agg =
    def.aggregation === "not_aggregable"
      ? null
      : aggregateColumn(matrix, rows, p, a.ratio, def.multiplier);
  const aggregate = groupAggregate(a, info, period, agg);
  // Intervals of every member.
  const lo95 = new Float64Array(memberCount).fill(NaN);
  const hi95 = new Float64Array(memberCount).fill(NaN);
  const lo998 = new Float64Array(memberCount).fill(NaN);
  const hi998 = new Float64Array(memberCount).fill(NaN);
  const limits = { lower: NaN, upper: NaN };
  for (let i = 0; i < memberCount; i++) {
    const cell = rows[i]! * periodCount + p;
    if (!(matrix.value[cell]! === matrix.value[cell]!)) continue;
    if (cellInterval(a, cell, st.Z95, limits)) {
      lo95[i] = limits.lower;
      hi95[i] = limits.upper;
    }
    if (cellInterval(a, cell, st.Z998, limits)) {
      lo998[i] = limits.lower;
      hi998[i] = limits.upper;
    }
  }
  const funnel = computeFunnel(s, a, rows, p, agg, overdispersion);
  const oppBenchmark = opportunityBenchmarkValue(a, distribution, oppKind, period);
  const opp = memberOpportunities(
    a,
    { rows, p, sorted, reporting, distribution, lo95, hi95, funnel },
    oppBenchmark,
  );
  return {
    group: info,
    p,
    rows,
    memberOf,
    sorted,
    reporting,
    distribution,
    aggregate,
    lo95,
    hi95,
    lo998,
    hi998,
    funnel,
    oppAmount: opp.amount,
    oppBenchmark,
    oppKind,
    score: opp.score,
    eligible: opp.eligible,
    ciVsBenchmark: opp.ciVsBenchmark,
  };
}

/** The group's aggregate for one period, with its 95% interval and formula. */
export function groupAggregate(
  a: MetricAnalysis,
  info: GroupInfo,
  period: string,
  agg: ColumnAggregate | null,
): GroupAggregate {
  const def = a.def;
  if (!agg || agg.reporting === 0) {
    return {
      group: info,
      period,
      numerator: null,
      denominator: null,
      value: null,
      reporting: 0,
      ci95: null,
      formula: say.aggregateEmptyFormula(def.aggregation === "not_aggregable"),
    };
  }
  let ci95: ConfidenceInterval | null = null;
  if (a.ratio && agg.denominator > 0) {
    if (a.info.intervalKind === "proportion" && agg.numerator <= agg.denominator) {
      const l = st.wilson(agg.numerator, agg.denominator, st.Z95);
      ci95 = {
        level: 95,
        lower: l.lower * def.multiplier,
        upper: l.upper * def.multiplier,
        method: "wilson",
      };
    } else if (a.info.intervalKind === "rate") {
      const l = st.poissonCount(agg.numerator, st.Z95);
      ci95 = {
        level: 95,
        lower: (l.lower / agg.denominator) * def.multiplier,
        upper: (l.upper / agg.denominator) * def.multiplier,
        method: l.method,
      };
    }
  } else if (a.info.intervalKind === "count") {
    const l = st.poissonCount(agg.value, st.Z95);
    ci95 = { level: 95, lower: l.lower, upper: l.upper, method: l.method };
  }
  return {
    group: info,
    period,
    numerator: a.ratio ? agg.numerator : null,
    denominator: a.ratio ? agg.denominator : null,
    value: orNull(agg.value),
    reporting: agg.reporting,
    ci95,
    formula: say.aggregateFormula(a.ratio, def.multiplier, def.decimals, agg),
  };
}
