/**
 * Reading the cells of one record with problems reported where they are found (file, line,
 * column, value). One `RowReader` per parse is reused for every record (no per-row closures);
 * `bad` says whether any cell of the current record was invalid, so the caller skips the row
 * (the import then fails as a whole: Problems rolls everything back).
 */
import type { CsvRecord } from "../../csv.js";
import { parseDateCell, parseNumberCell } from "../../cells.js";
import { normaliseHeader, type ParseContext } from "../../format.js";
import { MAX_NAME_LENGTH } from "../../../metrics/org-names.js";
import {
  nameTooLong,
  NOT_A_DATE,
  NOT_A_NUMBER,
  NOT_AN_ORG_CODE,
  shortRow,
} from "../../problem-messages.js";

/** ODS codes: trusts (R0A), sub-ICB locations (00C), sites and independent providers (NT301, G6V2S). */
export const ORG_CODE = /^[A-Z0-9]{2,10}$/;

export class RowReader {
  cells: string[] = [];
  line = 0;
  bad = false;
  private readonly names: string[];
  private readonly dates = new Map<string, string | undefined>();

  constructor(private readonly ctx: ParseContext) {
    this.names = ctx.header.length > 0 ? normaliseHeader(ctx.header) : [];
  }

  /**
   * Starts a record; returns false for a record to skip: a blank line (silently), or a row with
   * fewer cells than the header (reported: a truncated row, or another delimiter than the
   * header's, would otherwise read as missing values).
   */
  next(record: CsvRecord): boolean {
    this.cells = record.cells;
    this.line = record.line;
    this.bad = false;
    if (record.cells.length === 1 && record.cells[0]!.trim() === "") return false;
    if (record.cells.length < this.names.length) {
      const only = record.cells[0] ?? "";
      this.problem(
        undefined,
        only.length > 60 ? only.slice(0, 60) + "…" : record.cells.join(","),
        shortRow(
          record.cells.length,
          this.names.length,
          record.cells.length === 1 && /[;\t|]/.test(only),
        ),
      );
      return false;
    }
    return true;
  }

  private column(i: number): string {
    return this.names[i] ?? `column ${i + 1}`;
  }

  /** Reports a problem at the current record and marks it bad. */
  problem(i: number | undefined, value: string, reason: string): void {
    this.bad = true;
    this.ctx.problems.add({
      line: this.line,
      ...(i === undefined ? {} : { column: this.column(i) }),
      value,
      reason,
    });
  }

  /** True when every cell except those at `ignore` is blank (a placeholder row carrying nothing). */
  emptyExcept(ignore: readonly number[]): boolean {
    for (let i = 0; i < this.cells.length; i++)
      if (!ignore.includes(i) && this.cells[i]!.trim() !== "") return false;
    return true;
  }

  text(i: number | undefined): string {
    return i === undefined ? "" : (this.cells[i] ?? "").trim();
  }

  /**
   * An organisation's name, trimmed; reports an empty one (with `emptyReason`) and one longer
   * than {@link MAX_NAME_LENGTH} (quoting only its start).
   */
  name(i: number, emptyReason: string): string {
    const name = this.text(i);
    if (!name) this.problem(i, "", emptyReason);
    else if (name.length > MAX_NAME_LENGTH)
      this.problem(i, `${name.slice(0, 60)}…`, nameTooLong(name.length, MAX_NAME_LENGTH));
    return name;
  }

  /** A number, null for a missing marker (`-`, `*`, `..`, empty), or null after reporting an invalid cell. */
  num(i: number | undefined): number | null {
    if (i === undefined) return null;
    const raw = this.cells[i] ?? "";
    const n = parseNumberCell(raw);
    if (n === undefined) {
      this.problem(i, raw, NOT_A_NUMBER);
      return null;
    }
    return n;
  }

  /** An organisation code, upper-cased; reports and returns undefined when it is not one. */
  orgCode(i: number): string | undefined {
    const raw = this.cells[i] ?? "";
    const code = raw.trim().toUpperCase();
    if (!ORG_CODE.test(code)) {
      this.problem(i, raw, NOT_AN_ORG_CODE);
      return undefined;
    }
    return code;
  }

  /** A date in any NHS form as YYYY-MM-DD (cached per distinct text); reports and returns undefined otherwise. */
  date(i: number): string | undefined {
    const raw = this.cells[i] ?? "";
    let date = this.dates.get(raw);
    if (date === undefined && !this.dates.has(raw)) {
      date = parseDateCell(raw);
      this.dates.set(raw, date);
    }
    if (date === undefined) this.problem(i, raw, NOT_A_DATE);
    return date;
  }
}
