/**
 * Opportunity: the benchmark choice (median, best quartile, top decile or target), the gap to it
 * in natural units, and the rule for highlighting a metric, all in one place.
 *
 * Highlight rule (docs/benchmarking.md): a member with a gap is eligible at its latest period when
 * there is statistical evidence it is worse and either SPC shows special cause of concern or
 * there is no sign of improvement (no special-cause improvement, no improving recent trend). The
 * evidence, where the group has a funnel, is lying outside its 99.8% limits on the worse side,
 * limits widened by τ² when the comparable providers are overdispersed (dispersion.ts), and no
 * evidence at all when they are too few to tell; without a funnel, the 95% interval wholly on the
 * worse side of the benchmark or, where no interval applies, the worst fifth. Score = gap ÷ peer
 * IQR × (1 + 0.5 if outside the funnel + 0.5 if SPC concern).
 */
import { PointTypeCode } from "../../stats/spc/index.js";
import { outcomeCode, worseFunnelSide, worseOutcome } from "./codes.js";
import { trendImproving } from "./metric-analysis.js";
import { targetInForce } from "./metric-info.js";
import { directionSignOf } from "../catalogue/direction.js";
import * as say from "./sentences.js";
import * as st from "./stats.js";
import type { Benchmark, DistributionSummary, OpportunityBenchmark } from "./types.js";
import type { FunnelComputation, GroupPeriod, MetricAnalysis } from "./model.js";

/** The benchmark value of a kind for a group's distribution (NaN when none). */
export function opportunityBenchmarkValue(
  a: MetricAnalysis,
  d: DistributionSummary,
  kind: OpportunityBenchmark,
  period: string,
): number {
  const sign = directionSignOf(a.def);
  switch (kind) {
    case "median":
      return d.median ?? NaN;
    case "upper_quartile":
      return (sign < 0 ? d.q1 : d.q3) ?? NaN;
    case "top_decile":
      return (sign < 0 ? d.deciles[0] : d.deciles[8]) ?? NaN;
    case "target":
      return targetInForce(a.def, period)?.value ?? NaN;
  }
}

/** The opportunity benchmark of a group period as a result, or null when there is none. */
export function opportunityBenchmark(a: MetricAnalysis, gp: GroupPeriod): Benchmark | null {
  const value = gp.oppBenchmark;
  if (!(value === value)) return null;
  const sign = directionSignOf(a.def);
  const { name, groupRef } = gp.group;
  const text = say.opportunityBenchmarkText;
  switch (gp.oppKind) {
    case "median":
      return {
        kind: "peer_median",
        label: text.medianLabel(name),
        value,
        groupRef,
        formula: say.medianFormula(gp.reporting),
      };
    case "upper_quartile":
      return {
        kind: "peer_upper_quartile",
        label: text.quartileLabel(name, sign),
        value,
        groupRef,
        formula: text.quartileFormula(sign, gp.reporting, a.def.improvementDirection),
      };
    case "top_decile":
      return {
        kind: "peer_top_decile",
        label: text.decileLabel(name),
        value,
        groupRef,
        formula: text.decileFormula(sign, gp.reporting),
      };
    case "target": {
      const period = a.matrix.periods[gp.p]!;
      const t = targetInForce(a.def, period);
      return {
        kind: "target",
        label: t ? t.label : "target",
        value,
        groupRef: null,
        formula: t ? text.targetFormula(period, t.source) : "",
      };
    }
  }
}

/** The evidence that one member is worse than the benchmark and not improving. */
export interface MemberEvidence {
  intervalWorse: boolean;
  funnelWorse: boolean;
  spcConcern: boolean;
  noImprovement: boolean;
}

export function memberEvidence(
  a: MetricAnalysis,
  o: number,
  sign: number,
  ciVsBenchmark: number,
  funnel: FunnelComputation | null,
  i: number,
): MemberEvidence {
  const pt = a.series.pointType[o];
  return {
    intervalWorse: ciVsBenchmark === worseOutcome(sign),
    // Outside a funnel that cannot allow for the variation between providers (too few of them
    // to estimate it) is not evidence: noise beyond sampling error crosses such limits.
    funnelWorse:
      funnel !== null && funnel.evidence && funnel.position998[i] === worseFunnelSide(sign),
    spcConcern: pt === PointTypeCode.concern,
    noImprovement: !(pt === PointTypeCode.improvement || trendImproving(a, o)),
  };
}

/** Highlight weight: 1 + 0.5 if outside the funnel + 0.5 if SPC concern. */
export const highlightWeight = (e: MemberEvidence): number =>
  1 + (e.funnelWorse ? 0.5 : 0) + (e.spcConcern ? 0.5 : 0);

/** Every member's opportunity, interval outcome, eligibility and score against the benchmark. */
export function memberOpportunities(
  a: MetricAnalysis,
  g: {
    rows: Int32Array;
    p: number;
    sorted: Float64Array;
    reporting: number;
    distribution: DistributionSummary;
    lo95: Float64Array;
    hi95: Float64Array;
    funnel: FunnelComputation | null;
  },
  benchmark: number,
): { amount: Float64Array; score: Float64Array; eligible: Uint8Array; ciVsBenchmark: Uint8Array } {
  const { matrix, periodCount, def } = a;
  const memberCount = g.rows.length;
  const amount = new Float64Array(memberCount);
  const score = new Float64Array(memberCount);
  const eligible = new Uint8Array(memberCount);
  const ciVsBenchmark = new Uint8Array(memberCount);
  const sign = directionSignOf(def);
  const d = g.distribution;
  const iqr = d.q3 !== null && d.q1 !== null ? d.q3 - d.q1 : NaN;
  for (let i = 0; i < memberCount; i++) {
    const o = g.rows[i]!;
    const cell = o * periodCount + g.p;
    const v = matrix.value[cell]!;
    if (!(v === v) || !(benchmark === benchmark)) continue;
    ciVsBenchmark[i] = outcomeCode(g.lo95[i]!, g.hi95[i]!, benchmark);
    if (sign === 0) continue;
    const gap = (benchmark - v) * sign;
    const den = matrix.denominator[cell]!;
    if (gap > 0 && a.ratio && den > 0) amount[i] = (gap / def.multiplier) * den;
    if (!(gap > 0)) continue;
    const e = memberEvidence(a, o, sign, ciVsBenchmark[i]!, g.funnel, i);
    // "In the worst fifth" by the same quintile (and peer minimum) the comparison sentence uses.
    const quintileWorse =
      a.info.intervalKind === "none" &&
      g.reporting >= st.QUINTILE_MIN_PEERS &&
      st.quintile(g.sorted, g.reporting, v, sign)?.label === "worst";
    // Where the group has a funnel, its 99.8% limits (widened by τ² when the group is
    // overdispersed) are the evidence: an interval against the upper quartile, a benchmark noise
    // itself places above the average, passed for nearly every trust below it when trusts differ
    // by more than sampling error (issue 11, defect 5). Without a funnel: the interval, or the
    // worst fifth where no interval applies.
    const evidence = g.funnel ? e.funnelWorse : e.intervalWorse || quintileWorse;
    if (evidence && (e.spcConcern || e.noImprovement) && a.series.latest[o] === g.p) {
      eligible[i] = 1;
      const standardised = iqr > 0 ? gap / iqr : gap / Math.max(Math.abs(benchmark), 1e-9);
      score[i] = standardised * highlightWeight(e);
    }
  }
  return { amount, score, eligible, ciVsBenchmark };
}
