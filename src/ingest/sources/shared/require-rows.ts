/**
 * A file with a header and no data rows is refused rather than imported as nothing: it is
 * usually a failed export, or a file whose rows use another delimiter than its header (the CSV
 * reader infers the column layout from the first line, and rows it cannot split that way do not
 * come through). Applied to every format by the registry.
 */
import type { CsvRecord } from "../../csv.js";
import type { SourceFormat } from "../../format.js";
import { NO_DATA_ROWS } from "../../problem-messages.js";

async function* counted(
  records: AsyncIterable<CsvRecord[]>,
  seen: { rows: number },
): AsyncGenerator<CsvRecord[]> {
  for await (const batch of records) {
    for (const r of batch) if (!(r.cells.length === 1 && r.cells[0]!.trim() === "")) seen.rows++;
    yield batch;
  }
}

export function requireDataRows<F extends SourceFormat>(format: F): F {
  const parse = format.parse.bind(format) as (
    records: AsyncIterable<CsvRecord[]>,
    ctx: Parameters<F["parse"]>[1],
  ) => AsyncIterable<unknown[]>;
  return {
    ...format,
    async *parse(records: AsyncIterable<CsvRecord[]>, ctx: Parameters<F["parse"]>[1]) {
      const seen = { rows: 0 };
      yield* parse(counted(records, seen), ctx);
      if (seen.rows === 0 && !ctx.problems.any) {
        ctx.problems.add({
          line: 2,
          reason: NO_DATA_ROWS,
        });
      }
    },
  } as F;
}
