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
import { toCsv } from "../../../metrics/csv.js";
import type { AppContext } from "../../context.js";
import { figureHtml, mdcAssuranceIcon, mdcVariationIcon, spcChart } from "../../charts/index.js";
import * as links from "../../links.js";
import { metricFormat, metricIdSchema, param, showValue } from "../../present.js";

const params = z.object({ metricId: metricIdSchema });

const evidenceWords = (e: "special_cause_improvement" | "significant_recent_trend"): string =>
  e === "special_cause_improvement"
    ? "special cause improvement in SPC"
    : "a significant recent trend";

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
        const format = metricFormat(n.metric);
        const definition = getMetric(n.metric.cloneOf ?? n.metric.metricId);
        const chart = n.england.spc
          ? spcChart(n.england.spc, {
              id: "england-spc",
              title: `${n.metric.title}: England${n.england.published ? ", as published" : ""}`,
              format,
              periodType: n.metric.periodType,
              valueLabel: n.metric.shortTitle,
            })
          : null;
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
          figure: chart ? figureHtml(chart, { csvHref: links.metricCsv(metricId) }) : null,
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
      const csv = toCsv(
        ["period", "numerator", "denominator", "value", "reporting"],
        n.england.series.map((p) => [p.period, p.numerator, p.denominator, p.value, p.reporting]),
      );
      return reply
        .header("Content-Disposition", `attachment; filename="england-${metricId}.csv"`)
        .type("text/csv; charset=utf-8")
        .send(csv);
    });
  };
