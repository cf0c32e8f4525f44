/**
 * The skeleton of a reference format (decision 0010): a header with named columns, rows gathered
 * into per-file state (a table is checked as a whole: the same key twice, a group's members) and
 * emitted at the end. Like `rowFormat` for values: detection by the columns, the missing-columns
 * problem, one RowReader, blank and short rows skipped.
 */
import type { ParseContext, ReferenceFormat, ReferenceInput } from "../../format.js";
import { hasColumns, requireColumns } from "./columns.js";
import { RowReader } from "./row.js";

export interface ReferenceFormatSpec<K extends string, O extends string, S> {
  id: string;
  description: string;
  /** Required columns (lower-case, as normalised); detection needs them all unless `detect`. */
  columns: readonly K[];
  /** Columns read when present. */
  optional?: readonly O[];
  detect?: (first: string[]) => boolean;
  /** Per-file state, made afresh for each file. */
  state: () => S;
  /** Reads one record (already started on `row`) into `state`, reporting bad cells. */
  map(row: RowReader, c: Record<K, number> & Partial<Record<O, number>>, state: S): void;
  /** After the last record: the items, with any problems of the table as a whole reported. */
  finish(state: S, ctx: ParseContext): ReferenceInput[];
}

export function referenceFormat<K extends string, O extends string, S>(
  spec: ReferenceFormatSpec<K, O, S>,
): ReferenceFormat {
  return {
    kind: "reference",
    id: spec.id,
    description: spec.description,
    hasHeader: true,
    detect: spec.detect ?? ((first) => hasColumns(first, spec.columns)),
    async *parse(records, ctx) {
      const c = requireColumns(ctx, spec.columns, spec.optional ?? []);
      if (!c) return;
      const row = new RowReader(ctx);
      const state = spec.state();
      for await (const batch of records)
        for (const record of batch) if (row.next(record)) spec.map(row, c, state);
      const items = spec.finish(state, ctx);
      if (items.length > 0) yield items;
    },
  };
}
