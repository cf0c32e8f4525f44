/** `/metrics`: the catalogue of metrics, by topic, then the measures with no data source yet. */
import type { FastifyPluginAsync } from "fastify";
import {
  catalogue,
  metricsByTopic,
  plannedMetrics,
  topicTitle,
} from "../../../metrics/catalogue/index.js";

export const metricRoutes = (): FastifyPluginAsync => async (app) => {
  app.get("/metrics", async (_request, reply) => {
    const topics = [...metricsByTopic().entries()].map(([topic, metrics]) => ({
      topic,
      title: topicTitle(topic),
      metrics,
    }));
    return reply.render("metrics/metrics.njk", {
      topics,
      count: catalogue.length,
      planned: plannedMetrics,
    });
  });
};
