/**
 * Quarters of the NHS financial year (1 April – 31 March) as quarterly publications name them,
 * turned into the calendar quarter the platform stores them under (period type "quarter", named
 * by its first day): Q1 is April–June, Q2 July–September, Q3 October–December, Q4 January–March
 * of the following calendar year.
 *
 * @example financialQuarterStart(2024, 4) // "2025-01-01" (Q4 2024-25: January–March 2025)
 */

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** Calendar month (1–12) of a full English month name, or undefined. */
function monthNumber(name: string): number | undefined {
  const i = MONTHS.indexOf(name.trim().toLowerCase());
  return i === -1 ? undefined : i + 1;
}

/** The first day of quarter `quarter` (1–4) of the financial year starting in April `fyStart`. */
export function financialQuarterStart(fyStart: number, quarter: number): string {
  const month = ((quarter - 1) * 3 + 3) % 12; // 0-based: Q1 → 3 (April), Q4 → 0 (January)
  const year = quarter === 4 ? fyStart + 1 : fyStart;
  return `${year}-${String(month + 1).padStart(2, "0")}-01`;
}

/** "2024-25" → 2024 (the second part must be the next year); undefined otherwise. */
export function parseFinancialYear(text: string): number | undefined {
  const m = /^(\d{4})[-/](\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  return (start + 1) % 100 === Number(m[2]) ? start : undefined;
}

/**
 * The financial quarter (1–4) that ends in the named month (KH03's "quarter end month"), or
 * undefined for a month that ends no quarter. @example quarterEndingIn("September") // 2
 */
export function quarterEndingIn(monthName: string): number | undefined {
  const month = monthNumber(monthName);
  if (month === undefined || month % 3 !== 0) return undefined;
  return month === 3 ? 4 : month / 3 - 1;
}

/**
 * The cancelled-operations quarter label, as the provider sheets title it:
 * "Quarter 1, 2025-26 (April to June 2025)" → "2025-04-01". The months in brackets must be the
 * quarter's (a label whose number and months disagree is refused rather than guessed at).
 */
export function parseQuarterLabel(text: string): string | undefined {
  const m = /^Quarter ([1-4]), (\d{4}-\d{2}) \(([A-Za-z]+) to ([A-Za-z]+) (\d{4})\)$/.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const fyStart = parseFinancialYear(m[2]!);
  if (fyStart === undefined) return undefined;
  const start = financialQuarterStart(fyStart, Number(m[1]));
  const [year, month] = start.split("-").map(Number) as [number, number];
  const first = monthNumber(m[3]!);
  const last = monthNumber(m[4]!);
  return first === month && last === month + 2 && Number(m[5]) === year ? start : undefined;
}
