/** `/networks`: the 16 learning and improvement networks. */
import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../context.js";

export const focusLabel: Record<string, string> = {
  uec: "Urgent and emergency care",
  elective: "Elective care",
  both: "Urgent and emergency care, and elective care",
};
export const footprintLabel: Record<string, string> = {
  region: "Region-wide",
  west_midlands: "West Midlands",
  east_midlands: "East Midlands",
};

export const networkRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/networks", async (_request, reply) => {
      return reply.renderCached("networks", async () => ({
        view: "networks.njk",
        data: {
          networks: await ctx.cache.get("networks", () => ctx.directory.networks()),
          focusLabel,
          footprintLabel,
        },
      }));
    });
  };
