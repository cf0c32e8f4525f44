/**
 * Periods: calendar months, ISO weeks (Monday start), quarters, NHS financial years (1 April to
 * 31 March) and rolling years of twelve months from any month (SHMI's February 2025 – January
 * 2026). All dates are 'YYYY-MM-DD' strings in UTC; a period is named by its first day.
 */
import type { PeriodType } from "./values.js";

const pad = (n: number) => String(n).padStart(2, "0");

export function isoDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function parseIsoDate(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return isoDate(d) === text ? d : null;
}

/** The first day of the period of `type` that contains `date`. */
export function periodStartOf(date: string, type: PeriodType): string {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not a date: ${date}`);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (type) {
    case "day":
      return date;
    case "week": {
      const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
      return isoDate(new Date(Date.UTC(y, m, d.getUTCDate() - dow)));
    }
    case "month":
    case "twelve_months":
      // A rolling year may start in any month: the month containing the date starts one.
      return `${y}-${pad(m + 1)}-01`;
    case "quarter":
      return `${y}-${pad(Math.floor(m / 3) * 3 + 1)}-01`;
    case "financial_year":
      return `${m >= 3 ? y : y - 1}-04-01`;
  }
}

/** Is `date` the first day of a period of `type`? */
export function isPeriodStart(date: string, type: PeriodType): boolean {
  return parseIsoDate(date) !== null && periodStartOf(date, type) === date;
}

/** Adds `n` periods of `type` to a period start. */
export function addPeriods(start: string, type: PeriodType, n: number): string {
  const d = parseIsoDate(start);
  if (!d) throw new RangeError(`not a date: ${start}`);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (type) {
    case "day":
      return isoDate(new Date(Date.UTC(y, m, day + n)));
    case "week":
      return isoDate(new Date(Date.UTC(y, m, day + 7 * n)));
    case "month":
      return isoDate(new Date(Date.UTC(y, m + n, 1)));
    case "quarter":
      return isoDate(new Date(Date.UTC(y, m + 3 * n, 1)));
    case "financial_year":
      return isoDate(new Date(Date.UTC(y + n, 3, 1)));
    case "twelve_months":
      return isoDate(new Date(Date.UTC(y, m + 12 * n, 1)));
  }
}

const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/**
 * How a period reads in prose: "March 2024", "week of 4 March 2024", "Jan–Mar 2024", "2024/25",
 * "Feb 2025 – Jan 2026" (twelve months).
 */
export function formatPeriod(start: string, type: PeriodType): string {
  const d = parseIsoDate(start);
  if (!d) return start;
  const y = d.getUTCFullYear();
  const month = monthNames[d.getUTCMonth()] ?? "";
  switch (type) {
    case "day":
      return `${d.getUTCDate()} ${month} ${y}`;
    case "week":
      return `week of ${d.getUTCDate()} ${month} ${y}`;
    case "month":
      return `${month} ${y}`;
    case "quarter":
      return `${month.slice(0, 3)}–${monthNames[d.getUTCMonth() + 2]?.slice(0, 3) ?? ""} ${y}`;
    case "financial_year":
      return `${y}/${pad((y + 1) % 100)}`;
    case "twelve_months": {
      const last = new Date(Date.UTC(y, d.getUTCMonth() + 11, 1));
      const lastMonth = monthNames[last.getUTCMonth()] ?? "";
      return `${month.slice(0, 3)} ${y} – ${lastMonth.slice(0, 3)} ${last.getUTCFullYear()}`;
    }
  }
}

/** Short month label for chart axes: "Mar 2024". */
export function shortMonth(start: string): string {
  const d = parseIsoDate(start);
  return d ? `${monthNames[d.getUTCMonth()]?.slice(0, 3) ?? ""} ${d.getUTCFullYear()}` : start;
}

/**
 * NHS England's name of a financial quarter, from its first day: "2025-04-01" → "Q1 2025/26",
 * "2025-01-01" → "Q4 2024/25".
 */
export function financialQuarterName(start: string): string {
  const d = parseIsoDate(start);
  if (!d) return start;
  const m = d.getUTCMonth();
  const year = m >= 3 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  const q = Math.floor(((m + 9) % 12) / 3) + 1;
  return `Q${q} ${year}/${pad((year + 1) % 100)}`;
}
