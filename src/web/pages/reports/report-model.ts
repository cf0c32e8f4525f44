/**
 * The model of an integrated performance report (issue 18): the Making Data Count summary table
 * (metric, latest period and value, target, mean, process limits, variation and assurance icons,
 * a one-line takeaway), the metrics with no data listed, then each metric's SPC chart with the
 * commentary on its latest period. Built from the report service's sections and commentary; the
 * page (./report.njk), the files (./report-document.ts) and the standalone HTML
 * (./report-html.ts) all read this one model, so they say the same thing.
 */
import { getMetric } from "../../../metrics/catalogue/index.js";
import { formatPeriod } from "../../../metrics/period.js";
import type {
  CommentaryView,
  ReportDefinition,
  ReportMetric,
  ReportSectionData,
  SubjectInfo,
} from "../../../reports/types.js";
import type { AssuranceIcon, VariationIcon } from "../../../stats/spc/index.js";
import {
  assuranceIconText,
  mdcAssuranceIcon,
  mdcVariationIcon,
  spcChart,
  spcTakeaway,
  variationIconText,
  type Chart,
} from "../../charts/index.js";
import * as links from "../../links.js";
import { longDateTime, metricFormat, showValue } from "../../present.js";
import { reportHref } from "./subject.js";

const ICON_SIZE = 28;

/** An icon drawn beside its words (hidden on screen but read out; printed in files). */
export interface ReportIcon {
  svg: string;
  words: string;
}

function variationIcon(code: VariationIcon): ReportIcon {
  return {
    svg: mdcVariationIcon(code, { size: ICON_SIZE, decorative: true }),
    words: variationIconText(code),
  };
}

function assuranceIcon(code: AssuranceIcon): ReportIcon {
  return {
    svg: mdcAssuranceIcon(code, { size: ICON_SIZE, decorative: true }),
    words: assuranceIconText(code),
  };
}

/** The commentary on a metric's latest period, as the report shows it. */
export interface CommentaryBlock {
  /** The text's paragraphs (split on blank lines; never HTML). */
  paragraphs: string[];
  /** "Draft carried forward from August 2026, not yet reviewed", or null for this period's own. */
  draftLabel: string | null;
  /** "Version 3, by Sam Analyst, 5 December 2026 at 14:02" */
  byline: string;
}

/** The charts and rows of one report, independent of who reads it (kept per data version). */
export interface ReportBody {
  rows: ReportRow[];
  sections: { title: string; rows: ReportRow[]; missing: { metricId: string; title: string }[] }[];
  /** The SPC chart of each metric that has one, by metric id. */
  charts: Map<string, Chart>;
}

/**
 * One metric's summary row: values as numbers (for files) and as display text, the icons' codes
 * and words. `mean`, `lower` and `upper` are the process limits of the latest period's limits.
 */
export interface ReportRow {
  section: string;
  metricId: string;
  title: string;
  shortTitle: string;
  href: string;
  periodType: ReportMetric["periodType"];
  /** ISO start of the latest period with a value, or null. */
  periodStart: string | null;
  period: string;
  latestValue: number | null;
  value: string;
  unit: string;
  targetValue: number | null;
  target: string | null;
  targetLabel: string | null;
  meanValue: number | null;
  mean: string;
  lowerValue: number | null;
  lower: string;
  upperValue: number | null;
  upper: string;
  variationCode: VariationIcon | null;
  variation: ReportIcon | null;
  assuranceCode: AssuranceIcon | null;
  assurance: ReportIcon | null;
  takeaway: string;
  seriesLabel: string;
}

/**
 * The chart's one-line takeaway. Where a target is in force but the SPC was judged without one (a
 * group's combined series: the dashboards assess no target), it says so rather than "no target".
 */
function takeawayOf(
  m: ReportMetric,
  spc: NonNullable<ReportMetric["spc"]>,
  format: ReturnType<typeof metricFormat>,
): string {
  const takeaway = spcTakeaway(spc, { format, periodType: m.periodType });
  if (!m.target || spc.options.target !== null) return takeaway;
  return `${takeaway.replace(/; no target$/, "")}; assurance against the ${showValue(m.metric, m.target.value)} target not judged for this series`;
}

function reportRow(
  section: string,
  m: ReportMetric,
  metricHref: (metricId: string) => string,
): ReportRow {
  const metric = m.metric;
  const spc = m.spc;
  const s = spc?.summary;
  const format = metricFormat(metric);
  const show = (v: number | null | undefined) =>
    v === null || v === undefined ? "–" : showValue(metric, v);
  return {
    section,
    metricId: metric.id,
    title: metric.title,
    shortTitle: metric.shortTitle,
    href: metricHref(metric.id),
    periodType: m.periodType,
    periodStart: m.latest?.period ?? null,
    period: m.latest ? formatPeriod(m.latest.period, m.periodType) : "",
    latestValue: m.latest?.value ?? null,
    value: show(m.latest?.value),
    unit: metric.unit,
    targetValue: m.target?.value ?? null,
    target: m.target ? showValue(metric, m.target.value) : null,
    targetLabel: m.target?.label ?? null,
    meanValue: s?.lastMean ?? null,
    mean: show(s?.lastMean),
    lowerValue: s?.lastLpl ?? null,
    lower: show(s?.lastLpl),
    upperValue: s?.lastUpl ?? null,
    upper: show(s?.lastUpl),
    variationCode: s?.variationIcon ?? null,
    variation: s ? variationIcon(s.variationIcon) : null,
    assuranceCode: s?.assuranceIcon ?? null,
    assurance: s?.assuranceIcon ? assuranceIcon(s.assuranceIcon) : null,
    takeaway: spc
      ? takeawayOf(m, spc, format)
      : `Not judged: ${m.notJudged ?? "no SPC for this series"}`,
    seriesLabel: m.seriesLabel,
  };
}

