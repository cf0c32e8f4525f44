/**
 * The skeleton of a simple values format: a header with named columns, one output row read from
 * each record on its own (no grouping across rows). `rowFormat` does what every such format
 * repeated: detection by the columns, the missing-columns problem, one RowReader for the parse,
 * skipped blank and short rows, and one ValueBatch per batch of records. The format gives its
 * columns and `map`, which reads the cells it needs (problems reported by the RowReader) and
 * emits into the batch. A format that gathers across rows (daily counts rolled up into weeks
 * and months, a month's waits by type) keeps per-file `state` and emits it in `finish` after
 * the last record. Every values format is one, except the official monthly A&E file, which has
 * its own byte reader (ae-monthly); the snapshots (snapshot.ts), the all-type and by-type A&E
 * layouts (ae-all-types.ts, ae-types.ts) are row formats with their shared mapping.
 */
import type { ParseContext, ValuesFormat } from "../../format.js";
import { hasColumns, requireColumns } from "./columns.js";
import { RowReader } from "./row.js";
import { ValueBatch } from "./values.js";

export interface RowFormatSpec<K extends string, S = undefined> {
  id: string;
  /** metric_values.source (default: the id). */
  source?: string;
  description: string;
  /** Required columns (lower-case, as normalised); by default all are needed for detection. */
  columns: readonly K[];
  /** Detection, when the required columns are not specific enough (or too strict) for it. */
  detect?: (first: string[]) => boolean;
  /** Per-file state gathered across rows (a roll-up, groups), made afresh for each file. */
  state?: (ctx: ParseContext) => S;
  /** Reads one record (already started on `row`) and emits its values (or adds to `state`). */
  map(row: RowReader, c: Record<K, number>, values: ValueBatch, state: S): void;
  /** After the last record: emits what `state` gathered. */
  finish?: (values: ValueBatch, state: S) => void;
}

export function rowFormat<K extends string, S = undefined>(
  spec: RowFormatSpec<K, S>,
): ValuesFormat {
  return {
    kind: "values",
    id: spec.id,
    source: spec.source ?? spec.id,
    description: spec.description,
    hasHeader: true,
    detect: spec.detect ?? ((first) => hasColumns(first, spec.columns)),
    async *parse(records, ctx) {
      const c = requireColumns(ctx, spec.columns);
      if (!c) return;
      const columns = c as Record<K, number>;
      const row = new RowReader(ctx);
      const state = spec.state ? spec.state(ctx) : (undefined as S);
      for await (const batch of records) {
        const values = new ValueBatch(ctx);
        for (const record of batch) if (row.next(record)) spec.map(row, columns, values, state);
        yield values.take();
      }
      if (spec.finish) {
        const values = new ValueBatch(ctx);
        spec.finish(values, state);
        yield values.take();
      }
    },
  };
}
