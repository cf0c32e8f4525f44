/**
 * Low-level helpers shared by the charts: escaping, number output for coordinates, scales and
 * "nice" axis ticks. Pure functions; no DOM.
 */

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an XML/HTML text node or a double-quoted attribute. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/** A coordinate as it is written in the SVG: at most 1 decimal, never "-0". */
export function n(value: number): string {
  const r = Math.round(value * 10) / 10;
  return Object.is(r, -0) || r === 0 ? "0" : String(r);
}

/** An id usable in `id` and IDREF attributes: letters, digits, `-` and `_` only. */
export function safeId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `chart-${cleaned || "x"}`;
}

/** Attributes from an object: `undefined`, `null` and `false` are left out; values are escaped. */
export function attrs(a: Record<string, string | number | boolean | null | undefined>): string {
  let out = "";
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined || v === null || v === false) continue;
    out += v === true ? ` ${k}` : ` ${k}="${esc(v)}"`;
  }
  return out;
}

export type Scale = (v: number) => number;

/** Linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

export interface Ticks {
  /** The extended domain, on tick boundaries. */
  min: number;
  max: number;
  step: number;
  values: number[];
}

/**
 * About `count` round tick values covering [min, max] (1, 2, 2.5 or 5 times a power of ten).
 * A flat domain is widened around its value. Example: niceTicks(3.2, 97.5, 5) -> 0, 20, ... 100.
 */
export function niceTicks(min: number, max: number, count = 5): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max))
    return { min: 0, max: 1, step: 0.2, values: [0, 0.2, 0.4, 0.6, 0.8, 1] };
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const values: number[] = [];
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = lo; v <= hi + step / 2; v += step) values.push(Number(v.toFixed(decimals)));
  return { min: lo, max: hi, step, values };
}

/** Decimals needed to tell ticks `step` apart: 0 for 5, 1 for 0.5, 2 for 0.25. */
export function tickDecimals(step: number): number {
  if (!(step > 0)) return 0;
  for (let d = 0; d < 6; d++) {
    if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d;
  }
  return 6;
}

/**
 * Which of `count` evenly spaced labels to show so that at most `max` appear: every k-th, with k
 * in 1, 2, 3, 4, 6, 12, 24..., always including the last one (the latest period).
 */
export function thinLabels(count: number, max: number): number[] {
  if (count <= 0) return [];
  const steps = [1, 2, 3, 4, 6, 12, 24, 36, 48, 60, 120];
  const step = steps.find((s) => Math.ceil(count / s) <= max) ?? Math.ceil(count / max);
  const out: number[] = [];
  for (let i = (count - 1) % step; i < count; i += step) out.push(i);
  return out;
}

/** Path through points; `null` breaks the line. */
export function linePath(points: readonly ([number, number] | null)[]): string {
  let d = "";
  let pen = false;
  for (const p of points) {
    if (p === null) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${n(p[0])} ${n(p[1])}`;
    pen = true;
  }
  return d;
}

/**
 * Step path for limits that may change per point: horizontal at each point's value, changing
 * half-way between points. `null` breaks the line. A constant series is a straight line from the
 * first to the last x.
 */
export function stepPath(xs: readonly number[], ys: readonly (number | null)[]): string {
  let d = "";
  let prev: { x: number; y: number } | null = null;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i] ?? null;
    if (y === null) {
      prev = null;
      continue;
    }
    if (prev === null) d += `M${n(x)} ${n(y)}`;
    else if (Math.abs(prev.y - y) < 1e-9) d += "";
    else {
      const mid = (prev.x + x) / 2;
      d += `H${n(mid)}V${n(y)}`;
    }
    // Finish the horizontal run at this point when the next one breaks, changes or ends.
    const nextY = ys[i + 1] ?? null;
    if (i === xs.length - 1 || nextY === null || Math.abs(nextY - y) >= 1e-9) d += `H${n(x)}`;
    prev = { x, y };
  }
  return d.replace(/H([-\d.]+)H/g, "H");
}
