/**
 * Metric values in columnar form, as the fast file parsers produce them: one row per input
 * record, typed-array columns, and a list of projections saying which columns are each metric's
 * numerator, denominator and value. Each row gives one value per projection (or none, where the
 * projection is conditional), in projection order: the same values, in the same order, as the
 * MetricValueInput objects the record-by-record parser builds. NaN in a column means null.
 */
import type { MetricValueInput, PeriodType } from "../../metrics/values.js";

export interface ValueProjection {
  metricId: string;
  /** Column index of the numerator, or -1 (null). */
  numerator: number;
  /** Column index of the denominator, or -1 (null). */
  denominator: number;
  /** Column index of the value. */
  value: number;
  /** The value exists only in rows where this column is > 0; -1: in every row. */
  when: number;
}

export interface ColumnarValues {
  /** Rows (input records that gave values). */
  readonly rows: number;
  readonly periodType: PeriodType;
  /** Organisation codes; `org[row]` indexes it. */
  readonly orgs: readonly string[];
  readonly org: Uint32Array;
  /** Period starts (YYYY-MM-DD); `period[row]` indexes it. */
  readonly periods: readonly string[];
  readonly period: Uint32Array;
  /** Each row's input line is `lineBase + line[row]`. */
  readonly line: Uint32Array;
  readonly lineBase: number;
  readonly columns: readonly Float64Array[];
  readonly projections: readonly ValueProjection[];
}

/** How many metric values the batch holds. */
export function countValues(b: ColumnarValues): number {
  let n = 0;
  for (const p of b.projections) {
    if (p.when < 0) n += b.rows;
    else {
      const w = b.columns[p.when]!;
      for (let r = 0; r < b.rows; r++) if (w[r]! > 0) n++;
    }
  }
  return n;
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * The batch as MetricValueInput objects, in record order, at most about `valuesPerBatch` values
 * per array (whole rows only).
 */
export function* metricValueInputs(
  b: ColumnarValues,
  valuesPerBatch = 5000,
): Generator<MetricValueInput[]> {
  const { orgs, org, periods, period, line, lineBase, columns, periodType } = b;
  const projections = b.projections.map((p) => ({
    metricId: p.metricId,
    numerator: p.numerator < 0 ? undefined : columns[p.numerator]!,
    denominator: p.denominator < 0 ? undefined : columns[p.denominator]!,
    value: columns[p.value]!,
    when: p.when < 0 ? undefined : columns[p.when]!,
  }));
  let out: MetricValueInput[] = [];
  for (let r = 0; r < b.rows; r++) {
    const orgCode = orgs[org[r]!]!;
    const periodStart = periods[period[r]!]!;
    const at = lineBase + line[r]!;
    for (const p of projections) {
      if (p.when && !(p.when[r]! > 0)) continue;
      out.push({
        orgCode,
        metricId: p.metricId,
        periodType,
        periodStart,
        numerator: p.numerator ? orNull(p.numerator[r]!) : null,
        denominator: p.denominator ? orNull(p.denominator[r]!) : null,
        value: orNull(p.value[r]!),
        line: at,
      });
    }
    if (out.length >= valuesPerBatch) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}
