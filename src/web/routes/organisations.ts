/**
 * An organisation's pages: the dashboard `/org/{code}` (compartments by topic, highlighted
 * opportunities, peer selector in the URL) and the metric page `/org/{code}/metric/{id}` (SPC,
 * benchmark, funnel, comparisons, definition, downloads of exactly what is shown).
 */
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { z } from "zod";
import { getMetric } from "../../metrics/catalogue/index.js";
import { regionName } from "../../metrics/geography.js";
import { formatPeriod } from "../../metrics/period.js";
import type {
  DashboardMetric,
  GroupRefText as GroupRef,
  MetricDetail,
  OrganisationInfo,
} from "../../metrics/service.js";
import {
  networks as networkDefinitions,
  networkFootprintContains,
} from "../../metrics/networks.js";
import { NotFoundError } from "../../errors.js";
import type { AppContext } from "../context.js";
import {
  benchmarkBars,
  figureHtml,
  funnelPlot,
  mdcAssuranceIcon,
  mdcVariationIcon,
  sparkline,
  spcChart,
  toCsv,
  type Chart,
} from "../charts/index.js";
import {
  compartments,
  kindLabel,
  longDate,
  metricFormat,
  metricIdSchema,
  orgCodeSchema,
  param,
  peersSchema,
  showValue,
  topicOf,
} from "../present.js";
import { orgHref } from "./search.js";

const orgParams = z.object({ code: orgCodeSchema });
const metricParams = z.object({ code: orgCodeSchema, metricId: metricIdSchema });
const chartParams = z.object({
  code: orgCodeSchema,
  metricId: metricIdSchema,
  chart: z.enum(["spc", "benchmark", "funnel"]),
});
const peersQuery = z.object({ peers: peersSchema });

/** The peer groups offered for an organisation: national, its region, ICB and networks, recommended, custom. */
async function peerOptions(ctx: AppContext, org: OrganisationInfo, selected: GroupRef | undefined) {
  const groups = await ctx.cache.get("custom-peer-groups", () => ctx.directory.customPeerGroups());
  const options: { value: string; text: string }[] = [
    { value: "acute", text: "All acute trusts in England" },
  ];
  if (org.regionCode)
    options.push({
      value: `region-${org.regionCode}`,
      text: `Acute trusts in ${regionName(org.regionCode) ?? org.regionCode}`,
    });
  if (org.icbCode)
    options.push({ value: `icb-${org.icbCode}`, text: `Acute trusts in the same ICB` });
  for (const n of networkDefinitions) {
    if (networkFootprintContains(n, { regionCode: org.regionCode, icbCode: org.icbCode }))
      options.push({ value: `network-${n.id}`, text: `Members of ${n.name}` });
  }
  options.push({
    value: `recommended:${org.orgCode}`,
    text: "Recommended peers (similar size and activity)",
  });
  for (const g of groups) options.push({ value: g.peerGroupId, text: `My list: ${g.name}` });
  if (selected && !options.some((o) => o.value === selected))
    options.push({ value: selected, text: selected });
  return options.map((o) => ({ ...o, selected: o.value === (selected ?? "") }));
}

/** The organisation, from a per-data-version map (no database round trip per request), or a 404. */
async function organisationOr404(ctx: AppContext, code: string) {
  const byCode = await ctx.cache.get(
    "organisations-by-code",
    async () =>
      new Map(
        (await ctx.directory.organisations({ includeClosed: true })).map((o) => [o.orgCode, o]),
      ),
  );
  const org = byCode.get(code);
  if (!org) throw new NotFoundError(`There is no organisation with the code ${code}.`);
  return org;
}

function dashboardRow(m: DashboardMetric, orgCode: string, peers: string | undefined) {
  const latest = m.latest;
  const spc = m.trend.spc;
  const values = m.sparkline.values;
  const first = values.find((v) => v !== null) ?? null;
  const last = latest?.value ?? null;
  return {
    metricId: m.metric.metricId,
    title: m.metric.title,
    shortTitle: m.metric.shortTitle,
    href: `/org/${orgCode}/metric/${m.metric.metricId}${peers ? `?peers=${encodeURIComponent(peers)}` : ""}`,
    value: showValue(m.metric, last),
    period: latest ? formatPeriod(latest.period, m.metric.periodType) : "",
    target: m.target ? `${showValue(m.metric, m.target.value)} (${m.target.label})` : null,
    variationIcon: spc ? mdcVariationIcon(spc.variationIcon, { size: 32, decorative: true }) : "",
    variationText: spc ? spc.variationText : m.trend.recentTrend.text,
    assuranceIcon: spc?.assuranceIcon
      ? mdcAssuranceIcon(spc.assuranceIcon, { size: 32, decorative: true })
      : "",
    assuranceText: spc?.assuranceIcon ? spc.assuranceText : null,
    sparkline: sparkline(values, { reference: m.target?.value ?? null }),
    sparklineText:
      first !== null && last !== null
        ? `From ${showValue(m.metric, first)} to ${showValue(m.metric, last)} over the last ${values.length} periods`
        : "",
    quartile: m.quartile?.text ?? null,
    opportunity: m.opportunity && m.opportunity.amount > 0 ? m.opportunity.text : null,
    opportunityFormula: m.opportunity && m.opportunity.amount > 0 ? m.opportunity.formula : null,
  };
}

