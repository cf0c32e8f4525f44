/** `/networks`: the 16 learning and improvement networks. */
import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../../context.js";

import { networkFocusLabel, networkFootprintLabel } from "../../../metrics/networks.js";

export const networkRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/networks", async (_request, reply) => {
      return reply.renderCached("networks", async () => ({
        view: "networks/networks.njk",
        data: {
          networks: await ctx.cache.get("networks", () => ctx.directory.networks()),
          focusLabel: networkFocusLabel,
          footprintLabel: networkFootprintLabel,
        },
      }));
    });
  };
