/**
 * The NHS Oversight Framework file's Reporting_date, read on purpose. The 2025/26 acute file
 * (Q1 2025/26 segmentation, published September 2025) gives one period per metric, written in
 * 15 ways; each family below names the spellings it was written for and the metrics that use
 * them (7,265 rows):
 *
 * | Reporting_date                                 | rows  | metrics                                   | period                                   |
 * | ---------------------------------------------- | ----- | ----------------------------------------- | ---------------------------------------- |
 * | `Q1 2025/26`                                   | 2,828 | OF0010/11/14/16/57/63, OF1080, OF4xxx, OF5000/02/03/04 (and their scores) | quarter April–June 2025       |
 * | `Jun-25`                                       | 1,198 | OF0003/05/23/25/106 (waiting lists, discharge delays, and scores) | month June 2025                  |
 * | `Jul 24 - Jun 25`                              | 804   | OF0020/48/88 (infections, and scores)     | twelve months July 2024 – June 2025      |
 * | `2024`                                         | 538   | OF0061/84 (Staff Survey 2024), OF1035     | financial year 2024/25 (the survey year) |
 * | `2025/26`                                      | 268   | OF0079 (planned surplus/deficit)          | financial year 2025/26                   |
 * | `Month 3 2025`                                 | 268   | OF0081 (variance to plan, year to date)   | quarter April–June 2025 (months 1–3)     |
 * | `Q4 2024-25`                                   | 268   | OF0082 (sickness absence)                 | quarter January–March 2025               |
 * | `To M12 2024/25 vs 2023/24`                    | 268   | OF0085 (implied productivity)             | financial year 2024/25 (against 2023/24) |
 * | blank                                          | 268   | OF5005 (final segment), OF5007 (Recovery Support Programme) | the trust's segmentation quarter |
 * | `Q1 2025`                                      | 248   | OF0013 (4 hours), OF0017 (Category 2)     | quarter April–June 2025 (see below)      |
 * | `2023`                                         | 130   | OF1069 (CQC inpatient survey 2023)        | financial year 2023/24 (the survey year) |
 * | `Apr 24 - Mar 25`                              | 118   | OF1046 (SHMI score)                       | twelve months April 2024 – March 2025    |
 * | `Jun 24 - Jun 25 vs Jun 23 - Jun 24`           | 44    | OF0041 (change in CYP mental health access) | twelve months to June 2025 (July 2024 – June 2025) |
 * | `Latest published if awarded post August 2023` | 15    | OF1067 (CQC safe inspection score)        | the trust's segmentation quarter         |
 * | `Year to date 25/26`                           | 2     | OF0028 (conveyance to ED)                 | April 2025 to the end of the segmentation quarter (Q1: April–June 2025) |
 *
 * Choices, each checked against other publications where the shared data allows:
 *
 * - `Q1 2025` is the financial quarter April–June 2025 (Q1 of 2025/26), not January–March:
 *   OF0013 matches the monthly A&E files' all-type 4-hour performance for April–June 2025 (R0A
 *   71.1 against 71.09; median difference over 123 trusts 0.04 points, against 3.1 for
 *   January–March), and OF0017 matches AmbSYS's Isle of Wight Category 2 mean for April–June
 *   2025 (25.33 against 25.34 minutes).
 * - A survey year (`2024`, `2023`) is stored as the financial year the survey ran in, as the
 *   Staff Survey format stores its own scores (nss24 → 2024/25).
 * - `Year to date 25/26` runs from April 2025 to the end of the trust's segmentation quarter: in
 *   this file Q1, so April–June 2025 (OF0028 matches AmbSYS's Isle of Wight conveyance to ED over
 *   April–June 2025, 56.07%). A later quarter's year to date would be six or nine months, which
 *   is no period the platform has: reported, not guessed.
 * - `Month 3 2025` is the finance year to date at month 3 of 2025/26, April–June 2025; month 12
 *   would be the whole financial year; other months are reported.
 * - `Jun 24 - Jun 25 vs Jun 23 - Jun 24` compares rolling years; "Jun 24 - Jun 25" is read as
 *   the twelve months to June 2025 (July 2024 – June 2025), as NHS England's rolling counts are.
 * - A blank date (only the summary rows OF5005 and OF5007) and `Latest published if awarded post
 *   August 2023` (a CQC rating of any date, as in force at the segmentation) take the period of
 *   the trust's own adjusted segment (OF5000) in the same file: they are part of that
 *   segmentation. A blank date on any other row is reported.
 *
 * Any other spelling is reported (never guessed): add it here, with its evidence.
 */
import type { PeriodType } from "../../../metrics/values.js";

/** A Reporting_date read: a period, or one that comes from the trust's segmentation. */
export type NofPeriod =
  | { kind: "period"; periodType: PeriodType; periodStart: string }
  /** The trust's segmentation quarter (OF5000's period). */
  | { kind: "segmentation" }
  /** April of the financial year starting `yearStart` to the end of the segmentation quarter. */
  | { kind: "year_to_date"; yearStart: number }
  /** A spelling of the family, with a span or month the platform has no period type for. */
  | { kind: "refused"; reason: RefusedReason };

export type RefusedReason = { months: number } | { monthToDate: number };

