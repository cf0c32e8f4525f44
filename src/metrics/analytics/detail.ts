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
import { spcSummaryOfResult, trendInfo } from "./trends.js";
import { continueSeries, type Continuation } from "./continuation.js";
import type { BaselineBreak } from "./baseline.js";
import type { MetricAnalysis, VersionState } from "./model.js";
import { orNull } from "./series.js";
import { formatPeriod } from "../period.js";
import type {
  BenchmarkBars,
  ComparisonLevel,
  FunnelResult,
  HistoryView,
  MetricDetail,
  OrgPeriodValue,
  SeriesHistory,
  TrendInfo,
} from "./types.js";

/**
 * The series a metric page shows: the organisation's values as reported, or (`view` "continued",
 * for a successor of a clean merger) continued before the merger with its predecessors' combined
 * figures (continuation.ts).
 */
function seriesOf(
  s: VersionState,
  a: MetricAnalysis,
  o: number,
  continuation: Continuation | null,
): OrgPeriodValue[] {
  const series: OrgPeriodValue[] = [];
  for (let q = 0; q < a.periodCount; q++) {
    const own = orgValue(s, a, o, q);
    if (!continuation || a.matrix.periods[q]! >= continuation.mergedFrom) {
      series.push(own);
      continue;
    }
    const cell = continuation.cells.get(q);
    series.push({
      ...own,
      numerator: cell ? orNull(cell.numerator) : null,
      denominator: cell ? orNull(cell.denominator) : null,
      value: cell?.value ?? null,
      // Intervals of a sum of organisations are not computed: the page says the values are combined.
      ci95: null,
      ci998: null,
      smallCount: false,
      dqFlags: [],
      combinedFrom: cell?.parts ?? [],
    });
  }
  return series;
}

/** The successor's merger, its continuation for this metric, and the view shown. */
function historyOf(
  s: VersionState,
  a: MetricAnalysis,
  orgCode: string,
  o: number | undefined,
  view: HistoryView,
): {
  info: SeriesHistory;
  applied: Continuation | null;
} | null {
  const parts = s.mergers.get(orgCode);
  if (!parts || parts.length === 0) return null;
  const continuation = continueSeries(a, o, parts);
  const apply = view === "continued" && continuation.status === "applied";
  return {
    info: {
      predecessors: parts.map((p) => ({
        orgCode: p.orgCode,
        name: nameOf(s, p.orgCode),
        effectiveDate: p.effectiveDate,
      })),
      status: continuation.status,
      view: apply ? "continued" : "reported",
      combinedPeriods: continuation.cells.size,
      gapPeriods: continuation.gaps,
      includesOwn: continuation.includesSuccessor,
      mergedFrom: continuation.mergedFrom,
    },
    applied: apply ? continuation : null,
  };
}

/**
 * The baseline breaks of the series shown: the default rule's (baseline.ts) with the
 * organisation's recorded rebase decisions, without the merger's own succession in a continued
 * series (it compares like with like there), and a reader's
 * requested break, if it falls between two values.
 */
function breaksOf(
  s: VersionState,
  a: MetricAnalysis,
  orgCode: string,
  series: readonly OrgPeriodValue[],
  continued: boolean,
  requested: string | undefined,
): BaselineBreak[] {
  const observed: number[] = [];
  series.forEach((v, q) => {
    if (v.value !== null) observed.push(q);
  });
  const breaks = a.baseline.breaksOf(
    observed,
    continued ? undefined : s.successionsInto.get(orgCode),
    s.decisions.get(a.def.id)?.get(orgCode),
  );
  if (requested && observed.length > 1) {
    const q = observed.find((i) => a.matrix.periods[i]! >= requested);
    if (
      q !== undefined &&
      q !== observed[0] &&
      !breaks.some((b) => b.period === a.matrix.periods[q])
    )
      breaks.push({
        period: a.matrix.periods[q]!,
        reason: "requested",
        text: "limits recalculated here for this view",
      });
  }
  return breaks.sort((x, y) => x.period.localeCompare(y.period));
}

export async function metricDetail(
  e: EngineContext,
  orgCode: string,
  metricId: string,
  peerGroup?: GroupRefText,
  level?: ComparisonLevel,
  view: HistoryView = "reported",
  rebaseAt?: string,
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
          detail: null,
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
      history: historyOf(s, a, org.orgCode, o, "reported")?.info ?? null,
      baseline: { breaks: [], requested: null },
      dataVersion: s.version,
    };
  }
  const p = a.series.latest[o]!;
  const period = a.matrix.periods[p]!;
  const target = targetInForce(a.def, period);
  const sign = directionSignOf(a.def);
  const history = historyOf(s, a, org.orgCode, o, view);
  const series = seriesOf(s, a, o, history?.applied ?? null);
  let spc: SpcResult | null = null;
  const breaks = breaksOf(s, a, org.orgCode, series, history?.applied != null, rebaseAt);
  // A category (an Oversight Framework score or segment) gets no SPC, bars or funnel: it is
  // shown as its publication gives it.
  const category = a.info.category !== null;
  if (series.filter((v) => v.value !== null).length >= 2 && !category) {
    // The chart starts at the organisation's first value: the periods before it (other
    // organisations' longer history) are not gaps in its series.
    const first = series.findIndex((v) => v.value !== null);
    spc = analyseSpc(
      series.slice(first).map((v) => ({ date: v.period, value: v.value })),
      {
        improvementDirection: spcDirectionOf(a.def),
        target: sign !== 0 ? (target?.value ?? null) : null,
        rebase: breaks.map((b) => b.period),
      },
    );
  }
  const requested = breaks.find((b) => b.reason === "requested")?.period ?? null;
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
    // Worded here with the periods as pages name them (the stats core knows only ISO dates).
    suggestedRebasePoints: (spc?.suggestedRebasePoints ?? []).map((p) => ({
      ...p,
      reason: say.rebaseSuggestionText(
        p.length,
        p.direction,
        formatPeriod(p.date, a.info.periodType),
        formatPeriod(p.lastDate, a.info.periodType),
      ),
    })),
    trend: history?.applied || requested ? continuedTrend(a, o, spc, period) : trendInfo(a, o),
    baseline: { breaks, requested },
    benchmarkBars: category ? null : { period, bars, distribution: gp.distribution },
    funnel,
    comparisons: compared.comparisons,
    level: compared.level,
    opportunity: opportunity(a, o, gp),
    target,
    history: history?.info ?? null,
    dataVersion: s.version,
  };
}

/**
 * The trend of a series analysed on its own (continued through a merger, or with a reader's
 * break): its own SPC summary; the recent trend and yearly change as reported (both are of the
 * latest periods).
 */
function continuedTrend(
  a: MetricAnalysis,
  o: number,
  spc: SpcResult | null,
  period: string,
): TrendInfo {
  const reported = trendInfo(a, o);
  const summary = spc ? spcSummaryOfResult(a, spc, period) : null;
  return {
    ...reported,
    headline: summary ? "spc" : reported.headline === "spc" ? "none" : reported.headline,
    spc: summary,
  };
}