/**
 * The rows and charts of a report: the part that depends on the data and the definition only,
 * so it can be kept per data version and shared by every reader allowed to see the subject.
 */
export function reportBody(info: SubjectInfo, sections: readonly ReportSectionData[]): ReportBody {
  const metricHref = (metricId: string) =>
    info.subject.kind === "organisation"
      ? links.organisationMetric(info.subject.orgCode, metricId)
      : links.metric(metricId);
  const charts = new Map<string, Chart>();
  const out: ReportBody["sections"] = sections.map((section) => {
    const rows = section.metrics.map((m) => {
      if (m.spc)
        charts.set(
          m.metric.id,
          spcChart(m.spc, {
            id: `spc-${m.metric.id}`,
            title: `${m.metric.title}: ${info.name}`,
            format: metricFormat(m.metric),
            periodType: m.periodType,
            valueLabel: m.metric.shortTitle,
          }),
        );
      return reportRow(section.title, m, metricHref);
    });
    return {
      title: section.title,
      rows,
      missing: section.missing.map((metricId) => ({
        metricId,
        title: getMetric(metricId)?.title ?? metricId,
      })),
    };
  });
  return { rows: out.flatMap((s) => s.rows), sections: out, charts };
}

/** The commentary as the report shows it: paragraphs, its version and author, draft or not. */
export function commentaryBlock(
  view: CommentaryView,
  periodType: ReportMetric["periodType"],
): CommentaryBlock {
  return {
    paragraphs: view.text
      .split(/\r?\n\s*\r?\n/)
      .map((p) => p.trim())
      .filter((p) => p !== ""),
    draftLabel: view.carriedFrom
      ? `Draft carried forward from ${formatPeriod(view.carriedFrom, periodType)}, not yet reviewed`
      : null,
    byline: `Version ${view.version}, by ${view.authorName}, ${longDateTime(view.savedAt)}`,
  };
}

/**
 * The periods in plain words: "Latest periods: most metrics to October 2026 (24 of 30); each
 * value's own period is beside it."
 */
export function periodsSummary(rows: readonly ReportRow[]): string {
  const withValue = rows.filter((r) => r.period !== "");
  const counts = new Map<string, number>();
  for (const r of withValue) counts.set(r.period, (counts.get(r.period) ?? 0) + 1);
  const [mode, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  return mode
    ? `Each value is the latest held for its metric, with its period beside it; the most common period is ${mode} (${n} of ${withValue.length} values).`
    : "No values yet.";
}

/** Who may see what: the commentary (null: this reader may not read it) and the edit links. */
export interface ReportAudience {
  commentary: ReadonlyMap<string, CommentaryView> | null;
  canEdit: boolean;
}

/** The commentary shown for a metric: the one for its latest period (or carried forward to it). */
export function commentaryOf(
  commentary: ReadonlyMap<string, CommentaryView> | null,
  row: Pick<ReportRow, "metricId" | "periodStart">,
): CommentaryView | null {
  if (!commentary || !row.periodStart) return null;
  return (
    commentary.get(row.metricId) ?? commentary.get(`${row.metricId}:${row.periodStart}`) ?? null
  );
}

/** The whole report for one reader: the shared body, their commentary and links, provenance. */
export function reportPage(input: {
  info: SubjectInfo;
  definition: ReportDefinition;
  body: ReportBody;
  audience: ReportAudience;
  dataVersion: string;
  generatedAt: Date;
}) {
  const { info, definition, body, audience } = input;
  const subject = info.subject;
  const metrics = body.rows.map((row) => {
    const chart = body.charts.get(row.metricId) ?? null;
    const view = commentaryOf(audience.commentary, row);
    return {
      row,
      chart,
      commentary: view ? commentaryBlock(view, row.periodType) : null,
      /** Shown to readers of commentary when none is written yet. */
      noCommentary: audience.commentary !== null && view === null && row.periodStart !== null,
      editHref:
        audience.canEdit && row.periodStart
          ? `${reportHref(subject, definition.key)}/commentary/${row.metricId}`
          : null,
    };
  });
  const missing = body.sections.flatMap((s) => s.missing.map((m) => ({ ...m, section: s.title })));
  return {
    subject,
    info,
    definition,
    title: definition.title,
    description: definition.description,
    sections: body.sections,
    rows: body.rows,
    metrics,
    missing,
    showsCommentary: audience.commentary !== null,
    canEdit: audience.canEdit,
    metricCount: body.rows.length,
    periods: periodsSummary(body.rows),
    seriesLabels: [...new Set(body.rows.map((r) => r.seriesLabel))],
    dataVersion: input.dataVersion,
    generatedAt: input.generatedAt,
    generated: longDateTime(input.generatedAt),
  };
}

export type ReportPage = ReturnType<typeof reportPage>;
