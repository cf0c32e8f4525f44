/**
 * `/metric/{id}`: a metric across the country — England's trend with SPC, regional and network
 * breakdowns, the distribution, and who improved most (judged statistically: special-cause
 * improvement in SPC, or for annual data a significant recent trend, not a two-point change) —
 * and `/metric/{id}.csv`.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { getMetric, getPlannedMetric, topicTitle } from "../../../metrics/catalogue/index.js";
import { formatPeriod } from "../../../metrics/period.js";
import { csvWithProvenance } from "../../../metrics/csv.js";
import type { MetricNational } from "../../../metrics/analytics/types.js";
import type { AppContext } from "../../context.js";
import {
  chartDownloads,
  downloadHref,
  metricSources,
  periodRange,
  registerPageDownloads,
  type PageDownloads,
} from "../../exports/page-downloads.js";
import { figureHtml, mdcAssuranceIcon, mdcVariationIcon, spcChart } from "../../charts/index.js";
import * as links from "../../links.js";
import { metricFormat, metricIdSchema, param, showValue } from "../../present.js";

const params = z.object({ metricId: metricIdSchema });

const evidenceWords = (e: "special_cause_improvement" | "significant_recent_trend"): string =>
  e === "special_cause_improvement"
    ? "special cause improvement in SPC"
    : "a significant recent trend";

/** England's SPC chart, as the page draws it and its downloads serve it. */
function englandChart(n: MetricNational) {
  return n.england.spc
    ? spcChart(n.england.spc, {
        id: "england-spc",
        title: `${n.metric.title}: England${n.england.published ? ", as published" : ""}`,
        format: metricFormat(n.metric),
        periodType: n.metric.periodType,
        valueLabel: n.metric.shortTitle,
      })
    : null;
}

/** The page's chart and tables as data, for its downloads (src/web/exports/page-downloads.ts). */
function nationalDownloads(n: MetricNational): PageDownloads {
  const chart = englandChart(n);
  const latest = n.latestPeriod ? [n.latestPeriod] : [];
  const groupRows = (rows: MetricNational["regions"], prefix: RegExp) =>
    rows.map((r) => [
      r.group.groupRef.replace(prefix, ""),
      r.group.name,
      r.numerator,
      r.denominator,
      r.value,
      r.reporting,
    ]);
  const groupHead = (key: string) => [
    key,
    "name",
    "numerator",
    "denominator",
    "value",
    "reporting",
  ];
  return {
    stem: `england-${n.metric.metricId}`,
    source: metricSources([n.metric.cloneOf ?? n.metric.metricId]),
    period: chart
      ? periodRange(
          n.england.series.map((p) => p.period),
          n.metric.periodType,
        )
      : periodRange(latest, n.metric.periodType),
    charts: chart ? [chart] : [],
    tables: [
      { id: "regions", head: groupHead("region_code"), rows: groupRows(n.regions, /^geo-region:/) },
      { id: "networks", head: groupHead("network_id"), rows: groupRows(n.networks, /^network-/) },
      {
        id: "improvers",
        head: [
          "org_code",
          "name",
          "baseline_period",
          "baseline_value",
          "latest_period",
          "latest_value",
          "difference",
          "evidence",
        ],
        rows: n.improvers
          .slice(0, 10)
          .map((i) => [
            i.orgCode,
            i.name,
            i.change.baselinePeriod,
            i.change.baselineValue,
            i.change.latestPeriod,
            i.change.latestValue,
            i.change.difference,
            i.evidence.join(" "),
          ]),
      },
    ],
  };
}