/** Every spelling the 2025/26 acute file uses, for messages and tests. */
export const SPELLINGS_SEEN = [
  "Q1 2025/26",
  "Jun-25",
  "Jul 24 - Jun 25",
  "2024",
  "2025/26",
  "Month 3 2025",
  "Q4 2024-25",
  "To M12 2024/25 vs 2023/24",
  "",
  "Q1 2025",
  "2023",
  "Apr 24 - Mar 25",
  "Jun 24 - Jun 25 vs Jun 23 - Jun 24",
  "Latest published if awarded post August 2023",
  "Year to date 25/26",
] as const;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** A month index since year 0 from "Jun", "25" (two-digit years are 20xx); undefined if not a month. */
function monthIndex(name: string, yy: string): number | undefined {
  const m = MONTHS.indexOf(name.toLowerCase());
  return m < 0 ? undefined : (2000 + Number(yy)) * 12 + m;
}

const startOf = (index: number) => `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;

const period = (periodType: PeriodType, periodStart: string): NofPeriod => ({
  kind: "period",
  periodType,
  periodStart,
});

/** The first day of financial quarter `q` (1 = April–June) of the year starting in April `year`. */
const financialQuarter = (q: number, year: number) => startOf(year * 12 + 3 + (q - 1) * 3);

/** Is the two-digit `yy` the year after `year` ("2024/25")? */
function followingYear(year: number, yy: string): boolean {
  return (year + 1) % 100 === Number(yy);
}

/**
 * Reads a Reporting_date; undefined for a spelling no family takes (reported by the format).
 * Examples: "Q1 2025/26" → quarter 2025-04-01; "Jun-25" → month 2025-06-01; "Jul 24 - Jun 25" →
 * twelve months from 2024-07-01; "2024" → financial year 2024-04-01; "" → the segmentation's.
 */
export function readNofPeriod(text: string): NofPeriod | undefined {
  const t = text.trim().replace(/\s+/g, " ");
  if (t === "" || /^Latest published\b/i.test(t)) return { kind: "segmentation" };
  let m: RegExpExecArray | null;
  // "Jun-25": a month.
  if ((m = /^([A-Za-z]{3})-(\d{2})$/.exec(t))) {
    const i = monthIndex(m[1]!, m[2]!);
    return i === undefined ? undefined : period("month", startOf(i));
  }
  // "Q1 2025/26", "Q4 2024-25": a financial quarter.
  if ((m = /^Q([1-4]) (\d{4})[/-](\d{2})$/.exec(t))) {
    const year = Number(m[2]);
    if (!followingYear(year, m[3]!)) return undefined;
    return period("quarter", financialQuarter(Number(m[1]), year));
  }
  // "Q1 2025": the financial quarter of the year starting in April 2025 (checked: see above).
  if ((m = /^Q([1-4]) (\d{4})$/.exec(t))) {
    return period("quarter", financialQuarter(Number(m[1]), Number(m[2])));
  }
  // "Jul 24 - Jun 25": twelve months; "Jun 24 - Jun 25 vs Jun 23 - Jun 24": the rolling year to
  // the first range's last month.
  if ((m = /^([A-Za-z]{3}) (\d{2}) - ([A-Za-z]{3}) (\d{2})( vs .+)?$/.exec(t))) {
    const from = monthIndex(m[1]!, m[2]!);
    const to = monthIndex(m[3]!, m[4]!);
    if (from === undefined || to === undefined) return undefined;
    const months = to - from + 1;
    if (m[5] === undefined && months !== 12) return { kind: "refused", reason: { months } };
    if (m[5] !== undefined && months !== 12 && months !== 13)
      return { kind: "refused", reason: { months } };
    return period("twelve_months", startOf(to - 11));
  }
  // "2024": a survey year, stored as the financial year the survey ran in.
  if ((m = /^(\d{4})$/.exec(t))) return period("financial_year", `${m[1]!}-04-01`);
  // "2025/26": a financial year.
  if ((m = /^(\d{4})\/(\d{2})$/.exec(t))) {
    const year = Number(m[1]);
    return followingYear(year, m[2]!) ? period("financial_year", `${year}-04-01`) : undefined;
  }
  // "To M12 2024/25 vs 2023/24": the financial year 2024/25 (against the one before).
  if ((m = /^To M12 (\d{4})\/(\d{2}) vs \d{4}\/\d{2}$/i.exec(t))) {
    const year = Number(m[1]);
    return followingYear(year, m[2]!) ? period("financial_year", `${year}-04-01`) : undefined;
  }
  // "Month 3 2025": the financial year to date at month 3 of 2025/26.
  if ((m = /^Month (\d{1,2}) (\d{4})$/i.exec(t))) {
    const month = Number(m[1]);
    const year = Number(m[2]);
    if (month === 3) return period("quarter", `${year}-04-01`);
    if (month === 12) return period("financial_year", `${year}-04-01`);
    return { kind: "refused", reason: { monthToDate: month } };
  }
  // "Year to date 25/26": April 2025 to the end of the segmentation quarter.
  if ((m = /^Year to date (\d{2})\/(\d{2})$/i.exec(t))) {
    const year = 2000 + Number(m[1]);
    return followingYear(year, m[2]!) ? { kind: "year_to_date", yearStart: year } : undefined;
  }
  return undefined;
}
