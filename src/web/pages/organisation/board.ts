/**
 * `/org/{code}/board`: an organisation's board view, the Making Data Count summary icon table of
 * every metric of its dashboard (the same service call as `/org/{code}`), for trust boards and for
 * print. Regions and ICBs redirect to their group dashboards, as the organisation page does.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../context.js";
import * as links from "../../links.js";
import { orgCodeSchema, param, peersSchema, withPeers } from "../../present.js";
import { boardPage } from "./board-model.js";
import { checkPeers, organisationOr404 } from "./find-organisation.js";
import { oversightStandings } from "./oversight-standings.js";

const orgParams = z.object({ code: orgCodeSchema });
const peersQuery = z.object({ peers: peersSchema });

export const boardRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/org/:code/board", async (request, reply) => {
      const { code } = param(orgParams, request.params, "organisation code");
      const { peers } = param(peersQuery, request.query, "peer group");
      const organisation = await organisationOr404(ctx, code);
      await checkPeers(ctx, peers);
      if (organisation.kind === "region" || organisation.kind === "icb")
        return reply.redirect(links.organisation(organisation), 301);
      return reply.renderCached(`org-board:${code}:${peers ?? ""}`, async () => {
        const dashboard = await withPeers(peers, () =>
          ctx.analytics.organisationDashboard(code, peers),
        );
        const standings = await oversightStandings(ctx, code, dashboard.metrics);
        return {
          view: "organisation/board.njk",
          data: boardPage({ organisation, dashboard, peers, standings }),
        };
      });
    });
  };
