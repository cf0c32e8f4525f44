/**
 * What the two DM01 layouts share (NHS England's monthly "Diagnostic Waiting Times and Activity"
 * provider web file, its "Provider" and "Provider by Test" sheets as converted in the shared data:
 * title rows and the England line dropped, period added, headings in snake_case): the key and the
 * three waiting-list columns, read the same way for both.
 */
import type { RowReader } from "./row.js";

export const DM01_COLUMNS = [
  "period",
  "provider_code",
  "total_waiting_list",
  "waiting_6_plus_weeks",
  "waiting_13_plus_weeks",
] as const;

type Dm01Column = (typeof DM01_COLUMNS)[number];

/** One provider's month-end waiting list: everyone waiting, and those waiting 6 and 13+ weeks. */
export interface Dm01Waits {
  orgCode: string;
  /** First day of the month. */
  periodStart: string;
  total: number | null;
  over6: number | null;
  over13: number | null;
}

/** Reads a row's key and waits; undefined (problems reported) when a cell is bad. */
export function readDm01Waits(
  row: RowReader,
  c: Record<Dm01Column, number>,
): Dm01Waits | undefined {
  const date = row.date(c.period);
  const orgCode = row.orgCode(c.provider_code);
  const total = row.num(c.total_waiting_list);
  const over6 = row.num(c.waiting_6_plus_weeks);
  const over13 = row.num(c.waiting_13_plus_weeks);
  if (row.bad || !date || !orgCode) return undefined;
  return { orgCode, periodStart: date.slice(0, 8) + "01", total, over6, over13 };
}
