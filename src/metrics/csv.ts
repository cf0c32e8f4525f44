/**
 * The one CSV writer: the web's downloads and `improve … --format csv` both write through it.
 *
 * Quoting is RFC 4180: a cell holding a comma, a double quote or a line break is quoted, its
 * quotes doubled. Lines end in CRLF (the RFC's) unless the caller asks for LF (a terminal's).
 *
 * Spreadsheet formula injection is neutralised as the OWASP guidance says
 * (https://owasp.org/www-community/attacks/CSV_Injection): a text cell whose first character is
 * `=`, `+`, `-`, `@`, a tab or a carriage return, or whose first non-space character is one of
 * `= + - @` (spreadsheets may trim leading spaces), gets a single quote in front, so that a
 * spreadsheet shows it as text instead of running it. Numbers are never touched, and neither is
 * text that is a plain number ("-5", "+3", "-1.5e3"): a negative value stays a number.
 *
 * @example toCsv(["name", "value"], [["=1+1", -5]]) // "name,value\r\n'=1+1,-5\r\n"
 */

export type CsvCell = string | number | boolean | null | undefined;

/** A plain decimal number, optionally signed, with an optional exponent. */
const PLAIN_NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
/** What a spreadsheet may read as the start of a formula. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;

/**
 * Text a spreadsheet will show as text: a single quote in front of anything it might run as a
 * formula (above), plain numbers as they are. The CSV and XLSX writers both call it.
 *
 * @example spreadsheetText("=HYPERLINK(\"x\")") // "'=HYPERLINK(\"x\")"; spreadsheetText("-5") // "-5"
 */
export function spreadsheetText(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One cell as CSV text: empty for null, undefined and non-finite numbers. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = spreadsheetText(String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export interface CsvOptions {
  /** Line end: "\r\n" (RFC 4180, the default) or "\n". */
  newline?: "\r\n" | "\n";
}

/** A header line and its rows, each line ended (the last included). */
export function toCsv(
  head: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  options: CsvOptions = {},
): string {
  const newline = options.newline ?? "\r\n";
  let out = head.map(csvCell).join(",") + newline;
  for (const row of rows) out += row.map(csvCell).join(",") + newline;
  return out;
}

/** The data version of a table not computed from the metric data (audit log, feedback, rounds). */
export const NOT_METRIC_DATA = "not applicable: records as they stood when generated";

/** Where a downloaded table comes from, written above it (decision 0019). */
export interface CsvProvenance {
  /** The publication or service the numbers come from, e.g. "NHS England: A&E attendances". */
  source: string;
  /** The periods the table covers, in words ("April 2024 to March 2025"); "" when none apply. */
  period: string;
  /** The data version the table was computed from (the analytics' `dataVersion`). */
  dataVersion: string;
  generatedAt: Date;
}

/**
 * The provenance block: four lines, each one cell beginning with `#` (`# Source: …`), above the
 * table's header row. A spreadsheet shows them as the first rows; readers that take comments
 * (pandas `comment="#"`, R `comment.char = "#"`) skip them. A cell beginning with `#` is never
 * run as a formula, and line breaks in the words are written as spaces, so the block is always
 * four lines.
 *
 * @example provenanceLines({ source: "NHS England", period: "July 2025", dataVersion: "7", generatedAt })
 * // "# Source: NHS England\r\n# Period: July 2025\r\n# Data version: 7\r\n# Generated: 2026-12-05T19:50:00.000Z\r\n"
 */
export function provenanceLines(p: CsvProvenance, options: CsvOptions = {}): string {
  const newline = options.newline ?? "\r\n";
  const line = (label: string, value: string) =>
    csvCell(`# ${label}: ${value.replace(/[\r\n\t]+/g, " ").trim() || "not applicable"}`) + newline;
  return (
    line("Source", p.source) +
    line("Period", p.period) +
    line("Data version", p.dataVersion) +
    line("Generated", p.generatedAt.toISOString())
  );
}

/**
 * A table as a download: the provenance block (`provenanceLines`), then the table exactly as
 * `toCsv` writes it. Every CSV the pages serve is written by it; the API's lists are not (they are
 * plain tables for programs, with the data version in their `ETag`).
 */
export function csvWithProvenance(
  head: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  provenance: CsvProvenance,
  options: CsvOptions = {},
): string {
  return provenanceLines(provenance, options) + toCsv(head, rows, options);
}
