/**
 * Streaming CSV reading for every importer: decode, sniff, then hand out records in batches with
 * their line numbers (tokenising in csv-tokenizer.ts). Around the tokenizer: BOM removal, refusal
 * of binary files, UTF-16 text, NUL bytes and spreadsheets with a clear message, delimiter
 * detection and backpressure.
 */
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { formatProblem, InputError } from "../errors.js";
import { CsvTokenizer } from "./csv-tokenizer.js";
import { BINARY_FILE, EMPTY_FILE, NUL_IN_CELL, utf16File } from "./problem-messages.js";

export interface CsvRecord {
  /** The record's cells, as text (untrimmed). */
  cells: string[];
  /** 1-based line number of the record's first line in the file. */
  line: number;
}

export interface CsvReadOptions {
  /** File name used in messages. */
  fileName: string;
  /** Column delimiter; default detected from the first line (comma, tab, semicolon, pipe). */
  delimiter?: string;
  /** Records per batch handed to the consumer (default 5,000). */
  batchSize?: number;
  /** The file's header as read, to name columns in messages (else "column 3"). */
  header?: readonly string[];
  /** False: cells are not checked for NUL (reading only the header, before its names are known). */
  checkNul?: boolean;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** The name in a ZIP's first local file header (offset 30, length at 26), when it is all there. */
function firstZipEntryName(head: Buffer): string | undefined {
  if (head.length < 30) return undefined;
  const length = head.readUInt16LE(26);
  if (head.length < 30 + length) return undefined;
  return head.toString("utf8", 30, 30 + length);
}

/**
 * The byte order of UTF-16 text, from its byte-order mark or, without one, from its NUL bytes:
 * text that is mostly ASCII has a NUL in every other byte (the second of each pair in
 * little-endian, the first in big-endian) and in no other. Undefined for anything else.
 */
function utf16(head: Buffer): "little-endian" | "big-endian" | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return "little-endian";
  if (head[0] === 0xfe && head[1] === 0xff) return "big-endian";
  const pairs = Math.floor(head.length / 2);
  if (pairs < 2) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  // Nine pairs in ten with the NUL on one side and none on the other: not a binary file's noise.
  if (oddNul >= 0.9 * pairs && evenNul === 0) return "little-endian";
  if (evenNul >= 0.9 * pairs && oddNul === 0) return "big-endian";
  return undefined;
}

/** Throws InputError when the first bytes show the file is not text CSV. */
export function assertTextCsv(head: Buffer, fileName: string): void {
  if (head.length === 0)
    throw new InputError(`${fileName} is empty`, [{ file: fileName, reason: EMPTY_FILE }]);
  if (head.subarray(0, 4).equals(ZIP_MAGIC) || head.subarray(0, 4).equals(OLE_MAGIC)) {
    const inside = head.subarray(0, 4).equals(ZIP_MAGIC) ? firstZipEntryName(head) : undefined;
    // An .xlsx is a ZIP too; only a ZIP whose first entry is a CSV is called an archive.
    const reason =
      inside !== undefined && /\.csv$/i.test(inside)
        ? `this is a ZIP archive (its first file is ${inside}) with a .csv name: rename it to .zip to import the CSV files inside`
        : "this is a spreadsheet (Excel workbook) saved with a .csv name: open it and save it as CSV (comma delimited)";
    throw new InputError(`${fileName}: ${reason}`, [{ file: fileName, line: 1, reason }]);
  }
  const probe = head.subarray(0, 8192);
  const endian = utf16(probe);
  if (endian) {
    const reason = utf16File(endian);
    throw new InputError(`${fileName}: ${reason}`, [{ file: fileName, line: 1, reason }]);
  }
  if (probe.includes(0)) {
    const reason = BINARY_FILE;
    throw new InputError(`${fileName}: ${reason}`, [{ file: fileName, line: 1, reason }]);
  }
}

