/**
 * KH03 beds open overnight by sector (NHS England's quarterly "Bed Availability and Occupancy"
 * web file, sheet "NHS Trust by Sector", converted; kh03/kh03_overnight_beds_by_sector_*.csv in
 * the shared data):
 *
 *   "financial_year","quarter_end_month","region_code","org_code","org_name",
 *   "available_total","occupied_total","available_general_acute","occupied_general_acute",
 *   "available_learning_disabilities",…,"occupied_mental_illness","source_file"
 *
 * Available and occupied are the quarter's average daily beds. Mapping (period: the calendar
 * quarter of financial_year and quarter_end_month, e.g. 2024-25 and "September" → the quarter
 * starting 2024-07-01), numerator occupied, denominator available, × 100:
 *
 *   kh03_occupancy_total, _ga, _learning_disabilities, _maternity, _mental_illness
 *
 * Traps: KH03 is its own series, never joined with the monthly situation-report beds
 * (ga_occupancy): its metrics are distinct. A sector with no available beds stores nothing (a
 * trust without maternity beds has no maternity occupancy, not a missing or zero one), even where
 * a fraction of an occupied bed is published against none. Occupied above available is kept as
 * published (the quality checks flag it). Care-trust codes not in the ODS trust list (TAD, TAF…)
 * and G6V2S are kept as unlisted providers, as in every other format.
 */
import type { ValuesFormat } from "../../format.js";
import { NOT_A_FINANCIAL_YEAR, NOT_A_QUARTER_END_MONTH } from "../../problem-messages.js";
import {
  financialQuarterStart,
  parseFinancialYear,
  quarterEndingIn,
} from "../shared/financial-quarter.js";
import { rowFormat } from "../shared/row-format.js";

const SECTORS = [
  ["kh03_occupancy_total", "occupied_total", "available_total"],
  ["kh03_occupancy_ga", "occupied_general_acute", "available_general_acute"],
  [
    "kh03_occupancy_learning_disabilities",
    "occupied_learning_disabilities",
    "available_learning_disabilities",
  ],
  ["kh03_occupancy_maternity", "occupied_maternity", "available_maternity"],
  ["kh03_occupancy_mental_illness", "occupied_mental_illness", "available_mental_illness"],
] as const;

type BedColumn = (typeof SECTORS)[number][1 | 2];

const COLUMNS: readonly ("financial_year" | "quarter_end_month" | "org_code" | BedColumn)[] = [
  "financial_year",
  "quarter_end_month",
  "org_code",
  ...SECTORS.flatMap(([, occupied, available]) => [occupied, available]),
];

export const kh03Format: ValuesFormat = rowFormat({
  id: "kh03",
  description:
    "KH03 beds open overnight by trust and sector, quarterly (NHS England, NHS Trust by Sector sheet): occupancy of all, G&A, learning disabilities, maternity and mental illness beds",
  columns: COLUMNS,
  map(row, c, values) {
    const fyStart = parseFinancialYear(row.text(c.financial_year));
    if (fyStart === undefined)
      row.problem(c.financial_year, row.text(c.financial_year), NOT_A_FINANCIAL_YEAR);
    const quarter = quarterEndingIn(row.text(c.quarter_end_month));
    if (quarter === undefined)
      row.problem(c.quarter_end_month, row.text(c.quarter_end_month), NOT_A_QUARTER_END_MONTH);
    const orgCode = row.orgCode(c.org_code);
    const beds = SECTORS.map(([, o, a]) => [row.num(c[o]), row.num(c[a])] as const);
    if (row.bad || fyStart === undefined || quarter === undefined || !orgCode) return;
    const periodStart = financialQuarterStart(fyStart, quarter);
    SECTORS.forEach(([metricId], i) => {
      const [occupied, available] = beds[i]!;
      if (available === 0) return;
      values.ratio(orgCode, metricId, "quarter", periodStart, occupied, available, row.line);
    });
  },
});
