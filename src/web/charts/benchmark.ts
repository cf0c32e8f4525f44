/**
 * Ranked horizontal bars of peers, best first, with the selected organisation highlighted by
 * colour, a hatch pattern and a "(selected)" label, and the median and quartiles marked.
 * Quartiles are type 7 (src/stats), or the analytics engine's own distribution when the caller
 * passes it, and each bar's quarter is decided by its value with the engine's rule (quarterOf),
 * so the chart, its table and the dashboard's "in the best quarter" text always agree.
 */
import { quarterOf, quartiles as typeSevenQuartiles, type Quartiles } from "../../stats/index.js";
import type { ImprovementDirection } from "../../stats/spc/index.js";
import { toCsv } from "../../metrics/csv.js";
import { layoutId, layouts, point, svgOpen, textWidth, type Layout } from "./frame.js";
import { csvNumber, formatTick, formatValue, type ValueFormat } from "./format.js";
import { barSwatch, colours, dash, lineSwatch } from "./marks.js";
import { ordinal } from "../../metrics/format.js";
import { attrs, esc, linearScale, n, niceTicks, safeId } from "./svg.js";
import type { Chart, LegendItem, TableCell } from "./types.js";

export interface BenchmarkDatum {
  code: string;
  name: string;
  value: number | null;
}