function sendCsv(reply: FastifyReply, filename: string, csv: string) {
  return reply
    .header("Content-Disposition", `attachment; filename="${filename}"`)
    .type("text/csv; charset=utf-8")
    .send(csv);
}

/** The charts of a metric page (also served alone as SVG downloads). */
function detailCharts(d: MetricDetail): {
  spc: Chart | null;
  benchmark: Chart | null;
  funnel: Chart | null;
} {
  const format = metricFormat(d.metric);
  const org = d.organisation;
  const notes: Record<string, string> = {};
  for (const v of d.series)
    if (v.dqFlags.length)
      notes[v.period] = `Data-quality flags: ${v.dqFlags.join(", ").replace(/_/g, " ")}`;
  const spc = d.spc
    ? spcChart(d.spc, {
        id: "spc",
        title: `${d.metric.title}: ${org.name}`,
        format,
        periodType: d.metric.periodType,
        notes,
        valueLabel: d.metric.shortTitle,
      })
    : null;
  const benchmark = d.benchmarkBars
    ? benchmarkBars(
        d.benchmarkBars.bars.map((b) => ({ code: b.orgCode, name: b.name, value: b.value })),
        {
          id: "benchmark",
          title: `${d.metric.shortTitle}, ${formatPeriod(d.benchmarkBars.period, d.metric.periodType)}: ${d.peers.name}`,
          format,
          selected: org.orgCode,
          direction: d.metric.improvementDirection === "lower_is_better" ? "decrease" : "increase",
          valueLabel: d.metric.shortTitle,
          quartiles: d.benchmarkBars.distribution,
        },
      )
    : null;
  // The funnel is drawn with the engine's limits (exact, overdispersion-adjusted when it applies),
  // so the chart, its table and the comparison text agree. The chart works in proportions (0–1).
  const m = d.metric.multiplier;
  const scaled = (values: readonly number[]) => values.map((v) => v / m);
  const funnel =
    d.funnel && d.funnel.kind === "proportion"
      ? funnelPlot(
          d.funnel.points.map((p) => ({
            code: p.orgCode,
            name: p.name,
            numerator: p.numerator,
            denominator: p.denominator,
            limits: {
              lower95: p.lower95 / m,
              upper95: p.upper95 / m,
              lower998: p.lower998 / m,
              upper998: p.upper998 / m,
            },
          })),
          {
            id: "funnel",
            title: `Funnel plot, ${formatPeriod(d.funnel.period, d.metric.periodType)}: ${d.funnel.group.name}`,
            format: { ...format, scale: m },
            benchmark: d.funnel.benchmark.value / m,
            selected: org.orgCode,
            direction:
              d.metric.improvementDirection === "lower_is_better" ? "decrease" : "increase",
            valueLabel: d.metric.shortTitle,
            curve: {
              denominator: d.funnel.curve.denominator,
              lower95: scaled(d.funnel.curve.lower95),
              upper95: scaled(d.funnel.curve.upper95),
              lower998: scaled(d.funnel.curve.lower998),
              upper998: scaled(d.funnel.curve.upper998),
            },
          },
        )
      : null;
  return { spc, benchmark, funnel };
}

