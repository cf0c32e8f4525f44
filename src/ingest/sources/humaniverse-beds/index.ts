/**
 * humaniverse/healthyr `england_critical_general_acute_beds`: NHS England's monthly "Critical
 * care and General & Acute Beds" situation-report averages by trust, April 2022 – August 2025:
 *
 *   "nhs_trust22_code","date","general_acute_beds_available","general_acute_beds_occupied",
 *   "general_acute_beds_occupancy_rate","adult_general_acute_beds_available",…,
 *   "adult_critical_care_beds_available","adult_critical_care_beds_occupied",… (20 columns)
 *
 * Available and occupied are monthly means of daily 8am counts. Mapping (numerator occupied,
 * denominator available, value × 100; the file's rounded rates are ignored):
 *
 *   ga_occupancy            general_acute_beds_occupied / general_acute_beds_available
 *   ga_occupancy_adult      adult_general_acute_beds_occupied / adult_general_acute_beds_available
 *   ga_occupancy_paediatric paediatric_general_acute_beds_occupied / …_available
 *   cc_occupancy_adult      adult_critical_care_beds_occupied / adult_critical_care_beds_available
 *
 * Paediatric and neonatal intensive care columns have no catalogue metric. Known trap: July and
 * August 2022 are identical for every trust (duplicate_period flags August).
 */
import type { ValuesFormat } from "../../format.js";
import { hasColumns } from "../shared/columns.js";
import { rowFormat } from "../shared/row-format.js";

const PAIRS = [
  ["ga_occupancy", "general_acute_beds_occupied", "general_acute_beds_available"],
  ["ga_occupancy_adult", "adult_general_acute_beds_occupied", "adult_general_acute_beds_available"],
  [
    "ga_occupancy_paediatric",
    "paediatric_general_acute_beds_occupied",
    "paediatric_general_acute_beds_available",
  ],
  ["cc_occupancy_adult", "adult_critical_care_beds_occupied", "adult_critical_care_beds_available"],
] as const;
type BedColumn = (typeof PAIRS)[number][1 | 2];
const REQUIRED: readonly ("nhs_trust22_code" | "date" | BedColumn)[] = [
  "nhs_trust22_code",
  "date",
  ...PAIRS.flatMap(([, o, a]) => [o, a]),
];

export const humaniverseBedsFormat: ValuesFormat = rowFormat({
  id: "humaniverse-beds",
  description:
    "G&A, adult, paediatric and adult critical care beds available/occupied by trust and month (humaniverse/healthyr)",
  columns: REQUIRED,
  detect: (first) =>
    hasColumns(first, [
      "nhs_trust22_code",
      "date",
      "general_acute_beds_available",
      "general_acute_beds_occupied",
    ]),
  map(row, c, values) {
    const orgCode = row.orgCode(c.nhs_trust22_code);
    const date = row.date(c.date);
    const numbers = PAIRS.map(([, o, a]) => [row.num(c[o]), row.num(c[a])] as const);
    if (row.bad || !date || !orgCode) return;
    const periodStart = date.slice(0, 8) + "01";
    PAIRS.forEach(([metricId], i) =>
      values.ratio(
        orgCode,
        metricId,
        "month",
        periodStart,
        numbers[i]![0],
        numbers[i]![1],
        row.line,
      ),
    );
  },
});
