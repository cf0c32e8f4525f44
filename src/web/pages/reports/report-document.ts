/**
 * An integrated performance report (./report-model.ts) as an export document
 * (src/web/exports/document.ts) for its PDF and XLSX files, and its summary table as CSV: the
 * same rows, icons, takeaways and commentary as the page. In the workbook (`codes`) the icon
 * states are data: a "Variation" and an "Assurance" column in words, each with its Making Data
 * Count code beside it, and every number (value, target, mean, limits) a number of its own.
 */
import { csvWithProvenance } from "../../../metrics/csv.js";
import { metricSources, periodRange } from "../../exports/page-downloads.js";
import type { ExportBlock, ExportCell, ExportDocument } from "../../exports/document.js";
import type { ReportPage, ReportRow } from "./report-model.js";

const text = (t: string | null | undefined): ExportCell => ({ text: t ?? "" });

/** Where the figures come from, for the file's provenance lines (paths only, never a host). */
function provenance(page: ReportPage) {
  return [
    {
      label: "Source",
      value: `Public NHS data held by the Improvement Hub (${page.seriesLabels.join("; ")}); each metric's publication is named on its page and every source on the hub's Data page (/data)`,
    },
    {
      label: "Method",
      value:
        "Making Data Count statistical process control: mean and process limits (mean ± 2.66 × the mean moving range, or the p or u chart's) of the latest limits; variation and assurance icons as NHS England's guide defines them",
    },
    { label: "Periods", value: page.periods },
    { label: "Data version", value: page.dataVersion },
    { label: "Generated", value: page.generatedAt.toISOString() },
  ];
}

function variationCell(r: ReportRow): ExportCell {
  return r.variation ? { text: r.variation.words, iconSvg: r.variation.svg } : text("Not judged");
}

function assuranceCell(r: ReportRow): ExportCell {
  if (r.assurance) return { text: r.assurance.words, iconSvg: r.assurance.svg };
  return text(r.target ? "Not judged" : "No target");
}

/** The summary table: compact on paper (period with value, limits together), wide in a workbook. */
function summaryTable(
  caption: string,
  rows: readonly ReportRow[],
  codes: boolean,
): Extract<ExportBlock, { kind: "table" }> {
  if (!codes)
    return {
      kind: "table",
      caption,
      head: [
        "Metric",
        "Latest",
        "Target",
        "Mean",
        "Process limits",
        "Variation",
        "Assurance",
        "Takeaway",
      ],
      rows: rows.map((r) => [
        text(r.title),
        { text: r.period ? `${r.value} (${r.period})` : r.value, value: r.latestValue },
        text(r.target ?? "None"),
        { text: r.mean, value: r.meanValue },
        text(r.lowerValue === null ? "–" : `${r.lower} to ${r.upper}`),
        variationCell(r),
        assuranceCell(r),
        text(r.takeaway),
      ]),
    };
  return {
    kind: "table",
    caption,
    head: [
      "Metric",
      "Metric id",
      "Period",
      "Latest",
      "Target",
      "Mean",
      "Lower process limit",
      "Upper process limit",
      "Variation",
      "Variation code",
      "Assurance",
      "Assurance code",
      "Takeaway",
    ],
    rows: rows.map((r) => [
      text(r.title),
      text(r.metricId),
      text(r.period),
      { text: r.value, value: r.latestValue },
      { text: r.target ?? "", value: r.targetValue },
      { text: r.mean, value: r.meanValue },
      { text: r.lower, value: r.lowerValue },
      { text: r.upper, value: r.upperValue },
      text(r.variation?.words ?? "Not judged"),
      text(r.variationCode ?? "not_judged"),
      text(r.assurance?.words ?? (r.target ? "Not judged" : "No target")),
      text(r.assuranceCode ?? (r.target ? "not_judged" : "no_target")),
      text(r.takeaway),
    ]),
  };
}

