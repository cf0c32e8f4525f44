/** The home page: what the hub holds and how fresh it is. */
import type { FastifyPluginAsync } from "fastify";
import { catalogue, getMetric } from "../../metrics/catalogue/index.js";
import { countOrganisationsByKind } from "../../storage/repositories/organisations.js";
import { listNetworks } from "../../storage/repositories/networks.js";
import { coverage } from "../../storage/repositories/values.js";
import type { AppContext } from "../app.js";

export const homeRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/", async (_request, reply) => {
      return reply.renderCached("home", async () => {
        const [kinds, networks, cov] = await Promise.all([
          countOrganisationsByKind(ctx.db),
          listNetworks(ctx.db),
          coverage(ctx.db),
        ]);
        const providers =
          (kinds.acute_trust ?? 0) +
          (kinds.ambulance_trust ?? 0) +
          (kinds.mental_health_trust ?? 0) +
          (kinds.community_trust ?? 0);
        const latest = cov
          .filter((c) => getMetric(c.metricId))
          .map((c) => ({ ...c, title: getMetric(c.metricId)?.title ?? c.metricId }));
        const data = {
          organisations: Object.values(kinds).reduce((a, b) => a + b, 0),
          providers,
          icbs: kinds.icb ?? 0,
          networks: networks.length,
          metrics: catalogue.length,
          latest,
        };
        return { view: "home.njk", data };
      });
    });
  };
