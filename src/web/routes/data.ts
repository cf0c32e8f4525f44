/**
 * `/data`: where every number comes from — each source with its last import, coverage and the
 * data-quality flags raised — and `/compare?orgs=…&metric=…`: up to 10 organisations side by side.
 */
import type { FastifyPluginAsync } from "fastify";
import { sql } from "kysely";
import { z } from "zod";
import { catalogue, getMetric } from "../../metrics/catalogue/index.js";
import { formatPeriod } from "../../metrics/period.js";
import { UsageError } from "../../errors.js";
import { series } from "../../storage/repositories/values.js";
import { getOrganisation } from "../../storage/repositories/organisations.js";
import type { AppContext } from "../app.js";
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
        const sources = await sql<{
          source: string;
          title: string;
          precedence: number;
          values: number;
          metrics: number;
          organisations: number;
          first_period: string | null;
          latest_period: string | null;
          last_import: Date | null;
          imports: number;
        }>`
          SELECT s.source, s.title, s.precedence,
            coalesce(v.n, 0)::int AS values, coalesce(v.metrics, 0)::int AS metrics, coalesce(v.orgs, 0)::int AS organisations,
            v.first_period::text, v.latest_period::text, i.last_import, coalesce(i.n, 0)::int AS imports
          FROM sources s
          LEFT JOIN (SELECT source, count(*) AS n, count(DISTINCT metric_id) AS metrics, count(DISTINCT org_code) AS orgs,
                       min(period_start) AS first_period, max(period_start) AS latest_period
                     FROM metric_values GROUP BY source) v USING (source)
          LEFT JOIN (SELECT source, max(finished_at) AS last_import, count(*) AS n FROM imports WHERE status = 'succeeded' GROUP BY source) i USING (source)
          ORDER BY s.precedence`.execute(ctx.db);
        const flags = await sql<{ source: string; flag: string; n: number }>`
          SELECT source, flag, count(*)::int AS n FROM metric_values, unnest(dq_flags) AS flag
          GROUP BY source, flag ORDER BY source, n DESC`.execute(ctx.db);
        const imports = await ctx.db
          .selectFrom("imports")
          .select([
            "import_id",
            "file_name",
            "format",
            "source",
            "finished_at",
            "rows_read",
            "values_inserted",
            "values_updated",
            "values_unchanged",
          ])
          .where("status", "=", "succeeded")
          .orderBy("import_id", "desc")
          .limit(30)
          .execute();
        return {
          sources: sources.rows.map((s) => ({
            ...s,
            first: s.first_period ? formatPeriod(s.first_period, "month") : "–",
            latest: s.latest_period ? formatPeriod(s.latest_period, "month") : "–",
            flags: flags.rows.filter((f) => f.source === s.source),
          })),
          imports: imports.map((i) => ({
            ...i,
            when: i.finished_at ? longDate(new Date(i.finished_at).toISOString().slice(0, 10)) : "",
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
        sources: model.sources.map((s) => ({ ...s, lastImport: ago(s.last_import) })),
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
      const orgs = (await Promise.all(codes.map((c) => getOrganisation(ctx.db, c)))).filter(
        (o) => o !== undefined,
      );
      const unknown = codes.filter((c) => !orgs.some((o) => o.org_code === c));
      const lines = await Promise.all(
        orgs.map(async (o) => ({
          org: o,
          points: await series(ctx.db, { orgCode: o.org_code, metricId: metric.id }),
        })),
      );
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
            code: l.org.org_code,
            href: `/org/${l.org.org_code}/metric/${metric.id}`,
            latest: last ? showValue(metric, last.value) : "No data",
            period: last ? formatPeriod(last.periodStart, "month") : "",
          };
        }),
      });
    });
  };
