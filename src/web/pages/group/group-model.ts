/** The model of a group dashboard page (network, region or ICB), from the group dashboard service. */
import { NotFoundError, UsageError } from "../../../errors.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import type { GroupDashboard } from "../../../metrics/dashboards/service.js";
import { formatPeriod } from "../../../metrics/period.js";
import { pointTypeText } from "../../../metrics/spc-wording.js";
import { figureHtml, mdcVariationIcon, spcChart } from "../../charts/index.js";
import * as links from "../../links.js";
import { kindLabel, queryProblems, showValue } from "../../present.js";

/** The page model of a group dashboard (the chart is drawn for the selected metric only). */
export function groupPage(
  key: string,
  dashboard: GroupDashboard,
  selectedMetric: string | undefined,
) {
  const { name, metrics } = dashboard;
  const selected = metrics.find((m) => m.id === selectedMetric) ?? metrics[0];
  // A metric asked for by name is shown or refused, never silently replaced by another.
  if (selectedMetric !== undefined && selected?.id !== selectedMetric) {
    const known = getMetric(selectedMetric);
    if (!known) throw new UsageError(queryProblems.metric(selectedMetric));
    throw new NotFoundError(`There is no data on ${known.title} for ${name}.`);
  }
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
        ? figureHtml(
            spcChart(spc, {
              id: `group-${metric.id}`,
              title: `${metric.title}: ${name}`,
              format: {
                kind: metric.unit === "percentage" ? "percent" : "number",
                decimals: metric.decimals,
              },
              valueLabel: metric.shortTitle,
            }),
            { headingLevel: 3 },
          )
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
    selectedMetric: selected?.id,
    metricOptions: metrics.map((m) => ({
      value: m.id,
      text: m.title,
      selected: m.id === selected?.id,
    })),
  };
}
