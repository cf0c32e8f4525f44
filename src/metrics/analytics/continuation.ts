/**
 * A successor's series continued back through a clean merger: for each period before the merger,
 * the figures of the organisations that became it, added together as the metric adds across
 * organisations (its `aggregation`), so the series compares like with like across the merger.
 *
 * A merger is clean when every organisation that passed to the successor passed to it whole: no
 * link into it is partial (Pennine Acute RW6 → RM3, whose North Manchester site went to R0A) and
 * no predecessor was split between successors (the 2026 ICBs QJG and QNQ). Only then is "the
 * organisation as it is now" the sum of its parts before the merger.
 *
 * A period before the merger is combined when every part that reported the metric at all reported
 * it that period: the predecessors, and the successor itself when it existed and reported before
 * the merger (Mid and South Essex RAJ is Southend's code, which absorbed Basildon RDD and Mid
 * Essex RQ8 on 1 April 2020). Where some parts reported and some did not, the period is left out
 * (a gap, counted), never a partial sum; where none did, there is nothing to continue. Example: University Hospitals Dorset R0D, formed on 1 October 2020 from
 * Poole RD3 and Royal Bournemouth RDZ: its A&E attendances for January 2019 are RD3's plus RDZ's,
 * and its 4-hour percentage is (RD3's + RDZ's within 4 hours) / (RD3's + RDZ's attendances).
 *
 * Only the successor's own page uses a continued series, and only when asked: benchmarks,
 * aggregates and every other organisation keep the values as reported, under the code that
 * reported them (the predecessors' figures are never counted twice).
 */
import type { Succession } from "../reference-data.js";
import type { MergerPart, MetricAnalysis } from "./model.js";

/**
 * Successors of clean mergers with their predecessors: every link into the successor whole (not
 * partial), and each of its predecessors passed to it alone.
 * Example: RD3 → R0D and RDZ → R0D (2020-10-01) give R0D: [RD3, RDZ]; QH8 → D7T5G is left out
 * because QJG passed partly to D7T5G and partly to T6Y0W.
 */
export function cleanMergers(links: readonly Succession[]): Map<string, MergerPart[]> {
  const linksFrom = new Map<string, number>();
  for (const l of links)
    linksFrom.set(l.predecessorCode, (linksFrom.get(l.predecessorCode) ?? 0) + 1);
  const into = new Map<string, Succession[]>();
  for (const l of links) {
    const list = into.get(l.successorCode) ?? [];
    list.push(l);
    into.set(l.successorCode, list);
  }
  const out = new Map<string, MergerPart[]>();
  for (const [successor, list] of into) {
    if (list.some((l) => l.partial || linksFrom.get(l.predecessorCode) !== 1)) continue;
    out.set(
      successor,
      list
        .map((l) => ({ orgCode: l.predecessorCode, effectiveDate: l.effectiveDate }))
        .sort((x, y) => x.orgCode.localeCompare(y.orgCode)),
    );
  }
  return out;
}

/** One period of a continued series. */
export interface ContinuedCell {
  numerator: number;
  denominator: number;
  value: number;
  /** The organisations added together (the successor first when it took part). */
  parts: string[];
}

export interface Continuation {
  /** "applied": some periods combined; otherwise why the series cannot be continued. */
  status: "applied" | "not_aggregable" | "no_predecessor_values" | "no_earlier_periods";
  /** Predecessors that reported this metric (the parts combined), in code order. */
  parts: string[];
  /** Combined cells by period index. */
  cells: Map<number, ContinuedCell>;
  /** Periods before the merger left out because some parts reported them and some did not. */
  gaps: number;
  /** The successor's own figures are among the parts (it reported before the merger). */
  includesSuccessor: boolean;
  /** The first day under the successor of the last predecessor to pass to it: the series is its own from here. */
  mergedFrom: string;
}

/**
 * The continued series of the successor at row `o` (undefined when it has no values of its own,
 * as a successor that is a new code may not before the merger) over the metric's periods.
 */
export function continueSeries(
  a: MetricAnalysis,
  o: number | undefined,
  predecessors: readonly MergerPart[],
): Continuation {
  const { matrix, periodCount: P } = a;
  const dates = predecessors.map((p) => p.effectiveDate).sort();
  const mergedFrom = dates.at(-1) ?? "";
  const earliestEffective = dates[0] ?? "";
  const parts = predecessors.filter((p) => a.row.has(p.orgCode));
  const none = (status: Continuation["status"]): Continuation => ({
    status,
    parts: parts.map((p) => p.orgCode),
    cells: new Map(),
    gaps: 0,
    includesSuccessor: false,
    mergedFrom,
  });
  const aggregation = a.def.aggregation;
  if (aggregation === "not_aggregable") return none("not_aggregable");
  if (parts.length === 0) return none("no_predecessor_values");
  // What a part needs to be added: a value; a denominator to weight by (weighted means); and a
  // numerator too for ratios.
  const has = (row: number, q: number): boolean => {
    const cell = row * P + q;
    const present = (x: number) => !Number.isNaN(x);
    if (!present(matrix.value[cell]!)) return false;
    if (aggregation === "weighted_mean") return present(matrix.denominator[cell]!);
    if (aggregation === "sum_ratio")
      return present(matrix.denominator[cell]!) && present(matrix.numerator[cell]!);
    return true;
  };
  // The successor takes part before the merger when it existed then: it reported earlier.
  let successorBefore = false;
  if (o !== undefined)
    for (let q = 0; q < P && matrix.periods[q]! < earliestEffective; q++)
      if (has(o, q)) successorBefore = true;

  const cells = new Map<number, ContinuedCell>();
  let gaps = 0;
  for (let q = 0; q < P; q++) {
    const period = matrix.periods[q]!;
    if (period >= mergedFrom) break;
    const rows: { code: string; row: number }[] = [];
    if (successorBefore && o !== undefined) rows.push({ code: matrix.orgCodes[o]!, row: o });
    for (const p of parts)
      if (period < p.effectiveDate) rows.push({ code: p.orgCode, row: a.row.get(p.orgCode)! });
    const present = rows.filter((r) => has(r.row, q)).length;
    // No part reported this period (a gap in the publications held): nothing to combine or count.
    if (present === 0) continue;
    if (present < rows.length) {
      gaps++;
      continue;
    }
    let num = 0;
    let den = 0;
    let sum = 0;
    for (const { row } of rows) {
      const cell = row * P + q;
      num += matrix.numerator[cell]!;
      den += matrix.denominator[cell]!;
      sum +=
        aggregation === "weighted_mean"
          ? matrix.value[cell]! * matrix.denominator[cell]!
          : matrix.value[cell]!;
    }
    const value =
      aggregation === "sum_ratio"
        ? den > 0
          ? (num / den) * a.def.multiplier
          : NaN
        : aggregation === "weighted_mean"
          ? den > 0
            ? sum / den
            : NaN
          : sum;
    if (!(value === value)) {
      gaps++;
      continue;
    }
    cells.set(q, {
      numerator: aggregation === "sum_ratio" ? num : NaN,
      denominator: aggregation === "sum_ratio" || aggregation === "weighted_mean" ? den : NaN,
      value,
      parts: rows.map((r) => r.code),
    });
  }
  if (cells.size === 0 && gaps === 0) return none("no_earlier_periods");
  return {
    status: "applied",
    parts: parts.map((p) => p.orgCode),
    cells,
    gaps,
    includesSuccessor: successorBefore,
    mergedFrom,
  };
}