export interface BenchmarkOptions {
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
  /**
   * Codes of the selected organisation's peers, shown distinctly (dark grey, outlined, "(peer)")
   * among many bars, e.g. its recommended peers among all acute trusts.
   */
  peers?: readonly string[];
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
  const peers = new Set(options.peers ?? []);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);

  /** The chart drawn for one layout (decision 0011). */
  const draw = (layout: Layout): string => {
    const wide = layout.name === "wide";
    const fs = layout.fontSize;
    // Values and quartile labels are a size smaller on the wide layout; the compact one has room
    // for one size only (decision 0011).
    const small = wide ? 11 : fs;
    const width = layout.width;
    // Compact: each name on its own line above its bar, the full width for the bars.
    const namesAbove = labelled && !wide;
    const barStep = namesAbove
      ? fs * 1.25 + 14
      : bars.length <= 40
        ? 20
        : Math.max(4, 560 / bars.length);
    const barH = namesAbove ? 10 : Math.max(2, barStep * 0.7);
    const valueRoom = textWidth("100.0%", small) + 8;
    const selectedRoom = textWidth(wide ? "◀ 123rd (selected)" : "◀ 123rd", fs) + 8;
    const left = labelled ? (wide ? 230 : 8) : 20;
    const right = namesAbove ? 8 : labelled ? valueRoom : Math.max(selectedRoom, 20);
    const ticks = niceTicks(lo, hi, wide ? 5 : 3);
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
    const raised = labelRows(
      lines.map((l) => ({ x: x(l.v), text: l.label })),
      small,
    );
    const top = small + 23 + Math.max(0, ...raised);
    const bottom = fs * 2.2;
    const height = Math.round(top + bottom + Math.max(1, bars.length) * barStep);
    const hatchId = `${layoutId(id, layout)}-hatch`;

    let body = `<defs><pattern${attrs({ id: hatchId, patternUnits: "userSpaceOnUse", width: 6, height: 6, patternTransform: "rotate(45)" })}><rect width="6" height="6" fill="${colours.highlight}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern></defs>`;
    // Value axis along the bottom with vertical grid lines.
    body += '<g class="app-chart__axis app-chart__axis--x">';
    for (const v of ticks.values) {
      body += `<line${attrs({ x1: n(x(v)), x2: n(x(v)), y1: n(top), y2: n(height - bottom), stroke: colours.grid, "stroke-width": 1 })}/>`;
      const text = formatTick(v, ticks.step, format);
      const half = textWidth(text, fs) / 2;
      body += `<text${attrs({ x: n(Math.min(Math.max(x(v), half), width - half)), y: n(height - bottom + fs * 1.4), "text-anchor": "middle", fill: colours.secondaryText })}>${esc(text)}</text>`;
    }
    body += "</g>";

    let barsSvg = "";
    bars.forEach((d, i) => {
      const yTop = namesAbove
        ? top + i * barStep + fs * 1.25
        : top + i * barStep + (barStep - barH) / 2;
      const isSel = selected !== undefined && d.code === selected.code;
      const isPeer = !isSel && peers.has(d.code);
      const x0 = x(Math.min(0, d.value!));
      const x1 = x(Math.max(0, d.value!));
      const rect = `<rect${attrs({ class: `app-chart__bar${isSel ? " app-chart__bar--selected" : isPeer ? " app-chart__bar--peer" : ""}`, x: n(x0), y: n(yTop), width: n(Math.max(1, x1 - x0)), height: n(barH), fill: isSel ? `url(#${hatchId})` : isPeer ? colours.peerGroup : colours.peer, stroke: isSel || isPeer ? colours.outline : undefined, "stroke-width": isSel ? 1.5 : isPeer ? 1 : undefined })}/>`;
      let text = "";
      const cy = yTop + barH / 2;
      const name = `${d.rank}. ${d.name}${isSel ? " (selected)" : isPeer ? " (peer)" : ""}`;
      const value = formatValue(d.value, format);
      if (namesAbove) {
        // Name and value on one line above the bar, the value at the right end.
        const room = width - left - 8 - textWidth(` ${value}`, fs);
        text += `<text${attrs({ x: n(left), y: n(yTop - 4), fill: colours.text, "font-weight": isSel ? 700 : undefined })}>${esc(truncate(name, Math.floor(room / (fs * 0.6))))}</text>`;
        text += `<text${attrs({ x: n(width - 8), y: n(yTop - 4), "text-anchor": "end", fill: colours.secondaryText })}>${esc(value)}</text>`;
      } else if (labelled)
        text += `<text${attrs({ x: n(left - 6), y: n(cy), "text-anchor": "end", "dominant-baseline": "middle", fill: colours.text, "font-weight": isSel ? 700 : undefined })}>${esc(truncate(name, 34))}</text>`;
      if (labelled && !namesAbove)
        text += `<text${attrs({ x: n(x1 + 4), y: n(cy), "dominant-baseline": "middle", fill: colours.secondaryText, "font-size": small })}>${esc(formatValue(d.value, format))}</text>`;
      else if (isSel && !labelled)
        text += `<text${attrs({ x: n(x1 + 6), y: n(cy), "dominant-baseline": "middle", fill: colours.text, "font-weight": 700 })}>${esc(wide ? truncate(`◀ ${d.name} (selected), ${ordinal(d.rank!)}`, 34) : `◀ ${ordinal(d.rank!)}`)}</text>`;
      const hit = `<rect${attrs({ class: "app-chart__hit", x: n(left), y: n(top + i * barStep), width: n(width - right - left), height: n(barStep), fill: "transparent" })}/>`;
      // Named on hover by the browser (and by the enhancement script on focus): with 100+ bars
      // the names cannot all be written on the chart, and 100+ tab stops would be worse.
      const tip = `<title>${esc(`${d.name}${isSel ? " (selected)" : isPeer ? " (peer)" : ""}: ${formatValue(d.value, format)}, ranked ${ordinal(d.rank!)} of ${bars.length}`)}</title>`;
      barsSvg += point(
        x1,
        cy,
        {
          label: `${d.name}${isSel ? " (selected)" : isPeer ? " (peer)" : ""}`,
          value: formatValue(d.value, format),
          detail: `Ranked ${ordinal(d.rank!)} of ${bars.length}, ${quartileText[d.quartile!]}`,
        },
        tip + hit + rect + text,
        isSel ? "app-chart__point--selected" : isPeer ? "app-chart__point--peer" : "",
        false,
      );
    });
    body += `<g class="app-chart__points">${barsSvg}</g>`;

    for (const [i, line] of lines.entries()) {
      const y = raised[i]!;
      body +=
        `<line${attrs({ class: line.cls, x1: n(x(line.v)), x2: n(x(line.v)), y1: n(top - 4 - y), y2: n(height - bottom), stroke: colours.mean, "stroke-width": line.dasharray ? 1.25 : 2, "stroke-dasharray": line.dasharray })}/>` +
        `<text${attrs({ x: n(x(line.v)), y: n(top - 8 - y), "text-anchor": "middle", fill: colours.text, "font-size": small })}>${esc(line.label)}</text>`;
    }

    return (
      svgOpen("bars", layoutId(id, layout), width, height, options.title, desc, layout) +
      body +
      "</svg>"
    );
  };

  const takeaway = benchmarkTakeaway(ranked, selected, median, format);
  const desc = `${takeaway}. ${bars.length} organisations ranked ${direction === "decrease" ? "lowest" : "highest"} first${q1 !== null && q3 !== null && bars.length >= 4 ? `; quartiles ${formatValue(q1, format)} and ${formatValue(q3, format)}` : ""}.`;

  const inGroup = bars.some((d) => peers.has(d.code) && d.code !== selected?.code);
  const legend: LegendItem[] = [
    {
      label: inGroup ? "Other organisations (light grey)" : "Peer organisations",
      swatch: barSwatch(colours.peer),
    },
  ];
  if (inGroup)
    legend.push({ label: "Peers (dark grey, outlined)", swatch: barSwatch(colours.peerGroup) });
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
    `${d.name}${selected && d.code === selected.code ? " (selected)" : peers.has(d.code) ? " (peer)" : ""}`,
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
    svg: draw(layouts[0]!),
    compactSvg: draw(layouts[1]!),
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

/**
 * How far up (0, 13, 26… units at 11-unit text) each centred label goes so that no two on a row overlap: labels are
 * placed left to right, each on the lowest row whose last label it clears.
 * Example: Q1 at x 300, Median at 308, Q3 at 340 → rows 0, 13, 0.
 */
export function labelRows(labels: readonly { x: number; text: string }[], fontSize = 11): number[] {
  const ROW = fontSize + 2;
  const order = labels.map((l, i) => i).sort((a, b) => labels[a]!.x - labels[b]!.x);
  const rowEnds: number[] = [];
  const out = new Array<number>(labels.length).fill(0);
  for (const i of order) {
    const { x, text } = labels[i]!;
    const half = (textWidth(text, fontSize) + 6) / 2;
    let row = rowEnds.findIndex((end) => x - half >= end);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = x + half;
    out[i] = row * ROW;
  }
  return out;
}
