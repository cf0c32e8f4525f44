/**
 * What the string reader (../csv.ts + ../csv-tokenizer.ts) decides once per file, decided the
 * same way from the bytes: refusal of empty, binary and spreadsheet files; the byte-order mark;
 * the delimiter (the one of comma, tab, semicolon and pipe seen most often in the first line);
 * the line separator (LF, which covers CRLF, or CR for old Mac files), fixed by the first
 * 1 MiB read that shows one; and the header record with where the data records start.
 */
import fs from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { assertTextCsv, detectDelimiter } from "../csv.js";
import { ByteCsvScanner, type Dialect } from "./scanner.js";

/** The read size of the string reader (csvFileRecords' highWaterMark): the line separator is decided per read. */
export const READ_BYTES = 1 << 20;

export interface CsvLayout extends Dialect {
  /** File size in bytes when it was opened. */
  size: number;
  /** The header record's cells, as the string reader gives them. */
  header: string[];
  /** Lines the header record spans (more than 1 when a quoted cell holds a line break). */
  headerLines: number;
  /** Byte offset of the first data record. */
  dataStart: number;
  /** The first data record's cells (blank or not), as the string reader gives them; undefined when the file has none. */
  firstRecord: string[] | undefined;
}

/** Bytes at the end of `buf[0, length)` that StringDecoder keeps back as an incomplete character. */
function heldBack(buf: Uint8Array, length: number): number {
  for (let j = 1; j <= 3 && j <= length; j++) {
    const b = buf[length - j]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (b < 0xc0 || b >= 0xf8) return 0;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > j ? j : 0;
  }
  return 0;
}

/**
 * Reads the layout of a CSV file, or undefined when the file has no record at all (only a
 * byte-order mark) or its header never closes a quote (left to the string reader). Throws the string reader's InputError for empty, binary and spreadsheet files.
 */
export async function sniffCsvFile(
  filePath: string,
  fileName: string,
): Promise<CsvLayout | undefined> {
  const handle = await fs.open(filePath, "r");
  try {
    const size = (await handle.stat()).size;
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position)));
      let done = 0;
      while (done < buf.length) {
        const { bytesRead } = await handle.read(buf, done, buf.length - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf.subarray(0, done);
    };
    const head = await read(0, READ_BYTES);
    assertTextCsv(head, fileName);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    if (bom === size) return undefined;

    let text = new StringDecoder("utf8").write(head);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const firstBreak = text.search(/\r?\n|\r/);
    const delimiter = detectDelimiter(firstBreak === -1 ? text : text.slice(0, firstBreak));

    // The line separator: decided at the end of the first read whose text so far holds an LF,
    // or a CR that is not its last character; never decided means LF.
    let newline = 10;
    let firstCr = -1;
    for (let offset = 0, chunk = head; ;) {
      const end = offset + chunk.length;
      const atEof = end >= size;
      if (chunk.indexOf(10) !== -1) break;
      if (firstCr === -1) {
        const cr = chunk.indexOf(13);
        if (cr !== -1) firstCr = offset + cr;
      }
      const textEnd = atEof ? end : end - heldBack(chunk, chunk.length);
      if (firstCr !== -1 && firstCr + 1 < textEnd) {
        newline = 13;
        break;
      }
      if (atEof || chunk.length === 0) break;
      offset = end;
      chunk = await read(offset, READ_BYTES);
    }

    const dialect: Dialect = { delimiter: delimiter.charCodeAt(0), newline };
    const scanner = new ByteCsvScanner(new Uint8Array(0), dialect);
    let buf = head.subarray(bom);
    // The record starting at `start`, reading on until it is whole; null at the end of the file.
    const recordAt = async (start: number) => {
      for (;;) {
        const eof = bom + buf.length >= size;
        if (start >= buf.length && eof) return null;
        const record = scanner.recordText(buf, start, buf.length, eof);
        if (record) return { ...record, cells: [...record.cells] };
        buf = Buffer.concat([buf, await read(bom + buf.length, Math.max(READ_BYTES, buf.length))]);
      }
    };
    const header = await recordAt(0);
    // A header whose quoted cell is never closed: the string reader reports it.
    if (!header || header.unclosed) return undefined;
    const first = await recordAt(header.next);
    return {
      ...dialect,
      size,
      header: header.cells,
      headerLines: header.lines,
      dataStart: bom + header.next,
      firstRecord: first && !first.unclosed ? first.cells : undefined,
    };
  } finally {
    await handle.close();
  }
}
