/**
 * The A&E files that give all-type counts only (the 2021–2025 trust files, the ICB file, the
 * autospc hospital). Mapping:
 *
 *   ae_attendances_all      = attendances of all types
 *   ae_4hr_all              = (attendances − attendances over 4 hours) / attendances × 100
 *   ae_emergency_admissions = emergency admissions via A&E
 *   ae_dta_4hr_waits        = emergency admissions waiting over 4 hours from decision to admit
 *
 * A missing over-4-hour count (the 14 trusts field-testing new standards, April 2021 – May 2023)
 * gives a null 4-hour value: missing, never 0%. Type-1 metrics and the admission conversion rate
 * are deliberately not derived from all-type figures (the catalogue forbids the substitution).
 */
import type { ValuesFormat } from "../../format.js";
import { requireColumns } from "./columns.js";
import { RowReader } from "./row.js";
import { minus, ValueBatch } from "./values.js";

export interface AllTypeAe {
  attendances: number | null;
  over4: number | null;
  admissions: number | null;
  dtaOver4: number | null;
}

export function emitAllTypeAe(
  values: ValueBatch,
  orgCode: string,
  periodStart: string,
  ae: AllTypeAe,
  line: number,
): void {
  values.count(orgCode, "ae_attendances_all", "month", periodStart, ae.attendances, line);
  values.ratio(
    orgCode,
    "ae_4hr_all",
    "month",
    periodStart,
    minus(ae.attendances, ae.over4),
    ae.attendances,
    line,
  );
  values.count(orgCode, "ae_emergency_admissions", "month", periodStart, ae.admissions, line);
  values.count(orgCode, "ae_dta_4hr_waits", "month", periodStart, ae.dtaOver4, line);
}

/** Which columns hold the all-type A&E counts and the month, in one publication's layout. */
export interface AllTypeAeColumns<K extends string> {
  date: K;
  attendances: K;
  over4: K;
  admissions: K;
  dtaOver4: K;
}

/**
 * The parse function of a monthly all-type A&E layout: the publications differ only in their
 * column names and in how a row names its organisation (`orgOf`, which reports its own problems).
 */
export function allTypeAeParser<K extends string>(
  required: readonly K[],
  columns: AllTypeAeColumns<K>,
  orgOf: (row: RowReader, c: Record<K, number>) => string | null | undefined,
): ValuesFormat["parse"] {
  return async function* parse(records, ctx) {
    const c = requireColumns(ctx, required);
    if (!c) return;
    const row = new RowReader(ctx);
    for await (const batch of records) {
      const values = new ValueBatch(ctx);
      for (const record of batch) {
        if (!row.next(record)) continue;
        const orgCode = orgOf(row, c);
        const date = row.date(c[columns.date]);
        const ae = {
          attendances: row.num(c[columns.attendances]),
          over4: row.num(c[columns.over4]),
          admissions: row.num(c[columns.admissions]),
          dtaOver4: row.num(c[columns.dtaOver4]),
        };
        if (row.bad || !date || !orgCode) continue;
        emitAllTypeAe(values, orgCode, date.slice(0, 8) + "01", ae, row.line);
      }
      yield values.take();
    }
  };
}
