/**
 * A guide's tracking measures beside one organisation's data (issue 16; docs/guides.md "Reading a
 * guide and its data"): each measure's latest value, SPC variation and assurance, its comparison
 * with its peers and England and its opportunity, all as the analytics service computes them for
 * the organisation's dashboard and metric pages (never recomputed here), and the signals the
 * change ideas are ranked by (ranking.ts).
 */
import { AppError } from "../errors.js";
import { getMetric, getPlannedMetric } from "../metrics/catalogue/index.js";
import type {
  AnalyticsService,
  ComparisonItem,
  DashboardMetric,
  OrganisationDashboard,
} from "../metrics/service.js";
import type { Organisation } from "../metrics/organisations.js";
import type { MeasureSignal } from "./ranking.js";
import type { GuideVersion, TrackingMeasure } from "./types.js";

export interface MeasureEvidence {
  measure: TrackingMeasure;
  /** The catalogue's title (the metric id when the catalogue no longer has it). */
  title: string;
  /** The organisation's latest data for the metric; null when it has none. */
  data: DashboardMetric | null;
  /** Against England, where the analytics service compares the metric with it. */
  england: ComparisonItem | null;
  /** Why there is no data, in a sentence (null when there is). */
  noData: string | null;
}

export interface GuideEvidence {
  organisation: Organisation;
  peersName: string;
  measures: MeasureEvidence[];
  signals: Map<string, MeasureSignal>;
}

/** Why an organisation has no value for a metric, in a sentence. */
export function noDataReason(metricId: string, organisation: Organisation | null): string {
  const planned = getPlannedMetric(metricId);
  if (planned) return `No data source yet: it would come from ${planned.wouldCome}`;
  const def = getMetric(metricId);
  if (!def) return "This measure is not in the metric catalogue.";
  if (organisation && !def.reportedBy.includes(organisation.kind))
    return "No data for this organisation: the measure is not published for this kind of organisation.";
  return "No data for this organisation: no value has been published for it yet.";
}

/** What the ranking reads of a measure's data (null when nothing can be read from it). */
export function signalOf(m: DashboardMetric): MeasureSignal | null {
  if (!m.latest || m.latest.value === null || m.metric.category) return null;
  const spc = m.trend.spc;
  const direction = m.metric.improvementDirection;
  // A count grows with the organisation: its gap to the peers' median measures size as much as
  // performance, so it ranks by its SPC signals only (the analytics service sizes no opportunity
  // for it either).
  const median =
    m.comparison && !m.notCurrent && m.metric.unit !== "count"
      ? m.comparison.benchmark.value
      : null;
  const worseBy =
    median === null || direction === "neutral"
      ? null
      : direction === "higher_is_better"
        ? median - m.latest.value
        : m.latest.value - median;
  return {
    metricId: m.metric.metricId,
    shortTitle: m.metric.shortTitle,
    numbers: m.metric,
    worseBy,
    median,
    worseSide: direction === "lower_is_better" ? "above" : "below",
    concern: spc?.variationType === "special_cause_concern",
    failing: spc?.assuranceType === "consistent_fail",
  };
}

/** The measures of a version beside an organisation's data, from its dashboard. */
export async function guideEvidence(
  analytics: AnalyticsService,
  version: GuideVersion,
  dashboard: OrganisationDashboard,
): Promise<GuideEvidence> {
  const byMetric = new Map(dashboard.metrics.map((m) => [m.metric.metricId, m]));
  const org = dashboard.organisation;
  const measures = await Promise.all(
    version.measures.map(async (measure): Promise<MeasureEvidence> => {
      const data = byMetric.get(measure.metricId) ?? null;
      const title =
        data?.metric.title ??
        getMetric(measure.metricId)?.title ??
        getPlannedMetric(measure.metricId)?.title ??
        measure.metricId;
      if (!data?.latest || data.latest.value === null)
        return {
          measure,
          title,
          data: null,
          england: null,
          noData: noDataReason(measure.metricId, org),
        };
      return {
        measure,
        title,
        data,
        england: await englandOf(analytics, org.orgCode, data),
        noData: null,
      };
    }),
  );
  const signals = new Map<string, MeasureSignal>();
  for (const e of measures) {
    const s = e.data ? signalOf(e.data) : null;
    if (s) signals.set(s.metricId, s);
  }
  return { organisation: org, peersName: dashboard.peers.name, measures, signals };
}

/** The comparison with England at the latest period, where the metric makes one. */
async function englandOf(
  analytics: AnalyticsService,
  orgCode: string,
  m: DashboardMetric,
): Promise<ComparisonItem | null> {
  if (m.notCurrent || m.metric.category || !m.latest) return null;
  try {
    const result = await analytics.compare(orgCode, m.metric.metricId, m.latest.period);
    return result.comparisons.find((c) => c.benchmark.kind === "england") ?? null;
  } catch (e) {
    // A comparison the service refuses in words (no England figure for the period) is left out.
    if (e instanceof AppError) return null;
    throw e;
  }
}
