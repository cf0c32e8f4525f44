/**
 * The skeleton of a simple values format: a header with named columns, one output row read from
 * each record on its own (no grouping across rows). `rowFormat` does what every such format
 * repeated: detection by the columns, the missing-columns problem, one RowReader for the parse,
 * skipped blank and short rows, and one ValueBatch per batch of records. The format gives its
 * columns and `map`, which reads the cells it needs (problems reported by the RowReader) and
 * emits into the batch. Formats that group rows (per A&E type, delay reason, week) or have a
 * byte reader keep their own parse; the snapshots (snapshot.ts) are row formats keyed by trust.
 */
import type { ValuesFormat } from "../../format.js";
import { hasColumns, requireColumns } from "./columns.js";
import { RowReader } from "./row.js";
import { ValueBatch } from "./values.js";

export interface RowFormatSpec<K extends string> {
  id: string;
  /** metric_values.source (default: the id). */
  source?: string;
  description: string;
  /** Required columns (lower-case, as normalised); by default all are needed for detection. */
  columns: readonly K[];
  /** Detection, when the required columns are not specific enough (or too strict) for it. */
  detect?: (first: string[]) => boolean;
  /** Reads one record (already started on `row`) and emits its values. */
  map(row: RowReader, c: Record<K, number>, values: ValueBatch): void;
}

export function rowFormat<K extends string>(spec: RowFormatSpec<K>): ValuesFormat {
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
      const row = new RowReader(ctx);
      for await (const batch of records) {
        const values = new ValueBatch(ctx);
        for (const record of batch)
          if (row.next(record)) spec.map(row, c as Record<K, number>, values);
        yield values.take();
      }
    },
  };
}
