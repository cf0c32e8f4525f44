/**
 * `/org/{code}/metric/{id}`: an organisation's metric page (SPC, benchmark, funnel, comparisons,
 * definition) and downloads of exactly what it shows (the series as CSV, each chart as CSV or SVG).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { NotFoundError } from "../../../errors.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import { isAdHocGroup } from "../../../metrics/group-ref.js";
import type { AppContext } from "../../context.js";
import { csvWithProvenance, provenanceLines, type CsvProvenance } from "../../../metrics/csv.js";
import type { MetricDetail } from "../../../metrics/service.js";
import {
  historySchema,
  levelSchema,
  metricIdSchema,
  orgCodeSchema,
  param,
  peersSchema,
  rebaseSchema,
  withPeers,
} from "../../present.js";
import { checkPeers, organisationOr404 } from "../organisation/find-organisation.js";
import { peerChoices } from "../organisation/organisation.js";
import { svgPng } from "../../exports/png.js";
import { PNG_WIDTH, svgDocument } from "../../exports/svg-file.js";
import { metricSources, periodRange, registerPageDownloads } from "../../exports/page-downloads.js";
import { detailCharts, metricDetailPage } from "./metric-detail-model.js";

const metricParams = z.object({ code: orgCodeSchema, metricId: metricIdSchema });
const chartParams = z.object({
  code: orgCodeSchema,
  metricId: metricIdSchema,
  chart: z.enum(["spc", "benchmark", "funnel"]),
});
const peersQuery = z.object({
  peers: peersSchema,
  history: historySchema,
  rebase: rebaseSchema,
});
const pageQuery = peersQuery.extend({ level: levelSchema });

function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  return reply
    .header("Content-Disposition", `attachment; filename="${filename}"`)
    .type("text/csv; charset=utf-8")
    .send(csv);
}

export const metricDetailRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/org/:code/metric/:metricId", async (request, reply) => {
      const { code, metricId } = param(metricParams, request.params, "metric page");
      const { level, history, rebase, ...query } = param(
        pageQuery,
        request.query,
        "peer group, level, history or rebase date",
      );
      const organisation = await organisationOr404(ctx, code);
      const peers = await checkPeers(ctx, query.peers);
      // Guides change without the data changing: the page is kept per guide list too.
      const guides = await ctx.guides.usingMetric(metricId);
      const guideKey = guides.map((g) => `${g.guideId}@${g.version}`).join(",");
      // Who recorded a rebase decision is shown to the organisation's own people, and the link to
      // record one to its analysts: one cached version of the page for each.
      const names = ctx.rebases.showsNames(request.actor, organisation.orgCode);
      const canRecord = ctx.rebases.canManage(request.actor, organisation.orgCode);
      const variant = `${names ? "n" : ""}${canRecord ? "r" : ""}`;
      return reply.renderCached(
        `metric:${code}:${metricId}:${peers ?? ""}:${level ?? ""}:${history ?? ""}:${rebase ?? ""}:${guideKey}:${variant}`,
        async () => {
          const recorders = names
            ? new Map(
                (await ctx.rebases.list(request.actor, organisation.orgCode, metricId)).map((r) => [
                  r.decisionId,
                  r.recordedBy ?? "",
                ]),
              )
            : undefined;
          const [detail, national, choices, recommended] = await Promise.all([
            withPeers(peers, () =>
              ctx.analytics.metricDetail(code, metricId, peers, level, history, rebase),
            ),
            ctx.analytics.metricNational(metricId).catch(() => null),
            peerChoices(ctx, code),
            // Marked among the ranked bars when the comparison is a wider group than they are.
            peers?.startsWith("recommended:")
              ? null
              : ctx.analytics.recommendedPeers(code).catch(() => null),
          ]);
          // A metric judged or placed by its publication itself (SHMI's limits, the Oversight
          // Framework's median, quartiles and rank): what the publication says.
          const def = getMetric(metricId);
          const published =
            def?.publishedLimits || def?.publishedStanding
              ? await ctx.coverage.latestPublishedJudgement(
                  code,
                  metricId,
                  detail.metric.periodType,
                )
              : null;
          return {
            view: "metric-detail/metric-detail.njk",
            data: {
              guides,
              ...metricDetailPage({
                organisation,
                detail,
                national,
                metricId,
                choices,
                peers,
                level,
                published,
                recommended: recommended?.peers.map((p) => p.orgCode) ?? [],
                ...(recorders ? { recorders } : {}),
                canRecord,
              }),
            },
          };
        },
        { adHoc: isAdHocGroup(peers) },
      );
    });

    /**
     * The charts a download serves, drawn as the page draws them for this reader: the breaks
     * labelled with the rebase decisions' reasons, and who recorded each only for readers of the
     * organisation's private pages (a signed-in reader's response is kept by no shared cache).
     */
    async function downloadCharts(request: FastifyRequest, code: string, metricId: string) {
      const { history, rebase, ...query } = param(peersQuery, request.query, "peer group or view");
      const organisation = await organisationOr404(ctx, code);
      const peers = await checkPeers(ctx, query.peers);
      const d = await withPeers(peers, () =>
        ctx.analytics.metricDetail(code, metricId, peers, undefined, history, rebase),
      );
      const recorders = ctx.rebases.showsNames(request.actor, organisation.orgCode)
        ? new Map(
            (await ctx.rebases.list(request.actor, organisation.orgCode, metricId)).map((r) => [
              r.decisionId,
              r.recordedBy ?? "",
            ]),
          )
        : undefined;
      return { d, charts: detailCharts(d, [], recorders) };
    }

    /** A download's provenance block: the series' periods, or the one period a comparison is of. */
    const provenance = (d: MetricDetail, single: boolean): CsvProvenance => ({
      source: metricSources([d.metric.metricId]),
      period:
        single && d.latestPeriod
          ? periodRange([d.latestPeriod], d.metric.periodType)
          : periodRange(
              d.series.map((s) => s.period),
              d.metric.periodType,
            ),
      dataVersion: d.dataVersion,
      generatedAt: ctx.now(),
    });

    // Downloads: the series as CSV (exactly the table under the SPC chart) and each chart as SVG.
    app.get("/org/:code/metric/:metricId.csv", async (request, reply) => {
      const { code, metricId } = param(metricParams, request.params, "metric page");
      const { d, charts } = await downloadCharts(request, code, metricId);
      const csv = charts.spc
        ? provenanceLines(provenance(d, false)) + charts.spc.csv
        : csvWithProvenance(
            ["period", "numerator", "denominator", "value"],
            d.series.map((s) => [s.period, s.numerator, s.denominator, s.value]),
            provenance(d, false),
          );
      return sendCsv(reply, `${code}-${metricId}.csv`, csv);
    });

    app.get("/org/:code/metric/:metricId/:chart.csv", async (request, reply) => {
      const { code, metricId, chart } = param(chartParams, request.params, "chart");
      const { d, charts } = await downloadCharts(request, code, metricId);
      const c = charts[chart];
      if (!c) throw new NotFoundError("This chart has no data.");
      return sendCsv(
        reply,
        `${code}-${metricId}-${chart}.csv`,
        provenanceLines(provenance(d, chart !== "spc")) + c.csv,
      );
    });

    app.get("/org/:code/metric/:metricId/:chart.svg", async (request, reply) => {
      const { code, metricId, chart } = param(chartParams, request.params, "chart");
      const c = (await downloadCharts(request, code, metricId)).charts[chart];
      if (!c) throw new NotFoundError("This chart has no data.");
      return reply
        .header("Content-Disposition", `attachment; filename="${code}-${metricId}-${chart}.svg"`)
        .type("image/svg+xml; charset=utf-8")
        .send(svgDocument(c.downloadSvg ?? c.svg));
    });

    // The comparisons table as CSV (src/web/exports/page-downloads.ts), at the level the page
    // shows: each benchmark, its value, the result and how it was decided.
    registerPageDownloads(
      app,
      ctx,
      "/org/:code/metric/:metricId",
      async (request) => {
        const { code, metricId } = param(metricParams, request.params, "metric page");
        const { level, history, rebase, ...query } = param(
          pageQuery,
          request.query,
          "peer group, level, history or rebase date",
        );
        await organisationOr404(ctx, code);
        const peers = await checkPeers(ctx, query.peers);
        const d = await withPeers(peers, () =>
          ctx.analytics.metricDetail(code, metricId, peers, level, history, rebase),
        );
        return {
          stem: `${code}-${metricId}`,
          source: metricSources([d.metric.metricId]),
          period: d.latestPeriod ? periodRange([d.latestPeriod], d.metric.periodType) : "",
          charts: [],
          tables: [
            {
              id: "comparisons",
              head: [
                "org_code",
                "metric_id",
                "period",
                "benchmark",
                "benchmark_group",
                "benchmark_value",
                "result",
                "method",
                "interval_level",
                "interval_lower",
                "interval_upper",
                "quintile",
                "how_decided",
              ],
              rows: d.comparisons.map((c) => [
                code,
                metricId,
                d.latestPeriod,
                c.benchmark.label,
                c.benchmark.groupRef,
                c.benchmark.value,
                c.outcome,
                c.method,
                c.interval?.level ?? null,
                c.interval?.lower ?? null,
                c.interval?.upper ?? null,
                c.quintile,
                c.text,
              ]),
            },
          ],
        };
      },
      { audience: "public", tablesOnly: true },
    );

    // The same chart as a PNG drawn on the server (src/web/exports/png.ts), for slides and
    // documents that take no SVG: 1,600 pixels wide, twice the page's drawing.
    app.get("/org/:code/metric/:metricId/:chart.png", async (request, reply) => {
      const { code, metricId, chart } = param(chartParams, request.params, "chart");
      const c = (await downloadCharts(request, code, metricId)).charts[chart];
      if (!c) throw new NotFoundError("This chart has no data.");
      return reply
        .header("Content-Disposition", `attachment; filename="${code}-${metricId}-${chart}.png"`)
        .type("image/png")
        .send(svgPng(svgDocument(c.downloadSvg ?? c.svg), PNG_WIDTH));
    });
  };
