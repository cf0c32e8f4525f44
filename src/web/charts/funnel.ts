/**
 * Funnel plot of proportions: each organisation's value against its denominator, with 95% and
 * 99.8% control limits around the benchmark (normal approximation to the binomial,
 * p ± z·√(p(1−p)/n)), so that small organisations are not flagged for chance variation.
 */
import type { ImprovementDirection } from "../../stats/spc/index.js";
import { toCsv } from "../../metrics/csv.js";
import {
  frameFor,
  labelAt,
  labelText,
  layoutId,
  layouts,
  markerBox,
  placeLabel,
  point,
  referenceLabel,
  svgOpen,
  textWidth,
  yAxis,
  yTickLabels,
  type Box,
  type Layout,
} from "./frame.js";
import {
  csvNumber,
  formatLevel,
  formatNumber,
  formatTick,
  formatValue,
  type ValueFormat,
} from "./format.js";
import { colours, dash, lineSwatch, marker, markerSwatch } from "./marks.js";
import { attrs, esc, linearScale, linePath, n, niceTicks, safeId } from "./svg.js";
import type { Chart, ChartSize, LegendItem, TableCell } from "./types.js";

export interface FunnelDatum {
  code: string;
  name: string;
  numerator: number;
  denominator: number;
  /** This unit's limits (proportions, 0–1) when the caller computed them, e.g. with an
   *  overdispersion adjustment; default: normal limits around the benchmark. */
  limits?: { lower95: number; upper95: number; lower998: number; upper998: number };
}

/** Limit curves computed by the caller (proportions, 0–1), drawn instead of normal limits. */
export interface FunnelCurve {
  denominator: readonly number[];
  lower95: readonly number[];
  upper95: readonly number[];
  lower998: readonly number[];
  upper998: readonly number[];
}

export interface FunnelOptions extends ChartSize {
  id: string;
  title: string;
  /** Default: percentages of proportions ({ kind: "percent", scale: 100, decimals: 1 }). */
  format?: ValueFormat;
  /** The benchmark proportion (0–1); default the pooled value, Σ numerators / Σ denominators. */
  benchmark?: number | null;
  selected?: string | null;
  /** Which way is better, for the words "better"/"worse" (default "increase"). */
  direction?: ImprovementDirection;
  valueLabel?: string;
  denominatorLabel?: string;
  /** Limits from the statistics engine (exact, overdispersion-adjusted); default normal limits. */
  curve?: FunnelCurve;
}

export type FunnelPosition = "above_998" | "above_95" | "within" | "below_95" | "below_998";

const Z95 = 1.959964;
const Z998 = 3.090232;

export function funnelLimits(p: number, denominator: number, z: number): [number, number] {
  const se = Math.sqrt((p * (1 - p)) / denominator);
  return [Math.max(0, p - z * se), Math.min(1, p + z * se)];
}

export function funnelPosition(value: number, p: number, denominator: number): FunnelPosition {
  const [l998, u998] = funnelLimits(p, denominator, Z998);
  const [l95, u95] = funnelLimits(p, denominator, Z95);
  if (value > u998) return "above_998";
  if (value < l998) return "below_998";
  if (value > u95) return "above_95";
  if (value < l95) return "below_95";
  return "within";
}

const positionText: Record<FunnelPosition, string> = {
  above_998: "Above the 99.8% limit",
  above_95: "Above the 95% limit",
  within: "Within the 95% limits",
  below_95: "Below the 95% limit",
  below_998: "Below the 99.8% limit",
};

function judgement(pos: FunnelPosition, direction: ImprovementDirection): string {
  if (pos === "within" || direction === "neutral") return "";
  const high = pos.startsWith("above");
  return (high ? direction === "increase" : direction === "decrease")
    ? " (better than expected)"
    : " (worse than expected)";
}

