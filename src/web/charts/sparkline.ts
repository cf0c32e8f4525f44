/** A tiny trend line for tables and cards. Decorative: the caller supplies the text alternative. */
import { colours } from "./marks.js";
import { attrs, linearScale, linePath, n } from "./svg.js";

export interface SparklineOptions {
  width?: number;
  height?: number;
  /** A dashed horizontal line, e.g. the target. */
  reference?: number | null;
}

/**
 * `<svg aria-hidden="true">` with the series as a line (broken at nulls) and a dot on the last
 * value. Example: `${sparkline(values)}<span class="nhsuk-u-visually-hidden">Rising from 70% to 78%</span>`.
 */
export function sparkline(
  values: readonly (number | null)[],
  options: SparklineOptions = {},
): string {
  const width = options.width ?? 120;
  const height = options.height ?? 32;
  const pad = 4;
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const ref = options.reference ?? null;
  const domain = ref !== null && Number.isFinite(ref) ? [...finite, ref] : finite;
  const lo = domain.length ? Math.min(...domain) : 0;
  const hi = domain.length ? Math.max(...domain) : 1;
  const x = linearScale(0, Math.max(1, values.length - 1), pad, width - pad);
  const y = linearScale(lo, hi, height - pad, pad);
  let body = "";
  if (ref !== null && Number.isFinite(ref)) {
    body += `<line${attrs({ x1: n(pad), x2: n(width - pad), y1: n(y(ref)), y2: n(y(ref)), stroke: colours.target, "stroke-width": 1, "stroke-dasharray": "3 2" })}/>`;
  }
  const d = linePath(
    values.map((v, i) =>
      v === null || !Number.isFinite(v) ? null : ([x(i), y(v)] as [number, number]),
    ),
  );
  if (d)
    body += `<path${attrs({ d, fill: "none", stroke: colours.data, "stroke-width": 1.5, "stroke-linejoin": "round" })}/>`;
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) {
      body += `<circle${attrs({ cx: n(x(i)), cy: n(y(v)), r: 2.5, fill: colours.highlight })}/>`;
      break;
    }
  }
  return `<svg${attrs({ xmlns: "http://www.w3.org/2000/svg", class: "app-sparkline", viewBox: `0 0 ${width} ${height}`, width, height, "aria-hidden": "true", focusable: "false" })}>${body}</svg>`;
}
