/**
 * Ranked horizontal bars of peers, best first, with the selected organisation highlighted by
 * colour, a hatch pattern and a "(selected)" label, and the median and quartiles marked.
 * Quartiles are type 7 (src/stats), or the analytics engine's own distribution when the caller
 * passes it, and each bar's quarter is decided by its value with the engine's rule (quarterOf),
 * so the chart, its table and the dashboard's "in the best quarter" text always agree.
 */
import { quarterOf, quartiles as typeSevenQuartiles, type Quartiles } from "../../stats/index.js";
import type { ImprovementDirection } from "../../stats/spc/index.js";
import { toCsv } from "./csv.js";
import { point, svgOpen } from "./frame.js";
import { csvNumber, formatTick, formatValue, type ValueFormat } from "./format.js";
import { barSwatch, colours, dash, lineSwatch } from "./marks.js";
import { ordinal } from "../../metrics/format.js";
import { attrs, esc, linearScale, n, niceTicks, safeId } from "./svg.js";
import type { Chart, ChartSize, LegendItem, TableCell } from "./types.js";

export interface BenchmarkDatum {
  code: string;
  name: string;
  value: number | null;
}

export interface BenchmarkOptions extends Pick<ChartSize, "width"> {
  id: string;
  title: string;
  format?: ValueFormat;
  /** Code of the organisation to highlight. */
  selected?: string | null;
  /** Which way is better; decides the ranking (default "increase": highest first). */
  direction?: ImprovementDirection;
  /** Heading of the value column (default "Value"). */
  valueLabel?: string;
  /** Bars are named on the chart when there are at most this many (default 30). */
  maxLabelled?: number;
  /** The engine's quartiles of the same values; computed here (type 7) when absent. */
  quartiles?: { q1: number | null; median: number | null; q3: number | null } | null;
}

export interface RankedDatum extends BenchmarkDatum {
  rank: number | null;
  /** 1 = best quarter … 4 = worst quarter; null without a value. */
  quartile: 1 | 2 | 3 | 4 | null;
}

const quartileText = [
  "",
  "top quartile",
  "second quartile",
  "third quartile",
  "bottom quartile",
] as const;

/**
 * Ranks by direction (ties share a rank, best first) and gives each organisation the quarter its
 * value falls in against the quartiles (type 7 of the values unless given): 1 = best quarter.
 */
export function rankPeers(
  data: readonly BenchmarkDatum[],
  direction: ImprovementDirection = "increase",
  given?: Quartiles,
): RankedDatum[] {
  const valued = data.filter((d) => d.value !== null && Number.isFinite(d.value));
  const sign = direction === "decrease" ? 1 : -1;
  valued.sort((a, b) => sign * (a.value! - b.value!) || a.name.localeCompare(b.name));
  const q = given ?? typeSevenQuartiles(valued.map((d) => d.value));
  const better = direction === "decrease" ? "lower" : "higher";
  const out: RankedDatum[] = [];
  valued.forEach((d, i) => {
    const prev = out[i - 1];
    const rank = prev && prev.value === d.value ? prev.rank! : i + 1;
    out.push({ ...d, rank, quartile: quarterOf(d.value!, q, better) });
  });
  for (const d of data)
    if (!(d.value !== null && Number.isFinite(d.value)))
      out.push({ ...d, rank: null, quartile: null });
  return out;
}

/** The caller's quartiles when complete, else none (computed from the values). */
function givenQuartiles(q: BenchmarkOptions["quartiles"]): Quartiles | undefined {
  return q && q.q1 !== null && q.median !== null && q.q3 !== null
    ? { q1: q.q1, median: q.median, q3: q.q3 }
    : undefined;
}

