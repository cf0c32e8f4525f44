/**
 * A&E files with one row per organisation, month and A&E type (NHSRdatasets `ae_attendances`
 * and its England roll-up). Rows are grouped by organisation and month, then mapped:
 *
 *   ae_attendances_type1     = type 1 attendances                       (count)
 *   ae_4hr_type1             = (type 1 attendances − type 1 breaches) / type 1 attendances × 100
 *   ae_admission_conversion  = type 1 admissions / type 1 attendances × 100
 *   ae_attendances_all       = Σ attendances over types 1, 2 and other  (count)
 *   ae_4hr_all               = Σ (attendances − breaches) / Σ attendances × 100, over all types
 *   ae_emergency_admissions  = Σ admissions over all types              (count)
 *
 * "breaches" are attendances over 4 hours from arrival to admission, transfer or discharge.
 * Type-1 metrics exist only for organisations with a type 1 row (major emergency departments).
 * The same organisation, month and type twice is an error naming both lines.
 */
import type { MetricId } from "../../../metrics/catalogue/index.js";
import type { ParseContext, ValuesFormat } from "../../format.js";
import type { RowReader } from "./row.js";
import { Groups } from "./grouped.js";
import { rowFormat } from "./row-format.js";
import { minus, type ValueBatch } from "./values.js";
import { givenTwice, NOT_AN_AE_TYPE } from "../../problem-messages.js";

export type AeType = 0 | 1 | 2;

interface AeGroup {
  attendances: (number | null)[];
  breaches: (number | null)[];
  admissions: (number | null)[];
  lines: number[];
}

/** The A&E type of a row; "all" for a total-of-types row (which callers skip: totals are recomputed). */
export function parseAeType(text: string): AeType | "all" | undefined {
  const t = text.trim().toLowerCase();
  if (t === "all") return "all";
  if (t === "1" || t === "type 1") return 0;
  if (t === "2" || t === "type 2") return 1;
  if (t === "other" || t === "3" || t === "type 3") return 2;
  return undefined;
}

export class AeTypeGroups {
  private readonly groups = new Groups<AeGroup>(() => ({
    attendances: [null, null, null],
    breaches: [null, null, null],
    admissions: [null, null, null],
    lines: [0, 0, 0],
  }));

  constructor(private readonly ctx: ParseContext) {}

  /** Adds one row; returns false (after reporting) when the organisation, month and type was already given. */
  add(
    orgCode: string,
    periodStart: string,
    type: AeType,
    attendances: number | null,
    breaches: number | null,
    admissions: number | null,
    line: number,
  ): boolean {
    const g = this.groups.get(orgCode, periodStart, line);
    if (g.lines[type] !== 0) {
      this.ctx.problems.add({
        line,
        value: `${orgCode} ${periodStart} type ${type === 2 ? "other" : type + 1}`,
        reason: givenTwice("organisation, month and A&E type", [g.lines[type]!, line]),
      });
      return false;
    }
    g.lines[type] = line;
    g.attendances[type] = attendances;
    g.breaches[type] = breaches;
    g.admissions[type] = admissions;
    return true;
  }

  /** Emits every group's values. */
  emit(values: ValueBatch): void {
    for (const { orgCode, periodStart, line, acc } of this.groups.all()) {
      const m = (id: MetricId, n: number | null, d: number | null) =>
        values.ratio(orgCode, id, "month", periodStart, n, d, line);
      if (acc.lines[0] !== 0) {
        const att = acc.attendances[0]!;
        values.count(orgCode, "ae_attendances_type1", "month", periodStart, att, line);
        m("ae_4hr_type1", minus(att, acc.breaches[0]!), att);
        m("ae_admission_conversion", acc.admissions[0]!, att);
      }
      let att: number | null = 0;
      let within: number | null = 0;
      let adm: number | null = 0;
      for (const t of [0, 1, 2] as const) {
        if (acc.lines[t] === 0) continue;
        const a = acc.attendances[t]!;
        att = a === null || att === null ? null : att + a;
        const w = minus(a, acc.breaches[t]!);
        within = w === null || within === null ? null : within + w;
        const e = acc.admissions[t]!;
        adm = e === null || adm === null ? null : adm + e;
      }
      values.count(orgCode, "ae_attendances_all", "month", periodStart, att, line);
      m("ae_4hr_all", within, att);
      values.count(orgCode, "ae_emergency_admissions", "month", periodStart, adm, line);
    }
  }
}

/**
 * An A&E layout with one row per organisation, month and type (period, type, attendances,
 * breaches, admissions) as a row format: the provider file and the England file differ only in
 * how a row names its organisation (`orgOf`, which reports its own problems). Rows are grouped
 * by organisation and month, then emitted together (all-type values need every type).
 */
type ByTypeColumn = "period" | "type" | "attendances" | "breaches" | "admissions";

export function byTypeAeFormat<K extends string>(spec: {
  id: string;
  description: string;
  columns: readonly (K | ByTypeColumn)[];
  detect: (first: string[]) => boolean;
  orgOf: (row: RowReader, c: Record<K, number>) => string | null | undefined;
}): ValuesFormat {
  const { orgOf } = spec;
  return rowFormat({
    id: spec.id,
    description: spec.description,
    columns: spec.columns,
    detect: spec.detect,
    state: (ctx) => new AeTypeGroups(ctx),
    map(row, c, _values, groups) {
      const date = row.date(c.period);
      const orgCode = orgOf(row, c);
      const type = parseAeType(row.text(c.type));
      if (type === undefined) row.problem(c.type, row.text(c.type), NOT_AN_AE_TYPE);
      const attendances = row.num(c.attendances);
      const breaches = row.num(c.breaches);
      const admissions = row.num(c.admissions);
      if (row.bad || !date || !orgCode || type === undefined || type === "all") return;
      groups.add(
        orgCode,
        date.slice(0, 8) + "01",
        type,
        attendances,
        breaches,
        admissions,
        row.line,
      );
    },
    finish: (values, groups) => groups.emit(values),
  });
}
