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
): string {
  return (
    `<svg${attrs({
      xmlns: "http://www.w3.org/2000/svg",
      class: `app-chart__svg app-chart__svg--${kind}`,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: "img",
      "aria-labelledby": `${id}-title ${id}-desc`,
      focusable: "false",
      "font-family": FONT,
      "font-size": 12,
      "data-app-chart": kind,
    })}>` +
    `<title id="${esc(id)}-title">${esc(title)}</title>` +
    `<desc id="${esc(id)}-desc">${esc(desc)}</desc>`
  );
}

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

/** The x axis line and the labels at the given positions. */
export function xAxis(f: Frame, labels: readonly { x: number; text: string }[]): string {
  const yy = f.height - f.bottom;
  let out = '<g class="app-chart__axis app-chart__axis--x">';
  out += `<line${attrs({ x1: n(f.left), x2: n(f.width - f.right), y1: n(yy), y2: n(yy), stroke: colours.axis, "stroke-width": 1 })}/>`;
  for (const l of labels) {
    out += `<line${attrs({ x1: n(l.x), x2: n(l.x), y1: n(yy), y2: n(yy + 5), stroke: colours.axis, "stroke-width": 1 })}/>`;
    out += `<text${attrs({ x: n(l.x), y: n(yy + 18), "text-anchor": "middle", fill: colours.secondaryText })}>${esc(l.text)}</text>`;
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

/** Text placed at the right end of a horizontal line, e.g. "Target 78%". */
export function lineLabel(x: number, y: number, text: string, fill: string): string {
  return `<text${attrs({ x: n(x), y: n(y - 4), "text-anchor": "end", fill, "font-size": 11 })}>${esc(text)}</text>`;
}
