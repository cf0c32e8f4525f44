/**
 * NHSRdatasets `ae_attendances` (NHS-R Community R package; NHS England "A&E Attendances and
 * Emergency Admissions", April 2016 – March 2019, monthly, 274 providers):
 *
 *   period,org_code,type,attendances,breaches,admissions
 *   2017-03-01,"RF4","1",21289,2879,5060
 *
 * One row per provider, month and A&E type (1, 2, other). Mapping in shared/ae-types.ts:
 * type-1 and all-type attendances, 4-hour performance (numerator attendances − breaches,
 * denominator attendances), emergency admissions and the type-1 admission conversion rate.
 */
import type { ValuesFormat } from "../../format.js";
import { AeTypeGroups, parseAeType } from "../shared/ae-types.js";
import { headerIs, requireColumns } from "../shared/columns.js";
import { RowReader } from "../shared/row.js";
import { ValueBatch } from "../shared/values.js";

const COLUMNS = ["period", "org_code", "type", "attendances", "breaches", "admissions"] as const;

export const nhsrAeFormat: ValuesFormat = {
  kind: "values",
  id: "nhsr-ae",
  source: "nhsr-ae",
  description:
    "NHSRdatasets ae_attendances: period, org_code, type (1, 2, other), attendances, breaches, admissions",
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
        const orgCode = row.orgCode(c.org_code);
        const type = parseAeType(row.text(c.type));
        if (type === undefined)
          row.problem(c.type, row.text(c.type), "A&E type must be 1, 2 or other");
        const attendances = row.num(c.attendances);
        const breaches = row.num(c.breaches);
        const admissions = row.num(c.admissions);
        if (row.bad || !date || !orgCode || type === undefined || type === "all") continue;
        groups.add(
          orgCode,
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
