/** An organisation's dashboard (every metric at its latest period), opportunities and peers. */
import type { GroupRefText } from "../group-ref.js";
import { comparison, quartilePosition } from "./assemble.js";
import { analysisOf, type EngineContext } from "./context.js";
import { defaultGroup, groupPeriod, resolveGroup } from "./groups.js";
import { highlightsFor, notCurrentOpportunity, opportunity } from "./highlights.js";
import { frontierOf, notCurrentReason } from "./recency.js";
import { addPeriods } from "../period.js";
import { targetInForce } from "./metric-info.js";
import { recommendedIn } from "./recommended.js";
import * as say from "./sentences.js";
import { orNull } from "./series.js";
import { organisation } from "./state.js";
import { trendInfo } from "./trends.js";
import type {
  ComparisonLevel,
  DashboardMetric,
  OpportunitiesResult,
  OpportunityBenchmark,
  OrganisationDashboard,
  RecommendedPeersResult,
} from "./types.js";

const SPARKLINE_POINTS = 24;

export async function organisationDashboard(
  e: EngineContext,
  orgCode: string,
  peerGroup?: GroupRefText,
  level?: ComparisonLevel,
): Promise<OrganisationDashboard> {
  const s = await e.cache.current();
  const org = organisation(s, orgCode);
  const ref = peerGroup ?? defaultGroup(org);
  const { info } = await resolveGroup(e, s, ref);
  const metrics: DashboardMetric[] = [];
  const frontier = await frontierOf(e, s);
  for (const def of s.defs.values()) {
    const a = await analysisOf(e, s, def.id);
    if (!a) continue;
    const o = a.row.get(org.orgCode);
    if (o === undefined) continue;
    const p = a.series.latest[o]!;
    if (p < 0) continue;
    const gp = await groupPeriod(e, s, a, ref, p, e.oppKind);
    const rowStart = o * a.periodCount;
    const cell = rowStart + p;
    const period = a.matrix.periods[p]!;
    // The sparkline is the 24 periods to the latest in time: the matrix holds only periods some
    // organisation reported, so 24 indices back can reach across years with no data.
    const start = addPeriods(period, a.info.periodType, -(SPARKLINE_POINTS - 1));
    let from = p;
    while (from > 0 && a.matrix.periods[from - 1]! >= start) from--;
    const notCurrent = notCurrentReason(a, p, frontier);
    const median = notCurrent ? null : gp.distribution.median;
    metrics.push({
      metric: a.info,
      latest: {
        period,
        value: orNull(a.matrix.value[cell]!),
        numerator: orNull(a.matrix.numerator[cell]!),
        denominator: orNull(a.matrix.denominator[cell]!),
      },
      target: targetInForce(a.def, period),
      trend: trendInfo(a, o),
      sparkline: {
        periods: a.matrix.periods.slice(from, p + 1),
        values: Array.from(a.matrix.value.subarray(rowStart + from, cell + 1), orNull),
      },
      quartile: notCurrent ? null : quartilePosition(a, gp, a.matrix.value[cell]!),
      opportunity: notCurrent ? notCurrentOpportunity(a, o, p, notCurrent) : opportunity(a, o, gp),
      notCurrent,
      comparison:
        median !== null
          ? comparison(
              a,
              o,
              p,
              {
                kind: "peer_median",
                label: say.peerMedianLabel(gp.group.name),
                value: median,
                groupRef: ref,
                formula: say.medianFormula(gp.reporting),
              },
              gp,
              level ?? a.info.comparisonLevel,
            )
          : null,
    });
  }
  const { highlighted } = await highlightsFor(e, s, org, ref, e.oppKind);
  return { organisation: org, peers: info, metrics, highlighted, dataVersion: s.version };
}

export async function opportunities(
  e: EngineContext,
  orgCode: string,
  peerGroup?: GroupRefText,
  benchmark?: OpportunityBenchmark,
): Promise<OpportunitiesResult> {
  const s = await e.cache.current();
  const org = organisation(s, orgCode);
  const ref = peerGroup ?? defaultGroup(org);
  const kind = benchmark ?? e.oppKind;
  const { info } = await resolveGroup(e, s, ref);
  const { highlighted, opportunities } = await highlightsFor(e, s, org, ref, kind);
  return {
    organisation: org,
    peers: info,
    benchmark: kind,
    opportunities,
    highlighted,
    dataVersion: s.version,
  };
}

export async function recommendedPeers(
  e: EngineContext,
  orgCode: string,
  k?: number,
): Promise<RecommendedPeersResult> {
  const s = await e.cache.current();
  return recommendedIn(e, s, organisation(s, orgCode), k ?? e.peerCount);
}
