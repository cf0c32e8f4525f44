/** How chart values, axis ticks and periods read. */
import { formatPeriod, shortMonth } from "../../metrics/period.js";
import type { MetricUnit } from "../../metrics/catalogue/types.js";
import type { PeriodType } from "../../metrics/values.js";
import { tickDecimals } from "./svg.js";

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

/** The format of a catalogue unit. Percentages in the catalogue are already 0–100. */
export function formatForUnit(unit: MetricUnit): ValueFormat {
  switch (unit) {
    case "percentage":
      return { kind: "percent", decimals: 1 };
    case "count":
    case "beds":
      return { decimals: 0 };
    case "rate":
    case "ratio":
      return { decimals: 2 };
    case "days":
      return { decimals: 1, suffix: " days" };
    case "minutes":
      return { decimals: 0, suffix: " min" };
    case "hours":
      return { decimals: 1, suffix: " hours" };
  }
}

const cache = new Map<string, Intl.NumberFormat>();
function nf(decimals: number, minDecimals = decimals): Intl.NumberFormat {
  const key = `${minDecimals}/${decimals}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat("en-GB", {
      minimumFractionDigits: minDecimals,
      maximumFractionDigits: decimals,
    });
    cache.set(key, f);
  }
  return f;
}

/** A value for text and tables: "78.2%", "1,204", "4.5 days"; "–" when missing. */
export function formatValue(value: number | null | undefined, format: ValueFormat = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const v = value * (format.scale ?? 1);
  const text = nf(format.decimals ?? 1).format(v);
  return format.kind === "percent" ? `${text}%` : `${text}${format.suffix ?? ""}`;
}

/** A target or threshold in prose, without needless decimals: "78%", "95.5%". */
export function formatLevel(value: number, format: ValueFormat = {}): string {
  const v = value * (format.scale ?? 1);
  const text = nf(Math.max(format.decimals ?? 1, 1), 0).format(v);
  return format.kind === "percent" ? `${text}%` : `${text}${format.suffix ?? ""}`;
}

/** An axis tick with the decimals the tick step needs. */
export function formatTick(value: number, step: number, format: ValueFormat = {}): string {
  const scale = format.scale ?? 1;
  const text = nf(tickDecimals(step * scale)).format(value * scale);
  return format.kind === "percent" ? `${text}%` : text;
}

/** A raw number for CSV: rounded to 6 decimals (no float noise); null when missing. */
export function csvNumber(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Number(value.toFixed(6));
}

/** A period in prose: "March 2024", "Q1 2024"… */
export function periodLabel(date: string, type: PeriodType = "month"): string {
  return formatPeriod(date, type);
}

/** A period on an axis: "Mar 2024" for months. */
export function periodAxisLabel(date: string, type: PeriodType = "month"): string {
  return type === "month" ? shortMonth(date) : formatPeriod(date, type);
}
