/**
 * The tidy format: the general route for any organisation's own data. One value per row:
 *
 *   org_code,metric_id,period_start,period_type,numerator,denominator,value
 *   RXX,ae_4hr_all,2024-03-01,month,9123,12011,
 *
 * `value` may be empty when numerator and denominator are given (it is then numerator /
 * denominator × the metric's multiplier); when all three are given they must agree. Dates may be
 * in any NHS form and are normalised to the start of the period (a month-end date becomes the
 * first of that month).
 */
import { ratioValue, periodTypes, type MetricValueInput, type PeriodType } from "../../../metrics/values.js";
import { periodStartOf } from "../../../metrics/period.js";
import { parseDateCell, parseNumberCell } from "../../cells.js";
import { columnIndex, normaliseHeader, type ValuesFormat } from "../../format.js";

const REQUIRED = ["org_code", "metric_id", "period_start", "period_type"] as const;
const OPTIONAL = ["numerator", "denominator", "value"];
const ORG_CODE = /^[A-Z0-9]{2,10}$/;

export const tidyFormat: ValuesFormat = {
  kind: "values",
  id: "tidy",
  source: "tidy",
  description: "Tidy values: org_code, metric_id, period_start, period_type, numerator, denominator, value",
  hasHeader: true,
  detect(first) {
    const h = normaliseHeader(first);
    return REQUIRED.every((c) => h.includes(c));
  },
  async *parse(records, ctx) {
    const cols = columnIndex(ctx.header, REQUIRED, OPTIONAL);
    if (cols.missing.length > 0) {
      ctx.problems.add({ line: 1, reason: `missing required column${cols.missing.length > 1 ? "s" : ""} ${cols.missing.join(", ")}` });
      return;
    }
    if (cols.index.numerator === undefined && cols.index.value === undefined) {
      ctx.problems.add({ line: 1, reason: "needs a value column, or numerator and denominator columns" });
      return;
    }
    const index = cols.index;
    const dates = new Map<string, string | undefined>();
    const periodTypeSet = new Set<string>(periodTypes);
    for await (const batch of records) {
      const out: MetricValueInput[] = [];
      for (const { cells, line } of batch) {
        if (cells.length === 1 && cells[0]!.trim() === "") continue; // blank line
        const cell = (i: number | undefined) => (i === undefined ? "" : (cells[i] ?? ""));
        const orgCode = cell(index.org_code).trim().toUpperCase();
        if (!ORG_CODE.test(orgCode)) {
          ctx.problems.add({ line, column: "org_code", value: cell(index.org_code), reason: "not an organisation code (2 to 10 letters or digits)" });
          continue;
        }
        const metricId = cell(index.metric_id).trim();
        const metric = ctx.metrics.get(metricId);
        if (!metric) {
          ctx.problems.add({ line, column: "metric_id", value: metricId, reason: "unknown metric id (see `improve metrics`)" });
          continue;
        }
        const periodType = cell(index.period_type).trim().toLowerCase();
        if (!periodTypeSet.has(periodType)) {
          ctx.problems.add({ line, column: "period_type", value: periodType, reason: `must be one of ${periodTypes.join(", ")}` });
          continue;
        }
        const rawDate = cell(index.period_start);
        let date = dates.get(rawDate);
        if (date === undefined && !dates.has(rawDate)) {
          date = parseDateCell(rawDate);
          dates.set(rawDate, date);
        }
        if (date === undefined) {
          ctx.problems.add({ line, column: "period_start", value: rawDate, reason: "not a date (use YYYY-MM-DD)" });
          continue;
        }
        const numbers: (number | null)[] = [];
        let bad = false;
        for (const name of ["numerator", "denominator", "value"] as const) {
          const raw = cell(index[name]);
          const n = parseNumberCell(raw);
          if (n === undefined) {
            ctx.problems.add({ line, column: name, value: raw, reason: "not a number" });
            bad = true;
          }
          numbers.push(n ?? null);
        }
        if (bad) continue;
        const [numerator = null, denominator = null, given = null] = numbers;
        const computed = ratioValue(numerator, denominator, metric.multiplier);
        if (given !== null && computed !== null && Math.abs(given - computed) > 1e-6 * Math.max(1, Math.abs(computed))) {
          ctx.problems.add({
            line,
            column: "value",
            value: String(given),
            reason: `does not equal numerator / denominator × ${metric.multiplier} = ${computed}`,
          });
          continue;
        }
        out.push({
          orgCode,
          metricId,
          periodType: periodType as PeriodType,
          periodStart: periodStartOf(date, periodType as PeriodType),
          numerator,
          denominator,
          value: given ?? computed,
          line,
        });
      }
      if (out.length > 0) yield out;
    }
  },
};
