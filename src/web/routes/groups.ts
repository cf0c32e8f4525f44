/**
 * Dashboards of groups of organisations: a learning and improvement network `/networks/{id}`, a
 * region `/regions/{code}` and an ICB `/icbs/{code}`. The group dashboard service
 * (src/metrics/dashboards) gives the members, the group's aggregates with SPC and the members'
 * latest values; this turns them into the page.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { GroupDashboard } from "../../metrics/dashboards/service.js";
import { icbByOdsCode, regionName } from "../../metrics/geography.js";
import { formatPeriod } from "../../metrics/period.js";
import type { AppContext } from "../context.js";
import { figureHtml, mdcVariationIcon, spcChart } from "../charts/index.js";
import { kindLabel, param, showValue } from "../present.js";
import { focusLabel, footprintLabel } from "./networks.js";

const networkParams = z.object({ id: z.string().regex(/^[a-z0-9-]{2,80}$/) });
const codeParams = z.object({ code: z.string().regex(/^[A-Z0-9]{3,5}$/) });
const metricQuery = z.object({
  metric: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .optional(),
});

/** The page model of a group dashboard (the chart is drawn for the selected metric only). */
function groupPage(key: string, dashboard: GroupDashboard, selectedMetric: string | undefined) {
  const { name, metrics } = dashboard;
  const selected = metrics.find((m) => m.id === selectedMetric) ?? metrics[0];
  const rows = dashboard.rows.map(({ metric, latest, england, spc, members }) => ({
    metric,
    period: formatPeriod(latest.periodStart, "month"),
    value: showValue(metric, latest.value),
    england: showValue(metric, england),
    reporting: latest.reporting,
    variationIcon: spc
      ? mdcVariationIcon(spc.summary.variationIcon, { size: 32, decorative: true })
      : "",
    variationText: spc ? spc.summary.variationType.replace(/_/g, " ") : "",
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
      href: `/org/${v.orgCode}/metric/${metric.id}`,
    })),
  }));
  return {
    key,
    name,
    members: dashboard.members.map((m) => ({
      ...m,
      kindLabel: kindLabel[m.kind] ?? m.kind,
      href: m.kind === "icb" ? `/icbs/${m.orgCode}` : `/org/${m.orgCode}`,
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

export const groupRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/networks/:id", async (request, reply) => {
      const { id } = param(networkParams, request.params, "network");
      const { metric } = param(metricQuery, request.query, "metric");
      const { network, ...model } = await ctx.cache.get(
        `network:${id}:${metric ?? ""}`,
        async () => {
          const dashboard = await ctx.groups.network(id);
          return { network: dashboard.network, ...groupPage(id, dashboard, metric) };
        },
      );
      return reply.render("group.njk", {
        ...model,
        title: network.name,
        caption: `${network.regionName ?? network.regionCode} · ${footprintLabel[network.footprint]} · ${focusLabel[network.focus]}`,
        network,
        action: `/networks/${id}`,
      });
    });

    app.get("/regions/:code", async (request, reply) => {
      const { code } = param(codeParams, request.params, "region code");
      const { metric } = param(metricQuery, request.query, "metric");
      const model = await ctx.cache.get(`region:${code}:${metric ?? ""}`, async () =>
        groupPage(code, await ctx.groups.region(code), metric),
      );
      return reply.render("group.njk", {
        ...model,
        title: model.name,
        caption: "NHS England region",
        action: `/regions/${code}`,
      });
    });

    app.get("/icbs/:code", async (request, reply) => {
      const { code } = param(codeParams, request.params, "ICB code");
      const { metric } = param(metricQuery, request.query, "metric");
      const model = await ctx.cache.get(`icb:${code}:${metric ?? ""}`, async () =>
        groupPage(code, await ctx.groups.icb(code), metric),
      );
      const icb = icbByOdsCode(code);
      return reply.render("group.njk", {
        ...model,
        title: icb?.name ?? model.name,
        caption: `Integrated care board · ${icb ? (regionName(icb.regionCode) ?? icb.regionCode) : ""}`,
        action: `/icbs/${code}`,
      });
    });
  };