export function funnelPlot(data: readonly FunnelDatum[], options: FunnelOptions): Chart {
  const id = safeId(options.id);
  const format = options.format ?? { kind: "percent", scale: 100, decimals: 1 };
  const direction = options.direction ?? "increase";
  const valid = data.filter(
    (d) => d.denominator > 0 && Number.isFinite(d.numerator) && d.numerator >= 0,
  );
  const sumN = valid.reduce((a, d) => a + d.numerator, 0);
  const sumD = valid.reduce((a, d) => a + d.denominator, 0);
  const p = options.benchmark ?? (sumD > 0 ? sumN / sumD : 0);
  const positionOf = (d: FunnelDatum, value: number): FunnelPosition => {
    const l = d.limits;
    if (!l) return funnelPosition(value, p, d.denominator);
    if (value > l.upper998) return "above_998";
    if (value < l.lower998) return "below_998";
    if (value > l.upper95) return "above_95";
    if (value < l.lower95) return "below_95";
    return "within";
  };
  const rows = valid.map((d) => ({
    ...d,
    value: d.numerator / d.denominator,
    position: positionOf(d, d.numerator / d.denominator),
  }));
  const selected = options.selected ? rows.find((d) => d.code === options.selected) : undefined;

  /** The chart drawn for one layout (decision 0011). */
  const draw = (layout: Layout): string => {
    const width = layout.width;
    const height = Math.round((options.height ?? 360) * (layout.name === "wide" ? 1 : 0.9));
    const fs = layout.fontSize;
    const dens = rows.map((d) => d.denominator);
    const minD = dens.length ? Math.max(1, Math.min(...dens) * 0.8) : 1;
    const xt = niceTicks(0, dens.length ? Math.max(...dens) : 1, layout.name === "wide" ? 5 : 3);
    const maxD = xt.max;
    const given = options.curve;
    const curveRange = given
      ? given.denominator
          .flatMap((d, i) => (d >= minD ? [given.lower998[i]!, given.upper998[i]!] : []))
          .filter(Number.isFinite)
      : funnelLimits(p, minD, Z998);
    const ys = [p, ...rows.map((d) => d.value), ...curveRange];
    const yt = niceTicks(Math.min(...ys), Math.max(...ys), 5);
    const f = frameFor(layout, height, yTickLabels(yt, format), true);
    const x = linearScale(0, maxD, f.left, width - f.right);
    const y = linearScale(yt.min, yt.max, height - f.bottom, f.top);

    let body = yAxis(f, y, yt, format);
    body += '<g class="app-chart__axis app-chart__axis--x">';
    body += `<line${attrs({ x1: n(f.left), x2: n(width - f.right), y1: n(height - f.bottom), y2: n(height - f.bottom), stroke: colours.axis, "stroke-width": 1 })}/>`;
    for (const v of xt.values) {
      // Centred on its tick, moved inward at either end so that it stays on the chart.
      const text = formatTick(v, xt.step, {});
      const half = textWidth(text, fs) / 2;
      body += `<text${attrs({ x: n(Math.min(Math.max(x(v), half), width - half)), y: n(height - f.bottom + fs * 1.4), "text-anchor": "middle", fill: colours.secondaryText })}>${esc(text)}</text>`;
    }
    body += `<text${attrs({ x: n((f.left + width - f.right) / 2), y: n(height - fs * 0.5), "text-anchor": "middle", fill: colours.text })}>${esc(options.denominatorLabel ?? "Denominator")}</text>`;
    body += "</g>";

    // Limit curves sampled on a log scale of the denominator, clipped to the plotted range.
    const samples: number[] = [];
    for (let i = 0; i <= 80; i++)
      samples.push(Math.exp(Math.log(minD) + ((Math.log(maxD) - Math.log(minD)) * i) / 80));
    const curve = (z: number, side: 0 | 1) => {
      if (given) {
        const line =
          z === Z95
            ? side === 0
              ? given.lower95
              : given.upper95
            : side === 0
              ? given.lower998
              : given.upper998;
        return linePath(
          given.denominator.map((d, i) => {
            const v = line[i]!;
            return d < minD || d > maxD || !Number.isFinite(v) || v < yt.min || v > yt.max
              ? null
              : ([x(d), y(v)] as [number, number]);
          }),
        );
      }
      return linePath(
        samples.map((d) => {
          const v = funnelLimits(p, d, z)[side];
          return v < yt.min || v > yt.max ? null : ([x(d), y(v)] as [number, number]);
        }),
      );
    };
    const path = (cls: string, d: string, stroke: string, w: number, da?: string) =>
      `<path${attrs({ class: cls, d, fill: "none", stroke, "stroke-width": w, "stroke-dasharray": da })}/>`;
    body += path(
      "app-chart__limit app-chart__limit--95",
      curve(Z95, 0) + curve(Z95, 1),
      colours.nearLimit,
      1.25,
      dash.nearLimit,
    );
    body += path(
      "app-chart__limit app-chart__limit--998",
      curve(Z998, 0) + curve(Z998, 1),
      colours.limit,
      1.25,
      dash.limit,
    );
    body += `<line${attrs({ class: "app-chart__mean", x1: n(x(minD)), x2: n(width - f.right), y1: n(y(p)), y2: n(y(p)), stroke: colours.mean, "stroke-width": 1.5 })}/>`;

    let pts = "";
    const ordered = [...rows].sort(
      (a, b) => Number(a.code === selected?.code) - Number(b.code === selected?.code),
    );
    for (const d of ordered) {
      const isSel = d.code === selected?.code;
      const cx = x(d.denominator);
      const cy = y(d.value);
      const inner = isSel
        ? marker("improvement", cx, cy, colours.highlight)
        : marker("common", cx, cy);
      pts += point(
        cx,
        cy,
        {
          label: `${d.name}${isSel ? " (selected)" : ""}`,
          value: formatValue(d.value, format),
          detail: `${formatNumber(d.numerator)} of ${formatNumber(d.denominator)}; ${positionText[d.position].toLowerCase()}${judgement(d.position, direction)}`,
        },
        inner,
        isSel ? "app-chart__point--selected" : "",
      );
    }
    body += `<g class="app-chart__points">${pts}</g>`;

    // The selected organisation's label beside its point, on whichever side clears the other
    // points and stays on the plot; "Selected" when its name fits nowhere, none when that does not.
    const boxes = rows.map((d) => markerBox(x(d.denominator), y(d.value)));
    const plot = { x: f.left, y: 0, width: width - f.left, height: height - f.bottom };
    let selectedBox: Box[] = [];
    if (selected) {
      const cx = x(selected.denominator);
      const cy = y(selected.value);
      for (const text of [`${selected.name} (selected)`, "Selected"]) {
        const placed = placeLabel(
          [
            labelAt(cx + 9, cy - 9, "start", text, fs),
            labelAt(cx - 9, cy - 9, "end", text, fs),
            labelAt(cx + 9, cy + 9 + fs, "start", text, fs),
            labelAt(cx - 9, cy + 9 + fs, "end", text, fs),
          ],
          boxes,
          plot,
        );
        if (!placed) continue;
        body += labelText(placed, text, colours.text, fs, { "font-weight": 700 });
        selectedBox = [placed.box];
        break;
      }
    }
    body += referenceLabel(f, y(p), `Benchmark ${formatLevel(p, format)}`, colours.text, fs, [
      ...boxes,
      ...selectedBox,
    ]);
    return (
      svgOpen("funnel", layoutId(id, layout), width, height, options.title, desc, layout) +
      body +
      "</svg>"
    );
  };

  const above = rows.filter((d) => d.position === "above_998").length;
  const below = rows.filter((d) => d.position === "below_998").length;
  const outside = `${above} ${above === 1 ? "organisation is" : "organisations are"} above and ${below} below the 99.8% limits`;
  const takeaway =
    rows.length === 0
      ? "No data to compare"
      : selected
        ? `${selected.name} is ${positionText[selected.position].toLowerCase()}${judgement(selected.position, direction)}; ${outside}`
        : `Of ${rows.length} organisations, ${outside}`;
  const desc = `${takeaway}. Benchmark ${formatValue(p, format)}; ${rows.length} organisations plotted by ${(options.denominatorLabel ?? "denominator").toLowerCase()}.`;

  const legend: LegendItem[] = [
    { label: "Organisations (grey circles)", swatch: markerSwatch("common") },
    ...(selected
      ? [
          {
            label: `${selected.name} (selected, blue diamond)`,
            swatch: markerSwatch("improvement", colours.highlight),
          },
        ]
      : []),
    {
      label: `Benchmark ${formatLevel(p, format)}`,
      swatch: lineSwatch(colours.mean, undefined, 1.5),
    },
    { label: "95% limits", swatch: lineSwatch(colours.nearLimit, dash.nearLimit, 1.25) },
    { label: "99.8% limits", swatch: lineSwatch(colours.limit, dash.limit, 1.25) },
  ];
  const sortedRows = [...rows].sort((a, b) => b.value - a.value);
  const head = [
    "Organisation",
    options.denominatorLabel ?? "Denominator",
    options.valueLabel ?? "Value",
    "Position",
  ];
  const tableRows: TableCell[][] = sortedRows.map((d) => [
    `${d.name}${d.code === selected?.code ? " (selected)" : ""}`,
    formatNumber(d.denominator),
    formatValue(d.value, format),
    positionText[d.position] + judgement(d.position, direction),
  ]);
  const csv = toCsv(
    [
      "org_code",
      "organisation",
      "numerator",
      "denominator",
      "value",
      "benchmark",
      "position",
      "selected",
    ],
    sortedRows.map((d) => [
      d.code,
      d.name,
      d.numerator,
      d.denominator,
      csvNumber(d.value),
      csvNumber(p),
      d.position,
      d.code === selected?.code ? "yes" : "",
    ]),
  );
  return {
    id,
    svg: draw(layouts[0]!),
    compactSvg: draw(layouts[1]!),
    title: options.title,
    takeaway,
    table: { caption: options.title, head, rows: tableRows, numeric: [false, true, true, false] },
    csv,
    legend,
    footnotes: [],
  };
}
