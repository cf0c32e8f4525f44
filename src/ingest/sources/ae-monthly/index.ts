/**
 * NHS England "A&E Attendances and Emergency Admissions", the official monthly CSV, as
 * published (one file per month, one row per provider, plus a national "Total" row):
 *
 *   Period,Org Code,Parent Org,Org name,A&E attendances Type 1,…,Emergency admissions via A&E - Type 1,…
 *   MSitAE-MARCH-2024,RF4,NHS ENGLAND LONDON,BARKING, HAVERING AND REDBRIDGE…,21289,…
 *
 * Columns are recognised by meaning (./columns.ts) so both the newer and the older column names
 * read. Mapping (booked appointments, where the file has them, count as attendances and their
 * over-4-hour waits as breaches, as in the published percentages):
 *
 *   ae_attendances_type1    = type 1 attendances (+ booked type 1)          only when > 0
 *   ae_4hr_type1            = (type 1 attendances − type 1 over 4 hours) / type 1 attendances × 100
 *   ae_admission_conversion = emergency admissions via type 1 / type 1 attendances × 100
 *   ae_attendances_all      = attendances of all types (+ all booked)
 *   ae_4hr_all              = (all attendances − all over 4 hours) / all attendances × 100
 *   ae_emergency_admissions = emergency admissions via A&E, types 1 + 2 + other
 *   ae_dta_4hr_waits        = waits over 4 hours from decision to admit: "4-12 hs" + "12+ hrs"
 *                             (newer) or the ">4 hours" column (older, which includes the 12s)
 *   ae_dta_12hr_waits       = waits over 12 hours from decision to admit
 *   ae_dta_12hr_pct         = 12-hour DTA waits / emergency admissions via A&E × 100
 *
 * The "Total" row (org name Total, org code blank, "-" or TOTAL) is England: stored under "ENG"
 * and used by the national_total_mismatch check against the sum of the providers. Since August
 * 2024 that row's Period cell reads TOTAL too: such a row takes the month of the file's first data
 * record (each file is one month; `totalPeriod`). "Other emergency admissions" (not via A&E) are
 * not mapped.
 *
 * `parse` reads records of text cells: numbers with a character loop, each distinct period text
 * parsed once, values built without per-cell allocations. `parseFile` is the fast path for files
 * on disk: the same mapping (./kernel.ts) on cells read straight from the bytes, in parallel
 * byte ranges (../../columnar/, docs/decisions/0007-parallel-byte-parser.md), giving the same
 * values, in the same order, with the same problems, as columnar batches.
 */
import type { MetricValueInput } from "../../../metrics/values.js";
import { ENGLAND } from "../../../metrics/organisations.js";
import { sniffCsvFile, type CsvLayout } from "../../columnar/layout.js";
import { parseColumnar, type ColumnarOptions } from "../../columnar/parallel.js";
import type { ColumnarValues } from "../../columnar/values.js";
import type { ParseContext, ValuesFormat } from "../../format.js";
import { fastNumber } from "../shared/fast-number.js";
import { ORG_CODE } from "../shared/row.js";
import { isTotalPeriod, periodMonthStart } from "./period.js";
import { classifyAeMonthly, type AeMonthlyColumns, type TypeIndex } from "./columns.js";
import {
  aeMonthlyProjections,
  createKernel,
  type AeMonthlyKernelConfig,
  type AeMonthlyRange,
} from "./kernel.js";
import {
  missingColumns,
  NOT_A_NUMBER,
  NOT_AN_AE_PERIOD,
  NOT_AN_ORG_CODE,
  UNKNOWN_METRIC,
} from "../../problem-messages.js";

const KERNEL_URL = new URL(
  `./kernel${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`,
  import.meta.url,
);

function metricMultiplier(ctx: ParseContext, id: string): number {
  const m = ctx.metrics.get(id)?.multiplier;
  if (m === undefined) ctx.problems.add({ line: 1, value: id, reason: UNKNOWN_METRIC });
  return m ?? 1;
}

