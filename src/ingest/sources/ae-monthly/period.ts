/**
 * The monthly A&E file's Period cell: a month (MSitAE-MARCH-2024, or any date the cell readers
 * take) or, in the national total row of files since August 2024, the word TOTAL.
 */
import { parseDateCell } from "../../cells.js";

/** Whether a Period cell reads TOTAL (the publication's national total row), e.g. " Total " → true. */
export const isTotalPeriod = (text: string): boolean =>
  text.length <= 12 && text.trim().toUpperCase() === "TOTAL";

/** The first day of the month a Period cell names, e.g. MSitAE-MARCH-2024 → 2024-03-01, or undefined. */
export function periodMonthStart(text: string): string | undefined {
  const d = parseDateCell(text);
  return d === undefined ? undefined : d.slice(0, 8) + "01";
}
