/**
 * An incremental RFC 4180 CSV tokenizer: text chunks in, records out, each with the line it
 * starts on. Records may have any number of cells (a short or long row is reported by the format
 * that reads it, never merged with the next line), fields may be quoted, quotes are escaped by
 * doubling, and quoted fields may hold delimiters and line breaks. Lines end in LF, CRLF or CR.
 *
 * Why our own (docs/decisions/0005-csv-parser.md): csv-parse is correct but ran at 10 MB/s here;
 * uDSV ran at 180 MB/s but assumes every row has the header's number of cells and silently
 * merges a short row into the next one. This tokenizer takes the fast path (one native `split`
 * per line) for every line without a quote character and a character loop only for the others.
 */
import { InputError } from "../errors.js";

export type RecordSink = (cells: string[], line: number) => void;

export class CsvTokenizer {
  private rest = "";
  private line = 1;
  /** The line separator, fixed from the first chunk: "\n" (LF or CRLF) or "\r" (old Mac files). */
  private newline: "\n" | "\r" | undefined;

  constructor(
    private readonly delimiter: string,
    private readonly fileName: string,
  ) {}

  /** Tokenises what is complete in `rest + chunk`; keeps the unfinished tail for the next call. */
  push(chunk: string, sink: RecordSink): void {
    const text = this.rest + chunk;
    if (this.newline === undefined) {
      const cr = text.indexOf("\r");
      if (text.includes("\n")) this.newline = "\n";
      else if (cr !== -1 && cr < text.length - 1) this.newline = "\r";
      else {
        // No line break yet, or a CR that may be the first half of a CRLF: wait for more text.
        this.rest = text;
        return;
      }
    }
    this.rest = text.slice(this.scan(text, sink, false));
  }

  /** Tokenises the final unterminated record, if any. */
  end(sink: RecordSink): void {
    if (this.rest.length > 0) this.scan(this.rest, sink, true);
    this.rest = "";
  }

  /** Emits every complete record of `text`; returns where the incomplete tail starts. */
  private scan(text: string, sink: RecordSink, final: boolean): number {
    const nl = this.newline ?? "\n";
    const delimiter = this.delimiter;
    let pos = 0;
    while (pos < text.length) {
      let end = text.indexOf(nl, pos);
      if (end === -1) {
        if (!final) return pos;
        end = text.length;
      }
      let lineText = text.slice(pos, end);
      if (lineText.includes('"')) {
        const parsed = this.quoted(text, pos, final);
        if (parsed === null) return pos; // a quoted field runs past this chunk
        sink(parsed.cells, this.line);
        this.line += parsed.lines;
        pos = parsed.next;
        continue;
      }
      if (nl === "\n" && lineText.endsWith("\r")) lineText = lineText.slice(0, -1);
      sink(lineText.split(delimiter), this.line);
      this.line++;
      pos = end + 1;
    }
    return pos;
  }

  /**
   * Reads one record that contains quotes, from `start`. Returns null when the record is not
   * complete in `text` (unless `final`, when an unterminated quote is an input error).
   */
  private quoted(
    text: string,
    start: number,
    final: boolean,
  ): { cells: string[]; next: number; lines: number } | null {
    const delimiter = this.delimiter;
    const cells: string[] = [];
    let field = "";
    let i = start;
    let lines = 1;
    let inQuotes = false;
    let fieldStart = true;
    while (i < text.length) {
      const c = text[i]!;
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          if (i + 1 === text.length && !final) return null; // the escape may continue in the next chunk
          inQuotes = false;
          i++;
          continue;
        }
        if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) lines++;
        field += c;
        i++;
        continue;
      }
      if (c === '"' && fieldStart) {
        inQuotes = true;
        fieldStart = false;
        i++;
        continue;
      }
      if (c === delimiter) {
        cells.push(field);
        field = "";
        fieldStart = true;
        i++;
        continue;
      }
      if (c === "\n" || c === "\r") {
        cells.push(field);
        const next = c === "\r" && text[i + 1] === "\n" ? i + 2 : i + 1;
        if (c === "\r" && i + 1 === text.length && !final) return null; // CR of a CRLF split across chunks
        return { cells, next, lines };
      }
      field += c;
      fieldStart = false;
      i++;
    }
    if (!final) return null;
    if (inQuotes) {
      const reason = `a quoted field that starts on line ${this.line} is never closed (a missing closing quote)`;
      throw new InputError(`${this.fileName}: ${reason}`, [
        { file: this.fileName, line: this.line, reason },
      ]);
    }
    cells.push(field);
    return { cells, next: text.length, lines };
  }
}