export const aeMonthlyFormat: ValuesFormat = {
  kind: "values",
  id: "ae-monthly",
  source: "ae-monthly",
  description:
    "NHS England monthly A&E Attendances and Emergency Admissions CSV (Period MSitAE-…, Org Code, attendances and 4-hour breaches by type, DTA waits, admissions)",
  hasHeader: true,
  detect(first) {
    const { columns, missing } = classifyAeMonthly(first);
    // Recognised when the identifying columns are there; other missing columns are reported by parse.
    return (
      columns !== undefined ||
      !missing.some(
        (m) =>
          m === "Period" ||
          m === "Org Code" ||
          m === "A&E attendances Type 1" ||
          m === "Attendances over 4hrs Type 1",
      )
    );
  },
  async *parse(records, ctx) {
    const { columns, missing } = classifyAeMonthly(ctx.header);
    if (!columns) {
      ctx.problems.add({
        line: 1,
        column: missing.join(", "),
        reason: missingColumns(missing),
      });
      return;
    }
    yield* parseRows(records, ctx, columns);
  },
  async parseFile(filePath, ctx, options) {
    const layout = await sniffCsvFile(filePath, ctx.fileName);
    // The header is the caller's (as for `parse`); a file whose first record reads otherwise
    // is left to `parse`.
    if (
      !layout ||
      layout.header.length !== ctx.header.length ||
      layout.header.some((h, i) => h !== ctx.header[i])
    )
      return undefined;
    return parseFileRows(filePath, layout, ctx, options);
  },
};

async function* parseFileRows(
  filePath: string,
  layout: CsvLayout,
  ctx: ParseContext,
  options: ColumnarOptions | undefined,
): AsyncGenerator<ColumnarValues> {
  const { columns, missing } = classifyAeMonthly(ctx.header);
  if (!columns) {
    ctx.problems.add({
      line: 1,
      column: missing.join(", "),
      reason: missingColumns(missing),
    });
    return;
  }
  const config: AeMonthlyKernelConfig = {
    columns,
    names: ctx.header.map((h) => h.trim()),
    totalPeriod: periodMonthStart(layout.firstRecord?.[columns.period] ?? ""),
    pct: metricMultiplier(ctx, "ae_4hr_all"),
    england: ENGLAND,
    problemLimit: ctx.problems.limit,
  };
  const projections = aeMonthlyProjections(columns);
  const spec = { url: KERNEL_URL, config, create: createKernel };
  for await (const { result, lineBase } of parseColumnar<AeMonthlyKernelConfig, AeMonthlyRange>(
    filePath,
    ctx.fileName,
    layout,
    spec,
    ctx.problems,
    options,
  )) {
    for (const chunk of result.chunks) {
      yield {
        rows: chunk.rows,
        periodType: "month",
        orgs: result.orgs,
        org: chunk.org,
        periods: result.periods,
        period: chunk.period,
        line: chunk.line,
        lineBase,
        columns: chunk.columns,
        projections,
      };
    }
  }
}

