/**
 * The model of an organisation's metric page: SPC, benchmark and funnel charts (also served alone
 * as downloads), comparisons, the definition, gaps in the series in words, downloads.
 */
import type { PublishedJudgement } from "../../../metrics/values.js";
import { publishedJudgementView, publishedPeriodName } from "./published-judgement.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import { comparisonLevels, type ComparisonLevel } from "../../../metrics/catalogue/types.js";
import { formatPeriod } from "../../../metrics/period.js";
import type { MetricDetail, MetricNational } from "../../../metrics/service.js";
import {
  benchmarkBars,
  figureHtml,
  funnelPlot,
  mdcAssuranceIcon,
  mdcVariationIcon,
  spcChart,
  type Chart,
} from "../../charts/index.js";
import * as links from "../../links.js";
import { downloadHref } from "../../exports/page-downloads.js";
import { longDate, metricFormat, showValue } from "../../present.js";
import { peerOptions, type PeerChoices } from "../organisation/peer-options.js";
import type { Organisation } from "../../../metrics/organisations.js";
import { spcDirectionOf } from "../../../metrics/catalogue/direction.js";

export function metricDetailPage(input: {
  organisation: Organisation;
  detail: MetricDetail;
  /** The metric across England (for telling gaps in the publications from gaps in reporting). */
  national: MetricNational | null;
  metricId: string;
  choices: PeerChoices;
  peers: string | undefined;
  /** The level chosen in the URL (absent: the metric's default, which the detail carries). */
  level?: ComparisonLevel | undefined;
  /** The publication's own judgement of the latest value, for metrics judged that way (SHMI). */
  published?: PublishedJudgement | null;
  /** The organisation's recommended peers, marked among the ranked bars of a wider group. */
  recommended?: readonly string[];
  /**
   * Who recorded each rebase decision shown (by decision id): only for readers who may see the
   * organisation's private pages; everyone else sees the date and the reason.
   */
  recorders?: ReadonlyMap<number, string>;
  /** Whether the reader may record a rebase decision (the organisation's analysts). */
  canRecord?: boolean;
}) {
  const { organisation, detail: d, national, metricId, choices, peers, level } = input;
  const code = organisation.orgCode;
  // Downloads and forms keep the series shown: as reported or continued through a merger, with
  // the default limits or a reader's rebase.
  const view: links.SeriesView = {
    history: d.history?.view === "continued" ? "continued" : undefined,
    rebase: d.baseline.requested ?? undefined,
  };
  const charts = detailCharts(d, input.recommended, input.recorders);
  // A category (no SPC, so no limits to start again) takes no rebase decision: no form offered.
  const canRecord = input.canRecord === true && d.metric.category === null;
  // SPC speaks for monthly series; the untested recent trend adds nothing beside its icons.
  // A category (an Oversight Framework segment or score) is never charted or tested for change.
  const recentTrend =
    d.metric.category || (d.trend.spc && d.trend.recentTrend.marker === "not_tested")
      ? null
      : d.trend.recentTrend;
  const definition = getMetric(d.metric.cloneOf ?? d.metric.metricId);
  const missing = missingRuns(
    d,
    new Map((national?.england.series ?? []).map((p) => [p.period, p.reporting])),
  );
  return {
    published: input.published
      ? publishedJudgementView(
          definition ?? { unit: d.metric.unit, decimals: d.metric.decimals },
          d.metric.periodType,
          input.published,
          d.series.find((s) => s.period === input.published?.periodStart)?.value ?? null,
        )
      : null,
    d,
    org: d.organisation,
    closed: organisation.closeDate ? longDate(organisation.closeDate) : null,
    metric: d.metric,
    definition,
    latest: d.latestPeriod
      ? {
          // A category is NHS England's own: "Segment 2 of 4 (NHS England's own, Q1 2025/26 …)".
          period: d.metric.category
            ? publishedPeriodName(d.latestPeriod, d.metric.periodType)
            : formatPeriod(d.latestPeriod, d.metric.periodType),
          own: d.metric.category !== null,
          value: showValue(d.metric, d.series.find((s) => s.period === d.latestPeriod)?.value),
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
    recentTrend: recentTrend?.text ?? null,
    change: d.trend.changeSinceBaseline?.text ?? null,
    // One rule heads the summary (SPC for monthly and quarterly series); the statistics behind the
    // headline and the change sentences are one click away, not in the sentences.
    judgementDetail: [
      d.trend.spc?.detail,
      recentTrend?.detail,
      d.trend.changeSinceBaseline?.detail,
      d.trend.changeSinceBaseline ? `Change: ${d.trend.changeSinceBaseline.formula}.` : null,
    ].filter((x): x is string => Boolean(x)),
    suggestedRebasePoints: d.suggestedRebasePoints.map((s) => ({
      ...s,
      period: formatPeriod(s.date, d.metric.periodType),
      viewHref: links.organisationMetric(code, metricId, peers, { ...view, rebase: s.date }),
      recordHref: canRecord ? recordHref(code, metricId, s.date) : null,
    })),
    baseline: baselineView(d, metricId, peers, view),
    breakLabels: d.spc ? d.baseline.breaks.map((b) => breakLabel(d, b, input.recorders)) : [],
    rebases: {
      listHref: `/org/${code}/rebases`,
      // Offered to analysts only; the form states what a decision does before it is recorded.
      recordHref: canRecord ? recordHref(code, metricId, d.baseline.requested ?? undefined) : null,
    },
    spcFigure: charts.spc
      ? figureHtml(charts.spc, {
          csvHref: links.organisationMetricDownload(code, metricId, "csv", peers, view),
        })
      : null,
    benchmarkFigure: charts.benchmark
      ? figureHtml(charts.benchmark, {
          csvHref: links.organisationMetricDownload(code, metricId, "benchmark.csv", peers, view),
        })
      : null,
    funnelFigure: charts.funnel
      ? figureHtml(charts.funnel, {
          csvHref: links.organisationMetricDownload(code, metricId, "funnel.csv", peers, view),
        })
      : null,
    funnelNote: d.funnel ? `${d.funnel.method} ${d.funnel.overdispersion.text}` : null,
    // The query keeps the peer group, the view and the level, as the page has them.
    comparisonsCsv: downloadHref(
      `/org/${code}/metric/${metricId}`,
      "comparisons",
      "csv",
      new URLSearchParams({
        ...(peers ? { peers } : {}),
        ...(view.history ? { history: view.history } : {}),
        ...(view.rebase ? { rebase: view.rebase } : {}),
        ...(level === undefined ? {} : { level: String(level) }),
      }).toString(),
    ),
    comparisons: d.comparisons.map((c) => ({
      ...c,
      benchmarkText: showValue(d.metric, c.benchmark.value),
    })),
    // The level is a choice only where an interval decides a comparison.
    levelChoice:
      d.metric.intervalKind === "none"
        ? null
        : {
            options: comparisonLevels.map((l) => ({
              value: String(l),
              text: `${l}%${l === d.metric.comparisonLevel ? " (this metric's default)" : ""}`,
              checked: l === d.level,
            })),
            hint: d.metric.comparisonLevelNote,
            chosen: level === undefined ? null : String(level),
            peers: peers ?? null,
          },
    opportunity: d.opportunity,
    opportunityPeriod: d.opportunity?.period
      ? formatPeriod(d.opportunity.period, d.metric.periodType)
      : null,
    missing,
    svgLinks: (["spc", "benchmark", "funnel"] as const)
      .filter((k) => charts[k])
      .flatMap((k) =>
        (["svg", "png"] as const).map((format) => ({
          href: links.organisationMetricDownload(code, metricId, `${k}.${format}`, peers, view),
          text: `${k === "spc" ? "SPC chart" : k === "benchmark" ? "Benchmark chart" : "Funnel plot"} (${format.toUpperCase()})`,
        })),
      ),
    csvHref: links.organisationMetricDownload(code, metricId, "csv", peers, view),
    dashboardHref: links.organisationDashboard(code, peers),
    peerOptions: peerOptions(d.organisation, choices, peers),
    seriesHistory: historyView(d, metricId, peers),
  };
}

/** The form recording a rebase decision, with the period chosen when one is given. */
const recordHref = (orgCode: string, metricId: string, at: string | undefined) =>
  `/org/${orgCode}/metric/${metricId}/rebase${at ? `?at=${at}` : ""}`;

/**
 * One break of the limits in words, as the chart numbers it and its table notes it: "New limits
 * from Apr 2025: <reason> (recorded by <name> on 4 December 2026)" for a rebase decision (the name
 * only when given: readers of the organisation's private pages), the rule's reason otherwise.
 */
export function breakLabel(
  d: MetricDetail,
  b: MetricDetail["baseline"]["breaks"][number],
  recorders?: ReadonlyMap<number, string>,
): string {
  const from = `New limits from ${formatPeriod(b.period, d.metric.periodType)}`;
  if (b.reason === "requested") return `${from}, in this view only, at your request`;
  if (b.reason !== "decision" || !b.decision) return `${from}: ${b.text}`;
  const who = recorders?.get(b.decision.decisionId);
  return `${from}: ${b.text} (recorded ${who ? `by ${who} ` : ""}on ${longDate(b.decision.recordedOn)})`;
}

/** Each break's label by its first period, as `spcChart`'s `breakLabels` takes them. */
export function breakLabelsOf(
  d: MetricDetail,
  recorders?: ReadonlyMap<number, string>,
): Record<string, string> {
  return Object.fromEntries(d.baseline.breaks.map((b) => [b.period, breakLabel(d, b, recorders)]));
}

/**
 * Where the limits start again, in words (the default rule's breaks: baseline.ts), and for a
 * reader's rebase the notice that it is a view, with the way back.
 */
function baselineView(
  d: MetricDetail,
  metricId: string,
  peers: string | undefined,
  view: links.SeriesView,
) {
  const period = (p: string) => formatPeriod(p, d.metric.periodType);
  const defaults = d.baseline.breaks.filter((b) => b.reason !== "requested");
  const rule =
    defaults.length === 0
      ? "The limits are computed from the whole series: it has no long gap, national event, merger or recorded rebase decision to start them again at."
      : `The limits start again ${defaults.map((b) => `in ${period(b.period)} (${b.text})`).join(", and ")}, as Making Data Count does when the process has changed for a known reason; each period of limits is computed from its own points.`;
  return {
    rule,
    requested: d.baseline.requested
      ? {
          text: `You are viewing the limits recalculated from ${period(d.baseline.requested)}, at your request. This is a view only: it changes nothing for anyone else, and the icons on the organisation's dashboard keep the default limits.`,
          href: links.organisationMetric(d.organisation.orgCode, metricId, peers, {
            ...view,
            rebase: undefined,
          }),
        }
      : null,
  };
}

/** How a successor's page says what its series is, with the link to the other view. */
function historyView(d: MetricDetail, metricId: string, peers: string | undefined) {
  const h = d.history;
  if (!h || h.status === "no_predecessor_values" || h.status === "no_earlier_periods") return null;
  const org = d.organisation;
  const dates = [...new Set(h.predecessors.map((p) => p.effectiveDate))];
  const on = dates.map((x) => longDate(x)).join(" and ");
  const parts = nameList(h.predecessors.map((p) => `${p.name} (${p.orgCode})`));
  const merged = `${parts} passed whole to ${org.name} on ${on}.`;
  const name = d.metric.shortTitle.toLowerCase();
  if (h.status === "not_aggregable")
    return {
      continued: false,
      text: `${merged} ${d.metric.shortTitle} cannot be added up across organisations, so its series is not continued through the merger: the values are ${org.name}'s as reported.`,
      link: null,
    };
  if (h.view === "reported")
    return {
      continued: false,
      text: `${merged} This chart shows ${org.name}'s own ${name} as reported, so values from before the merger (where it has any) are not the same organisation as now.`,
      link: {
        href: links.organisationMetric(org.orgCode, metricId, peers, { history: "continued" }),
        text: "Show the series continued with the merged organisations' combined figures",
      },
    };
  const gaps =
    h.gapPeriods > 0
      ? ` ${h.gapPeriods} period${h.gapPeriods === 1 ? "" : "s"} before the merger ${h.gapPeriods === 1 ? "is" : "are"} left out because some of them reported ${h.gapPeriods === 1 ? "it" : "them"} and some did not.`
      : "";
  return {
    continued: true,
    text: `${merged} Before ${on}, this series is continued with ${h.includesOwn ? `${org.name}'s own figures and theirs` : "their"} combined: ${combinedMethod[d.metric.aggregation]}, for ${h.combinedPeriods} period${h.combinedPeriods === 1 ? "" : "s"} in which all of them reported.${gaps} The SPC chart and its limits use the continued series; benchmarks and comparisons use the values as reported, under the code that reported them.`,
    link: {
      href: links.organisationMetric(org.orgCode, metricId, peers),
      text: `Show ${org.name}'s values as reported`,
    },
  };
}

/** How a continued series adds organisations, by the metric's aggregation (src/metrics/analytics/continuation.ts). */
const combinedMethod: Record<MetricDetail["metric"]["aggregation"], string> = {
  sum_ratio: "their numerators and denominators added, then divided",
  sum: "their values added",
  mean_of_daily: "their values added (each is a level for the same period)",
  weighted_mean: "their values averaged, weighted by their denominators",
  not_aggregable: "not combined",
};

function nameList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]!}`;
}

/**
 * The charts of a metric page (also served alone as SVG downloads). `recommended`: peer codes
 * shown distinctly among the ranked bars (the selected organisation's recommended peers).
 */
export function detailCharts(
  d: MetricDetail,
  recommended: readonly string[] = [],
  recorders?: ReadonlyMap<number, string>,
): {
  spc: Chart | null;
  benchmark: Chart | null;
  funnel: Chart | null;
} {
  const format = metricFormat(d.metric);
  const org = d.organisation;
  const notes: Record<string, string> = {};
  const tableNotes: Record<string, string> = {};
  for (const v of d.series) {
    if (v.dqFlags.length)
      notes[v.period] = `Data-quality flags: ${v.dqFlags.join(", ").replace(/_/g, " ")}`;
    if (v.combinedFrom?.length) tableNotes[v.period] = `Combined: ${v.combinedFrom.join(" + ")}`;
  }
  const continued = d.history?.view === "continued";
  const spc = d.spc
    ? spcChart(d.spc, {
        id: "spc",
        title: `${d.metric.title}: ${org.name}${continued ? ", continued before its merger (combined figures)" : ""}`,
        format,
        periodType: d.metric.periodType,
        notes,
        tableNotes,
        valueLabel: d.metric.shortTitle,
        breakLabels: breakLabelsOf(d, recorders),
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
          peers: recommended,
          direction: spcDirectionOf(d.metric),
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
            direction: spcDirectionOf(d.metric),
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
  // In a continued series, a gap before the merger is a period not every merged organisation reported.
  const mergedFrom = d.history?.view === "continued" ? d.history.mergedFrom : "";
  let run: { start: string; end: string; published: boolean } | null = null;
  const flush = () => {
    if (!run) return;
    if (run.published && run.end < mergedFrom) {
      out.push(
        `No combined figure ${span(run.start, run.end)}: not every merged organisation reported ${name} then.`,
      );
      run = null;
      return;
    }
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
