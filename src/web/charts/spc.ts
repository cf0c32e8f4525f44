/**
 * The Making Data Count SPC chart (from an `SpcResult`) and its takeaway sentence.
 *
 * Drawn: the series (broken at rebases and missing periods), the mean, the process limits per
 * rebase group (steps when they vary per point, as on p and u charts), optionally the 2-sigma
 * lines, special-cause points by shape and colour, target and trajectory lines, and rings
 * around points with a data-quality note.
 */
import type { PeriodType } from "../../metrics/values.js";
import type { SpcPoint, SpcResult } from "../../stats/spc/index.js";
import {
  assurancePhrase,
  pointTypeText,
  specialCauseText,
  variationPhrase,
} from "../../metrics/spc-wording.js";
import { toCsv } from "../../metrics/csv.js";

export { specialCauseText };
import {
  frameFor,
  layoutId,
  layouts,
  markerBox,
  point,
  referenceLabel,
  svgOpen,
  xAxis,
  xLabelCount,
  yAxis,
  yTickLabels,
  type Layout,
} from "./frame.js";
import { csvNumber, formatLevel, formatValue, periodLabel, type ValueFormat } from "./format.js";
import {
  colours,
  dash,
  lineSwatch,
  marker,
  markerKind,
  markerNames,
  markerSwatch,
  qualityRing,
  ringSwatch,
  type MarkerKind,
} from "./marks.js";
import { attrs, esc, linearScale, linePath, n, niceTicks, safeId, stepPath } from "./svg.js";
import { timeScale } from "./time-axis.js";
import { breakNotesBlock } from "./break-notes.js";
import type { Chart, ChartSize, LegendItem, TableCell } from "./types.js";

export interface SpcChartOptions extends ChartSize {
  /** Unique on the page; used for the SVG's title and description ids. */
  id: string;
  title: string;
  format?: ValueFormat;
  /** Default "month". */
  periodType?: PeriodType;
  /** Draw the 2-sigma lines (default false). */
  showNearLimits?: boolean;
  /** Data-quality notes by period (YYYY-MM-DD): the point is ringed and the note footnoted. */
  notes?: Readonly<Record<string, string>>;
  /** Notes by period for the table and CSV only (e.g. "Combined: RD3 + RDZ" in a continued series). */
  tableNotes?: Readonly<Record<string, string>>;
  /** Heading of the value column, e.g. "Seen within 4 hours" (default "Value"). */
  valueLabel?: string;
  /**
   * Dated events drawn as solid vertical lines with their label, e.g. a learning post's
   * "Change made": between the last period before the date and the first starting on or after it.
   */
  markers?: readonly { date: string; label: string }[];
  /**
   * Why the limits start again, by the first period of the new limits: "New limits from Apr 2025:
   * new streaming model (recorded on 4 December 2026)". Each labelled break line is numbered at
   * its top (the number's title is the label, for pointer users; pages list the labels under the
   * chart in the same order), and the label is the period's note in the table and CSV.
   */
  breakLabels?: Readonly<Record<string, string>>;
}

export interface SpcTakeawayOptions {
  format?: ValueFormat;
  periodType?: PeriodType;
}

/** A point's variation in words: "Special cause improvement: above the upper process limit". */
export function pointVariationText(p: SpcPoint, runLength: number): string {
  if (p.value === null) return "No data";
  const why = p.pointType === "common_cause" ? null : specialCauseText(p.specialCause, runLength);
  return why ? `${pointTypeText[p.pointType]}: ${why}` : pointTypeText[p.pointType];
}

function lastObservedIndex(points: readonly SpcPoint[]): number {
  for (let i = points.length - 1; i >= 0; i--) if (points[i]!.value !== null) return i;
  return -1;
}

/**
 * The first period of the current special-cause run: walking back from the latest observed
 * point over observed points of the same group and point type. null for common cause.
 */
