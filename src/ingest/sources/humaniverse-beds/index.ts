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
import { hasColumns, requireColumns } from "../shared/columns.js";
import { RowReader } from "../shared/row.js";
import { ValueBatch } from "../shared/values.js";

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
const REQUIRED = ["nhs_trust22_code", "date", ...PAIRS.flatMap(([, o, a]) => [o, a])];

export const humaniverseBedsFormat: ValuesFormat = {
  kind: "values",
  id: "humaniverse-beds",
  source: "humaniverse-beds",
  description:
    "G&A, adult, paediatric and adult critical care beds available/occupied by trust and month (humaniverse/healthyr)",
  hasHeader: true,
  detect: (first) =>
    hasColumns(first, [
      "nhs_trust22_code",
      "date",
      "general_acute_beds_available",
      "general_acute_beds_occupied",
    ]),
  async *parse(records, ctx) {
    const c = requireColumns(ctx, REQUIRED);
    if (!c) return;
    const row = new RowReader(ctx);
    for await (const batch of records) {
      const values = new ValueBatch(ctx);
      for (const record of batch) {
        if (!row.next(record)) continue;
        const orgCode = row.orgCode(c.nhs_trust22_code!);
        const date = row.date(c.date!);
        const numbers = PAIRS.map(([, o, a]) => [row.num(c[o]), row.num(c[a])] as const);
        if (row.bad || !date || !orgCode) continue;
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
      }
      yield values.take();
    }
  },
};
