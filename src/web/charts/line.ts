/**
 * Line chart of one or more series over periods (national and regional trends). Each series has
 * its own colour, dash pattern and marker shape, so lines can be told apart without colour.
 */
import type { PeriodType } from "../../metrics/values.js";
import { toCsv } from "../../metrics/csv.js";
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
  type Box,
  type Layout,
} from "./frame.js";
import { csvNumber, formatLevel, formatValue, periodLabel, type ValueFormat } from "./format.js";
import { colours, dash, lineSwatch, marker, type MarkerKind } from "./marks.js";
import { attrs, linearScale, linePath, n, niceTicks, safeId } from "./svg.js";
import { timeScale } from "./time-axis.js";
import type { Chart, ChartSize, LegendItem, TableCell } from "./types.js";

export interface LineSeries {
  name: string;
  points: readonly { date: string; value: number | null }[];
}

export interface LineChartOptions extends ChartSize {
  id: string;
  title: string;
  format?: ValueFormat;
  periodType?: PeriodType;
  target?: number | null;
  /** The takeaway, when the caller knows better; default: the latest value of each series. */
  takeaway?: string;
  /**
   * One evenly spaced slot per date, joined by lines (events such as self-assessment rounds,
   * dated to the day, where the days between are not missing data); default false.
   */
  slotPerDate?: boolean;
  /**
   * Dated events drawn as solid vertical lines with their label in the key, e.g. a proposal's
   * "Planned start": between the last date before it and the first on or after it (as on the SPC
   * chart), in the text colour so it is not taken for the first series.
   */
  markers?: readonly { date: string; label: string }[];
}

/** Styles in order: colour, dash pattern, marker shape. */
export const seriesStyles: readonly { colour: string; dash?: string; shape: MarkerKind }[] = [
  { colour: "#005eb8", shape: "common" },
  { colour: "#330072", dash: "7 3", shape: "concern" },
  { colour: "#007f3b", dash: "2 2", shape: "neutral" },
  { colour: "#7c2855", dash: "10 3 2 3", shape: "improvement" },
  { colour: "#425563", dash: "1 3", shape: "common" },
];

