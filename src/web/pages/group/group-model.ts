/** The model of a group dashboard page (network, region or ICB), from the group dashboard service. */
import { NotFoundError, UsageError } from "../../../errors.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import type { GroupDashboard, GroupMetricRow } from "../../../metrics/dashboards/service.js";
import { formatPeriod } from "../../../metrics/period.js";
import { pointTypeText } from "../../../metrics/spc-wording.js";
import { figureHtml, mdcVariationIcon, spcChart } from "../../charts/index.js";
import type { SpcResult } from "../../../stats/spc/index.js";
import {
  chartDownloads,
  downloadHref,
  metricSources,
  periodRange,
  type PageDownloads,
} from "../../exports/page-downloads.js";
import * as links from "../../links.js";
import { kindLabel, queryProblems, showValue } from "../../present.js";

/** The metric whose chart and members are shown: the one asked for, or the first. */
function selectedOf(dashboard: GroupDashboard, selectedMetric: string | undefined) {
  const selected = dashboard.metrics.find((m) => m.id === selectedMetric) ?? dashboard.metrics[0];
  // A metric asked for by name is shown or refused, never silently replaced by another.
  if (selectedMetric !== undefined && selected?.id !== selectedMetric) {
    const known = getMetric(selectedMetric);
    if (!known) throw new UsageError(queryProblems.metric(selectedMetric));
    throw new NotFoundError(`There is no data on ${known.title} for ${dashboard.name}.`);
  }
  return selected;
}

/** The group's SPC chart of one metric, as the page draws it and its downloads serve it. */
function groupChart(name: string, metric: GroupMetricRow["metric"], spc: SpcResult) {
  return spcChart(spc, {
    id: `group-${metric.id}`,
    title: `${metric.title}: ${name}`,
    format: {
      kind: metric.unit === "percentage" ? "percent" : "number",
      decimals: metric.decimals,
    },
    valueLabel: metric.shortTitle,
  });
}

/** The query that keeps the metric chosen, for the downloads' links. */
const metricQuery = (metricId: string | undefined) => (metricId ? `metric=${metricId}` : "");

/**
 * The page's tables and chart as data, for its downloads (src/web/exports/page-downloads.ts): the
 * dashboard (each metric's latest value, England's, the members reporting), and for the metric
 * chosen its SPC chart and its members' latest values.
 */
export function groupDownloads(
  stem: string,
  dashboard: GroupDashboard,
  selectedMetric: string | undefined,
): PageDownloads {
  const selected = selectedOf(dashboard, selectedMetric);
  const row = dashboard.rows.find((r) => r.metric.id === selected?.id);
  const chart = row?.spc ? groupChart(dashboard.name, row.metric, row.spc) : null;
  return {
    stem,
    source: metricSources(dashboard.rows.map((r) => r.metric.id)),
    period: dashboard.rows
      .map((r) => `${r.metric.shortTitle}: ${periodRange([r.latest.periodStart], r.periodType)}`)
      .join("; "),
    charts: chart ? [chart] : [],
    tables: [
      {
        id: "dashboard",
        head: [
          "metric_id",
          "metric",
          "period",
          "numerator",
          "denominator",
          "value",
          "not_available",
          "england",
          "variation",
          "members_reporting",
        ],
        rows: dashboard.rows.map((r) => [
          r.metric.id,
          r.metric.title,
          r.latest.periodStart,
          r.latest.numerator,
          r.latest.denominator,
          r.latest.value,
          r.latest.unavailable ?? "",
          r.england,
          r.spc ? r.spc.summary.variationIcon : "",
          r.latest.reporting,
        ]),
      },
      ...(row
        ? [
            {
              id: "members",
              head: ["org_code", "name", "metric_id", "period", "value", "variation"],
              rows: row.members.map((m) => [
                m.orgCode,
                m.name,
                row.metric.id,
                m.period,
                m.value,
                m.spc?.variationIcon ?? "",
              ]),
            },
          ]
        : []),
    ],
  };
}

/**
 * The page model of a group dashboard (the chart is drawn for the selected metric only);
 * `pagePath` is the page's own path, under which its downloads are.
 */
export function groupPage(
  key: string,
  dashboard: GroupDashboard,
  selectedMetric: string | undefined,
  pagePath: string,
) {
  const { name, metrics } = dashboard;
  const selected = selectedOf(dashboard, selectedMetric);
  const query = metricQuery(selectedMetric);
  const rows = dashboard.rows.map(({ metric, periodType, latest, england, spc, members }) => ({
    metric,
    period: formatPeriod(latest.periodStart, periodType),
    value: latest.unavailable !== undefined ? "Not available" : showValue(metric, latest.value),
    unavailable: latest.unavailable ?? null,
    england: showValue(metric, england),
    reporting: latest.reporting,
    variationIcon: spc
      ? mdcVariationIcon(spc.summary.variationIcon, { size: 32, decorative: true })
      : "",
    variationText: spc ? pointTypeText[spc.summary.variationType] : "",
    figure:
      selected && metric.id === selected.id && spc
        ? figureHtml(groupChart(name, metric, spc), {
            headingLevel: 3,
            ...chartDownloads(pagePath, `group-${metric.id}`, query),
          })
        : null,
    members: members.map((v) => ({
      orgCode: v.orgCode,
      name: v.name,
      value: v.value,
      period: v.period,
      variationIcon: v.spc
        ? mdcVariationIcon(v.spc.variationIcon, { size: 24, decorative: true })
        : "",
      variationText: v.spc?.variationText ?? "",
      text: showValue(metric, v.value),
      href: links.organisationMetric(v.orgCode, metric.id),
    })),
  }));
  return {
    key,
    name,
    members: dashboard.members.map((m) => ({
      ...m,
      kindLabel: kindLabel[m.kind] ?? m.kind,
      href: m.kind === "icb" ? links.icb(m.orgCode) : links.organisationDashboard(m.orgCode),
    })),
    rows,
    tableCsv: {
      dashboard: downloadHref(pagePath, "dashboard", "csv", query),
      members: downloadHref(pagePath, "members", "csv", query),
    },
    selectedMetric: selected?.id,
    metricOptions: metrics.map((m) => ({
      value: m.id,
      text: m.title,
      selected: m.id === selected?.id,
    })),
  };
}
