/** `/healthz` (the process is up) and `/readyz` (it can reach its database). */
import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../../context.js";

export const healthRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/healthz", async () => ({ status: "ok" }));
    app.get("/readyz", async (_request, reply) => {
      if (await ctx.directory.ready()) return { status: "ready" };
      return reply.code(503).send({ status: "unavailable", reason: "database unreachable" });
    });
  };
