/**
 * `/data`: where every number comes from — each source with its last import, coverage and the
 * data-quality flags raised — and the metric definitions.
 */
import type { FastifyPluginAsync } from "fastify";
import { catalogue } from "../../../metrics/catalogue/index.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { AppContext } from "../../context.js";
import { longDate, showValue } from "../../present.js";
import { downloadHref, registerPageDownloads } from "../../exports/page-downloads.js";

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
        tableCsv: {
          sources: downloadHref("/data", "sources", "csv"),
          imports: downloadHref("/data", "imports", "csv"),
        },
      });
    });

    // Its two tables as CSV (src/web/exports/page-downloads.ts), values as data.
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    registerPageDownloads(
      app,
      ctx,
      "/data",
      async () => {
        const report = await ctx.coverage.dataSources();
        const periods = report.sources.flatMap((s) =>
          [s.firstPeriod, s.latestPeriod].filter((p): p is string => p !== null),
        );
        periods.sort();
        return {
          stem: "data-sources",
          source: "Improvement Hub's record of the publications it holds and their imports",
          period: periods.length ? `periods held ${periods[0]} to ${periods.at(-1)}` : "no values",
          charts: [],
          tables: [
            {
              id: "sources",
              head: [
                "source",
                "title",
                "precedence",
                "first_period",
                "latest_period",
                "metrics",
                "organisations",
                "values",
                "imports",
                "last_import",
                "quality_flags",
              ],
              rows: report.sources.map((s) => [
                s.source,
                s.title,
                s.precedence,
                s.firstPeriod,
                s.latestPeriod,
                s.metrics,
                s.organisations,
                s.values,
                s.imports,
                iso(s.lastImport),
                s.flags.map((f) => `${f.flag}: ${f.count}`).join("; "),
              ]),
            },
            {
              id: "imports",
              head: [
                "import_id",
                "file_name",
                "format",
                "source",
                "finished_at",
                "rows_read",
                "values_inserted",
                "values_updated",
                "values_unchanged",
              ],
              rows: report.imports.map((i) => [
                i.importId,
                i.fileName,
                i.format,
                i.source,
                iso(i.finishedAt),
                i.rowsRead,
                i.valuesInserted,
                i.valuesUpdated,
                i.valuesUnchanged,
              ]),
            },
          ],
        };
      },
      { audience: "public", tablesOnly: true },
    );
  };
