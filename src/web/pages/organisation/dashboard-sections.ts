/**
 * An organisation's dashboard metrics grouped into the topic compartments, in one place for the
 * organisation page and its board view, so both show the same metrics under the same headings.
 */
import { catalogue } from "../../../metrics/catalogue/index.js";
import type { Topic } from "../../../metrics/catalogue/types.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { DashboardMetric } from "../../../metrics/service.js";
import { compartments, topicOf } from "../../present.js";
import { publishedPeriodName } from "../metric-detail/published-judgement.js";

/** What the grouping needs of a row, whatever else a page puts in it. */
export interface SectionRow {
  metricId: string;
  topic: Topic | undefined;
  /** An Oversight Framework score of a metric value, which the value's own page states. */
  scoresAnother: boolean;
}

export interface DashboardSection<R> {
  id: string;
  title: string;
  /** NHS England's own figures (the Oversight Framework): no SPC, target or trend to show. */
  compact: boolean;
  rows: R[];
  /** Every row of the compartment's topics, before the compact section leaves scores out. */
  members: R[];
}

/**
 * The latest value's period in words: "July 2025"; for NHS England's own categories, "NHS
 * England's own, Q1 2025/26 (Apr–Jun 2025)". Empty without a value.
 */
export function latestPeriodText(m: DashboardMetric): string {
  const latest = m.latest;
  if (!latest) return "";
  return m.metric.category
    ? `NHS England's own, ${publishedPeriodName(latest.period, m.metric.periodType)}`
    : formatPeriod(latest.period, m.metric.periodType);
}

const catalogueIndex = (metricId: string): number => {
  const i = catalogue.findIndex((m) => m.id === metricId);
  return i < 0 ? catalogue.length : i;
};

/** The fields of `SectionRow` for a dashboard metric. */
export const sectionFields = (m: DashboardMetric): SectionRow => ({
  metricId: m.metric.metricId,
  topic: topicOf(m.metric),
  scoresAnother: Boolean(m.metric.category?.scores),
});

/**
 * The compartments that have rows, each with its rows in the dashboard's order; the Oversight
 * Framework's compact section in the catalogue's order (segments and domain scores first, then
 * the metric values) without the scores of metric values.
 */
export function dashboardSections<R extends SectionRow>(
  metrics: readonly DashboardMetric[],
  toRow: (m: DashboardMetric) => R,
): DashboardSection<R>[] {
  const rows = metrics.map(toRow);
  return compartments
    .map((c) => {
      const members = rows.filter((r) => r.topic && c.topics.includes(r.topic));
      if (c.id !== "oversight")
        return { id: c.id, title: c.title, compact: false, rows: members, members };
      return {
        id: c.id,
        title: c.title,
        compact: true,
        rows: members
          .filter((r) => !r.scoresAnother)
          .sort((a, b) => catalogueIndex(a.metricId) - catalogueIndex(b.metricId)),
        members,
      };
    })
    .filter((c) => c.rows.length > 0);
}
