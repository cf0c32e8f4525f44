/** Rendering of listing output as an aligned table, JSON or CSV (`--format`). */
import { UsageError } from "../errors.js";
import { toCsv, type CsvCell } from "../metrics/csv.js";
import { csvNumber } from "../metrics/format.js";

export type OutputFormat = "table" | "json" | "csv";

export function parseFormat(
  value: string | undefined,
  allowed: OutputFormat[] = ["table", "json", "csv"],
): OutputFormat {
  const v = (value ?? allowed[0]) as OutputFormat;
  if (!allowed.includes(v))
    throw new UsageError(`--format must be one of ${allowed.join(", ")}, not "${value}"`);
  return v;
}

type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

/** Numbers as raw values (rounded to 6 decimals, as in CSV downloads), so output can be re-read. */
const cellText = (c: Cell): string =>
  c === null || c === undefined
    ? ""
    : typeof c === "number"
      ? String(csvNumber(c) ?? c)
      : String(c);

/** A CSV cell: numbers rounded as in the table, everything else as given (the writer quotes). */
const csvValue = (c: Cell): CsvCell => (typeof c === "number" ? (csvNumber(c) ?? c) : c);

/** Renders rows; `columns` fixes the order (default: keys of the first row). */
export function renderRows(rows: Row[], format: OutputFormat, columns?: string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  if (format === "json") return JSON.stringify(rows, null, 2) + "\n";
  // LF line ends: a terminal's, and what the command has always printed.
  if (format === "csv")
    return toCsv(
      cols,
      rows.map((r) => cols.map((c) => csvValue(r[c]))),
      { newline: "\n" },
    );
  const cells = rows.map((r) => cols.map((c) => cellText(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const numeric = cols.map(
    (c) =>
      rows.length > 0 &&
      rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === "number"),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(cols), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n") + "\n";
}
