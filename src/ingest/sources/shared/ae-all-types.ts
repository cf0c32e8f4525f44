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
import type { RowReader } from "./row.js";
import { rowFormat } from "./row-format.js";
import { minus, type ValueBatch } from "./values.js";

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
 * A monthly all-type A&E layout as a row format: the publications differ only in their column
 * names and in how a row names its organisation (`orgOf`, which reports its own problems).
 */
export function allTypeAeFormat<K extends string>(spec: {
  id: string;
  description: string;
  columns: readonly K[];
  detect?: (first: string[]) => boolean;
  fields: AllTypeAeColumns<K>;
  orgOf: (row: RowReader, c: Record<K, number>) => string | null | undefined;
}): ValuesFormat {
  const { fields, orgOf } = spec;
  return rowFormat({
    id: spec.id,
    description: spec.description,
    columns: spec.columns,
    ...(spec.detect ? { detect: spec.detect } : {}),
    map(row, c, values) {
      const orgCode = orgOf(row, c);
      const date = row.date(c[fields.date]);
      const ae = {
        attendances: row.num(c[fields.attendances]),
        over4: row.num(c[fields.over4]),
        admissions: row.num(c[fields.admissions]),
        dtaOver4: row.num(c[fields.dtaOver4]),
      };
      if (row.bad || !date || !orgCode) return;
      emitAllTypeAe(values, orgCode, date.slice(0, 8) + "01", ae, row.line);
    },
  });
}
