/**
 * `/org/{code}`: an organisation's dashboard (compartments by topic, highlighted opportunities,
 * peer selector in the URL). Regions and ICBs redirect to their group dashboards.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../context.js";
import * as links from "../../links.js";
import { orgCodeSchema, param, peersSchema } from "../../present.js";
import { organisationOr404 } from "./find-organisation.js";
import { organisationPage } from "./organisation-model.js";

const orgParams = z.object({ code: orgCodeSchema });
const peersQuery = z.object({ peers: peersSchema });

export const organisationRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/org/:code", async (request, reply) => {
      const { code } = param(orgParams, request.params, "organisation code");
      const { peers } = param(peersQuery, request.query, "peer group");
      const organisation = await organisationOr404(ctx, code);
      if (organisation.kind === "region" || organisation.kind === "icb")
        return reply.redirect(links.organisation(organisation), 301);
      return reply.renderCached(`org:${code}:${peers ?? ""}`, async () => {
        const dashboard = await ctx.analytics.organisationDashboard(code, peers);
        const successor = organisation.successorCode
          ? await ctx.directory.organisation(organisation.successorCode)
          : undefined;
        const customGroups = await customPeerGroups(ctx);
        return {
          view: "organisation/organisation.njk",
          data: organisationPage({ organisation, dashboard, successor, customGroups, peers }),
        };
      });
    });
  };

/** The custom peer groups offered in the peer selector, once per data version. */
export const customPeerGroups = (ctx: AppContext) =>
  ctx.cache.get("custom-peer-groups", () => ctx.directory.customPeerGroups());