export const organisationRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    app.get("/org/:code", async (request, reply) => {
      const { code } = param(orgParams, request.params, "organisation code");
      const { peers } = param(peersQuery, request.query, "peer group");
      const row = await organisationOr404(ctx, code);
      if (row.kind === "region" || row.kind === "icb") return reply.redirect(orgHref(row), 301);
      return reply.renderCached(`org:${code}:${peers ?? ""}`, async () => {
        const dashboard = await ctx.analytics.organisationDashboard(code, peers);
        const rows = dashboard.metrics.map((m) => ({
          ...dashboardRow(m, code, peers),
          topic: topicOf(m.metric),
        }));
        const sections = compartments
          .map((c) => ({ ...c, rows: rows.filter((r) => r.topic && c.topics.includes(r.topic)) }))
          .filter((c) => c.rows.length > 0);
        const successor = row.successorCode
          ? await ctx.directory.organisation(row.successorCode)
          : undefined;
        const model = {
          org: dashboard.organisation,
          kindLabel: kindLabel[row.kind] ?? row.kind,
          regionName: row.regionCode ? regionName(row.regionCode) : null,
          closed: row.closeDate ? longDate(row.closeDate) : null,
          successor: successor
            ? {
                name: successor.name,
                href: orgHref(successor),
              }
            : null,
          peersName: dashboard.peers.name,
          peersMembers: dashboard.peers.members,
          peerOptions: await peerOptions(ctx, dashboard.organisation, peers),
          sections,
          highlighted: dashboard.highlighted.slice(0, 5).map((h) => ({
            title: h.title,
            href: `/org/${code}/metric/${h.metricId}${peers ? `?peers=${encodeURIComponent(peers)}` : ""}`,
            text: h.opportunity.text,
            formula: h.opportunity.formula,
            reasons: h.reasons,
          })),
        };
        return { view: "org.njk", data: model };
      });
    });

    app.get("/org/:code/metric/:metricId", async (request, reply) => {
      const { code, metricId } = param(metricParams, request.params, "metric page");
      const { peers } = param(peersQuery, request.query, "peer group");
      const row = await organisationOr404(ctx, code);
      return reply.renderCached(`metric:${code}:${metricId}:${peers ?? ""}`, async () => {
        const d = await ctx.analytics.metricDetail(code, metricId, peers);
        const charts = detailCharts(d);
        const query = peers ? `?peers=${encodeURIComponent(peers)}` : "";
        const base = `/org/${code}/metric/${metricId}`;
        const definition = getMetric(d.metric.cloneOf ?? d.metric.metricId);
        const national = await ctx.analytics.metricNational(metricId).catch(() => null);
        const missing = missingRuns(
          d,
          new Map((national?.england.series ?? []).map((p) => [p.period, p.reporting])),
        );
        const model = {
          d,
          org: d.organisation,
          closed: row.closeDate ? longDate(row.closeDate) : null,
          metric: d.metric,
          definition,
          latest: d.latestPeriod
            ? {
                period: formatPeriod(d.latestPeriod, d.metric.periodType),
                value: showValue(
                  d.metric,
                  d.series.find((s) => s.period === d.latestPeriod)?.value,
                ),
              }
            : null,
          target: d.target
            ? {
                text: `${showValue(d.metric, d.target.value)}`,
                label: d.target.label,
                source: d.target.source,
              }
            : null,
          spcSummary: d.trend.spc,
          variationIcon: d.trend.spc
            ? mdcVariationIcon(d.trend.spc.variationIcon, { size: 48, decorative: true })
            : "",
          assuranceIcon: d.trend.spc?.assuranceIcon
            ? mdcAssuranceIcon(d.trend.spc.assuranceIcon, { size: 48, decorative: true })
            : "",
          recentTrend: d.trend.recentTrend.text,
          change: d.trend.changeSinceBaseline,
          suggestedRebasePoints: d.suggestedRebasePoints.map((s) => ({
            ...s,
            period: formatPeriod(s.date, d.metric.periodType),
          })),
          spcFigure: charts.spc ? figureHtml(charts.spc, { csvHref: `${base}.csv${query}` }) : null,
          benchmarkFigure: charts.benchmark
            ? figureHtml(charts.benchmark, { csvHref: `${base}/benchmark.csv${query}` })
            : null,
          funnelFigure: charts.funnel
            ? figureHtml(charts.funnel, { csvHref: `${base}/funnel.csv${query}` })
            : null,
          funnelNote: d.funnel ? `${d.funnel.method} ${d.funnel.overdispersion.text}` : null,
          comparisons: d.comparisons.map((c) => ({
            ...c,
            benchmarkText: showValue(d.metric, c.benchmark.value),
          })),
          opportunity: d.opportunity,
          missing,
          svgLinks: (["spc", "benchmark", "funnel"] as const)
            .filter((k) => charts[k])
            .map((k) => ({
              href: `${base}/${k}.svg${query}`,
              text: `${k === "spc" ? "SPC chart" : k === "benchmark" ? "Benchmark chart" : "Funnel plot"} (SVG)`,
            })),
          csvHref: `${base}.csv${query}`,
          peersQuery: query,
          peerOptions: await peerOptions(ctx, d.organisation, peers),
        };
        return { view: "metric-detail.njk", data: model };
      });
    });

    // Downloads: the series as CSV (exactly the table under the SPC chart) and each chart as SVG.
    app.get("/org/:code/metric/:metricId.csv", async (request, reply) => {
      const { code, metricId } = param(metricParams, request.params, "metric page");
      const { peers } = param(peersQuery, request.query, "peer group");
      await organisationOr404(ctx, code);
      const d = await ctx.analytics.metricDetail(code, metricId, peers);
      const chart = detailCharts(d).spc;
      const csv = chart
        ? chart.csv
        : toCsv(
            ["period", "numerator", "denominator", "value"],
            d.series.map((s) => [s.period, s.numerator, s.denominator, s.value]),
          );
      return sendCsv(reply, `${code}-${metricId}.csv`, csv);
    });

    app.get("/org/:code/metric/:metricId/:chart.csv", async (request, reply) => {
      const { code, metricId, chart } = param(chartParams, request.params, "chart");
      const { peers } = param(peersQuery, request.query, "peer group");
      await organisationOr404(ctx, code);
      const c = detailCharts(await ctx.analytics.metricDetail(code, metricId, peers))[chart];
      if (!c) throw new NotFoundError("This chart has no data.");
      return sendCsv(reply, `${code}-${metricId}-${chart}.csv`, c.csv);
    });

    app.get("/org/:code/metric/:metricId/:chart.svg", async (request, reply) => {
      const { code, metricId, chart } = param(chartParams, request.params, "chart");
      const { peers } = param(peersQuery, request.query, "peer group");
      await organisationOr404(ctx, code);
      const c = detailCharts(await ctx.analytics.metricDetail(code, metricId, peers))[chart];
      if (!c) throw new NotFoundError("This chart has no data.");
      return reply
        .header("Content-Disposition", `attachment; filename="${code}-${metricId}-${chart}.svg"`)
        .type("image/svg+xml; charset=utf-8")
        .send(
          `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ')}`,
        );
    });
  };

