/**
 * How numbers read, everywhere: values in sentences, tables and charts ("78.2%", "1,204",
 * "4.5 days", "12.3 per 1,000"), thresholds in prose, raw numbers for CSV, ordinals. One home, so
 * a number in a sentence and the same number in the table beside it read alike.
 *
 * Conventions: en-GB digit grouping; a typographic minus "−" (U+2212) rather than a hyphen;
 * "–" (en dash) for a missing value; no "−0" (a value that rounds to zero reads "0.0").
 */
import type { MetricCategory, MetricDefinition, MetricUnit } from "./catalogue/types.js";

export interface ValueFormat {
  /** "percent" appends "%" (default "number"). */
  kind?: "number" | "percent";
  /** Decimals in text and tables (default 1). Axis ticks use as many as their step needs. */
  decimals?: number;
  /** Multiplies values before display: 100 for proportions (0–1) shown as percentages. */
  scale?: number;
  /** Appended to values in text and tables (not on axis ticks), e.g. " days". */
  suffix?: string;
}

/** What a metric's numbers need: its unit, decimals and (for rates) the "per" quantity. */
export type MetricNumbers = Pick<MetricDefinition, "unit" | "decimals"> & {
  ratePer?: number | null | undefined;
  /** A category's scale (catalogue `category`): its values read as "Segment 2 of 4", "Yes". */
  category?: MetricCategory | null | undefined;
};

const NUMBER_OPTIONS = { signDisplay: "negative" } as const;

const cache = new Map<string, Intl.NumberFormat>();
/** The en-GB number format with these decimals (one instance per pair: making one is slow). */
export function numberFormat(decimals: number, minDecimals = decimals): Intl.NumberFormat {
  const key = `${minDecimals}/${decimals}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat("en-GB", {
      ...NUMBER_OPTIONS,
      minimumFractionDigits: minDecimals,
      maximumFractionDigits: decimals,
    });
    cache.set(key, f);
  }
  return f;
}

const withMinus = (text: string): string => (text.startsWith("-") ? `−${text.slice(1)}` : text);

/**
 * A plain number with grouping and fixed decimals; "–" when missing.
 * Example: formatNumber(12011) → "12,011"; formatNumber(-819.46, 1) → "−819.5".
 */
export function formatNumber(x: number | null | undefined, decimals = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  return withMinus(numberFormat(decimals).format(x));
}

/** The suffix a unit's values carry in text and tables. */
function suffixOf(unit: MetricUnit, ratePer: number | null | undefined): string {
  switch (unit) {
    case "rate":
      return ` per ${formatNumber(ratePer ?? 1)}`;
    case "minutes":
    case "hours":
    case "days":
    case "beds":
      return ` ${unit}`;
    case "percentage_points":
      return " percentage points";
    default:
      return "";
  }
}

/**
 * The format of a metric's values: its catalogue decimals (plus `extraDecimals`, for the extra
 * precision a comparison needs) and its unit. Percentages in the catalogue are already 0–100.
 */
export function formatForMetric(metric: MetricNumbers, extraDecimals = 0): ValueFormat {
  const decimals = metric.decimals + extraDecimals;
  return metric.unit === "percentage"
    ? { kind: "percent", decimals }
    : { decimals, suffix: suffixOf(metric.unit, metric.ratePer) };
}

/** A value for text and tables: "78.2%", "1,204", "4.5 days"; "–" when missing. */
export function formatValue(value: number | null | undefined, format: ValueFormat = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const text = formatNumber(value * (format.scale ?? 1), format.decimals ?? 1);
  return format.kind === "percent" ? `${text}%` : `${text}${format.suffix ?? ""}`;
}

/**
 * A metric's value in its unit: "68.2%", "12.3 per 1,000", "35.2 minutes", "1,204"; "–" when
 * missing. Example: formatMetricValue({ unit: "days", decimals: 1 }, 4.46) → "4.5 days".
 */
export function formatMetricValue(
  metric: MetricNumbers,
  value: number | null | undefined,
  extraDecimals = 0,
): string {
  if (metric.category) return formatCategory(metric.category, metric.decimals, value);
  return formatValue(value, formatForMetric(metric, extraDecimals));
}

/**
 * A category's value in words, never as a measurement. Examples: a segment 2 on 1–4 →
 * "Segment 2 of 4"; a score 2.48 on 1 (best) to 4 → "Score 2.48 (1 best, 4 worst)"; a flag 1 →
 * "Yes". "–" when missing.
 */
export function formatCategory(
  category: MetricCategory,
  decimals: number,
  value: number | null | undefined,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  switch (category.kind) {
    case "flag":
      return value === 1 ? "Yes" : value === 0 ? "No" : formatNumber(value, decimals);
    case "segment":
      return `Segment ${formatNumber(value, 0)} of ${formatNumber(category.worst, 0)}`;
    case "score":
      return `Score ${formatNumber(value, decimals)} (${formatNumber(category.best, 0)} best, ${formatNumber(category.worst, 0)} worst)`;
  }
}

/**
 * A difference or spread in a metric's unit: a percentage's is in percentage points, not per
 * cent of itself. Example: formatMetricDifference({ unit: "percentage", decimals: 1 }, 6.12) →
 * "6.1 percentage points"; { unit: "days", decimals: 1 }, 0.46 → "0.5 days".
 */
export function formatMetricDifference(
  metric: MetricNumbers,
  value: number | null | undefined,
  extraDecimals = 0,
): string {
  if (metric.unit !== "percentage") return formatMetricValue(metric, value, extraDecimals);
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return `${formatNumber(value, metric.decimals + extraDecimals)} percentage points`;
}

/** A target or threshold in prose, without needless decimals: "78%", "95.5%". */
export function formatLevel(value: number, format: ValueFormat = {}): string {
  const v = value * (format.scale ?? 1);
  const text = withMinus(numberFormat(Math.max(format.decimals ?? 1, 1), 0).format(v));
  return format.kind === "percent" ? `${text}%` : `${text}${format.suffix ?? ""}`;
}

/** A raw number for CSV: rounded to 6 decimals (no float noise); null when missing. */
export function csvNumber(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Number(value.toFixed(6));
}

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(k: number): string {
  const mod100 = k % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${k}th`;
  return `${k}${["th", "st", "nd", "rd"][k % 10] ?? "th"}`;
}
