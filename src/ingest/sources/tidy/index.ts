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
 *
 * Tidy files are what people upload, so one file may add at most
 * {@link TIDY_NEW_ORGANISATIONS_LIMIT} organisations the registry does not hold (as unlisted
 * providers, named by their codes); a file naming more is refused. Its values never change the
 * kind of an organisation the reference lists classify (refine-organisations.ts reads activity
 * only from publications).
 */
import {
  ratioValue,
  periodTypes,
  type MetricValueInput,
  type PeriodType,
} from "../../../metrics/values.js";
import { periodStartOf } from "../../../metrics/period.js";
import { parseDateCell, parseNumberCell } from "../../cells.js";
import { columnIndex, normaliseHeader, type ValuesFormat } from "../../format.js";
import {
  missingColumns,
  NOT_A_DATE_TIDY,
  NOT_A_NUMBER_TIDY,
  NOT_AN_ORG_CODE,
  oneOf,
  TIDY_NEEDS_VALUES,
  UNKNOWN_METRIC_TIDY,
  valueDisagreesWithRatio,
} from "../../problem-messages.js";

const REQUIRED = ["org_code", "metric_id", "period_start", "period_type"] as const;
const OPTIONAL = ["numerator", "denominator", "value"];
const ORG_CODE = /^[A-Z0-9]{2,10}$/;
/** New organisations one tidy file may add: an organisation's own data names a few sites at most. */
const TIDY_NEW_ORGANISATIONS_LIMIT = 20;

export const tidyFormat: ValuesFormat = {
  kind: "values",
  id: "tidy",
  source: "tidy",
  description:
    "Tidy values: org_code, metric_id, period_start, period_type, numerator, denominator, value",
  hasHeader: true,
  newOrganisationsLimit: TIDY_NEW_ORGANISATIONS_LIMIT,
  detect(first) {
    const h = normaliseHeader(first);
    return REQUIRED.every((c) => h.includes(c));
  },
  async *parse(records, ctx) {
    const cols = columnIndex(ctx.header, REQUIRED, OPTIONAL);
    if (cols.missing.length > 0) {
      ctx.problems.add({
        line: 1,
        reason: missingColumns(cols.missing),
      });
      return;
    }
    if (cols.index.numerator === undefined && cols.index.value === undefined) {
      ctx.problems.add({
        line: 1,
        reason: TIDY_NEEDS_VALUES,
      });
      return;
    }
    const index = cols.index;
    const iOrg = index.org_code;
    const iMetric = index.metric_id;
    const iType = index.period_type;
    const iStart = index.period_start;
    const numeric = [
      ["numerator", index.numerator],
      ["denominator", index.denominator],
      ["value", index.value],
    ] as const;
    // Few distinct codes, dates and types occur in a file: validate each once, then look it up.
    const orgOk = new Map<string, string | null>();
    const periodStarts = new Map<string, string | null>();
    const periodTypeSet = new Set<string>(periodTypes);
    const numbers: (number | null)[] = [null, null, null];
    for await (const batch of records) {
      const out: MetricValueInput[] = [];
      for (const { cells, line } of batch) {
        if (cells.length === 1 && cells[0]!.trim() === "") continue; // blank line
        const rawOrg = cells[iOrg] ?? "";
        let orgCode = orgOk.get(rawOrg);
        if (orgCode === undefined) {
          const code = rawOrg.trim().toUpperCase();
          orgCode = ORG_CODE.test(code) ? code : null;
          orgOk.set(rawOrg, orgCode);
        }
        if (orgCode === null) {
          ctx.problems.add({
            line,
            column: "org_code",
            value: rawOrg,
            reason: NOT_AN_ORG_CODE,
          });
          continue;
        }
        const metricId = (cells[iMetric] ?? "").trim();
        const metric = ctx.metrics.get(metricId);
        if (!metric) {
          ctx.problems.add({
            line,
            column: "metric_id",
            value: metricId,
            reason: UNKNOWN_METRIC_TIDY,
          });
          continue;
        }
        const rawType = cells[iType] ?? "";
        const periodType = periodTypeSet.has(rawType) ? rawType : rawType.trim().toLowerCase();
        if (!periodTypeSet.has(periodType)) {
          ctx.problems.add({
            line,
            column: "period_type",
            value: rawType,
            reason: oneOf(periodTypes),
          });
          continue;
        }
        const rawDate = cells[iStart] ?? "";
        const dateKey = `${periodType}|${rawDate}`;
        let periodStart = periodStarts.get(dateKey);
        if (periodStart === undefined) {
          const date = parseDateCell(rawDate);
          periodStart = date === undefined ? null : periodStartOf(date, periodType as PeriodType);
          periodStarts.set(dateKey, periodStart);
        }
        if (periodStart === null) {
          ctx.problems.add({
            line,
            column: "period_start",
            value: rawDate,
            reason: NOT_A_DATE_TIDY,
          });
          continue;
        }
        let bad = false;
        for (let k = 0; k < 3; k++) {
          const [name, i] = numeric[k]!;
          const raw = i === undefined ? "" : (cells[i] ?? "");
          const n = raw === "" ? null : parseNumberCell(raw);
          if (n === undefined) {
            ctx.problems.add({ line, column: name, value: raw, reason: NOT_A_NUMBER_TIDY });
            bad = true;
          }
          numbers[k] = n ?? null;
        }
        if (bad) continue;
        const numerator = numbers[0]!;
        const denominator = numbers[1]!;
        const given = numbers[2]!;
        const computed = ratioValue(numerator, denominator, metric.multiplier);
        if (
          given !== null &&
          computed !== null &&
          Math.abs(given - computed) > 1e-6 * Math.max(1, Math.abs(computed))
        ) {
          ctx.problems.add({
            line,
            column: "value",
            value: String(given),
            reason: valueDisagreesWithRatio(metric.multiplier, computed),
          });
          continue;
        }
        out.push({
          orgCode,
          metricId,
          periodType: periodType as PeriodType,
          periodStart,
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
