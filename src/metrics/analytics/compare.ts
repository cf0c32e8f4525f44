/** One organisation's value against England, its region, its peers and the target; funnels. */
import { NotFoundError } from "../../errors.js";
import type { GroupRefText } from "../group-ref.js";
import { comparison, orgValue, rank, totalContext } from "./assemble.js";
import { analysisOrThrow, type EngineContext } from "./context.js";
import { funnelResult, requireFunnelKind } from "./funnel.js";
import { defaultGroup, groupPeriod } from "./groups.js";
import { targetInForce } from "./metric-info.js";
import { directionSignOf } from "../catalogue/direction.js";
import * as say from "./sentences.js";
import { nameOf, organisation } from "./state.js";
import type {
  Benchmark,
  CompareResult,
  ComparisonLevel,
  ComparisonItem,
  FunnelResult,
  GroupAggregate,
  OrgPeriodValue,
} from "./types.js";
import type { GroupPeriod, MetricAnalysis } from "./model.js";

/** Index of a period ("2024-01" or "2024-01-01") in the metric's periods. */
export function periodIndex(a: MetricAnalysis, period: string): number {
  const start = /^\d{4}-\d{2}$/.test(period) ? `${period}-01` : period;
  const p = a.matrix.periods.indexOf(start);
  if (p < 0) throw new NotFoundError(`No values for ${a.def.id} in ${period}`);
  return p;
}

/** The organisation's latest period, or `period`. */
function orgPeriodIndex(a: MetricAnalysis, o: number, period?: string): number {
  if (period !== undefined) return periodIndex(a, period);
  const latest = a.series.latest[o]!;
  if (latest < 0) throw new NotFoundError(`No values for ${a.matrix.orgCodes[o]} and ${a.def.id}`);
  return latest;
}

export async function compare(
  e: EngineContext,
  orgCode: string,
  metricId: string,
  period?: string,
  peerGroup?: GroupRefText,
  level?: ComparisonLevel,
): Promise<CompareResult> {
  const s = await e.cache.current();
  const org = organisation(s, orgCode);
  const a = await analysisOrThrow(e, s, metricId);
  const o = a.row.get(org.orgCode);
  if (o === undefined) throw new NotFoundError(`No values for ${org.orgCode} and ${metricId}`);
  const p = orgPeriodIndex(a, o, period);
  const at = level ?? a.info.comparisonLevel;
  // England's and a region's figures for a count are totals: context, not a benchmark to test.
  const versus = (benchmark: Benchmark, aggregate: GroupAggregate, gp: GroupPeriod) =>
    a.info.growsWithSize
      ? totalContext(a, o, p, benchmark, aggregate)
      : comparison(a, o, p, benchmark, gp, at);
  const ref = peerGroup ?? defaultGroup(org);
  const gp = await groupPeriod(e, s, a, ref, p, e.oppKind);
  const value = orgValue(s, a, o, p);
  const periodStart = a.matrix.periods[p]!;
  const comparisons: ComparisonItem[] = [];
  const englandGp = await groupPeriod(e, s, a, "england", p, e.oppKind);
  const england = englandGp.aggregate.value !== null ? englandGp.aggregate : null;
  if (england?.value != null) {
    const benchmark = {
      kind: "england" as const,
      label: say.groupNames.englandShort,
      value: england.value,
      groupRef: "england",
      formula: england.formula,
    };
    comparisons.push(versus(benchmark, england, gp));
  }
  let region: GroupAggregate | null = null;
  if (org.regionCode) {
    const rg = await groupPeriod(e, s, a, `geo-region:${org.regionCode}`, p, e.oppKind);
    if (rg.aggregate.value !== null) {
      region = rg.aggregate;
      const benchmark = {
        kind: "region" as const,
        label: nameOf(s, org.regionCode),
        value: rg.aggregate.value,
        groupRef: rg.group.groupRef,
        formula: region.formula,
      };
      comparisons.push(versus(benchmark, region, gp));
    }
  }
  if (gp.distribution.median !== null) {
    const benchmark = {
      kind: "peer_median" as const,
      label: say.peerMedianLabel(gp.group.name),
      value: gp.distribution.median,
      groupRef: ref,
      formula: say.medianFormula(gp.reporting),
    };
    comparisons.push(comparison(a, o, p, benchmark, gp, at));
  }
  const target = targetInForce(a.def, periodStart);
  if (target && directionSignOf(a.def) !== 0) {
    const benchmark = {
      kind: "target" as const,
      label: say.targetLabel(target.label),
      value: target.value,
      groupRef: null,
      formula: target.source,
    };
    comparisons.push(comparison(a, o, p, benchmark, gp, at));
  }
  const peerValues: OrgPeriodValue[] = [];
  for (const r of gp.rows) {
    const v = a.matrix.value[r * a.periodCount + p]!;
    if (v === v) peerValues.push(orgValue(s, a, r, p));
  }
  return {
    metric: a.info,
    organisation: org,
    period: periodStart,
    value,
    peers: gp.group,
    distribution: gp.distribution,
    rank: rank(a, gp, a.matrix.value[o * a.periodCount + p]!),
    comparisons,
    level: at,
    peerValues,
    england,
    region,
    target,
    dataVersion: s.version,
  };
}

export async function funnel(
  e: EngineContext,
  metricId: string,
  period?: string,
  group?: GroupRefText,
  options?: { overdispersion?: boolean },
): Promise<FunnelResult> {
  const s = await e.cache.current();
  const a = await analysisOrThrow(e, s, metricId);
  requireFunnelKind(a);
  const p = period === undefined ? a.latestPeriod : periodIndex(a, period);
  const ref = group ?? "england";
  const gp = await groupPeriod(e, s, a, ref, p, e.oppKind);
  const requested = options?.overdispersion ?? e.overdispersion;
  return funnelResult(s, a, gp, ref, requested, e.overdispersion);
}