export function lineChart(series: readonly LineSeries[], options: LineChartOptions): Chart {
  const id = safeId(options.id);
  const format = options.format ?? {};
  const periodType = options.periodType ?? "month";
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const byDate = series.map((s) => new Map(s.points.map((p) => [p.date, p.value])));
  const target = options.target ?? null;
  const ys = series
    .flatMap((s) => s.points.map((p) => p.value))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  if (target !== null) ys.push(target);
  const ticks = niceTicks(ys.length ? Math.min(...ys) : 0, ys.length ? Math.max(...ys) : 1, 5);

  /** The chart drawn for one layout (decision 0011). */
  const draw = (layout: Layout): string => {
    const width = layout.width;
    const height = Math.round((options.height ?? 320) * (layout.name === "wide" ? 1 : 0.85));
    const f = frameFor(layout, height, yTickLabels(ticks, format));
    const y = linearScale(ticks.min, ticks.max, height - f.bottom, f.top);
    // Periods placed by time, as on the SPC chart: a period nobody reported stays a gap.
    const time = timeScale(dates, periodType, f.left, width - f.right, options.slotPerDate);
    let body = yAxis(f, y, ticks, format);
    // A day ("1 January 2026") takes about twice the room of a month ("Mar 2024").
    const labelCount = xLabelCount(f, layout.fontSize);
    const maxLabels = options.slotPerDate ? Math.max(1, Math.floor(labelCount / 2)) : labelCount;
    body += xAxis(f, time.labels(maxLabels), layout.fontSize);
    if (target !== null)
      body += `<line${attrs({ class: "app-chart__target", x1: n(f.left), x2: n(width - f.right), y1: n(y(target)), y2: n(y(target)), stroke: colours.target, "stroke-width": 2, "stroke-dasharray": dash.target })}/>`;
    for (const m of options.markers ?? []) {
      const i = dates.findIndex((d) => d >= m.date);
      if (i < 0) continue;
      const x = i === 0 ? f.left : (time.x(dates[i - 1]!) + time.x(dates[i]!)) / 2;
      body += `<line${attrs({ class: "app-chart__marker", x1: n(x), x2: n(x), y1: n(f.top), y2: n(height - f.bottom), stroke: colours.text, "stroke-width": 2 })}/>`;
    }
    let pts = "";
    const boxes: Box[] = [];
    series.forEach((s, si) => {
      const style = seriesStyles[si % seriesStyles.length]!;
      const values = byDate[si]!;
      const d = linePath(time.line((date) => values.get(date), y));
      body += `<path${attrs({ class: "app-chart__line", d, fill: "none", stroke: style.colour, "stroke-width": 2, "stroke-dasharray": style.dash })}/>`;
      for (const p of s.points) {
        if (p.value === null || !Number.isFinite(p.value)) continue;
        const cx = time.x(p.date);
        const cy = y(p.value);
        boxes.push(markerBox(cx, cy));
        pts += point(
          cx,
          cy,
          {
            label: `${s.name}, ${periodLabel(p.date, periodType)}`,
            value: formatValue(p.value, format),
          },
          marker(style.shape, cx, cy, style.colour),
          `app-chart__point--series-${si + 1}`,
        );
      }
    });
    body += `<g class="app-chart__points">${pts}</g>`;
    if (target !== null)
      body += referenceLabel(
        f,
        y(target),
        `Target ${formatLevel(target, format)}`,
        colours.target,
        layout.fontSize,
        boxes,
      );
    return (
      svgOpen("line", layoutId(id, layout), width, height, options.title, desc, layout) +
      body +
      "</svg>"
    );
  };

  const legend: LegendItem[] = series.map((s, si) => {
    const style = seriesStyles[si % seriesStyles.length]!;
    const swatch = lineSwatch(style.colour, style.dash).replace(
      "</svg>",
      `${marker(style.shape, 12, 8, style.colour)}</svg>`,
    );
    return { label: s.name, swatch };
  });
  if (target !== null)
    legend.push({
      label: `Target ${formatLevel(target, format)}`,
      swatch: lineSwatch(colours.target, dash.target),
    });
  for (const m of options.markers ?? [])
    legend.push({ label: m.label, swatch: lineSwatch(colours.text, undefined, 2) });

  const takeaway = options.takeaway ?? defaultTakeaway(series, format, periodType);
  const first = dates[0];
  const last = dates[dates.length - 1];
  const desc =
    first && last
      ? `${takeaway}. ${series.length} ${series.length === 1 ? "series" : "series"} from ${periodLabel(first, periodType)} to ${periodLabel(last, periodType)}: ${series.map((s) => s.name).join(", ")}.`
      : `${takeaway}.`;
  const head = ["Period", ...series.map((s) => s.name)];
  const rows: TableCell[][] = dates.map((date) => [
    periodLabel(date, periodType),
    ...byDate.map((m) => formatValue(m.get(date), format)),
  ]);
  const csv = toCsv(
    ["period", ...series.map((s) => s.name)],
    dates.map((date) => [date, ...byDate.map((m) => csvNumber(m.get(date)))]),
  );
  return {
    id,
    svg: draw(layouts[0]!),
    compactSvg: draw(layouts[1]!),
    title: options.title,
    takeaway,
    table: { caption: options.title, head, rows, numeric: [false, ...series.map(() => true)] },
    csv,
    legend,
    footnotes: [],
  };
}

function defaultTakeaway(
  series: readonly LineSeries[],
  format: ValueFormat,
  periodType: PeriodType,
): string {
  const latest = series
    .map((s) => {
      const last = [...s.points]
        .filter((p) => p.value !== null && Number.isFinite(p.value))
        .sort((a, b) => a.date.localeCompare(b.date))
        .pop();
      return last ? { name: s.name, date: last.date, value: last.value } : null;
    })
    .filter((x) => x !== null);
  if (latest.length === 0) return "No data yet";
  const date = latest
    .map((l) => l.date)
    .sort()
    .pop()!;
  const shown = latest.filter((l) => l.date === date).slice(0, 3);
  return `Latest, ${periodLabel(date, periodType)}: ${shown.map((l) => `${l.name} ${formatValue(l.value, format)}`).join(", ")}`;
}
