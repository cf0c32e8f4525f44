/** `/compare?orgs=…&metric=…`: up to 10 organisations side by side on one metric. */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { UsageError } from "../../../errors.js";
import { catalogue, getMetric } from "../../../metrics/catalogue/index.js";
import { growsWithSize, periodTypeOf } from "../../../metrics/analytics/metric-info.js";
import { SIZE_NOTE } from "../../../metrics/analytics/sentences.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { AppContext } from "../../context.js";
import { figureHtml, lineChart } from "../../charts/index.js";
import * as links from "../../links.js";
import {
  chartDownloads,
  downloadHref,
  metricSources,
  periodRange,
  registerPageDownloads,
} from "../../exports/page-downloads.js";
import { metricFormat, param, queryProblems, showValue } from "../../present.js";

const compareQuery = z.object({
  orgs: z.string().max(200).optional(),
  metric: z
    .string()
    .regex(/^[a-z0-9_]+$/)
    .optional(),
});

/** The codes and metric asked for, checked: at most 10 codes, each 2 to 10 letters or digits. */
function comparison(query: unknown) {
  const q = param(compareQuery, query, "comparison");
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
    throw new UsageError("Organisation codes are 2 to 10 letters or digits, separated by commas.");
  const metric = getMetric(q.metric ?? "ae_4hr_all");
  if (!metric) throw new UsageError(queryProblems.metric(q.metric ?? null));
  return { codes, metric };
}

type Metric = NonNullable<ReturnType<typeof getMetric>>;

/** The organisations found, each with its series of the metric, and the chart of those with data. */
async function compareLines(ctx: AppContext, codes: string[], metric: Metric) {
  // Each organisation and series once per data version, shared by every comparison
  // that includes it (many distinct lists name the same few trusts).
  const orgs = (
    await Promise.all(
      codes.map((c) => ctx.cache.get(`organisation:${c}`, () => ctx.directory.organisation(c))),
    )
  ).filter((o) => o !== undefined);
  const series = await Promise.all(
    orgs.map((o) =>
      ctx.cache.get(
        `series:${o.orgCode}:${metric.id}`,
        async () => (await ctx.coverage.seriesOf([o.orgCode], metric.id))[0] ?? [],
      ),
    ),
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
  const latest = lines.map((l) => ({
    ...l,
    last: l.points.filter((p) => p.value !== null).at(-1),
  }));
  return { orgs, lines: latest, chart };
}

export const compareRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/compare", async (request, reply) => {
      const { codes, metric } = comparison(request.query);
      const query = `orgs=${codes.join(",")}&metric=${metric.id}`;
      // The page depends on the codes (in the order given) and the metric alone: rendered once
      // per data version, then served from the cache (compressed, with an entity tag). Lists of
      // codes come in countless combinations, so the page is kept with the other ad hoc lists,
      // where however many arrive they never evict the pages everyone shares.
      return reply.renderCached(
        `compare:${codes.join(",")}:${metric.id}`,
        async () => {
          const { orgs, lines, chart } = await compareLines(ctx, codes, metric);
          const unknown = codes.filter((c) => !orgs.some((o) => o.orgCode === c));
          return {
            view: "compare/compare.njk",
            data: {
              metric,
              sizeNote: growsWithSize(metric) ? SIZE_NOTE : null,
              metrics: catalogue.map((m) => ({
                value: m.id,
                text: m.title,
                selected: m.id === metric.id,
              })),
              orgsText: codes.join(", "),
              unknown,
              figure: chart ? figureHtml(chart, chartDownloads("/compare", chart.id, query)) : null,
              tableCsv: downloadHref("/compare", "latest", "csv", query),
              rows: lines.map(({ org, last }) => ({
                name: org.name,
                code: org.orgCode,
                href: links.organisationMetric(org.orgCode, metric.id),
                latest: last ? showValue(metric, last.value) : "No data",
                period: last ? formatPeriod(last.periodStart, "month") : "",
              })),
            },
          };
        },
        { adHoc: true },
      );
    });

    // The chart and the table of latest values as CSV, SVG and PNG (src/web/exports/page-downloads.ts).
    registerPageDownloads(
      app,
      ctx,
      "/compare",
      async (request) => {
        const { codes, metric } = comparison(request.query);
        const { lines, chart } = await compareLines(ctx, codes, metric);
        return {
          stem: `compare-${metric.id}`,
          source: metricSources([metric.id]),
          period: periodRange(
            lines.flatMap((l) => l.points.map((p) => p.periodStart)),
            periodTypeOf(metric),
          ),
          charts: chart ? [chart] : [],
          tables: [
            {
              id: "latest",
              head: ["org_code", "name", "metric_id", "period", "value"],
              rows: lines.map(({ org, last }) => [
                org.orgCode,
                org.name,
                metric.id,
                last?.periodStart ?? null,
                last?.value ?? null,
              ]),
            },
          ],
        };
      },
      { audience: "public" },
    );
  };
