/** `/org/{code}/peers`: an organisation's recommended peers, why each was chosen and how far it is. */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../context.js";
import { orgCodeSchema, param } from "../../present.js";
import { organisationOr404 } from "../organisation/find-organisation.js";
import { peersDownloads, peersPage } from "./peers-model.js";
import { registerPageDownloads } from "../../exports/page-downloads.js";

const orgParams = z.object({ code: orgCodeSchema });

export const peersRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/org/:code/peers", async (request, reply) => {
      const { code } = param(orgParams, request.params, "organisation code");
      await organisationOr404(ctx, code);
      return reply.renderCached(`peers:${code}`, async () => ({
        view: "peers/peers.njk",
        data: peersPage(await ctx.analytics.recommendedPeers(code)),
      }));
    });

    registerPageDownloads(
      app,
      ctx,
      "/org/:code/peers",
      async (request) => {
        const { code } = param(orgParams, request.params, "organisation code");
        await organisationOr404(ctx, code);
        return peersDownloads(await ctx.analytics.recommendedPeers(code));
      },
      { audience: "public", tablesOnly: true },
    );
  };