/**
 * Runs of missing periods inside the series, in words. Where other organisations reported those
 * periods: "No data: X did not report 4-hour performance from April 2021 to May 2023". Where
 * hardly anyone did (a gap in the publications held, not in this organisation's reporting): "The
 * data held has no … figures for any organisation from April 2019 to March 2021".
 *
 * `reporting` gives, per period, how many organisations reported it.
 */
function missingRuns(d: MetricDetail, reporting: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  const name = d.metric.shortTitle.toLowerCase();
  const firstIndex = d.series.findIndex((s) => s.value !== null);
  if (firstIndex < 0)
    return [`No data: ${d.organisation.name} has not reported ${d.metric.title.toLowerCase()}.`];
  const most = Math.max(0, ...reporting.values());
  // A period counts as published when at least a tenth as many organisations reported it as in
  // the best-covered period.
  const published = (period: string) => (reporting.get(period) ?? 0) >= Math.max(2, most / 10);
  const span = (a: string, b: string) =>
    a === b
      ? `for ${formatPeriod(a, d.metric.periodType)}`
      : `from ${formatPeriod(a, d.metric.periodType)} to ${formatPeriod(b, d.metric.periodType)}`;
  let run: { start: string; end: string; published: boolean } | null = null;
  const flush = () => {
    if (!run) return;
    out.push(
      run.published
        ? `No data: ${d.organisation.name} did not report ${name} ${span(run.start, run.end)}.`
        : `The data held has no ${name} figures for any organisation ${span(run.start, run.end)}.`,
    );
    run = null;
  };
  for (let i = firstIndex; i < d.series.length; i++) {
    const s = d.series[i]!;
    if (s.value !== null) {
      flush();
      continue;
    }
    const p = published(s.period);
    if (run && run.published === p) run.end = s.period;
    else {
      flush();
      run = { start: s.period, end: s.period, published: p };
    }
  }
  if (run) {
    const last: { start: string; published: boolean } = run;
    run = null;
    out.push(
      last.published
        ? `No data since ${formatPeriod(last.start, d.metric.periodType)}: ${d.organisation.name} has not reported the latest periods.`
        : `The data held has no ${name} figures for any organisation since ${formatPeriod(last.start, d.metric.periodType)}.`,
    );
  }
  return out;
}