export const metricNationalRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/metric/:metricId", async (request, reply) => {
      const { metricId } = param(params, request.params, "metric");
      const planned = getPlannedMetric(metricId);
      if (planned)
        return reply.render("metric-national/planned-metric.njk", {
          metric: planned,
          topicTitle: topicTitle(planned.topic),
          guides: await ctx.guides.usingMetric(metricId),
        });
      // Guides change without the data changing: the page is kept per guide list too.
      const guides = await ctx.guides.usingMetric(metricId);
      const guideKey = guides.map((g) => `${g.guideId}@${g.version}`).join(",");
      return reply.renderCached(`national:${metricId}:${guideKey}`, async () => {
        const n = await ctx.analytics.metricNational(metricId);
        const definition = getMetric(n.metric.cloneOf ?? n.metric.metricId);
        const chart = englandChart(n);
        const page = `/metric/${metricId}`;
        const latest = n.latestPeriod ? formatPeriod(n.latestPeriod, n.metric.periodType) : null;
        const summary =
          chart && n.england.spc
            ? {
                variation: mdcVariationIcon(n.england.spc.summary.variationIcon, {
                  size: 40,
                  decorative: true,
                }),
                assurance: n.england.spc.summary.assuranceIcon
                  ? mdcAssuranceIcon(n.england.spc.summary.assuranceIcon, {
                      size: 40,
                      decorative: true,
                    })
                  : "",
              }
            : null;
        const show = (v: number | null) => showValue(n.metric, v);
        const model = {
          englandPublished: n.england.published,
          metric: n.metric,
          definition,
          latest,
          figure: chart
            ? figureHtml(chart, {
                ...chartDownloads(page, chart.id),
                csvHref: links.metricCsv(metricId),
              })
            : null,
          tableCsv: {
            regions: downloadHref(page, "regions", "csv"),
            networks: downloadHref(page, "networks", "csv"),
            improvers: downloadHref(page, "improvers", "csv"),
          },
          summary,
          regions: n.regions.map((r) => ({
            name: r.group.name,
            code: r.group.groupRef.replace(/^geo-region:/, ""),
            value: show(r.value),
            numerator: r.numerator,
            denominator: r.denominator,
            reporting: r.reporting,
          })),
          networks: n.networks.map((r) => ({
            name: r.group.name,
            id: r.group.groupRef.replace(/^network-/, ""),
            value: show(r.value),
            reporting: r.reporting,
          })),
          distribution: n.distribution
            ? {
                reporting: n.distribution.reporting,
                min: show(n.distribution.min),
                q1: show(n.distribution.q1),
                median: show(n.distribution.median),
                q3: show(n.distribution.q3),
                max: show(n.distribution.max),
                definition: n.distribution.quantileDefinition,
              }
            : null,
          improvers: n.improvers.slice(0, 10).map((i) => ({
            ...i,
            href: links.organisationMetric(i.orgCode, metricId),
            evidenceText: i.evidence.map(evidenceWords).join(" and "),
          })),
          improverEvidence: n.improverEvidence.map(evidenceWords).join(", or "),
          guides,
        };
        return { view: "metric-national/metric-national.njk", data: model };
      });
    });

    app.get("/metric/:metricId.csv", async (request, reply) => {
      const { metricId } = param(params, request.params, "metric");
      const n = await ctx.analytics.metricNational(metricId);
      const csv = csvWithProvenance(
        ["period", "numerator", "denominator", "value", "reporting"],
        n.england.series.map((p) => [p.period, p.numerator, p.denominator, p.value, p.reporting]),
        {
          source: metricSources([n.metric.cloneOf ?? n.metric.metricId]),
          period: periodRange(
            n.england.series.map((p) => p.period),
            n.metric.periodType,
          ),
          dataVersion: await ctx.analytics.dataVersion(),
          generatedAt: ctx.now(),
        },
      );
      return reply
        .header("Content-Disposition", `attachment; filename="england-${metricId}.csv"`)
        .type("text/csv; charset=utf-8")
        .send(csv);
    });

    registerPageDownloads(
      app,
      ctx,
      "/metric/:metricId",
      async (request) => {
        const { metricId } = param(params, request.params, "metric");
        return nationalDownloads(await ctx.analytics.metricNational(metricId));
      },
      { audience: "public" },
    );
  };
