/**
 * Which CSV reader read an imported file, and why a faster one did not: part of every import's
 * report (`improve import` prints it, `--json` and the imports table keep it), so that a slow
 * import explains itself without a debug switch.
 *
 * The readers, fastest first (docs/decisions/0007-parallel-byte-parser.md): the byte reader with
 * plain lines in WebAssembly, the byte reader in JavaScript alone, and the record-by-record
 * reader every format has. All three give the same values and problems.
 */
import type { ColumnarStats } from "./columnar/parallel.js";

export interface ReaderReport {
  /**
   * `webassembly`: the byte reader, its plain lines read in WebAssembly; `javascript`: the byte
   * reader without WebAssembly (`fallback` says why); `records`: the record-by-record reader
   * (a format without a byte reader, or a file its byte reader does not take).
   */
  name: "webassembly" | "javascript" | "records";
  /** Why a faster reader did not run, when the format has one. */
  fallback?: string;
  /** Byte reader: worker threads used (0: in-process). */
  workers?: number;
  /** Byte reader: data records read by WebAssembly (the rest by JavaScript). */
  wasmRecords?: number;
}

/** The record-by-record reader of a format that has no byte reader. */
export const RECORD_READER: ReaderReport = { name: "records" };

/** The record-by-record reader, for a file the format's byte reader does not take. */
export const BYTE_READER_DECLINED: ReaderReport = {
  name: "records",
  fallback: "the byte reader does not take this file (its header reads differently)",
};

/** The byte reader's report, from what it recorded while reading. */
export function byteReaderReport(stats: ColumnarStats): ReaderReport {
  const common = { workers: stats.workers, wasmRecords: stats.wasmRecords ?? 0 };
  return stats.wasmFallback === undefined
    ? { name: "webassembly", ...common }
    : { name: "javascript", fallback: stats.wasmFallback, ...common };
}

/** A few words for an import's one-line summary (nothing for the record reader alone). */
export function describeReader(reader: ReaderReport | undefined): string {
  if (!reader || (reader.name === "records" && !reader.fallback)) return "";
  if (reader.name === "webassembly") return "; WebAssembly reader";
  return `; ${reader.name === "javascript" ? "JavaScript" : "record"} reader: ${reader.fallback ?? ""}`;
}
