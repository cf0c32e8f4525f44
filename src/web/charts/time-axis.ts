/**
 * The one time axis every period chart uses (SPC, line): each period from the first to the last
 * has its own slot, whether or not any series has a value in it, so a gap in the data (no A&E
 * data for anyone from April 2019 to March 2021) stays a gap on the axis, and a line through the
 * slots breaks at every period without a value instead of joining across it.
 */
import { addPeriods } from "../../metrics/period.js";
import type { PeriodType } from "../../metrics/values.js";
import { periodAxisLabel } from "./format.js";
import { thinLabels } from "./svg.js";

export interface TimeScale {
  /** Every period from the first to the last date, in order (the slots). */
  periods: readonly string[];
  /** The centre of a period's slot; NaN for a date outside the axis. */
  x(date: string): number;
  /** Points for `linePath` over every slot: null where `value` gives none, which breaks the line. */
  line(
    value: (date: string) => number | null | undefined,
    y: (v: number) => number,
  ): ([number, number] | null)[];
  /** At most `max` axis labels (the latest period always among them), evenly spaced in time. */
  labels(max: number): { x: number; text: string }[];
}

/** Longest axis drawn slot by slot; beyond it (or for dates off the period grid) dates are slots. */
const MAX_SLOTS = 5000;

/** Rolling years start every month, so their slots are months. */
const stepOf = (type: PeriodType): PeriodType => (type === "twelve_months" ? "month" : type);

/** Every period from the first to the last of `dates` (any order, repeats allowed). */
export function periodSlots(dates: readonly string[], type: PeriodType): string[] {
  const sorted = [...new Set(dates)].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return [];
  const step = stepOf(type);
  const slots: string[] = [];
  for (let d = first; d <= last && slots.length < MAX_SLOTS; d = addPeriods(d, step, 1))
    slots.push(d);
  // Dates that are not on the grid from the first (a mislabelled period): one slot per date.
  const onGrid = new Set(slots);
  return sorted.every((d) => onGrid.has(d)) ? slots : sorted;
}

/** A time scale over [left, right] for the given dates: slot i is centred at left + (i + ½)·w. */
export function timeScale(
  dates: readonly string[],
  type: PeriodType,
  left: number,
  right: number,
  /** One evenly spaced slot per date given (events such as assessment rounds, not periods). */
  slotPerDate = false,
): TimeScale {
  const periods = slotPerDate ? [...new Set(dates)].sort() : periodSlots(dates, type);
  const slot = new Map(periods.map((d, i) => [d, i]));
  const w = (right - left) / Math.max(1, periods.length);
  const x = (date: string) => {
    const i = slot.get(date);
    return i === undefined ? Number.NaN : left + w * (i + 0.5);
  };
  return {
    periods,
    x,
    line: (value, y) =>
      periods.map((d) => {
        const v = value(d);
        return v === null || v === undefined || !Number.isFinite(v) ? null : [x(d), y(v)];
      }),
    labels: (max) =>
      thinLabels(periods.length, max).map((i) => ({
        x: x(periods[i]!),
        text: periodAxisLabel(periods[i]!, type),
      })),
  };
}
