/**
 * `/data`: where every number comes from — each source with its last import, coverage and the
 * data-quality flags raised — and `/compare?orgs=…&metric=…`: up to 10 organisations side by side.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { catalogue, getMetric } from "../../metrics/catalogue/index.js";
import { formatPeriod } from "../../metrics/period.js";
import { UsageError } from "../../errors.js";
import type { AppContext } from "../context.js";
import { figureHtml, lineChart } from "../charts/index.js";
import { longDate, metricFormat, param, showValue } from "../present.js";

const compareQuery = z.object({
  orgs: z.string().max(200).optional(),
  metric: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .optional(),
});

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
          metrics: catalogue,
        };
      });
      // "3 days ago" depends on today, so this page is rendered per request from cached data.
      const now = ctx.now().getTime();
      const ago = (d: Date | null) => {
        if (!d) return "never";
        const days = Math.floor((now - new Date(d).getTime()) / 86_400_000);
        return days <= 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
      };
      return reply.render("data.njk", {
        ...model,
        sources: model.sources.map((s) => ({ ...s, lastImport: ago(s.lastImport) })),
      });
    });

    app.get("/compare", async (request, reply) => {
      const q = param(compareQuery, request.query, "comparison");
      const codes = [
        ...new Set(
          (q.orgs ?? "")
            .split(/[\s,]+/)
            .map((c) => c.trim().toUpperCase())
            .filter(Boolean),
        ),
      ];
      if (codes.length > 10) throw new UsageError("Compare at most 10 organisations at a time.");
      if (codes.some((c) => !/^[A-Z0-9]{2,10}$/.test(c)))
        throw new UsageError(
          "Organisation codes are 2 to 10 letters or digits, separated by commas.",
        );
      const metric = getMetric(q.metric ?? "ae_4hr_all");
      if (!metric) throw new UsageError(`There is no metric "${q.metric}".`);
      const orgs = (await Promise.all(codes.map((c) => ctx.directory.organisation(c)))).filter(
        (o) => o !== undefined,
      );
      const unknown = codes.filter((c) => !orgs.some((o) => o.orgCode === c));
      const series = await ctx.coverage.seriesOf(
        orgs.map((o) => o.orgCode),
        metric.id,
      );
      const lines = orgs.map((org, i) => ({ org, points: series[i] ?? [] }));
      const withData = lines.filter((l) => l.points.length > 0);
      const chart = withData.length
        ? lineChart(
            withData.map((l) => ({
              name: l.org.name,
              points: l.points.map((p) => ({ date: p.periodStart, value: p.value })),
            })),
            {
              id: "compare",
              title: `${metric.title}: ${withData.length} organisations`,
              format: metricFormat({ unit: metric.unit, decimals: metric.decimals }),
              target: metric.targets.at(-1)?.value ?? null,
            },
          )
        : null;
      return reply.render("compare.njk", {
        metric,
        metrics: catalogue.map((m) => ({
          value: m.id,
          text: m.title,
          selected: m.id === metric.id,
        })),
        orgsText: codes.join(", "),
        unknown,
        figure: chart ? figureHtml(chart) : null,
        rows: lines.map((l) => {
          const last = l.points.filter((p) => p.value !== null).at(-1);
          return {
            name: l.org.name,
            code: l.org.orgCode,
            href: `/org/${l.org.orgCode}/metric/${metric.id}`,
            latest: last ? showValue(metric, last.value) : "No data",
            period: last ? formatPeriod(last.periodStart, "month") : "",
          };
        }),
      });
    });
  };
