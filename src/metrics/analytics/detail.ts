/** One organisation and one metric in full: series, SPC, trend, benchmark bars, funnel, comparisons. */
import { analyseSpc, type SpcResult } from "../../stats/spc/index.js";
import type { GroupRefText } from "../group-ref.js";
import { orgValue } from "./assemble.js";
import { compare, funnel as funnelOf } from "./compare.js";
import { analysisOrThrow, type EngineContext } from "./context.js";
import { funnelKind } from "./funnel.js";
import { defaultGroup, groupPeriod, resolveGroup } from "./groups.js";
import { opportunity } from "./highlights.js";
import { cellCi } from "./metric-analysis.js";
import { targetInForce } from "./metric-info.js";
import { directionSignOf, spcDirectionOf } from "../catalogue/direction.js";
import * as say from "./sentences.js";
import { nameOf, organisation } from "./state.js";
import { trendInfo } from "./trends.js";
import type {
  BenchmarkBars,
  ComparisonLevel,
  FunnelResult,
  MetricDetail,
  OrgPeriodValue,
} from "./types.js";

export async function metricDetail(
  e: EngineContext,
  orgCode: string,
  metricId: string,
  peerGroup?: GroupRefText,
  level?: ComparisonLevel,
): Promise<MetricDetail> {
  const s = await e.cache.current();
  const org = organisation(s, orgCode);
  const a = await analysisOrThrow(e, s, metricId);
  const o = a.row.get(org.orgCode);
  const ref = peerGroup ?? defaultGroup(org);
  const { info } = await resolveGroup(e, s, ref);
  if (o === undefined || a.series.latest[o]! < 0) {
    return {
      metric: a.info,
      organisation: org,
      peers: info,
      latestPeriod: null,
      series: [],
      spc: null,
      suggestedRebasePoints: [],
      trend: {
        headline: "none",
        spc: null,
        recentTrend: {
          marker: "cannot_be_calculated",
          direction: null,
          text: say.NO_VALUES,
          periods: [],
          slope: null,
          chiSquare: null,
        },
        changeSinceBaseline: null,
      },
      benchmarkBars: null,
      funnel: null,
      comparisons: [],
      level: level ?? a.info.comparisonLevel,
      opportunity: null,
      target: null,
      dataVersion: s.version,
    };
  }
  const p = a.series.latest[o]!;
  const period = a.matrix.periods[p]!;
  const target = targetInForce(a.def, period);
  const sign = directionSignOf(a.def);
  const series: OrgPeriodValue[] = [];
  for (let q = 0; q < a.periodCount; q++) series.push(orgValue(s, a, o, q));
  let spc: SpcResult | null = null;
  if (a.series.n[o]! >= 2) {
    spc = analyseSpc(
      series.map((v) => ({ date: v.period, value: v.value })),
      {
        improvementDirection: spcDirectionOf(a.def),
        target: sign !== 0 ? (target?.value ?? null) : null,
      },
    );
  }
  const gp = await groupPeriod(e, s, a, ref, p, e.oppKind);
  const bars: BenchmarkBars["bars"] = [];
  for (const r of gp.rows) {
    const cell = r * a.periodCount + p;
    const v = a.matrix.value[cell]!;
    if (!(v === v)) continue;
    const code = a.matrix.orgCodes[r]!;
    bars.push({
      orgCode: code,
      name: nameOf(s, code),
      value: v,
      ci95: cellCi(a, cell, 95),
      selected: r === o,
    });
  }
  bars.sort(
    (x, y) =>
      (sign < 0 ? x.value - y.value : y.value - x.value) || x.orgCode.localeCompare(y.orgCode),
  );
  const compared = await compare(e, org.orgCode, metricId, period, ref, level);
  let funnel: FunnelResult | null = null;
  if (funnelKind(a)) funnel = await funnelOf(e, metricId, period, ref).catch(() => null);
  return {
    metric: a.info,
    organisation: org,
    peers: info,
    latestPeriod: period,
    series,
    spc,
    suggestedRebasePoints: spc?.suggestedRebasePoints ?? [],
    trend: trendInfo(a, o),
    benchmarkBars: { period, bars, distribution: gp.distribution },
    funnel,
    comparisons: compared.comparisons,
    level: compared.level,
    opportunity: opportunity(a, o, gp),
    target,
    dataVersion: s.version,
  };
}