/** The delimiter of a header line: the candidate occurring most often (ties go to the earlier one). */
export function detectDelimiter(firstLine: string): string {
  let best = ",";
  let bestCount = 0;
  for (const d of [",", "\t", ";", "|"]) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Throws InputError for the first cell of `cells` holding a NUL character, naming its line and
 * column. Text CSV never holds one, and PostgreSQL cannot store it in text: found anywhere in a
 * file (the first 8 KB are refused as binary by assertTextCsv before this).
 */
function assertNoNul(cells: readonly string[], line: number, options: CsvReadOptions): void {
  for (let i = 0; i < cells.length; i++) {
    if (!cells[i]!.includes("\0")) continue;
    const named = options.header?.[i]?.replace(/^\ufeff/, "").trim();
    const column = named ? named : `column ${i + 1}`;
    const problem = { file: options.fileName, line, column, value: cells[i]!, reason: NUL_IN_CELL };
    throw new InputError(formatProblem(problem), [problem]);
  }
}

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** A tokenizer for a text that starts with `first` (BOM removed): the delimiter as given or detected. */
function openTokenizer(first: string, options: CsvReadOptions): CsvTokenizer {
  const nl = first.search(/\r?\n|\r/);
  return new CsvTokenizer(
    options.delimiter ?? detectDelimiter(nl === -1 ? first : first.slice(0, nl)),
    options.fileName,
  );
}

/**
 * The records of a whole CSV text held in memory (small inputs such as `improve spc`'s), read as
 * `csvRecords` reads a stream: BOM removed, delimiter detected, every record with its line.
 */
export function csvTextRecords(text: string, options: CsvReadOptions): CsvRecord[] {
  const body = withoutBom(text);
  const records: CsvRecord[] = [];
  if (body.length === 0) return records;
  const nul = options.checkNul !== false && body.includes("\0");
  const sink = (cells: string[], line: number) => {
    if (nul) assertNoNul(cells, line, options);
    records.push({ cells, line });
  };
  const tokenizer = openTokenizer(body, options);
  tokenizer.push(body, sink);
  tokenizer.end(sink);
  return records;
}

/**
 * Reads CSV text chunks (strings) and yields batches of records. Works on any async iterable of
 * strings so tests and the HTTP sync can feed it without files.
 */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
  options: CsvReadOptions,
): AsyncGenerator<CsvRecord[]> {
  const batchSize = options.batchSize ?? 5000;
  let tokenizer: CsvTokenizer | undefined;
  let batch: CsvRecord[] = [];
  // Once a chunk holds a NUL, records are checked cell by cell (a cheap test per chunk before).
  let nul = false;
  const sink = (cells: string[], line: number) => {
    if (nul) assertNoNul(cells, line, options);
    batch.push({ cells, line });
  };
  for await (let chunk of chunks) {
    if (!nul && options.checkNul !== false && chunk.includes("\0")) nul = true;
    if (!tokenizer) {
      chunk = withoutBom(chunk);
      if (chunk.length === 0) continue;
      tokenizer = openTokenizer(chunk, options);
    }
    tokenizer.push(chunk, sink);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  tokenizer?.end(sink);
  if (batch.length > 0) yield batch;
}

/** Decodes a file (or any byte stream) as UTF-8 text chunks, checking its first bytes. */
export async function* textChunks(
  bytes: AsyncIterable<Buffer>,
  fileName: string,
): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let checked = false;
  for await (const buf of bytes) {
    if (!checked) {
      assertTextCsv(buf, fileName);
      checked = true;
    }
    const text = decoder.write(buf);
    if (text) yield text;
  }
  if (!checked) assertTextCsv(Buffer.alloc(0), fileName);
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Records of a CSV file on disk, in batches. */
export function csvFileRecords(
  filePath: string,
  options: CsvReadOptions,
): AsyncGenerator<CsvRecord[]> {
  const stream = createReadStream(filePath, { highWaterMark: 1 << 20 });
  return csvRecords(textChunks(stream, options.fileName), options);
}
