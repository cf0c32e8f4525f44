/**
 * DM01 diagnostic waiting times by provider and test (the monthly provider web file's "Provider
 * by Test" sheet, converted; dm01/dm01_provider_by_test_*.csv in the shared data): the DM01
 * provider columns with `diagnostic_id` and `diagnostic_test_name` added, one row per provider,
 * month and test.
 *
 * Mapping: for tests 1–15, diag_6wk_pct_<test> = waiting_6_plus_weeks / total_waiting_list × 100
 * (one metric per test, catalogue/diagnostic-tests.ts; the test's list size and 6-week count are
 * its denominator and numerator). Tests are identified by id; the name column is not read.
 *
 * The trap: diagnostic_id 16 is each provider's Total row, not a test. It is never stored (the
 * provider totals come from the Provider sheet, format dm01), so nothing is counted twice; it is
 * checked instead: its waiting list, 6+ and 13+ week counts must equal the sum of the provider's
 * tests 1–15 that month, or the import reports the Total row's line, column and value.
 */
import type { ParseContext, ValuesFormat } from "../../format.js";
import {
  dm01TestMetricId,
  dm01Tests,
  type Dm01Test,
} from "../../../metrics/catalogue/diagnostic-tests.js";
import { dm01TotalDiffers, NOT_A_DM01_TEST } from "../../problem-messages.js";
import { DM01_COLUMNS, readDm01Waits } from "../shared/dm01.js";
import { rowFormat } from "../shared/row-format.js";

/** The Provider by Test sheet's total over the 15 tests. */
const TOTAL_ROW_ID = 16;

const testById: ReadonlyMap<number, Dm01Test> = new Map(dm01Tests.map((t) => [t.diagnosticId, t]));

const CHECKED = ["total_waiting_list", "waiting_6_plus_weeks", "waiting_13_plus_weeks"] as const;

/** A provider's month: its tests' sums (null once a test's cell is missing) and its Total row. */
interface ProviderMonth {
  sums: [number | null, number | null, number | null];
  total?: { line: number; counts: [number | null, number | null, number | null] };
}

interface State {
  ctx: ParseContext;
  months: Map<string, ProviderMonth>;
}

const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

export const dm01ByTestFormat: ValuesFormat = rowFormat({
  id: "dm01-by-test",
  description:
    "DM01 diagnostic waiting times by provider, month and test (NHS England provider web file, Provider by Test sheet): 6+ weeks share per test; the Total row (16) checked, not stored",
  columns: [...DM01_COLUMNS, "diagnostic_id"],
  state: (ctx): State => ({ ctx, months: new Map() }),
  map(row, c, values, state) {
    const idText = row.text(c.diagnostic_id);
    const id = /^\d+$/.test(idText) ? Number(idText) : NaN;
    const test = testById.get(id);
    if (!test && id !== TOTAL_ROW_ID) row.problem(c.diagnostic_id, idText, NOT_A_DM01_TEST);
    const w = readDm01Waits(row, c);
    if (!w) return;
    const counts: [number | null, number | null, number | null] = [w.total, w.over6, w.over13];
    const key = `${w.orgCode} ${w.periodStart}`;
    let month = state.months.get(key);
    if (!month) state.months.set(key, (month = { sums: [0, 0, 0] }));
    if (test) {
      month.sums = [
        add(month.sums[0], counts[0]),
        add(month.sums[1], counts[1]),
        add(month.sums[2], counts[2]),
      ];
      values.ratio(
        w.orgCode,
        dm01TestMetricId(test),
        "month",
        w.periodStart,
        w.over6,
        w.total,
        row.line,
      );
    } else month.total = { line: row.line, counts };
  },
  finish(_values, { ctx, months }) {
    for (const { sums, total } of months.values()) {
      if (!total) continue;
      CHECKED.forEach((column, i) => {
        const published = total.counts[i]!;
        const sum = sums[i]!;
        if (published !== null && sum !== null && Math.abs(published - sum) > 1e-9)
          ctx.problems.add({
            line: total.line,
            column,
            value: String(published),
            reason: dm01TotalDiffers(sum),
          });
      });
    }
  },
});
