/** The home page: find an organisation, the networks, the topics, and how fresh the data is. */
import type { FastifyPluginAsync } from "fastify";
import { catalogue, getMetric, metricsByTopic, topicTitle } from "../../metrics/catalogue/index.js";
import { providerKinds } from "../../metrics/organisations.js";
import { formatPeriod } from "../../metrics/period.js";
import type { PeriodType } from "../../metrics/values.js";
import { countOrganisationsByKind } from "../../storage/repositories/organisations.js";
import { listNetworks } from "../../storage/repositories/networks.js";
import { coverage } from "../../storage/repositories/values.js";
import type { AppContext } from "../app.js";

/** "today", "yesterday", "3 days ago". */
export function daysAgo(then: Date, now: Date): string {
  const days = Math.floor((now.getTime() - then.getTime()) / 86_400_000);
  return days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
}

export const homeRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/", async (_request, reply) => {
      const model = await ctx.cache.get("home", async () => {
        const [kinds, networks, cov] = await Promise.all([
          countOrganisationsByKind(ctx.db),
          listNetworks(ctx.db),
          coverage(ctx.db),
        ]);
        const providers = providerKinds.reduce((sum, kind) => sum + (kinds[kind] ?? 0), 0);
        const latest = cov
          .filter((c) => getMetric(c.metricId))
          .map((c) => ({ ...c, title: getMetric(c.metricId)?.title ?? c.metricId }));
        // Freshness per topic: the latest month any of its metrics holds, and the newest import.
        const topics = [...metricsByTopic().entries()].map(([topic, metrics]) => {
          const rows = latest.filter(
            (c) => metrics.some((m) => m.id === c.metricId) && c.periodType === "month",
          );
          const latestPeriod =
            rows
              .map((r) => r.latestPeriod)
              .sort()
              .at(-1) ?? null;
          const imported =
            rows
              .map((r) => r.lastImportedAt)
              .filter((d): d is Date => d !== null)
              .sort((a, b) => +a - +b)
              .at(-1) ?? null;
          return {
            topic,
            title: topicTitle(topic),
            metrics: metrics.length,
            latestPeriod,
            imported,
          };
        });
        return {
          organisations: Object.values(kinds).reduce((a, b) => a + b, 0),
          providers,
          icbs: kinds.icb ?? 0,
          networks,
          metrics: catalogue.length,
          latest,
          topics,
        };
      });
      const now = ctx.now();
      return reply.render("home.njk", {
        ...model,
        latest: model.latest.map((m) => ({
          ...m,
          first: formatPeriod(m.firstPeriod, m.periodType as PeriodType),
          last: formatPeriod(m.latestPeriod, m.periodType as PeriodType),
          imported: m.lastImportedAt ? daysAgo(new Date(m.lastImportedAt), now) : null,
        })),
        topics: model.topics.map((t) => ({
          ...t,
          freshness: t.latestPeriod
            ? `data to ${formatPeriod(t.latestPeriod, "month")}${t.imported ? `, imported ${daysAgo(new Date(t.imported), now)}` : ""}`
            : "no data yet",
        })),
      });
    });
  };