export function specialCauseSince(result: SpcResult): string | null {
  const pts = result.points;
  const last = lastObservedIndex(pts);
  if (last < 0) return null;
  const lp = pts[last]!;
  if (lp.pointType === "common_cause") return null;
  let since = lp.date;
  for (let i = last - 1; i >= 0; i--) {
    const p = pts[i]!;
    if (p.group !== lp.group) break;
    if (p.value === null) continue;
    if (p.pointType !== lp.pointType) break;
    since = p.date;
  }
  return since;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * One sentence: variation (with since when) and assurance. Examples:
 *   "Special cause improvement since March 2024; consistently passing the 78% target"
 *   "Common cause variation; the 95% target will be hit and miss"
 *   "Common cause variation; no target"
 */
export function spcTakeaway(result: SpcResult, options: SpcTakeawayOptions = {}): string {
  const periodType = options.periodType ?? "month";
  const last = lastObservedIndex(result.points);
  if (last < 0) return "No data yet";
  const since = specialCauseSince(result);
  const sinceText = since ? ` since ${periodLabel(since, periodType)}` : "";
  const type = result.summary.variationType;
  let variation = `${variationPhrase(type)}${type === "common_cause" ? "" : sinceText}`;
  if (type === "common_cause") {
    const lastGroup = result.groups[result.groups.length - 1];
    if (result.groups.length > 1 && lastGroup)
      variation += ` since the limits were recalculated in ${periodLabel(lastGroup.firstDate, periodType)}`;
  }
  const target = result.options.target;
  let assurance: string | null;
  const level = target === null ? "" : formatLevel(target, options.format);
  const assuranceType = result.summary.assuranceType;
  switch (assuranceType) {
    case "consistent_pass":
    case "consistent_fail":
    case "inconsistent":
      assurance = assurancePhrase(assuranceType, level);
      break;
    default:
      assurance =
        target === null && result.options.improvementDirection !== "neutral" ? "no target" : null;
  }
  return cap(assurance ? `${variation}; ${assurance}` : variation);
}

function describe(
  result: SpcResult,
  takeaway: string,
  format: ValueFormat,
  periodType: PeriodType,
): string {
  const pts = result.points;
  const observed = pts.filter((p) => p.value !== null);
  const parts = [`${takeaway}.`];
  const first = pts[0];
  const lastPoint = observed[observed.length - 1];
  if (!first || !lastPoint) return parts.join(" ");
  parts.push(
    `${observed.length} values from ${periodLabel(first.date, periodType)} to ${periodLabel(pts[pts.length - 1]!.date, periodType)}.`,
  );
  parts.push(
    `Latest ${formatValue(lastPoint.value, format)} in ${periodLabel(lastPoint.date, periodType)}.`,
  );
  const s = result.summary;
  if (s.lastMean !== null) {
    const limits =
      s.lastLpl !== null && s.lastUpl !== null
        ? `; process limits ${formatValue(s.lastLpl, format)} to ${formatValue(s.lastUpl, format)}`
        : "";
    parts.push(`Mean ${formatValue(s.lastMean, format)}${limits}.`);
  }
  const special = observed.filter((p) => p.pointType !== "common_cause").length;
  parts.push(
    special === 0
      ? "No points show special cause variation."
      : `${special} ${special === 1 ? "point shows" : "points show"} special cause variation.`,
  );
  if (result.groups.length > 1)
    parts.push(
      `Limits recalculated ${result.groups.length - 1} ${result.groups.length === 2 ? "time" : "times"}.`,
    );
  if (s.shortGroupWarning) parts.push("Trial limits: too few points for settled limits.");
  return parts.join(" ");
}

export function spcChart(result: SpcResult, options: SpcChartOptions): Chart {
  const id = safeId(options.id);
  const format = options.format ?? {};
  const periodType = options.periodType ?? "month";
  const notes = options.notes ?? {};
  const tableNotes = options.tableNotes ?? {};
  const breakLabels = options.breakLabels ?? {};
  const noteOf = (date: string): string | undefined =>
    [breakLabels[date], notes[date], tableNotes[date]].filter((n) => n !== undefined).join("; ") ||
    undefined;
  const runLength = result.options.runLength;
  const pts = result.points;
  const takeaway = spcTakeaway(result, { format, periodType });
  const desc = describe(result, takeaway, format, periodType);
  const [wide, compact] = layouts.map((layout) => drawSpc(result, options, layout, desc)) as [
    SpcDrawing,
    SpcDrawing,
  ];
  const {
    meanDrawn,
    limitsDrawn,
    nearDrawn,
    targetPath,
    trajectoryPath,
    kinds,
    ringed,
    boundaries,
    footnotes,
  } = wide;
  // Legend: only what is drawn.
  const legend: LegendItem[] = [
    { label: "Data", swatch: lineSwatch(colours.data, undefined, 1.5) },
  ];
  if (meanDrawn) legend.push({ label: "Mean", swatch: lineSwatch(colours.mean, undefined, 1.5) });
  if (limitsDrawn)
    legend.push({ label: "Process limits", swatch: lineSwatch(colours.limit, dash.limit, 1.25) });
  if (nearDrawn)
    legend.push({
      label: "2-sigma lines",
      swatch: lineSwatch(colours.nearLimit, dash.nearLimit, 1),
    });
  const lastTarget = latestTarget(result);
  if (targetPath)
    legend.push({
      label: lastTarget === null ? "Target" : `Target ${formatLevel(lastTarget, format)}`,
      swatch: lineSwatch(colours.target, dash.target),
    });
  if (trajectoryPath)
    legend.push({ label: "Trajectory", swatch: lineSwatch(colours.trajectory, dash.trajectory) });
  for (const k of ["common", "improvement", "concern", "neutral"] as const) {
    if (kinds.has(k)) legend.push({ label: markerNames[k], swatch: markerSwatch(k) });
  }
  if (ringed) legend.push({ label: "Data quality note (dashed red ring)", swatch: ringSwatch() });
  if (boundaries.length)
    legend.push({
      label: "Limits recalculated (rebase)",
      swatch: lineSwatch(colours.secondaryText, "1 3", 1),
    });
  for (const m of options.markers ?? [])
    legend.push({ label: m.label, swatch: lineSwatch(colours.highlight, undefined, 2) });

  // Table and CSV.
  const hasTarget = pts.some((p) => p.target !== null);
  const hasTrajectory = pts.some((p) => p.trajectory !== null);
  const hasNotes = pts.some((p) => noteOf(p.date) !== undefined);
  const head = [
    "Period",
    options.valueLabel ?? "Value",
    "Mean",
    "Lower process limit",
    "Upper process limit",
  ];
  const numeric = [false, true, true, true, true];
  const column = (label: string, isNumeric: boolean) => {
    head.push(label);
    numeric.push(isNumeric);
  };
  if (hasTarget) column("Target", true);
  if (hasTrajectory) column("Trajectory", true);
  column("Variation", false);
  if (hasNotes) column("Note", false);
  const rows: TableCell[][] = pts.map((p) => {
    const row: TableCell[] = [
      periodLabel(p.date, periodType),
      formatValue(p.value, format),
      formatValue(p.mean, format),
      formatValue(p.lpl, format),
      formatValue(p.upl, format),
    ];
    if (hasTarget) row.push(formatValue(p.target, format));
    if (hasTrajectory) row.push(formatValue(p.trajectory, format));
    row.push(pointVariationText(p, runLength));
    if (hasNotes) row.push(noteOf(p.date) ?? null);
    return row;
  });
  // With break labels given (the metric page), every row names its phase of limits: the period
  // they start from and the reason (the break's label; empty for the first phase).
  const phases = options.breakLabels !== undefined;
  const phaseStart = new Map<number, string>();
  for (const p of pts) if (!phaseStart.has(p.group)) phaseStart.set(p.group, p.date);
  const phaseOf = (p: SpcPoint) => {
    const start = phaseStart.get(p.group) ?? p.date;
    return [start, p.group === pts[0]?.group ? "" : (breakLabels[start] ?? "")];
  };
  const csv = toCsv(
    [
      "period",
      "value",
      "numerator",
      "denominator",
      "mean",
      "lower_process_limit",
      "upper_process_limit",
      "lower_2_sigma",
      "upper_2_sigma",
      "target",
      "trajectory",
      "group",
      "point_type",
      "special_cause",
      "note",
      ...(phases ? ["phase_start", "phase_reason"] : []),
    ],
    pts.map((p) => [
      p.date,
      csvNumber(p.value),
      csvNumber(p.numerator),
      csvNumber(p.denominator),
      csvNumber(p.mean),
      csvNumber(p.lpl),
      csvNumber(p.upl),
      csvNumber(p.nearLpl),
      csvNumber(p.nearUpl),
      csvNumber(p.target),
      csvNumber(p.trajectory),
      p.group + 1,
      p.value === null ? "" : p.pointType,
      p.specialCause === "none" ? "" : p.specialCause,
      noteOf(p.date) ?? "",
      ...(phases ? phaseOf(p) : []),
    ]),
  );

  return {
    id,
    svg: wide.svg,
    ...(wide.downloadSvg ? { downloadSvg: wide.downloadSvg } : {}),
    compactSvg: compact.svg,
    title: options.title,
    takeaway,
    table: { caption: options.title, head, rows, numeric },
    csv,
    legend,
    footnotes,
  };
}

interface SpcDrawing {
  svg: string;
  /** With the numbered break labels written under the plot; absent when no break is labelled. */
  downloadSvg: string | undefined;
  meanDrawn: boolean;
  limitsDrawn: boolean;
  nearDrawn: boolean;
  targetPath: string;
  trajectoryPath: string;
  kinds: Set<MarkerKind>;
  ringed: boolean;
  boundaries: number[];
  footnotes: string[];
}

const latestTarget = (result: SpcResult): number | null =>
  [...result.points].reverse().find((p) => p.target !== null)?.target ?? null;

/** The chart drawn for one layout; what it drew decides the legend. */
function drawSpc(
  result: SpcResult,
  options: SpcChartOptions,
  layout: Layout,
  desc: string,
): SpcDrawing {
  const id = safeId(options.id);
  const format = options.format ?? {};
  const periodType = options.periodType ?? "month";
  const notes = options.notes ?? {};
  const showNear = options.showNearLimits ?? false;
  const runLength = result.options.runLength;
  const pts = result.points;
  const width = layout.width;
  const height = Math.round((options.height ?? 340) * (layout.name === "wide" ? 1 : 0.85));

  // Domain: everything drawn.
  const ys: number[] = [];
  for (const p of pts) {
    for (const v of [
      p.value,
      p.mean,
      p.lpl,
      p.upl,
      p.target,
      p.trajectory,
      ...(showNear ? [p.nearLpl, p.nearUpl] : []),
    ]) {
      if (v !== null && Number.isFinite(v)) ys.push(v);
    }
  }
  const ticks = niceTicks(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1, 5);
  const f = frameFor(layout, height, yTickLabels(ticks, format));
  const y = linearScale(ticks.min, ticks.max, height - f.bottom, f.top);
  const count = pts.length;
  const time = timeScale(
    pts.map((p) => p.date),
    periodType,
    f.left,
    width - f.right,
  );
  const xAt = (i: number) => time.x(pts[i]!.date);

  let body = yAxis(f, y, ticks, format);
  body += xAxis(f, time.labels(xLabelCount(f, layout.fontSize)), layout.fontSize);

  // Rebase boundaries.
  const boundaries: number[] = [];
  for (let i = 1; i < count; i++) if (pts[i]!.group !== pts[i - 1]!.group) boundaries.push(i);
  let labelled = 0;
  const breakNotes: string[] = [];
  for (const i of boundaries) {
    const x = (xAt(i - 1) + xAt(i)) / 2;
    body += `<line${attrs({ class: "app-chart__rebase", x1: n(x), x2: n(x), y1: n(f.top), y2: n(height - f.bottom), stroke: colours.secondaryText, "stroke-width": 1, "stroke-dasharray": "1 3" })}/>`;
    const label = options.breakLabels?.[pts[i]!.date];
    if (label !== undefined) {
      labelled++;
      breakNotes.push(label);
      body += `<g class="app-chart__rebase-label"><title>${esc(label)}</title><text${attrs({ x: n(x + 3), y: n(f.top + layout.fontSize), fill: colours.secondaryText, "font-size": layout.fontSize })}>${labelled}</text></g>`;
    }
  }

  // Dated events (markers): a solid line where the first period on or after the date starts.
  for (const m of options.markers ?? []) {
    const i = pts.findIndex((p) => p.date >= m.date);
    if (i < 0) continue;
    const x = i === 0 ? f.left : (xAt(i - 1) + xAt(i)) / 2;
    body += `<line${attrs({ class: "app-chart__marker", x1: n(x), x2: n(x), y1: n(f.top), y2: n(height - f.bottom), stroke: colours.highlight, "stroke-width": 2 })}/>`;
  }

  // Lines per rebase group.
  const groups = new Map<number, number[]>();
  pts.forEach((p, i) => {
    const list = groups.get(p.group) ?? [];
    list.push(i);
    groups.set(p.group, list);
  });
  const line = (cls: string, d: string, stroke: string, w: number, dasharray?: string) =>
    d
      ? `<path${attrs({ class: cls, d, fill: "none", stroke, "stroke-width": w, "stroke-dasharray": dasharray })}/>`
      : "";
  const pick = (idx: number[], get: (p: SpcPoint) => number | null) =>
    stepPath(
      idx.map(xAt),
      idx.map((i) => {
        const v = get(pts[i]!);
        return v === null || !Number.isFinite(v) ? null : y(v);
      }),
    );
  let limitsDrawn = false;
  let nearDrawn = false;
  let meanDrawn = false;
  let dataPath = "";
  for (const idx of groups.values()) {
    if (showNear) {
      const near = pick(idx, (p) => p.nearUpl) + pick(idx, (p) => p.nearLpl);
      nearDrawn ||= near !== "";
      body += line("app-chart__near-limit", near, colours.nearLimit, 1, dash.nearLimit);
    }
    const limits = pick(idx, (p) => p.upl) + pick(idx, (p) => p.lpl);
    limitsDrawn ||= limits !== "";
    body += line("app-chart__limit", limits, colours.limit, 1.25, dash.limit);
    const mean = pick(idx, (p) => p.mean);
    meanDrawn ||= mean !== "";
    body += line("app-chart__mean", mean, colours.mean, 1.5);
    // The series: broken at missing periods (the time axis's rule) and between groups.
    const values = new Map(idx.map((i) => [pts[i]!.date, pts[i]!.value]));
    dataPath += linePath(time.line((date) => values.get(date), y));
  }

  // Target and trajectory.
  const all = pts.map((_, i) => i);
  const targetPath = pick(all, (p) => p.target);
  body += line("app-chart__target", targetPath, colours.target, 2, dash.target);
  const trajectories = new Map(pts.map((p) => [p.date, p.trajectory]));
  const trajectoryPath = linePath(time.line((date) => trajectories.get(date), y));
  body += line("app-chart__trajectory", trajectoryPath, colours.trajectory, 2, dash.trajectory);
  body += line("app-chart__line", dataPath, colours.data, 1.5);

  // Points.
  const kinds = new Set<MarkerKind>();
  const footnotes: string[] = [];
  let ringed = false;
  let pointsSvg = "";
  pts.forEach((p, i) => {
    if (p.value === null) return;
    const kind = markerKind(p.pointType);
    kinds.add(kind);
    const x = xAt(i);
    const yy = y(p.value);
    const note = notes[p.date];
    let inner = marker(kind, x, yy);
    if (note) {
      inner = qualityRing(x, yy) + inner;
      ringed = true;
      footnotes.push(`${periodLabel(p.date, periodType)}: ${note}`);
    }
    const variation = pointVariationText(p, runLength);
    pointsSvg += point(
      x,
      yy,
      {
        label: periodLabel(p.date, periodType),
        value: formatValue(p.value, format),
        detail: note ? `${variation}. Note: ${note}` : variation,
      },
      inner,
      `app-chart__point--${kind}`,
    );
  });
  body += `<g class="app-chart__points">${pointsSvg}</g>`;

  // Label the latest target where it clears the points (else the legend gives its level).
  const lastTarget = latestTarget(result);
  if (lastTarget !== null)
    body += referenceLabel(
      f,
      y(lastTarget),
      `Target ${formatLevel(lastTarget, format)}`,
      colours.target,
      layout.fontSize,
      pts.flatMap((p, i) => (p.value === null ? [] : [markerBox(xAt(i), y(p.value))])),
    );

  const svg =
    svgOpen("spc", layoutId(id, layout), width, height, options.title, desc, layout) +
    body +
    "</svg>";
  // The file of its own carries the labels the page lists under the chart.
  const notesBlock = breakNotes.length
    ? breakNotesBlock(breakNotes, height, width, layout.fontSize)
    : null;
  const downloadSvg = notesBlock
    ? svgOpen(
        "spc",
        layoutId(id, layout),
        width,
        height + notesBlock.height,
        options.title,
        desc,
        layout,
      ) +
      body +
      notesBlock.svg +
      "</svg>"
    : undefined;
  return {
    svg,
    downloadSvg,
    meanDrawn,
    limitsDrawn,
    nearDrawn,
    targetPath,
    trajectoryPath,
    kinds,
    ringed,
    boundaries,
    footnotes,
  };
}
