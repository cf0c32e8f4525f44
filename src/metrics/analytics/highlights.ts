/**
 * Opportunity and highlight results for one organisation (the numbers are opportunity.ts's), and
 * the ranked highlights and opportunities across every metric.
 */
import type { GroupRefText } from "../group-ref.js";
import { NOT_ANALYSED } from "./series.js";
import { pointTypeName } from "../../stats/spc/index.js";
import { positionName } from "./codes.js";
import { analysisOf, type EngineContext } from "./context.js";
import { frontierOf, notCurrentReason } from "./recency.js";
import { groupPeriod } from "./groups.js";
import { perPeriodText } from "./metric-info.js";
import { directionSignOf } from "../catalogue/direction.js";
import { highlightWeight, memberEvidence, opportunityBenchmark } from "./opportunity.js";
import * as say from "./sentences.js";
import { orNull } from "./series.js";
import { recentTrendScope } from "./trend-scope.js";
import type { Benchmark, HighlightedMetric, Opportunity, OpportunityBenchmark } from "./types.js";
import type { GroupPeriod, MetricAnalysis, VersionState } from "./model.js";
import type { Organisation } from "../organisations.js";

/**
 * The opportunity of a value that is not current (recency.ts): not sized, with the reason. Sizing
 * a gap from a years-old snapshot would present history as today's opportunity.
 */
export function notCurrentOpportunity(
  a: MetricAnalysis,
  o: number,
  p: number,
  reason: string,
): Opportunity {
  const cell = o * a.periodCount + p;
  return {
    metricId: a.def.id,
    title: a.def.title,
    noun: a.def.opportunityNoun ?? null,
    per: perPeriodText(a.def, a.info.periodType),
    period: a.matrix.periods[p]!,
    status: "not_current",
    value: orNull(a.matrix.value[cell]!),
    denominator: orNull(a.matrix.denominator[cell]!),
    benchmark: null,
    amount: 0,
    text: reason,
    formula: "",
    inputs: {},
  };
}

export function opportunity(a: MetricAnalysis, o: number, gp: GroupPeriod | null): Opportunity {
  const def = a.def;
  const base = {
    metricId: def.id,
    title: def.title,
    noun: def.opportunityNoun ?? null,
    per: perPeriodText(def, a.info.periodType),
  };
  const p = gp?.p ?? a.series.latest[o]!;
  const period = p >= 0 ? a.matrix.periods[p]! : null;
  const cell = o * a.periodCount + Math.max(p, 0);
  const v = p >= 0 ? a.matrix.value[cell]! : NaN;
  const den = p >= 0 ? a.matrix.denominator[cell]! : NaN;
  const none = (
    status: Opportunity["status"],
    text: string,
    benchmark: Benchmark | null = null,
  ): Opportunity => ({
    ...base,
    period,
    status,
    value: orNull(v),
    denominator: orNull(den),
    benchmark,
    amount: 0,
    text,
    formula: "",
    inputs: {},
  });
  const sign = directionSignOf(def);
  if (a.info.category) return none("category", say.opportunityNone.category);
  if (sign === 0) return none("neutral_metric", say.opportunityNone.neutral);
  if (!(v === v) || !gp || period === null) return none("no_data", say.opportunityNone.noData);
  const benchmark = opportunityBenchmark(a, gp);
  if (!benchmark) return none("no_benchmark", say.opportunityNone.noBenchmark);
  if (!a.ratio || !(den > 0))
    return none(
      "no_denominator",
      def.unit === "count" || !def.noInterval
        ? say.opportunityNone.noDenominator
        : say.opportunityNone.noCounts,
      benchmark,
    );
  const gap = (benchmark.value - v) * sign;
  const inputs = {
    value: v,
    numerator: orNull(a.matrix.numerator[cell]!),
    denominator: den,
    benchmark: benchmark.value,
    benchmarkKind: benchmark.kind,
    multiplier: def.multiplier,
    direction: def.improvementDirection,
    period,
    peers: gp.reporting,
  };
  if (!(gap > 0)) {
    const why = say.alreadyBetter(def, sign, v, benchmark);
    return {
      ...base,
      period,
      status: "already_better",
      value: v,
      denominator: den,
      benchmark,
      amount: 0,
      text: why.text,
      formula: why.formula,
      inputs,
    };
  }
  const amount = (gap / def.multiplier) * den;
  const noun = def.opportunityNoun ?? "units";
  const gapFormula = say.opportunityGapFormula(def, sign, v, benchmark.value, den);
  return {
    ...base,
    period,
    status: "gap",
    value: v,
    denominator: den,
    benchmark,
    amount,
    text: say.opportunityGapText(def, amount, sign, noun, base.per, benchmark),
    formula: say.opportunityAmountFormula(gapFormula, amount),
    inputs,
  };
}

