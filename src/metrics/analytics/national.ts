/**
 * National analysis of one metric: England's series (Σ over providers) with SPC, every region's
 * and network's aggregate at the latest well-reported period, the distribution across England and
 * the organisations improving: special-cause improvement in SPC, or, for annual rates and
 * proportions only (trend-scope.ts), a significant improving recent trend.
 */
import { analyseSpc, PointTypeCode } from "../../stats/spc/index.js";
import { analysisOrThrow, type EngineContext } from "./context.js";
import { groupAggregate } from "./group-period.js";
import { groupPeriod } from "./groups.js";
import { trendImproving } from "./metric-analysis.js";
import { targetInForce } from "./metric-info.js";
import { directionSignOf, spcDirectionOf } from "../catalogue/direction.js";
import * as say from "./sentences.js";
import { groupNames } from "./sentences.js";
import { nameOf } from "./state.js";
import { ENGLAND } from "../organisations.js";
import type { MetricAnalysis } from "./model.js";
import { frontierOf, notCurrentReason } from "./recency.js";
import { recentTrendScope } from "./trend-scope.js";
import { changeSinceBaseline } from "./trends.js";
import type {
  DistributionSummary,
  GroupAggregate,
  GroupInfo,
  Improver,
  MetricNational,
} from "./types.js";

export async function metricNational(e: EngineContext, metricId: string): Promise<MetricNational> {
  const s = await e.cache.current();
  const a = await analysisOrThrow(e, s, metricId);
  const englandInfo: GroupInfo = {
    groupRef: "england",
    name: groupNames.englandShort,
    members: a.providerRows.length,
    open: a.providerRows.filter((r) => s.orgByCode.get(a.matrix.orgCodes[r]!)?.closeDate === null)
      .length,
  };
  const series: GroupAggregate[] = [];
  const notAggregable = a.def.aggregation === "not_aggregable";
  // A figure that cannot be computed from organisations' (a 90th centile) is England's only as
  // the publication gives it: its England row, where it has one (AmbSYS does).
  const englandRow = notAggregable ? a.row.get(ENGLAND) : undefined;
  for (let p = 0; p < a.periodCount; p++) {
    const period = a.matrix.periods[p]!;
    if (englandRow !== undefined) {
      series.push(publishedEngland(a, englandInfo, englandRow, p));
      continue;
    }
    const agg = {
      numerator: a.england.numerator[p]!,
      denominator: a.england.denominator[p]!,
      value: a.england.value[p]!,
      reporting: a.england.reporting[p]!,
    };
    series.push(groupAggregate(a, englandInfo, period, notAggregable ? null : agg));
  }
  const latest = a.latestPeriod;
  const period = latest >= 0 ? a.matrix.periods[latest]! : null;
  const target = period ? targetInForce(a.def, period) : null;
  const sign = directionSignOf(a.def);
  const observed = series.filter((x) => x.value !== null);
  const spc =
    observed.length >= 2
      ? analyseSpc(
          series.map((x) => ({ date: x.period, value: x.value })),
          {
            improvementDirection: spcDirectionOf(a.def),
            target: sign !== 0 ? (target?.value ?? null) : null,
            rebase: a.baseline
              .breaksOf(series.flatMap((x, i) => (x.value !== null ? [i] : [])))
              .map((b) => b.period),
          },
        )
      : null;
  const regions: GroupAggregate[] = [];
  const networks: GroupAggregate[] = [];
  let distribution: DistributionSummary | null = null;
  const improvers: Improver[] = [];
  // The evidence this metric can give: the recent trend only where it is valid; none for a
  // metric with no better direction (an unusual rise in attendances is not an improvement).
  const improverEvidence: Improver["evidence"] =
    sign === 0
      ? []
      : recentTrendScope(a.info).tested
        ? ["special_cause_improvement", "significant_recent_trend"]
        : ["special_cause_improvement"];
  if (latest >= 0) {
    const regionCodes = [
      ...new Set(s.orgs.filter((o) => o.kind === "region").map((o) => o.orgCode)),
    ].sort();
    for (const code of regionCodes) {
      const gp = await groupPeriod(e, s, a, `geo-region:${code}`, latest, e.oppKind);
      if (gp.aggregate.reporting > 0)
        regions.push({
          ...gp.aggregate,
          group: { ...gp.aggregate.group, name: nameOf(s, code) },
        });
    }
    for (const ref of [...s.groupNames.keys()].filter((g) => g.startsWith("network-")).sort()) {
      const gp = await groupPeriod(e, s, a, ref, latest, e.oppKind);
      if (gp.aggregate.reporting > 0) networks.push(gp.aggregate);
    }
    distribution = (await groupPeriod(e, s, a, "england", latest, e.oppKind)).distribution;
    const frontiers = await frontierOf(e, s);
    for (const o of sign === 0 ? [] : a.providerRows) {
      // Only organisations open today whose latest value is current (recency.ts): a trust closed
      // in 2020 or a series that ended years ago is history, not improvement to learn from now.
      if (s.orgByCode.get(a.matrix.orgCodes[o]!)?.closeDate !== null) continue;
      if (notCurrentReason(a, a.series.latest[o]!, frontiers) !== null) continue;
      const evidence: Improver["evidence"] = [];
      if (a.series.pointType[o] === PointTypeCode.improvement)
        evidence.push("special_cause_improvement");
      if (trendImproving(a, o)) evidence.push("significant_recent_trend");
      if (evidence.length === 0) continue;
      const change = changeSinceBaseline(a, o);
      if (!change) continue;
      const code = a.matrix.orgCodes[o]!;
      improvers.push({ orgCode: code, name: nameOf(s, code), evidence, change });
    }
    improvers.sort(
      (x, y) =>
        (y.change.difference - x.change.difference) * sign || x.orgCode.localeCompare(y.orgCode),
    );
  }
  return {
    metric: a.info,
    latestPeriod: period,
    england: { series, spc, published: englandRow !== undefined },
    regions,
    networks,
    distribution,
    improvers,
    improverEvidence,
    dataVersion: s.version,
  };
}

/** England's published figure for period index p (its row in the matrix), with the providers reporting. */
function publishedEngland(
  a: MetricAnalysis,
  info: GroupInfo,
  row: number,
  p: number,
): GroupAggregate {
  const value = a.matrix.value[row * a.periodCount + p]!;
  let reporting = 0;
  for (const r of a.providerRows)
    if (a.matrix.value[r * a.periodCount + p]! === a.matrix.value[r * a.periodCount + p]!)
      reporting++;
  return {
    group: info,
    period: a.matrix.periods[p]!,
    numerator: null,
    denominator: null,
    value: value === value ? value : null,
    reporting: value === value ? reporting : 0,
    ci95: null,
    formula: value === value ? say.PUBLISHED_ENGLAND : say.aggregateEmptyFormula(true),
  };
}
