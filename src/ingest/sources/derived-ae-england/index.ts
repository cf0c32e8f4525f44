/**
 * England monthly totals of the NHSRdatasets A&E data by type (shared data
 * derived/ae_attendances_england_monthly.csv, April 2016 – March 2019):
 *
 *   period,type,attendances,breaches,admissions,pct_within_4h
 *
 * Stored under the country "ENG" with the same mapping as the provider file (shared/ae-types.ts);
 * pct_within_4h is recomputed from the counts (it is rounded in the file). These national figures
 * are what the England aggregate of the provider rows should reproduce (the England group
 * aggregate counts only NHS trusts, so it is lower by the independent-sector providers).
 */
import type { ValuesFormat } from "../../format.js";
import { ENGLAND } from "../../../storage/reference.js";
import { AeTypeGroups, parseAeType } from "../shared/ae-types.js";
import { headerIs, requireColumns } from "../shared/columns.js";
import { RowReader } from "../shared/row.js";
import { ValueBatch } from "../shared/values.js";

const COLUMNS = [
  "period",
  "type",
  "attendances",
  "breaches",
  "admissions",
  "pct_within_4h",
] as const;

export const derivedAeEnglandFormat: ValuesFormat = {
  kind: "values",
  id: "derived-ae-england",
  source: "derived-ae-england",
  description:
    "England monthly A&E totals by type: period, type, attendances, breaches, admissions, pct_within_4h (stored under ENG)",
  hasHeader: true,
  detect: (first) => headerIs(first, COLUMNS),
  async *parse(records, ctx) {
    const c = requireColumns(ctx, COLUMNS);
    if (!c) return;
    const row = new RowReader(ctx);
    const groups = new AeTypeGroups(ctx);
    for await (const batch of records) {
      for (const record of batch) {
        if (!row.next(record)) continue;
        const date = row.date(c.period);
        const type = parseAeType(row.text(c.type));
        if (type === undefined)
          row.problem(c.type, row.text(c.type), "A&E type must be 1, 2 or other");
        const attendances = row.num(c.attendances);
        const breaches = row.num(c.breaches);
        const admissions = row.num(c.admissions);
        if (row.bad || !date || type === undefined || type === "all") continue;
        groups.add(
          ENGLAND,
          date.slice(0, 8) + "01",
          type,
          attendances,
          breaches,
          admissions,
          row.line,
        );
      }
    }
    const values = new ValueBatch(ctx);
    groups.emit(values);
    yield values.take();
  },
};
