/**
 * discharges_before_5pm from discharge counts over any period (a day, a week, a month):
 * numerator = discharged by 17:00, denominator = all discharged, value × 100.
 *
 * Rule for trusts that do not record the time split: when a period has discharges but none
 * before 17:00, the before-5pm count is treated as not recorded (numerator and value null), not
 * as 0%. A period with no discharges at all has no value (0 / 0).
 */
import type { PeriodType } from "../../../metrics/values.js";
import type { ValueBatch } from "./values.js";

export function emitDischarges(
  values: ValueBatch,
  orgCode: string,
  periodType: PeriodType,
  periodStart: string,
  by1700: number | null,
  total: number | null,
  line: number,
): void {
  const recorded = by1700 === 0 && total !== null && total > 0 ? null : by1700;
  values.ratio(orgCode, "discharges_before_5pm", periodType, periodStart, recorded, total, line);
}
