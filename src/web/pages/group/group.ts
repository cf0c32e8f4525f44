/**
 * Dashboards of groups of organisations: a learning and improvement network
 * `/group/network:{id}` (its workspace, with people and events, is `/networks/{id}`), a
 * region `/regions/{code}` and an ICB `/icbs/{code}`. The group dashboard service
 * (src/metrics/dashboards) gives the members, the group's aggregates with SPC and the members'
 * latest values; this turns them into the page.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { icbByOdsCode, regionName } from "../../../metrics/geography.js";
import type { AppContext } from "../../context.js";
import type { PageSpec } from "../../render.js";
import * as links from "../../links.js";
import { param } from "../../present.js";
import { networkFocusLabel, networkFootprintLabel } from "../../../metrics/networks.js";
import { groupDownloads, groupPage } from "./group-model.js";
import { registerPageDownloads } from "../../exports/page-downloads.js";
import { historyModel } from "../organisation/history-model.js";
import { organisationReference } from "../organisation/organisation.js";

/** `network:<networkId>`, the one group kind under /group so far (regions and ICBs have their own). */
const groupParams = z.object({
  group: z
    .string()
    .regex(/^network:[a-z0-9-]{2,80}$/)
    .transform((g) => g.slice("network:".length)),
});
const codeParams = z.object({ code: z.string().regex(/^[A-Z0-9]{3,5}$/) });
const metricQuery = z.object({
  metric: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .optional(),
});

/** The group page, rendered once per data version and URL (reply.renderCached). */
const page = (data: Record<string, unknown>): PageSpec => ({ view: "group/group.njk", data });

export const groupRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/group/:group", async (request, reply) => {
      const { group: id } = param(groupParams, request.params, "network");
      const { metric } = param(metricQuery, request.query, "metric");
      return reply.renderCached(`network:${id}:${metric ?? ""}`, async () => {
        const dashboard = await ctx.groups.network(id);
        const network = dashboard.network;
        return page({
          ...groupPage(id, dashboard, metric, links.networkDashboard(id)),
          title: network.name,
          caption: `${network.regionName ?? network.regionCode} · ${networkFootprintLabel[network.footprint]} · ${networkFocusLabel[network.focus]}`,
          network,
          action: links.networkDashboard(id),
          workspace: links.network(id),
          // Self-assessment (src/web/pages/assessments): members' SHARED rounds, for the network's people.
          assessments: ctx.assessments.matrices().map((m) => ({
            text: m.title,
            href: `/networks/${id}/assessments/${m.id}`,
          })),
        });
      });
    });

    app.get("/regions/:code", async (request, reply) => {
      const { code } = param(codeParams, request.params, "region code");
      const { metric } = param(metricQuery, request.query, "metric");
      return reply.renderCached(`region:${code}:${metric ?? ""}`, async () => {
        const model = groupPage(code, await ctx.groups.region(code), metric, links.region(code));
        return page({
          ...model,
          title: model.name,
          caption: "NHS England region",
          action: links.region(code),
          reportsHref: `${links.region(code)}/reports`,
        });
      });
    });

    app.get("/icbs/:code", async (request, reply) => {
      const { code } = param(codeParams, request.params, "ICB code");
      const { metric } = param(metricQuery, request.query, "metric");
      return reply.renderCached(`icb:${code}:${metric ?? ""}`, async () => {
        const model = groupPage(code, await ctx.groups.icb(code), metric, links.icb(code));
        const icb = icbByOdsCode(code);
        const title = icb?.name ?? model.name;
        return page({
          ...model,
          // An ICB's successions (the April 2026 mergers and splits), as an organisation page shows them.
          history: historyModel(title, await organisationReference(ctx, code)),
          title,
          caption: `Integrated care board · ${icb ? (regionName(icb.regionCode) ?? icb.regionCode) : ""}`,
          action: links.icb(code),
        });
      });
    });

    // Each dashboard's tables and chart as CSV, SVG and PNG (src/web/exports/page-downloads.ts).
    registerPageDownloads(
      app,
      ctx,
      "/group/:group",
      async (request) => {
        const { group: id } = param(groupParams, request.params, "network");
        const { metric } = param(metricQuery, request.query, "metric");
        return groupDownloads(`network-${id}`, await ctx.groups.network(id), metric);
      },
      { audience: "public" },
    );
    registerPageDownloads(
      app,
      ctx,
      "/regions/:code",
      async (request) => {
        const { code } = param(codeParams, request.params, "region code");
        const { metric } = param(metricQuery, request.query, "metric");
        return groupDownloads(`region-${code}`, await ctx.groups.region(code), metric);
      },
      { audience: "public" },
    );
    registerPageDownloads(
      app,
      ctx,
      "/icbs/:code",
      async (request) => {
        const { code } = param(codeParams, request.params, "ICB code");
        const { metric } = param(metricQuery, request.query, "metric");
        return groupDownloads(`icb-${code}`, await ctx.groups.icb(code), metric);
      },
      { audience: "public" },
    );
  };
