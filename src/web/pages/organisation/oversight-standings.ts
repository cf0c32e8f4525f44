/**
 * NHS England's own standing of an organisation's Oversight Framework metric values (its rank
 * and score, from the publication), for the organisation page and its board view: those rows say
 * where NHS England places the trust, not where our quartiles of its rounded values would.
 */
import { getMetric } from "../../../metrics/catalogue/index.js";
import type { DashboardMetric } from "../../../metrics/service.js";
import type { PublishedJudgement } from "../../../metrics/values.js";
import type { AppContext } from "../../context.js";
import { publishedStandingShort } from "../metric-detail/published-judgement.js";

export type Standings = ReadonlyMap<string, PublishedJudgement>;

/** The latest published judgement of each dashboard metric placed by its publication. */
export async function oversightStandings(
  ctx: Pick<AppContext, "coverage">,
  orgCode: string,
  metrics: readonly DashboardMetric[],
): Promise<Standings> {
  const placed = metrics
    .filter((m) => !m.metric.category && getMetric(m.metric.metricId)?.publishedStanding)
    .map((m) => ({ metricId: m.metric.metricId, periodType: m.metric.periodType }));
  return placed.length
    ? ctx.coverage.latestPublishedJudgements(orgCode, placed)
    : new Map<string, PublishedJudgement>();
}

/**
 * Where NHS England places the metric's latest value, in a few words, when its judgement is of
 * that period: "NHS England ranks it 103rd of 131 (1st best); its score 3.45 (1 best, 4 worst)",
 * or `compact`, "NHS England: 103rd of 131, score 3.45".
 */
export function standingText(
  standings: Standings,
  m: DashboardMetric,
  compact = false,
): string | null {
  const j = standings.get(m.metric.metricId);
  return j?.standing && m.latest && j.periodStart === m.latest.period
    ? publishedStandingShort(j.standing, compact)
    : null;
}
