/**
 * Which values are plausible for a metric, by its unit: the one rule every import applies
 * (ingest/import-file.ts checks each value a format gives before it is written), so that a value
 * no publication could give (two counts of 1e308 overflowed every region's sum and took down 15
 * dashboards) refuses its file instead of reaching the pages.
 *
 * Bounds of the value, in the metric's display unit:
 *
 * | unit                | allowed                 | why                                                             |
 * | ------------------- | ----------------------- | --------------------------------------------------------------- |
 * | `percentage`        | 0 to 100                | a share of a whole (numerator ≤ denominator)                     |
 * |   of daily means    | 0 to 1,000              | occupancy: occupied over available beds, above 100% when        |
 * |                     |                         | escalation beds are open (KH03 mental illness: 120.8%)           |
 * | `percentage_points` | −100 to 100             | a difference between two percentages                            |
 * | `count`, `beds`     | 0 to 1,000,000,000      | England's largest monthly count (the RTT waiting list) is under |
 * |                     |                         | 8 million; a flow (aggregation `sum`) is a whole number          |
 * | `rate`              | 0 to 1,000,000          | events per `ratePer`; never negative                             |
 * | `ratio`             | 0 to 1,000              | observed over expected (SHMI about 1), a multiple of a baseline |
 * | `minutes`           | 0 to 43,200 (30 days)   | response times and waits; the longest ambulance 90th centile    |
 * |                     |                         | in the shared data is 1,151 minutes                              |
 * | `hours`             | 0 to 8,784 (a year)     |                                                                 |
 * | `days`              | 0 to 3,660 (ten years)  |                                                                 |
 * | `score`             | the category's scale,   | the Oversight Framework's 1–4 (means of scores, so not whole);  |
 * |                     | else 0 to 10            | the Staff Survey's 0–10                                          |
 * | `category`          | best to worst, whole    | a segment 1–4 (or 5), a flag 0 or 1                             |
 *
 * A few published percentages are signed (a planned deficit, a variance to plan): their own
 * bounds are in {@link metricBounds}. Numerators and denominators, where given, are finite,
 * never negative and at most 1,000,000,000,000 (the largest in the shared data, total ambulance
 * response minutes, is 34 million); for a proportion (a percentage the platform computes from a
 * numerator and a denominator, not of daily means) the numerator is at most the denominator.
 * Every figure is finite: NaN and ±Infinity are never stored.
 */
import type { MetricDefinition } from "./catalogue/types.js";

export interface Bounds {
  min: number;
  max: number;
  /** The value must be a whole number. */
  whole: boolean;
}

/** The largest count (or beds) accepted: far above any NHS figure, far below overflow. */
export const COUNT_CEILING = 1e9;
/** The largest numerator or denominator accepted. */
export const PART_CEILING = 1e12;

/** Published percentages that are signed (finance: a deficit, a variance, a productivity change). */
const metricBounds: Readonly<Record<string, Bounds>> = {
  nof_of0079: { min: -100, max: 100, whole: false },
  nof_of0081: { min: -100, max: 100, whole: false },
  nof_of0085: { min: -100, max: 100, whole: false },
  // An annual change in a number of people, in per cent: may more than double.
  nof_of0041: { min: -100, max: 1000, whole: false },
};

/** A percentage computed from a numerator that is part of its denominator. */
export function isProportion(metric: MetricDefinition): boolean {
  return (
    metric.unit === "percentage" &&
    metric.numerator !== undefined &&
    metric.denominator !== undefined &&
    metric.counts !== "daily_means"
  );
}

/** The values a metric may take (the table above). */
export function valueBounds(metric: MetricDefinition): Bounds {
  const own = metricBounds[metric.id];
  if (own) return own;
  const range = (min: number, max: number, whole = false): Bounds => ({ min, max, whole });
  switch (metric.unit) {
    case "percentage":
      return metric.counts === "daily_means" ? range(0, 1000) : range(0, 100);
    case "percentage_points":
      return range(-100, 100);
    case "count":
      return range(0, COUNT_CEILING, metric.aggregation === "sum");
    case "beds":
      return range(0, COUNT_CEILING);
    case "rate":
      return range(0, 1e6);
    case "ratio":
      return range(0, 1000);
    case "minutes":
      return range(0, 43_200);
    case "hours":
      return range(0, 8_784);
    case "days":
      return range(0, 3_660);
    case "score":
    case "category": {
      const c = metric.category;
      if (!c) return range(0, 10);
      return range(Math.min(c.best, c.worst), Math.max(c.best, c.worst), c.kind !== "score");
    }
  }
}

/** Why a value is implausible: the field, and what is wrong with it. */
export type Implausibility =
  | { field: "numerator" | "denominator" | "value"; kind: "not_finite" }
  | { field: "numerator" | "denominator"; kind: "negative" }
  | { field: "numerator" | "denominator"; kind: "too_large"; max: number }
  | { field: "numerator"; kind: "above_denominator" }
  | { field: "value"; kind: "out_of_range"; bounds: Bounds };

/** Relative slack for rounding in values computed from numerators and denominators. */
const SLACK = 1e-9;

/** The first thing implausible about a value, or undefined when it is plausible. */
export function implausibility(
  metric: MetricDefinition,
  v: { numerator: number | null; denominator: number | null; value: number | null },
  /** The metric's bounds, when the caller keeps them (a check of many values). */
  bounds: Bounds = valueBounds(metric),
): Implausibility | undefined {
  for (const field of ["numerator", "denominator"] as const) {
    const n = v[field];
    if (n === null) continue;
    if (!Number.isFinite(n)) return { field, kind: "not_finite" };
    if (n < 0) return { field, kind: "negative" };
    if (n > PART_CEILING) return { field, kind: "too_large", max: PART_CEILING };
  }
  if (
    v.numerator !== null &&
    v.denominator !== null &&
    isProportion(metric) &&
    v.numerator > v.denominator * (1 + SLACK)
  )
    return { field: "numerator", kind: "above_denominator" };
  if (v.value === null) return undefined;
  if (!Number.isFinite(v.value)) return { field: "value", kind: "not_finite" };
  if (
    v.value < bounds.min - SLACK * Math.max(1, Math.abs(bounds.min)) ||
    v.value > bounds.max + SLACK * Math.max(1, Math.abs(bounds.max)) ||
    (bounds.whole && !Number.isInteger(v.value))
  )
    return { field: "value", kind: "out_of_range", bounds };
  return undefined;
}

/** How many days after the import's date a period may start (clocks differ; a month just begun). */
export const FUTURE_TOLERANCE_DAYS = 30;

/**
 * The latest period start an import accepts, YYYY-MM-DD: {@link FUTURE_TOLERANCE_DAYS} after
 * `now`. A period that has not begun has no figures (a 2199 month became an organisation's
 * "latest" on every page).
 */
export function latestPeriodStart(now: Date): string {
  const d = new Date(now.getTime() + FUTURE_TOLERANCE_DAYS * 86_400_000);
  return d.toISOString().slice(0, 10);
}
