/**
 * Dashboards of groups of organisations: a learning and improvement network `/networks/{id}`, a
 * region `/regions/{code}` and an ICB `/icbs/{code}`. Each shows the members, the group's own
 * aggregate for each metric of its focus (from numerators and denominators) with SPC against
 * England, and every member's latest value with its variation icon.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { analyseSpc } from "../../stats/spc/index.js";
import { catalogue, spcDirectionOf } from "../../metrics/catalogue/index.js";
import type { Topic } from "../../metrics/catalogue/types.js";
import { icbByOdsCode, icbShortName, regionName } from "../../metrics/geography.js";
import type { GroupRef as StorageGroup } from "../../metrics/group-ref.js";
import { formatPeriod } from "../../metrics/period.js";
import type { DashboardMetric, OrganisationDashboard } from "../../metrics/service.js";
import { NotFoundError } from "../../errors.js";
import { aggregateSeries } from "../../storage/repositories/aggregates.js";
import { networkMembers } from "../../storage/repositories/networks.js";
import { listNetworks } from "../../storage/repositories/networks.js";
import { listOrganisations } from "../../storage/repositories/organisations.js";
import type { AppContext } from "../app.js";
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

const focusTopics: Record<string, Topic[]> = {
  uec: ["uec", "flow", "ambulance"],
  elective: ["elective", "diagnostics", "outpatients", "cancer", "theatres"],
  both: [
    "uec",
    "flow",
    "ambulance",
    "elective",
    "diagnostics",
    "outpatients",
    "cancer",
    "theatres",
  ],
};

interface Member {
  orgCode: string;
  name: string;
  kind: string;
}

/** The model of a group dashboard, computed once per data version. */
async function groupDashboard(
  ctx: AppContext,
  key: string,
  group: StorageGroup,
  name: string,
  members: Member[],
  topics: Topic[],
  selectedMetric: string | undefined,
) {
  const metrics = catalogue.filter(
    (m) =>
      topics.includes(m.topic) &&
      m.aggregation !== "not_aggregable" &&
      !m.reportedBy.every((k) => k === "country"),
  );
  const providers = members.filter((m) => m.kind !== "icb");
  const dashboards = new Map<string, OrganisationDashboard>();
  for (const m of providers) {
    const d = await ctx.analytics.organisationDashboard(m.orgCode).catch(() => null);
    if (d) dashboards.set(m.orgCode, d);
  }
  const selected = metrics.find((m) => m.id === selectedMetric) ?? metrics[0];
  const rows = [];
  for (const metric of metrics) {
    const [own, england] = await Promise.all([
      aggregateSeries(ctx.db, metric.id, group),
      aggregateSeries(ctx.db, metric.id, { kind: "england" }),
    ]);
    const latest = own.filter((p) => p.value !== null).at(-1);
    if (!latest) continue;
    const englandLatest = england.find((p) => p.periodStart === latest.periodStart);
    const spc =
      own.length >= 2
        ? analyseSpc(
            own.map((p) => ({ date: p.periodStart, value: p.value })),
            { improvementDirection: spcDirectionOf(metric) },
          )
        : null;
    const memberValues = providers
      .map((m) => {
        const dm: DashboardMetric | undefined = dashboards
          .get(m.orgCode)
          ?.metrics.find((x) => x.metric.metricId === metric.id);
        return {
          orgCode: m.orgCode,
          name: m.name,
          value: dm?.latest?.value ?? null,
          period: dm?.latest?.period ?? null,
          variationIcon: dm?.trend.spc
            ? mdcVariationIcon(dm.trend.spc.variationIcon, { size: 24, decorative: true })
            : "",
          variationText: dm?.trend.spc?.variationText ?? "",
        };
      })
      .filter((v) => v.value !== null);
    rows.push({
      metric,
      period: formatPeriod(latest.periodStart, "month"),
      value: showValue(metric, latest.value),
      england: showValue(metric, englandLatest?.value ?? null),
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
      members: memberValues.map((v) => ({
        ...v,
        text: showValue(metric, v.value),
        href: `/org/${v.orgCode}/metric/${metric.id}`,
      })),
    });
  }
  return {
    key,
    name,
    members: members.map((m) => ({
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
      const network = (await ctx.cache.get("networks", () => listNetworks(ctx.db))).find(
        (n) => n.networkId === id,
      );
      if (!network) throw new NotFoundError(`There is no network "${id}".`);
      const model = await ctx.cache.get(`network:${id}:${metric ?? ""}`, async () => {
        const members = (await networkMembers(ctx.db, id)).map((m) => ({
          orgCode: m.org_code,
          name: m.name,
          kind: m.kind,
        }));
        return groupDashboard(
          ctx,
          id,
          { kind: "network", networkId: id },
          network.name,
          members,
          focusTopics[network.focus] ?? focusTopics.both!,
          metric,
        );
      });
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
      const name = regionName(code);
      if (!name) throw new NotFoundError(`There is no NHS England region ${code}.`);
      const model = await ctx.cache.get(`region:${code}:${metric ?? ""}`, async () => {
        const orgs = (await listOrganisations(ctx.db, { regionCode: code })).filter(
          (o) => o.kind !== "region" && o.kind !== "country",
        );
        return groupDashboard(
          ctx,
          code,
          { kind: "region", regionCode: code },
          name,
          orgs.map((o) => ({ orgCode: o.org_code, name: o.name, kind: o.kind })),
          focusTopics.both!,
          metric,
        );
      });
      return reply.render("group.njk", {
        ...model,
        title: name,
        caption: "NHS England region",
        action: `/regions/${code}`,
      });
    });

    app.get("/icbs/:code", async (request, reply) => {
      const { code } = param(codeParams, request.params, "ICB code");
      const { metric } = param(metricQuery, request.query, "metric");
      const icb = icbByOdsCode(code);
      if (!icb) throw new NotFoundError(`There is no integrated care board ${code}.`);
      const model = await ctx.cache.get(`icb:${code}:${metric ?? ""}`, async () => {
        const orgs = (await listOrganisations(ctx.db, { icbCode: code })).filter(
          (o) => o.kind !== "icb",
        );
        return groupDashboard(
          ctx,
          code,
          { kind: "icb", icbCode: code },
          `${icbShortName(icb)} ICB`,
          orgs.map((o) => ({ orgCode: o.org_code, name: o.name, kind: o.kind })),
          focusTopics.both!,
          metric,
        );
      });
      return reply.render("group.njk", {
        ...model,
        title: icb.name,
        caption: `Integrated care board · ${regionName(icb.regionCode) ?? icb.regionCode}`,
        action: `/icbs/${code}`,
      });
    });
  };
