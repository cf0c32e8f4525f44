/**
 * Parsing one byte range of a CSV file with a row kernel: the unit of work of the parallel
 * reader (./parallel.ts), the same code in a worker thread and in-process.
 *
 * A range [start, end) covers the records that START in it: the last one may run past `end`
 * (a quoted cell with line breaks) and is read to its end, and `RangeOutcome.end` says where the
 * next record starts. Line numbers and problems are relative to the range (its first record is
 * line 0); the caller adds the lines of the ranges before it.
 */
import fs from "node:fs";
import {
  CHUNK_BYTES,
  READ_SLACK,
  type BlockSink,
  type ByteCsvScanner,
  type Dialect,
} from "./scanner.js";

/** A problem found in a range; `line` counts from 0 at the range's first record. */
export interface RangeProblem {
  line: number;
  column?: string;
  value?: string;
  reason: string;
}

/** The first `limit` problems of a range, and how many there were. */
export class ProblemLog {
  list: RangeProblem[] = [];
  total = 0;
  constructor(readonly limit: number) {}

  add(problem: RangeProblem): void {
    this.total++;
    if (this.list.length < this.limit) this.list.push(problem);
  }

  clear(): void {
    this.list = [];
    this.total = 0;
  }
}

/**
 * What a format does with records: its column plan, what it makes of each record (rows of
 * typed arrays, problems), and the result of a range, with the buffers to transfer.
 */
export interface RowKernel<R> extends BlockSink {
  /** Per column: SKIP, NUMBER or KEY (./scanner.ts). */
  readonly plan: Uint8Array;
  readonly problems: ProblemLog;
  /**
   * Starts a range of `bytes` bytes (the scanner's interners were emptied: ids start again).
   */
  reset(bytes: number): void;
  /** The result of the range read since `reset`, and its buffers (transferred, and reusable). */
  take(): { result: R; transfer: ArrayBuffer[] };
  /** Buffers of earlier results that the consumer is done with, to fill again. */
  give(buffers: ArrayBuffer[]): void;
}

export interface RangeOutcome<R> {
  /** Where the range's first record starts (as asked). */
  start: number;
  /** Where the first record after the range starts (the file size after the last range). */
  end: number;
  /** Lines consumed (the next range's first record is this many lines further on). */
  lines: number;
  /** Records read, blank ones included. */
  records: number;
  /** Of those, records read by WebAssembly. */
  wasmRecords: number;
  /** Why WebAssembly did not read plain lines (undefined when it did). */
  wasmFallback: string | undefined;
  /** Relative line of a record whose quoted cell is never closed (it runs to the end of the file); -1 when none. */
  unclosedLine: number;
  problems: RangeProblem[];
  problemTotal: number;
  result: R;
  /** The buffers of `result` (to transfer, and to reuse once the consumer is done with it). */
  buffers: ArrayBuffer[];
}

/** Reads the records starting in [start, end) of the open file `fd` (of `size` bytes). */
export function parseRangeSync<R>(
  fd: number,
  dialect: Dialect & { size: number },
  scanner: ByteCsvScanner,
  kernel: RowKernel<R>,
  start: number,
  end: number,
  chunkBytes = CHUNK_BYTES,
): RangeOutcome<R> {
  scanner.reset();
  kernel.reset(end - start);
  kernel.problems.clear();
  const size = dialect.size;
  let capacity = chunkBytes;
  let buf =
    scanner.readBuffer && scanner.readBuffer.length >= capacity + 1 + READ_SLACK
      ? scanner.readBuffer
      : Buffer.allocUnsafe(capacity + 1 + READ_SLACK);
  let bufStart = start;
  let length = 0;
  let stop: number;
  for (;;) {
    const from = bufStart + length;
    const want = Math.min(capacity - length, Math.max(0, size - from));
    const got = want > 0 ? fs.readSync(fd, buf, length, want, from) : 0;
    length += got;
    const eof = bufStart + length >= size || (got === 0 && length < capacity);
    buf[length] = dialect.newline; // the scanner's sentinel
    const limit = end - bufStart;
    const p = scanner.scan(buf, 0, length, limit, eof, kernel);
    if (p >= limit || eof) {
      stop = bufStart + p;
      break;
    }
    if (p === 0 && length === capacity) {
      // One record larger than the buffer: make room for it.
      capacity *= 2;
      if (buf.length < capacity + 1 + READ_SLACK) {
        const bigger = Buffer.allocUnsafe(capacity + 1 + READ_SLACK);
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
    } else {
      buf.copyWithin(0, p, length);
      bufStart += p;
      length -= p;
    }
  }
  scanner.flush(kernel);
  scanner.keepReadBuffer(buf);
  const { result, transfer } = kernel.take();
  return {
    start,
    end: Math.max(stop, start),
    lines: scanner.line,
    records: scanner.records,
    wasmRecords: scanner.wasmRowsRead,
    wasmFallback: scanner.wasmFallback,
    unclosedLine: scanner.unclosedLine,
    problems: kernel.problems.list,
    problemTotal: kernel.problems.total,
    result,
    buffers: transfer,
  };
}
