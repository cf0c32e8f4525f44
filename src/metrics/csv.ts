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