/** Each metric's chart and commentary, in the report's order. */
function metricBlocks(page: ReportPage): ExportBlock[] {
  return page.metrics.flatMap(({ row, chart, commentary }): ExportBlock[] => {
    const blocks: ExportBlock[] = [];
    if (chart)
      blocks.push({
        kind: "figure",
        title: `${row.title} (${row.section})`,
        takeaway: `${row.takeaway}. Latest ${row.value}${row.period ? ` in ${row.period}` : ""}.`,
        svg: chart.downloadSvg ?? chart.svg,
        legend: chart.legend,
      });
    else {
      blocks.push({ kind: "heading", level: 3, text: `${row.title} (${row.section})` });
      blocks.push({ kind: "paragraph", text: `${row.takeaway}.` });
    }
    if (commentary) {
      const head = commentary.draftLabel ? `Commentary (${commentary.draftLabel})` : "Commentary";
      blocks.push({ kind: "paragraph", text: `${head}, ${commentary.byline}:` });
      for (const p of commentary.paragraphs) blocks.push({ kind: "paragraph", text: p });
    } else if (page.showsCommentary && row.periodStart)
      blocks.push({ kind: "paragraph", text: `No commentary yet for ${row.period}.` });
    return blocks;
  });
}

/**
 * The report as an export document. `codes`: the workbook's layout (icon codes and every number
 * in columns of their own); without it the paper layout.
 */
export function reportDocument(page: ReportPage, options: { codes: boolean }): ExportDocument {
  const missing = page.missing.length
    ? [
        {
          kind: "paragraph" as const,
          text: `No data for ${page.info.name}: ${page.missing.map((m) => `${m.title} (${m.section})`).join("; ")}.`,
        },
      ]
    : [];
  return {
    title: page.title,
    subtitle: `${page.info.name} · ${page.info.kindLabel}`,
    meta: provenance(page),
    blocks: [
      ...(page.description ? [{ kind: "paragraph" as const, text: page.description }] : []),
      {
        kind: "paragraph",
        text: `${page.metricCount} metrics. Each row gives the latest value and its period, the target in force, the mean and process limits of the SPC chart, the Making Data Count icons for variation over time and assurance against the target, and a one-line takeaway.`,
      },
      ...page.sections
        .filter((s) => s.rows.length > 0)
        .map((s) => summaryTable(s.title, s.rows, options.codes)),
      ...missing,
      ...(options.codes ? [] : [{ kind: "pageBreak" as const }]),
      ...(options.codes ? [] : metricBlocks(page)),
    ],
  };
}

/** The publications of the report's metrics, and this service computing from them. */
export const reportSource = (page: ReportPage) => metricSources(page.rows.map((r) => r.metricId));

/** The latest periods shown, in words ("July 2025", "April to July 2025"). */
export const reportPeriod = (page: ReportPage) =>
  periodRange(
    page.rows.flatMap((r) => (r.periodStart ? [r.periodStart] : [])),
    page.rows[0]?.periodType ?? "month",
  );

/**
 * The summary table as CSV under the provenance block (decision 0019), one row per metric:
 * numbers as numbers, icon states as codes and words.
 */
export function reportCsv(page: ReportPage): string {
  return csvWithProvenance(
    [
      "section",
      "metric_id",
      "metric",
      "period",
      "value",
      "unit",
      "target",
      "mean",
      "lower_process_limit",
      "upper_process_limit",
      "variation",
      "variation_words",
      "assurance",
      "assurance_words",
      "takeaway",
      "data_version",
    ],
    page.rows.map((r) => [
      r.section,
      r.metricId,
      r.title,
      r.periodStart,
      r.latestValue,
      r.unit,
      r.targetValue,
      r.meanValue,
      r.lowerValue,
      r.upperValue,
      r.variationCode ?? "not_judged",
      r.variation?.words ?? "Not judged",
      r.assuranceCode ?? (r.target ? "not_judged" : "no_target"),
      r.assurance?.words ?? (r.target ? "Not judged" : "No target"),
      r.takeaway,
      page.dataVersion,
    ]),
    {
      source: reportSource(page),
      period: reportPeriod(page),
      dataVersion: page.dataVersion,
      generatedAt: page.generatedAt,
    },
  );
}
