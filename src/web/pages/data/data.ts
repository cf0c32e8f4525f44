/**
 * `/data`: where every number comes from — each source with its last import, coverage and the
 * data-quality flags raised — and the metric definitions.
 */
import type { FastifyPluginAsync } from "fastify";
import { catalogue } from "../../../metrics/catalogue/index.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { AppContext } from "../../context.js";
import { longDate, showValue } from "../../present.js";

export const dataRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/data", async (_request, reply) => {
      const model = await ctx.cache.get("data-page", async () => {
        const report = await ctx.coverage.dataSources();
        return {
          sources: report.sources.map((s) => ({
            ...s,
            first: s.firstPeriod ? formatPeriod(s.firstPeriod, "month") : "–",
            latest: s.latestPeriod ? formatPeriod(s.latestPeriod, "month") : "–",
          })),
          imports: report.imports.map((i) => ({
            ...i,
            when: i.finishedAt ? longDate(new Date(i.finishedAt).toISOString().slice(0, 10)) : "",
          })),
          // Targets as people write them: "95% from 1 July 2010", not "95 from 2010-07-01".
          metrics: catalogue.map((m) => ({
            ...m,
            targets: m.targets.map((t) => ({
              ...t,
              value: showValue(m, t.value),
              from: longDate(t.from),
              to: t.to ? longDate(t.to) : undefined,
            })),
          })),
        };
      });
      // "3 days ago" depends on today, so this page is rendered per request from cached data.
      const now = ctx.now().getTime();
      const ago = (d: Date | null) => {
        if (!d) return "never";
        const days = Math.floor((now - new Date(d).getTime()) / 86_400_000);
        return days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
      };
      return reply.render("data/data.njk", {
        ...model,
        sources: model.sources.map((s) => ({ ...s, lastImport: ago(s.lastImport) })),
      });
    });
  };
