/** An organisation's dashboard (every metric at its latest period), opportunities and peers. */
import type { GroupRefText } from "../group-ref.js";
import { comparison, quartilePosition } from "./assemble.js";
import { analysisOf, type EngineContext } from "./context.js";
import { defaultGroup, groupPeriod, resolveGroup } from "./groups.js";
import { highlightsFor, opportunity } from "./highlights.js";
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
    const from = Math.max(0, p - SPARKLINE_POINTS + 1);
    const median = gp.distribution.median;
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
      quartile: quartilePosition(a, gp, a.matrix.value[cell]!),
      opportunity: opportunity(a, o, gp),
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
