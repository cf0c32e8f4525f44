/** How chart axis ticks and periods read; values and levels come from metrics/format.ts. */
import { formatPeriod, shortMonth } from "../../metrics/period.js";
import { numberFormat } from "../../metrics/format.js";
import type { ValueFormat } from "../../metrics/format.js";
import type { PeriodType } from "../../metrics/values.js";
import { tickDecimals } from "./svg.js";

export {
  csvNumber,
  formatLevel,
  formatNumber,
  formatValue,
  type ValueFormat,
} from "../../metrics/format.js";

/** An axis tick with the decimals the tick step needs. */
export function formatTick(value: number, step: number, format: ValueFormat = {}): string {
  const scale = format.scale ?? 1;
  const text = numberFormat(tickDecimals(step * scale)).format(value * scale);
  return format.kind === "percent" ? `${text}%` : text;
}

/** A period in prose: "March 2024", "Q1 2024"… */
export function periodLabel(date: string, type: PeriodType = "month"): string {
  return formatPeriod(date, type);
}

/** A period on an axis: "Mar 2024" for months. */
export function periodAxisLabel(date: string, type: PeriodType = "month"): string {
  return type === "month" ? shortMonth(date) : formatPeriod(date, type);
}
