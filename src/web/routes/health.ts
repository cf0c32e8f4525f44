/** `/healthz` (the process is up) and `/readyz` (it can reach its database). */
import { sql } from "kysely";
import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../app.js";

export const healthRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/healthz", async () => ({ status: "ok" }));
    app.get("/readyz", async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(ctx.db);
        return { status: "ready" };
      } catch {
        return reply.code(503).send({ status: "unavailable", reason: "database unreachable" });
      }
    });
  };
