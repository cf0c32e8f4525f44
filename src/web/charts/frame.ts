/** The pieces every cartesian chart shares: the root element, axes and focusable points. */
import { formatTick, type ValueFormat } from "./format.js";
import { colours } from "./marks.js";
import { attrs, esc, n, type Scale, type Ticks } from "./svg.js";

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const FONT = "Frutiger W01, Arial, sans-serif";

/**
 * The size a chart is drawn for (decision 0011). Every chart is drawn twice by one function
 * taking a layout: wide (720 units across, shown from the NHS.UK desktop breakpoint, where the
 * plot is at least ~700 px wide so 12-unit text stays about 12 px or more) and compact (320
 * units across with 16-unit text, shown below it: at a 320 px viewport the plot is 288 px wide,
 * so the text renders at 14.4 px, NHS.UK's smallest body text). The stylesheet shows one copy
 * and hides the other with display: none, so assistive technology meets only one.
 */
export interface Layout {
  name: "wide" | "compact";
  /** Width of the viewBox in SVG units. */
  width: number;
  /** Size of all axis and label text, in SVG units. */
  fontSize: number;
}

export const layouts: readonly Layout[] = [
  { name: "wide", width: 720, fontSize: 12 },
  { name: "compact", width: 320, fontSize: 16 },
];

/** The id of a layout's copy of a chart: the wide copy keeps the chart's id. */
export const layoutId = (id: string, layout: Layout): string =>
  layout.name === "wide" ? id : `${id}-${layout.name}`;

/**
 * A generous estimate of the width of `text` at `fontSize` in the charts' sans-serif: 0.6 em a
 * character (Arial's digits are 0.56 em, most letters narrower), 0.9 em for the widest ("%",
 * "M", "W", "m", "w", "@").
 */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const c of text) em += /[%MWmw@]/.test(c) ? 0.9 : 0.6;
  return em * fontSize;
}

/** An axis-aligned box in SVG units. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export const inside = (a: Box, b: Box): boolean =>
  a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

/** The box of a point's marker (the largest marker reaches 6.5 units from its centre). */
export const markerBox = (x: number, y: number): Box => ({
  x: x - 7,
  y: y - 7,
  width: 14,
  height: 14,
});

/** A text label: its anchor point, alignment and the box it covers. */
export interface LabelPlacement {
  x: number;
  /** Baseline. */
  y: number;
  anchor: "start" | "end";
  box: Box;
}

/**
 * A label at (x, baseline y) aligned by `anchor`: the box spans the text's width and, vertically,
 * from the cap height above the baseline to the descenders below it.
 */
export function labelAt(
  x: number,
  y: number,
  anchor: "start" | "end",
  text: string,
  fontSize: number,
): LabelPlacement {
  const width = textWidth(text, fontSize);
  return {
    x,
    y,
    anchor,
    box: { x: anchor === "start" ? x : x - width, y: y - fontSize, width, height: fontSize * 1.25 },
  };
}

/**
 * The first candidate placement that lies inside `bounds` and clears every obstacle, or null
 * when none does (the caller then leaves the label to the legend and the table).
 */
export function placeLabel(
  candidates: readonly LabelPlacement[],
  obstacles: readonly Box[],
  bounds: Box,
): LabelPlacement | null {
  return (
    candidates.find((c) => inside(c.box, bounds) && !obstacles.some((o) => overlaps(c.box, o))) ??
    null
  );
}

/** A placed label with a white halo, so grid lines and limits under it do not cut through it. */
export function labelText(
  p: LabelPlacement,
  text: string,
  fill: string,
  fontSize: number,
  extra: Record<string, string | number | undefined> = {},
): string {
  return `<text${attrs({ class: "app-chart__label", x: n(p.x), y: n(p.y), "text-anchor": p.anchor, fill, "font-size": fontSize, stroke: "#ffffff", "stroke-width": 3, "stroke-linejoin": "round", "paint-order": "stroke", ...extra })}>${esc(text)}</text>`;
}

/**
 * Margins for a period or value chart: room on the left for the widest y tick label and below for
 * one row of x labels (two when `xTitle`).
 */
export function frameFor(
  layout: Layout,
  height: number,
  yLabels: readonly string[],
  xTitle = false,
): Frame {
  const fs = layout.fontSize;
  const widest = Math.max(0, ...yLabels.map((t) => textWidth(t, fs)));
  return {
    width: layout.width,
    height,
    left: Math.ceil(widest + 10),
    right: Math.ceil(fs * 0.75),
    top: Math.ceil(fs * 1.5),
    bottom: Math.ceil(fs * (xTitle ? 3.5 : 2.2)),
  };
}

/**
 * The root `<svg role="img">` with `<title>` and `<desc>`. Without JavaScript the chart is one
 * image described by its title and description (the table carries the data); the enhancement
 * script (src/web/client/chart.js) makes its points focusable.
 */
