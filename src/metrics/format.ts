/**
 * How numbers read, everywhere: values in text and tables ("78.2%", "1,204", "4.5 days"),
 * thresholds in prose, raw numbers for CSV, ordinals. Pure (no DOM, no NHS data): the charts,
 * the pages and, after the engine split, the analytics sentences use these.
 */
import type { MetricUnit } from "./catalogue/types.js";

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
/** The en-GB number format with these decimals (one instance per pair: making one is slow). */
export function numberFormat(decimals: number, minDecimals = decimals): Intl.NumberFormat {
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
  const text = numberFormat(format.decimals ?? 1).format(v);
  return format.kind === "percent" ? `${text}%` : `${text}${format.suffix ?? ""}`;
}

/** A target or threshold in prose, without needless decimals: "78%", "95.5%". */
export function formatLevel(value: number, format: ValueFormat = {}): string {
  const v = value * (format.scale ?? 1);
  const text = numberFormat(Math.max(format.decimals ?? 1, 1), 0).format(v);
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