export function highlight(a: MetricAnalysis, o: number, gp: GroupPeriod): HighlightedMetric | null {
  const i = gp.memberOf[o]!;
  if (i < 0 || !gp.eligible[i]) return null;
  const opp = opportunity(a, o, gp);
  if (opp.status !== "gap") return null;
  const sign = directionSignOf(a.def);
  const f = gp.funnel;
  const e = memberEvidence(a, o, sign, gp.ciVsBenchmark[i]!, f, i);
  const pt = a.series.pointType[o]!;
  const d = gp.distribution;
  const iqr = d.q3 !== null && d.q1 !== null ? d.q3 - d.q1 : NaN;
  const gap = Math.abs((opp.benchmark?.value ?? NaN) - (opp.value ?? NaN));
  return {
    metricId: a.def.id,
    title: a.def.title,
    period: a.matrix.periods[gp.p]!,
    rank: 0,
    score: {
      value: gp.score[i]!,
      formula: say.highlightScoreFormula(gap, iqr, a.def.decimals, highlightWeight(e)),
      inputs: { gap, iqr, funnelWorse: e.funnelWorse, spcConcern: e.spcConcern },
    },
    opportunity: opp,
    evidence: {
      funnel998: f ? positionName(f.position998[i]!) : null,
      funnelWorse: e.funnelWorse,
      intervalWorse: e.intervalWorse,
      spcPointType: pt === NOT_ANALYSED ? null : pointTypeName(pt),
      spcConcern: e.spcConcern,
      noImprovement: e.noImprovement,
    },
    reasons: say.highlightReasons({
      ...e,
      overdispersed: f?.od.applied ?? false,
      benchmarkLabel: opp.benchmark?.label ?? null,
      trendTested: recentTrendScope(a.info).tested,
    }),
  };
}

const STATUS_ORDER = {
  gap: 0,
  already_better: 1,
  no_denominator: 2,
  no_benchmark: 3,
  not_current: 4,
  no_data: 5,
  neutral_metric: 6,
  category: 7,
} as const;

/** Every metric's opportunity (largest first) and the highlighted ones (best score first). */
export async function highlightsFor(
  e: EngineContext,
  s: VersionState,
  org: Organisation,
  ref: GroupRefText,
  oppKind: OpportunityBenchmark,
): Promise<{ highlighted: HighlightedMetric[]; opportunities: Opportunity[] }> {
  const highlighted: HighlightedMetric[] = [];
  const opportunities: Opportunity[] = [];
  const frontier = await frontierOf(e, s);
  for (const def of s.defs.values()) {
    const a = await analysisOf(e, s, def.id);
    if (!a) continue;
    const o = a.row.get(org.orgCode);
    if (o === undefined) continue;
    const latest = a.series.latest[o]!;
    if (latest < 0) continue;
    // A value that is not current is neither sized nor highlighted (recency.ts).
    const stale = notCurrentReason(a, latest, frontier);
    if (stale) {
      opportunities.push(notCurrentOpportunity(a, o, latest, stale));
      continue;
    }
    const gp = await groupPeriod(e, s, a, ref, latest, oppKind);
    opportunities.push(opportunity(a, o, gp));
    const h = highlight(a, o, gp);
    if (h) highlighted.push(h);
  }
  highlighted.sort((x, y) => y.score.value - x.score.value || x.metricId.localeCompare(y.metricId));
  highlighted.forEach((h, i) => (h.rank = i + 1));
  opportunities.sort(
    (x, y) =>
      STATUS_ORDER[x.status] - STATUS_ORDER[y.status] ||
      y.amount - x.amount ||
      x.metricId.localeCompare(y.metricId),
  );
  return { highlighted, opportunities };
}