async function* parseRows(
  records: AsyncIterable<{ cells: string[]; line: number }[]>,
  ctx: ParseContext,
  c: AeMonthlyColumns,
): AsyncGenerator<MetricValueInput[]> {
  const pct = metricMultiplier(ctx, "ae_4hr_all");
  const periods = new Map<string, string | undefined>();
  const names = ctx.header.map((h) => h.trim());
  let cells: string[] = [];
  let line = 0;
  let bad: boolean;
  const num = (i: number | undefined): number | null => {
    if (i === undefined) return null;
    const raw = cells[i] ?? "";
    const n = fastNumber(raw);
    if (n === undefined) {
      bad = true;
      ctx.problems.add({
        line,
        column: names[i],
        value: raw,
        reason: NOT_A_NUMBER,
      });
      return null;
    }
    return n;
  };
  // A missing main count stays missing; a missing booked-appointments count adds nothing.
  const plus = (a: number | null, b: number | null) => (a === null ? null : a + (b ?? 0));
  const typed = (idx: TypeIndex, t: number) => num(idx[t]);
  // Per-row state read by the emitters below (defined once: no closures per row).
  let out: MetricValueInput[] = [];
  let orgCode = "";
  let periodStart = "";
  const v = (
    metricId: string,
    numerator: number | null,
    denominator: number | null,
    value: number | null,
  ) => {
    out.push({
      orgCode,
      metricId,
      periodType: "month",
      periodStart,
      numerator,
      denominator,
      value,
      line,
    });
  };
  const ratio = (metricId: string, n: number | null, d: number | null) =>
    v(metricId, n, d, n === null || d === null || d === 0 ? null : (n / d) * pct);
  const att: (number | null)[] = [0, 0, 0];
  const over: (number | null)[] = [0, 0, 0];
  // The month a TOTAL Period cell stands for: the first data record's.
  let totalPeriod: string | undefined;
  let first = true;
  for await (const batch of records) {
    out = [];
    for (const record of batch) {
      cells = record.cells;
      line = record.line;
      bad = false;
      if (first) {
        totalPeriod = periodMonthStart(cells[c.period] ?? "");
        first = false;
      }
      if (cells.length === 1 && cells[0]!.trim() === "") continue;
      const rawPeriod = cells[c.period] ?? "";
      let start = periods.get(rawPeriod);
      if (start === undefined && !periods.has(rawPeriod)) {
        start = isTotalPeriod(rawPeriod) ? totalPeriod : periodMonthStart(rawPeriod);
        periods.set(rawPeriod, start);
      }
      if (start === undefined) {
        bad = true;
        ctx.problems.add({
          line,
          column: names[c.period],
          value: rawPeriod,
          reason: NOT_AN_AE_PERIOD,
        });
      }
      const rawCode = (cells[c.orgCode] ?? "").trim().toUpperCase();
      const name = c.orgName === undefined ? "" : (cells[c.orgName] ?? "").trim();
      orgCode = rawCode;
      if (rawCode === "TOTAL" || (name.length <= 7 && /^(total|england)$/i.test(name)))
        orgCode = ENGLAND;
      else if (!ORG_CODE.test(rawCode)) {
        bad = true;
        ctx.problems.add({
          line,
          column: names[c.orgCode],
          value: cells[c.orgCode] ?? "",
          reason: NOT_AN_ORG_CODE,
        });
      }
      let attAll: number | null = 0;
      let overAll: number | null = 0;
      let admAll: number | null = 0;
      for (let t = 0; t < 3; t++) {
        const a = plus(typed(c.attendances, t), typed(c.bookedAttendances, t));
        const o = plus(typed(c.over4, t), typed(c.bookedOver4, t));
        att[t] = a;
        over[t] = o;
        attAll = a === null || attAll === null ? null : attAll + a;
        overAll = o === null || overAll === null ? null : overAll + o;
        const e = typed(c.admissions, t);
        admAll = e === null || admAll === null ? null : admAll + e;
      }
      const adm1 = num(c.admissions[0]);
      const dta12 = num(c.dta12);
      const dta4 = c.dta4to12 !== undefined ? plus(num(c.dta4to12), dta12) : num(c.dtaOver4);
      if (bad || start === undefined) continue;
      periodStart = start;
      const att1 = att[0]!;
      if (att1 !== null && att1 > 0) {
        v("ae_attendances_type1", null, null, att1);
        ratio("ae_4hr_type1", over[0] === null ? null : att1 - over[0]!, att1);
        ratio("ae_admission_conversion", adm1, att1);
      }
      v("ae_attendances_all", null, null, attAll);
      ratio("ae_4hr_all", attAll === null || overAll === null ? null : attAll - overAll, attAll);
      v("ae_emergency_admissions", null, null, admAll);
      if (c.dta4to12 !== undefined || c.dtaOver4 !== undefined)
        v("ae_dta_4hr_waits", null, null, dta4);
      if (c.dta12 !== undefined) {
        v("ae_dta_12hr_waits", null, null, dta12);
        ratio("ae_dta_12hr_pct", dta12, admAll);
      }
    }
    if (out.length > 0) yield out;
  }
}