export function benchmarkBars(data: readonly BenchmarkDatum[], options: BenchmarkOptions): Chart {
  const id = safeId(options.id);
  const format = options.format ?? {};
  const direction = options.direction ?? "increase";
  const given = givenQuartiles(options.quartiles);
  const ranked = rankPeers(data, direction, given);
  const bars = ranked.filter((d) => d.rank !== null);
  const values = bars.map((d) => d.value!);
  const q = given ?? typeSevenQuartiles(values);
  const orNull = (v: number) => (Number.isNaN(v) ? null : v);
  const [q1, median, q3] = [orNull(q.q1), orNull(q.median), orNull(q.q3)];
  const selected = options.selected ? ranked.find((d) => d.code === options.selected) : undefined;

  const labelled = bars.length <= (options.maxLabelled ?? 30);
  const width = options.width ?? 720;
  const barStep = bars.length <= 40 ? 20 : Math.max(4, 560 / bars.length);
  const barH = Math.max(2, barStep * 0.7);
  const left = labelled ? 230 : 20;
  const right = labelled ? 70 : 200;
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const ticks = niceTicks(lo, hi, 5);
  const x = linearScale(ticks.min, ticks.max, left, width - right);
  // Median and quartile lines, labelled above the bars. Labels that would overlap (quartiles
  // close to the median) move up a row, and the chart grows to keep them on it.
  const lines: { v: number; label: string; dasharray: string | undefined; cls: string }[] = [];
  if (bars.length >= 4) {
    if (q1 !== null)
      lines.push({ v: q1, label: "Q1", dasharray: dash.quartile, cls: "app-chart__quartile" });
    if (q3 !== null)
      lines.push({ v: q3, label: "Q3", dasharray: dash.quartile, cls: "app-chart__quartile" });
  }
  if (median !== null)
    lines.push({ v: median, label: "Median", dasharray: undefined, cls: "app-chart__median" });
  const raised = labelRows(lines.map((l) => ({ x: x(l.v), text: l.label })));
  const top = 34 + Math.max(0, ...raised);
  const bottom = 26;
  const height = Math.round(top + bottom + Math.max(1, bars.length) * barStep);
  const hatchId = `${id}-hatch`;

  let body = `<defs><pattern${attrs({ id: hatchId, patternUnits: "userSpaceOnUse", width: 6, height: 6, patternTransform: "rotate(45)" })}><rect width="6" height="6" fill="${colours.highlight}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>`;
  // Value axis along the bottom with vertical grid lines.
  body += '<g class="app-chart__axis app-chart__axis--x">';
  for (const v of ticks.values) {
    body += `<line${attrs({ x1: n(x(v)), x2: n(x(v)), y1: n(top), y2: n(height - bottom), stroke: colours.grid, "stroke-width": 1 })}/>`;
    body += `<text${attrs({ x: n(x(v)), y: n(height - bottom + 16), "text-anchor": "middle", fill: colours.secondaryText })}>${esc(formatTick(v, ticks.step, format))}</text>`;
  }
  body += "</g>";

  let barsSvg = "";
  bars.forEach((d, i) => {
    const yTop = top + i * barStep + (barStep - barH) / 2;
    const isSel = selected !== undefined && d.code === selected.code;
    const x0 = x(Math.min(0, d.value!));
    const x1 = x(Math.max(0, d.value!));
    const rect = `<rect${attrs({ class: `app-chart__bar${isSel ? " app-chart__bar--selected" : ""}`, x: n(x0), y: n(yTop), width: n(Math.max(1, x1 - x0)), height: n(barH), fill: isSel ? `url(#${hatchId})` : colours.peer, stroke: isSel ? colours.outline : undefined, "stroke-width": isSel ? 1.5 : undefined })}/>`;
    let text = "";
    const cy = yTop + barH / 2;
    if (labelled) {
      const name = `${d.rank}. ${d.name}${isSel ? " (selected)" : ""}`;
      text += `<text${attrs({ x: n(left - 6), y: n(cy), "text-anchor": "end", "dominant-baseline": "middle", fill: colours.text, "font-weight": isSel ? 700 : undefined })}>${esc(truncate(name, 34))}</text>`;
      text += `<text${attrs({ x: n(x1 + 4), y: n(cy), "dominant-baseline": "middle", fill: colours.secondaryText, "font-size": 11 })}>${esc(formatValue(d.value, format))}</text>`;
    } else if (isSel) {
      text += `<text${attrs({ x: n(x1 + 6), y: n(cy), "dominant-baseline": "middle", fill: colours.text, "font-weight": 700 })}>${esc(truncate(`◀ ${d.name} (selected), ${ordinal(d.rank!)}`, 34))}</text>`;
    }
    const hit = `<rect${attrs({ class: "app-chart__hit", x: n(left), y: n(top + i * barStep), width: n(width - right - left), height: n(barStep), fill: "transparent" })}/>`;
    barsSvg += point(
      x1,
      cy,
      {
        label: `${d.name}${isSel ? " (selected)" : ""}`,
        value: formatValue(d.value, format),
        detail: `Ranked ${ordinal(d.rank!)} of ${bars.length}, ${quartileText[d.quartile!]}`,
      },
      hit + rect + text,
      isSel ? "app-chart__point--selected" : "",
      false,
    );
  });
  body += `<g class="app-chart__points">${barsSvg}</g>`;

  for (const [i, line] of lines.entries()) {
    const y = raised[i]!;
    body +=
      `<line${attrs({ class: line.cls, x1: n(x(line.v)), x2: n(x(line.v)), y1: n(top - 4 - y), y2: n(height - bottom), stroke: colours.mean, "stroke-width": line.dasharray ? 1.25 : 2, "stroke-dasharray": line.dasharray })}/>` +
      `<text${attrs({ x: n(x(line.v)), y: n(top - 8 - y), "text-anchor": "middle", fill: colours.text, "font-size": 11 })}>${esc(line.label)}</text>`;
  }

  const takeaway = benchmarkTakeaway(ranked, selected, median, format);
  const desc = `${takeaway}. ${bars.length} organisations ranked ${direction === "decrease" ? "lowest" : "highest"} first${q1 !== null && q3 !== null && bars.length >= 4 ? `; quartiles ${formatValue(q1, format)} and ${formatValue(q3, format)}` : ""}.`;
  const svg = svgOpen("bars", id, width, height, options.title, desc) + body + "</svg>";

  const legend: LegendItem[] = [{ label: "Peer organisations", swatch: barSwatch(colours.peer) }];
  if (selected?.rank)
    legend.push({
      label: `${selected.name} (selected, hatched)`,
      swatch: barSwatch(colours.highlight, true),
    });
  legend.push({ label: "Median", swatch: lineSwatch(colours.mean) });
  if (bars.length >= 4)
    legend.push({
      label: "Quartiles (Q1, Q3)",
      swatch: lineSwatch(colours.mean, dash.quartile, 1.25),
    });

  const head = ["Rank", "Organisation", options.valueLabel ?? "Value", "Quartile"];
  const rows: TableCell[][] = ranked.map((d) => [
    d.rank === null ? "–" : ordinal(d.rank),
    `${d.name}${selected && d.code === selected.code ? " (selected)" : ""}`,
    formatValue(d.value, format),
    d.quartile === null ? "No data" : cap(quartileText[d.quartile]),
  ]);
  const csv = toCsv(
    ["rank", "org_code", "organisation", "value", "quartile", "selected"],
    ranked.map((d) => [
      d.rank,
      d.code,
      d.name,
      csvNumber(d.value),
      d.quartile,
      selected && d.code === selected.code ? "yes" : "",
    ]),
  );
  return {
    id,
    svg,
    title: options.title,
    takeaway,
    table: { caption: options.title, head, rows, numeric: [true, false, true, false] },
    csv,
    legend,
    footnotes: [],
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function benchmarkTakeaway(
  ranked: readonly RankedDatum[],
  selected: RankedDatum | undefined,
  median: number | null,
  format: ValueFormat,
): string {
  const count = ranked.filter((d) => d.rank !== null).length;
  if (count === 0) return "No data to compare";
  const med = `the median is ${formatValue(median, format)}`;
  if (selected?.rank)
    return `${selected.name} ranks ${ordinal(selected.rank)} of ${count} (${quartileText[selected.quartile!]}); ${med}`;
  if (selected) return `${selected.name} has no value to compare; ${med}`;
  return cap(`${med} across ${count} organisations`);
}

/** Approximate width of 11 px text (the charts' system sans-serif), for spacing labels. */
const labelWidth = (text: string): number => text.length * 6.5 + 6;

/**
 * How far up (0 or 13 px) each centred label goes so that no two on a row overlap: labels are
 * placed left to right, each on the lowest row whose last label it clears.
 * Example: Q1 at x 300, Median at 308, Q3 at 340 → rows 0, 13, 0.
 */
export function labelRows(labels: readonly { x: number; text: string }[]): number[] {
  const ROW = 13;
  const order = labels.map((l, i) => i).sort((a, b) => labels[a]!.x - labels[b]!.x);
  const rowEnds: number[] = [];
  const out = new Array<number>(labels.length).fill(0);
  for (const i of order) {
    const { x, text } = labels[i]!;
    const half = labelWidth(text) / 2;
    let row = rowEnds.findIndex((end) => x - half >= end);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = x + half;
    out[i] = row * ROW;
  }
  return out;
}