export function svgOpen(
  kind: string,
  id: string,
  width: number,
  height: number,
  title: string,
  desc: string,
  layout: Layout = layouts[0]!,
): string {
  return (
    `<svg${attrs({
      xmlns: "http://www.w3.org/2000/svg",
      class: `app-chart__svg app-chart__svg--${kind} app-chart__svg--${layout.name}`,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: "img",
      "aria-labelledby": `${id}-title ${id}-desc`,
      focusable: "false",
      "font-family": FONT,
      "font-size": layout.fontSize,
      "data-app-chart": kind,
    })}>` +
    `<title id="${esc(id)}-title">${esc(title)}</title>` +
    `<desc id="${esc(id)}-desc">${esc(desc)}</desc>`
  );
}

/** The y tick labels as drawn. */
export const yTickLabels = (ticks: Ticks, format: ValueFormat): string[] =>
  ticks.values.map((v) => formatTick(v, ticks.step, format));

/** Horizontal grid lines with their labels on the left. */
export function yAxis(f: Frame, y: Scale, ticks: Ticks, format: ValueFormat): string {
  let out = '<g class="app-chart__axis app-chart__axis--y">';
  for (const v of ticks.values) {
    const yy = y(v);
    out += `<line${attrs({ x1: n(f.left), x2: n(f.width - f.right), y1: n(yy), y2: n(yy), stroke: colours.grid, "stroke-width": 1 })}/>`;
    out += `<text${attrs({ x: n(f.left - 6), y: n(yy), "text-anchor": "end", "dominant-baseline": "middle", fill: colours.secondaryText })}>${esc(formatTick(v, ticks.step, format))}</text>`;
  }
  return out + "</g>";
}

/**
 * How many period labels fit across the plot, each "Mar 2024" wide with a gap: 8 on the wide
 * layout, 3 on the compact one.
 */
export function xLabelCount(f: Frame, fontSize: number): number {
  return Math.max(
    2,
    Math.floor((f.width - f.left - f.right) / (textWidth("Mar 2024", fontSize) + 8)),
  );
}

/**
 * The x axis line and the labels at the given positions. A label centred on its tick would run
 * off the chart near either end, so its text is moved inward to fit (the tick stays put).
 */
export function xAxis(
  f: Frame,
  labels: readonly { x: number; text: string }[],
  fontSize = 12,
): string {
  const yy = f.height - f.bottom;
  let out = '<g class="app-chart__axis app-chart__axis--x">';
  out += `<line${attrs({ x1: n(f.left), x2: n(f.width - f.right), y1: n(yy), y2: n(yy), stroke: colours.axis, "stroke-width": 1 })}/>`;
  for (const l of labels) {
    out += `<line${attrs({ x1: n(l.x), x2: n(l.x), y1: n(yy), y2: n(yy + 5), stroke: colours.axis, "stroke-width": 1 })}/>`;
    const half = textWidth(l.text, fontSize) / 2;
    const tx = Math.min(Math.max(l.x, half), f.width - half);
    out += `<text${attrs({ x: n(tx), y: n(yy + fontSize * 1.5), "text-anchor": "middle", fill: colours.secondaryText })}>${esc(l.text)}</text>`;
  }
  return out + "</g>";
}

export interface PointData {
  /** What the point is: a period or an organisation. */
  label: string;
  /** Its value, formatted. */
  value: string;
  /** More about it: its variation, a note. */
  detail?: string;
}

/**
 * One data point: a `<g class="app-chart__point">` holding its marker and a larger transparent
 * hit area, with the text the enhancement script shows in its tooltip and reads out on focus.
 */
export function point(
  x: number,
  y: number,
  data: PointData,
  inner: string,
  extraClass = "",
  hitArea = true,
): string {
  return (
    `<g${attrs({
      class: `app-chart__point${extraClass ? ` ${extraClass}` : ""}`,
      "data-label": data.label,
      "data-value": data.value,
      "data-detail": data.detail || undefined,
    })}>` +
    (hitArea
      ? `<circle${attrs({ class: "app-chart__hit", cx: n(x), cy: n(y), r: 10, fill: "transparent" })}/>`
      : "") +
    inner +
    "</g>"
  );
}

/**
 * The label of a horizontal reference line (target, benchmark) at `yy`: above the line at the
 * right end of the plot, else above it at the left, else below at the right or left, whichever
 * first clears the plotted points; "" when none does (the legend and table then carry the level).
 */
export function referenceLabel(
  f: Frame,
  yy: number,
  text: string,
  fill: string,
  fontSize: number,
  points: readonly Box[],
): string {
  const l = f.left + 4;
  const r = f.width - f.right - 4;
  const above = yy - 4;
  const below = yy + fontSize + 2;
  const plot = {
    x: f.left,
    y: f.top - fontSize,
    width: f.width - f.left - f.right,
    height: f.height - f.bottom - f.top + fontSize,
  };
  const placed = placeLabel(
    [
      labelAt(r, above, "end", text, fontSize),
      labelAt(l, above, "start", text, fontSize),
      labelAt(r, below, "end", text, fontSize),
      labelAt(l, below, "start", text, fontSize),
    ],
    points,
    plot,
  );
  return placed ? labelText(placed, text, fill, fontSize) : "";
}
