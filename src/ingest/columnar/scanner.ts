/**
 * A byte-level CSV record scanner: the same records, cells and line numbers as the string
 * tokenizer in ../csv-tokenizer.ts, read straight from a Buffer without a string per cell.
 *
 * The caller gives a column plan (per column: skip, number, key or short key). Records are
 * gathered in blocks of up to BLOCK_ROWS rows, row-major in flat typed arrays (`width` slots per
 * row), and handed to the sink a block at a time. Per planned column of row r:
 *
 * - number: `nums[r * width + col]`, the cell read exactly as `fastNumber` reads its text (plain
 *   integers of up to 15 digits straight from the bytes; any other cell is decoded and read by
 *   `parseNumberCell`), NaN for a missing value (empty, `-`, `*`, `..`, or a cell past the end of
 *   a short row); a cell that is not a number reads NaN, sets `flags[r]` and is listed in
 *   `badRows`/`badColumns`/`badTexts` with its text;
 * - key: `keys[r * width + col]`, an id per distinct cell text from the column's `ByteInterner`
 *   (its `texts` give the text back), so that a sink resolves each distinct value once.
 *
 * Slot `width - 1` of every row is never written: it reads NaN (a column the file lacks).
 * `lines[r]` is the record's first line, counted from 0 at the start of the range.
 *
 * Plain lines of LF and CRLF files are read by WebAssembly where it is available (./wasm-rows.ts:
 * the same values, into the same arrays); any other line by the code here.
 *
 * Semantics copied from the tokenizer, quirks included (docs/decisions/0007-parallel-byte-parser.md):
 * a physical line without a quote character is split at every delimiter after dropping one
 * trailing CR (LF files); a line with a quote character anywhere goes through the RFC 4180
 * character loop, where a quote opens a quoted field only at the start of a field, a doubled
 * quote inside one is a quote, and CR or LF outside quotes ends the record; line breaks inside
 * quotes count as lines. A record that is a single blank cell is counted but not handed on.
 */
import { parseNumberCell } from "../cells.js";
import { fastNumber } from "../sources/shared/fast-number.js";
import { FREE_AT, ROWS_AT, wasmRows, type WasmRows } from "./wasm-rows.js";

/** Bytes read at a time (./range.ts), and the size of the read buffer WebAssembly reads from. */
export const CHUNK_BYTES = 4 << 20;
/** Bytes after a read buffer's sentinel that the scanner may look at (16-byte loads). */
export const READ_SLACK = 64;

/** Column plan codes. */
export const SKIP = 0;
export const NUMBER = 1;
export const KEY = 2;
/**
 * A key only where the trimmed text could be short: `key[col]` is -1 for a cell of more than
 * SHORT_BYTES bytes that neither starts nor ends with whitespace or a non-ASCII byte (its trimmed
 * text is itself, longer than SHORT_BYTES bytes), so long texts are not hashed.
 */
export const SHORT_KEY = 3;
export const SHORT_BYTES = 16;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** FNV-1a over bytes, as the scanner computes it while reading a key cell. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, FNV_PRIME);
  return h;
}

/**
 * Distinct byte strings → small integer ids (open addressing over typed arrays), with the decoded
 * text of each. Equal bytes always get the same id; equal texts from different bytes (invalid
 * UTF-8 decoded to U+FFFD) may get different ids with the same text, which is harmless for
 * callers that resolve ids by their text.
 */
export class ByteInterner {
  readonly texts: string[] = [];
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private hashes = new Int32Array(64);
  private arena = Buffer.allocUnsafe(4096);
  private arenaLength = 0;
  private table = new Int32Array(256).fill(-1);
  private mask = 255;
  /** The id found last, and whether it was also the one before. */
  private last = -1;
  private repeating = false;

  get size(): number {
    return this.texts.length;
  }

  clear(): void {
    this.texts.length = 0;
    this.arenaLength = 0;
    this.table.fill(-1);
    this.last = -1;
    this.repeating = false;
  }

  /**
   * While lookups keep finding the same id: that id when the bytes at `start` begin with its
   * bytes (returned in `matchedEnd`), else -1. The caller checks that the cell ends there.
   */
  repeatAt(buf: Uint8Array, view: DataView, start: number, end: number): number {
    if (!this.repeating) return -1;
    const last = this.last;
    const length = this.lengths[last]!;
    if (start + length > end) return -1;
    // Four bytes at a time (`lastWords`), then the rest.
    const words = this.lastWords;
    const n = length >> 2;
    for (let k = 0; k < n; k++) if (view.getInt32(start + 4 * k, true) !== words[k]) return -1;
    const arena = this.arena;
    const base = this.starts[last]!;
    for (let i = n << 2; i < length; i++) if (arena[base + i] !== buf[start + i]) return -1;
    this.matchedEnd = start + length;
    return last;
  }

  /** The last id's bytes as little-endian 32-bit words, while it repeats. */
  private lastWords = new Int32Array(8);

  private repeatFrom(id: number): void {
    const length = this.lengths[id]!;
    const n = length >> 2;
    if (n > this.lastWords.length) this.lastWords = new Int32Array(n);
    const arena = this.arena;
    const base = this.starts[id]!;
    for (let k = 0; k < n; k++) this.lastWords[k] = arena.readInt32LE(base + 4 * k);
  }

  /** Where the bytes matched by `repeatAt` end. */
  matchedEnd = 0;

  /**
   * The id of the bytes [start, end) (`hash`: their hashBytes, when already known). While
   * lookups keep finding the same id (the period of a monthly file), the bytes are compared with
   * it first and not hashed.
   */
  find(buf: Uint8Array, start: number, end: number, hash?: number): number {
    const length = end - start;
    if (this.repeating) {
      const last = this.last;
      if (this.lengths[last] === length) {
        const arena = this.arena;
        const base = this.starts[last]!;
        let i = 0;
        while (i < length && arena[base + i] === buf[start + i]) i++;
        if (i === length) return last;
      }
      this.repeating = false;
    }
    const id = this.intern(buf, start, end, hash ?? hashBytes(buf, start, end));
    this.repeating = id === this.last;
    if (this.repeating) this.repeatFrom(id);
    this.last = id;
    return id;
  }

  intern(buf: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    const table = this.table;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const id = table[slot]!;
      if (id === -1) break;
      if (this.hashes[id] === hash && this.lengths[id] === length) {
        const arena = this.arena;
        let i = 0;
        const base = this.starts[id]!;
        while (i < length && arena[base + i] === buf[start + i]) i++;
        if (i === length) return id;
      }
      slot = (slot + 1) & mask;
    }
    return this.insert(buf, start, end, hash, slot);
  }

  /** The id of a text (from the quoted-record path, where cells are strings). */
  internText(text: string): number {
    const bytes = Buffer.from(text, "utf8");
    return this.intern(bytes, 0, bytes.length, hashBytes(bytes, 0, bytes.length));
  }

  private insert(buf: Uint8Array, start: number, end: number, hash: number, slot: number): number {
    const id = this.texts.length;
    const length = end - start;
    if (id === this.starts.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
    }
    if (this.arenaLength + length > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaLength + length));
      this.arena.copy(bigger, 0, 0, this.arenaLength);
      this.arena = bigger;
    }
    this.arena.set(buf.subarray(start, end), this.arenaLength);
    this.starts[id] = this.arenaLength;
    this.lengths[id] = length;
    this.hashes[id] = hash;
    this.arenaLength += length;
    this.texts.push(Buffer.from(buf.buffer, buf.byteOffset + start, length).toString("utf8"));
    this.table[slot] = id;
    if ((id + 1) * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = this.table.length * 2;
    const table = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let id = 0; id < this.texts.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
    this.mask = mask;
  }
}

export interface BlockSink {
  /** The block's first `rows` rows (non-blank records, in file order). */
  block(scanner: ByteCsvScanner, rows: number): void;
}

/** How a file's records are delimited (see ./layout.ts). */
export interface Dialect {
  /** The delimiter byte (comma, tab, semicolon or pipe). */
  delimiter: number;
  /** The line separator byte: LF (LF or CRLF files) or CR (old Mac files). */
  newline: number;
}

/** Rows per block. */
export const BLOCK_ROWS = 1024;

const isAsciiSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

export class ByteCsvScanner {
  /** Slots per row: the planned columns and one that always reads NaN. */
  readonly width: number;
  /** Number cells, row-major (NaN: missing or not a number). */
  readonly nums: Float64Array;
  /** Key cells, row-major: ids in `interners[col]` (-1: a long short-key text). */
  readonly keys: Int32Array;
  /** Each row's first line, from 0 at the start of the range. */
  readonly lines: Uint32Array;
  /** 1 for a row with a number cell that is not a number. */
  readonly flags: Uint8Array;
  /** The block's bad number cells, in order: row, column and text. */
  readonly badRows: number[] = [];
  readonly badColumns: number[] = [];
  readonly badTexts: string[] = [];
  /** One interner per key column (undefined for other columns). */
  readonly interners: (ByteInterner | undefined)[];
  /** Lines consumed since the start of the range (the next record's line, from 0). */
  line = 0;
  /** Records read since the start of the range, blank ones included. */
  records = 0;
  /** The line (from 0) of a record whose quoted field is never closed; -1 when none. */
  unclosedLine = -1;

  /** A buffer for the range reader to reuse (with WebAssembly: in its memory). */
  readBuffer: Buffer | undefined;

  /** The WebAssembly reader of plain lines (./wasm-rows.ts), where available. */
  private readonly wasm: WasmRows | undefined;
  /** Why WebAssembly does not read the plain lines here (undefined when it does). */
  readonly wasmFallback: string | undefined;
  private readonly wasmBufferAt: number = 0;
  private readonly wasmNumsAt: number = 0;
  private readonly wasmKeysAt: number = 0;
  private readonly wasmSameAt: number = 0;
  private readonly wasmSame: Uint8Array | undefined;
  private readonly wasmInts: Int32Array | undefined;
  /** Key and short-key columns. */
  private readonly keyColumns: number[];

  private readonly plan: Uint8Array;
  private readonly columns: number;
  /** The plan as runs of one kind: kinds, and the column each run ends before. */
  private readonly runKinds: Uint8Array;
  private readonly runEnds: Int32Array;
  private readonly delimiter: number;
  private readonly newline: number;
  /** Rows filled in the current block. */
  private rows = 0;
  private nextQuote = -1;
  private field = Buffer.allocUnsafe(256);
  private cells: string[] = [];

  /** Rows read by WebAssembly since the start of the range. */
  wasmRowsRead = 0;

  constructor(plan: Uint8Array, dialect: Dialect, options: { wasm?: boolean } = {}) {
    this.plan = plan;
    this.columns = plan.length;
    this.width = plan.length + 1;
    this.delimiter = dialect.delimiter;
    this.newline = dialect.newline;
    const kinds: number[] = [];
    const ends: number[] = [];
    for (let col = 0; col < plan.length; col++) {
      if (kinds.length > 0 && kinds[kinds.length - 1] === plan[col])
        ends[ends.length - 1] = col + 1;
      else {
        kinds.push(plan[col]!);
        ends.push(col + 1);
      }
    }
    kinds.push(SKIP);
    ends.push(0x7fffffff);
    this.runKinds = Uint8Array.from(kinds);
    this.runEnds = Int32Array.from(ends);
    this.keyColumns = [...plan.keys()].filter((c) => plan[c] === KEY || plan[c] === SHORT_KEY);
    // WebAssembly reads plain lines of LF and CRLF files (not a one-column plan, where a line
    // could be a blank record).
    const cells = BLOCK_ROWS * this.width;
    const sameAt = FREE_AT;
    const keysAt = sameAt + cells + (-cells & 15);
    const numsAt = keysAt + cells * 16;
    const bufferAt = numsAt + cells * 8;
    const wasm =
      options.wasm === false
        ? "turned off in the configuration (IMPROVE_WASM_READER=off)"
        : dialect.newline !== LF
          ? "the file's lines end in CR alone (WebAssembly reads LF and CRLF files)"
          : plan.length < 2
            ? "a single column is read (a line could be a blank record)"
            : plan.length >= ROWS_AT
              ? `more than ${ROWS_AT - 1} columns are read`
              : wasmRows(plan, bufferAt + CHUNK_BYTES + 1 + READ_SLACK);
    this.wasm = typeof wasm === "string" ? undefined : wasm;
    this.wasmFallback = typeof wasm === "string" ? wasm : undefined;
    if (this.wasm) {
      const memory = this.wasm.memory.buffer;
      this.wasmKeysAt = keysAt;
      this.wasmSameAt = sameAt;
      this.wasmSame = new Uint8Array(memory, sameAt, cells);
      this.wasmNumsAt = numsAt;
      this.wasmBufferAt = bufferAt;
      this.wasmInts = new Int32Array(memory, 0, numsAt >> 2);
      this.nums = new Float64Array(memory, numsAt, cells).fill(NaN);
      this.readBuffer = Buffer.from(memory, bufferAt, CHUNK_BYTES + 1 + READ_SLACK);
    } else this.nums = new Float64Array(cells).fill(NaN);
    this.keys = new Int32Array(BLOCK_ROWS * this.width);
    this.lines = new Uint32Array(BLOCK_ROWS);
    this.flags = new Uint8Array(BLOCK_ROWS);
    this.interners = Array.from(plan, (k) =>
      k === KEY || k === SHORT_KEY ? new ByteInterner() : undefined,
    );
  }

  /** Starts a new range: line and record counts from 0, block and interners emptied. */
  reset(): void {
    this.line = 0;
    this.records = 0;
    this.wasmRowsRead = 0;
    this.unclosedLine = -1;
    this.rows = 0;
    this.badRows.length = 0;
    this.badColumns.length = 0;
    this.badTexts.length = 0;
    for (const i of this.interners) i?.clear();
  }

  /** Hands the rows gathered so far to the sink (at the end of a range). */
  flush(sink: BlockSink): void {
    if (this.rows > 0) sink.block(this, this.rows);
    this.rows = 0;
    this.badRows.length = 0;
    this.badColumns.length = 0;
    this.badTexts.length = 0;
  }

  /** Keeps `n` rows read by WebAssembly (numbers in place; keys interned here). */
  private adopt(buf: Buffer, n: number, sink: BlockSink): void {
    const ints = this.wasmInts!;
    const same = this.wasmSame!;
    const at = this.wasmBufferAt;
    const width = this.width;
    const keys = this.keys;
    const r0 = this.rows;
    const cells0 = this.wasmKeysAt >> 2;
    // Column by column: a repeated value takes the id of the row before (found just before).
    for (const col of this.keyColumns) {
      const interner = this.interners[col]!;
      const isKey = this.plan[col] === KEY;
      for (let r = r0; r < r0 + n; r++) {
        const cell = r * width + col;
        if (same[cell] === 1) {
          keys[cell] = keys[cell - width]!;
          continue;
        }
        const at4 = cells0 + cell * 4;
        const start = ints[at4]! - at;
        const end = ints[at4 + 1]! - at;
        keys[cell] = isKey
          ? interner.find(buf, start, end, ints[at4 + 2]!)
          : this.shortKey(buf, start, end, col);
      }
    }
    const lines = this.lines;
    for (let i = 0; i < n; i++) lines[r0 + i] = this.line + i;
    this.flags.fill(0, r0, r0 + n);
    this.line += n;
    this.records += n;
    this.rows = r0 + n;
    if (this.rows === BLOCK_ROWS) this.flush(sink);
  }

  /** The range reader's buffer, to reuse (the WebAssembly one stays). */
  keepReadBuffer(buf: Buffer): void {
    if (!this.wasm) this.readBuffer = buf;
  }

  /** Keeps the row just filled (its line and whether a cell was bad); hands on a full block. */
  private keep(line: number, badFrom: number, sink: BlockSink): void {
    const r = this.rows;
    this.lines[r] = line;
    this.flags[r] = this.badRows.length > badFrom ? 1 : 0;
    this.rows = r + 1;
    if (this.rows === BLOCK_ROWS) this.flush(sink);
  }

  /** Forgets the bad cells recorded for a row that is not kept. */
  private drop(badFrom: number): void {
    this.badRows.length = badFrom;
    this.badColumns.length = badFrom;
    this.badTexts.length = badFrom;
  }

  /**
   * Reads the records that start in [pos, limit) of `buf[0, end)`. `buf[end]` must hold the
   * newline byte (a sentinel that ends the inner loops). Returns where it stopped: the start of
   * the first record at or after `limit`, the start of a record that is not complete in the
   * buffer (only when not `eof`), or `end`. Rows are handed on when a block is full, and by
   * `flush`.
   */
  scan(
    buf: Buffer,
    pos: number,
    end: number,
    limit: number,
    eof: boolean,
    sink: BlockSink,
  ): number {
    // Positions from an earlier call mean nothing now (the caller moves and refills the buffer).
    this.findQuote(buf, pos, end);
    const wasm = this.wasm && buf.buffer === this.wasm.memory.buffer ? this.wasm : undefined;
    while (pos < limit && pos < end) {
      if (wasm) {
        const at = this.wasmBufferAt;
        const next =
          wasm.rows(
            at + pos,
            at + end,
            at + Math.min(limit, end),
            BLOCK_ROWS - this.rows,
            this.rows,
            this.delimiter,
            this.columns,
            this.width,
            this.wasmNumsAt,
            this.wasmKeysAt,
            this.wasmSameAt,
          ) - at;
        const n = this.wasmInts![ROWS_AT >> 2]!;
        if (n > 0) {
          this.wasmRowsRead += n;
          this.adopt(buf, n, sink);
          pos = next;
          if (this.nextQuote < pos) this.findQuote(buf, pos, end);
          continue;
        }
        // The line at `pos` is not a plain one: read it here.
      }
      const badFrom = this.badRows.length;
      const next = this.unquoted(buf, pos, end, eof);
      if (next >= 0) {
        this.records++;
        const line = this.line++;
        if (this.blank === 0) this.keep(line, badFrom, sink);
        else this.drop(badFrom);
        pos = next;
        if (this.nextQuote < pos) this.findQuote(buf, pos, end);
        continue;
      }
      this.drop(badFrom);
      if (next === -1) return pos; // the line is not complete in the buffer
      // The line holds a quote character: the character loop, which may run over several lines.
      const record = this.quotedRecord(buf, pos, end, eof);
      if (record === null) return pos;
      const line = this.line;
      this.line += record.lines;
      this.records++;
      if (record.unclosed) {
        this.unclosedLine = line;
        return end;
      }
      const cells = this.cells;
      if (!(cells.length === 1 && cells[0]!.trim() === "")) {
        this.fromTexts(cells);
        this.keep(line, badFrom, sink);
      }
      pos = record.next;
      if (this.nextQuote < pos) this.findQuote(buf, pos, end);
    }
    return pos;
  }

  /** 1 when the last line read by `unquoted` was blank. */
  private blank = 0;

  private findQuote(buf: Buffer, pos: number, end: number): void {
    const q = buf.indexOf(QUOTE, pos);
    this.nextQuote = q === -1 || q >= end ? end : q;
  }

  /**
   * Reads the line at `pos` as an unquoted line into the block's next row. Returns the start of
   * the next line; -1 when the line is not complete in the buffer; -2 when the line holds a
   * quote character (nothing read: the character loop reads it).
   *
   * The line's end and long text cells are found with Buffer#indexOf (native, several times
   * faster than a byte loop over 20 bytes or more); numbers are read digit by digit.
   */
  private unquoted(buf: Buffer, pos: number, end: number, eof: boolean): number {
    const nl = this.newline;
    // The sentinel at `end` bounds the search.
    const lineEnd = buf.indexOf(nl, pos);
    if (lineEnd >= end && !eof) return -1;
    if (this.nextQuote < lineEnd) return -2;
    // The line's text: a CR before the LF is not part of it (as the tokenizer drops it).
    const stop = nl === LF && lineEnd > pos && buf[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    const runKinds = this.runKinds;
    const runEnds = this.runEnds;
    const delimiter = this.delimiter;
    const nums = this.nums;
    const keys = this.keys;
    const base = this.rows * this.width;
    const columns = this.columns;
    let p = pos;
    let col = 0;
    // Runs of columns of one kind; past the plan the rest of the line is not read.
    for (let run = 0; col < columns; run++) {
      const kind = runKinds[run]!;
      const runEnd = runEnds[run]!;
      for (;;) {
        const start = p;
        if (kind === NUMBER) {
          let v = 0;
          let c = buf[p]!;
          while ((c - 48) >>> 0 < 10) {
            v = v * 10 + (c - 48);
            c = buf[++p]!;
          }
          if (c !== delimiter && p !== stop) {
            p = this.nextDelimiter(buf, p, stop);
            this.slowNumber(buf, start, p, base, col);
          } else {
            const length = p - start;
            if (length > 0 && length < 16) nums[base + col] = v;
            else if (length === 0) nums[base + col] = NaN;
            else this.slowNumber(buf, start, p, base, col);
          }
        } else if (kind === KEY) {
          // A value repeating the last one (a monthly file's period) is compared, not hashed.
          const interner = this.interners[col]!;
          const id = interner.repeatAt(buf, this.view(buf), p, stop);
          const e = interner.matchedEnd;
          if (id !== -1 && e <= stop && (e === stop || buf[e] === delimiter)) {
            keys[base + col] = id;
            p = e;
          } else {
            let c = buf[p]!;
            while (c !== delimiter && p < stop) c = buf[++p]!;
            keys[base + col] = interner.find(buf, start, p);
          }
        } else {
          p = this.nextDelimiter(buf, p, stop);
          if (kind === SHORT_KEY) keys[base + col] = this.shortKey(buf, start, p, col);
        }
        col++;
        if (p === stop || col === runEnd) break;
        p++; // the delimiter
      }
      if (p === stop) break;
      p++;
    }
    this.blank = col === 1 && this.isBlank(buf, pos, stop) ? 1 : 0;
    // Cells past the end of a short row read as empty.
    const plan = this.plan;
    for (; col < columns; col++) {
      const kind = plan[col]!;
      if (kind === NUMBER) nums[base + col] = NaN;
      else if (kind !== SKIP) keys[base + col] = this.keyOfText(col, "");
    }
    return lineEnd >= end ? end : lineEnd + 1;
  }

  private viewOf: Buffer | undefined;
  private dataView: DataView = new DataView(new ArrayBuffer(0));

  /** A DataView of the buffer being read (for reading four bytes at a time). */
  private view(buf: Buffer): DataView {
    if (buf !== this.viewOf) {
      this.viewOf = buf;
      this.dataView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    return this.dataView;
  }

  /** The next delimiter at or after `p`, or `stop` (the end of the line's text). */
  private nextDelimiter(buf: Buffer, p: number, stop: number): number {
    const q = buf.indexOf(this.delimiter, p);
    return q === -1 || q > stop ? stop : q;
  }

  private shortKey(buf: Buffer, start: number, end: number, col: number): number {
    if (end - start > SHORT_BYTES) {
      const first = buf[start]!;
      const last = buf[end - 1]!;
      if (first > 32 && first < 0x80 && last > 32 && last < 0x80) return -1;
    }
    return this.interners[col]!.find(buf, start, end);
  }

  /** The key of a cell given as text (records read by the character loop, missing cells). */
  private keyOfText(col: number, text: string): number {
    if (this.plan[col] === SHORT_KEY && text.length > SHORT_BYTES) {
      const first = text.charCodeAt(0);
      const last = text.charCodeAt(text.length - 1);
      if (first > 32 && first < 0x80 && last > 32 && last < 0x80) return -1;
    }
    return this.interners[col]!.internText(text);
  }

  /**
   * Whether the one-cell line text [pos, stop) is blank: nothing but whitespace (as
   * String.prototype.trim sees it).
   */
  private isBlank(buf: Buffer, pos: number, stop: number): boolean {
    if (pos === stop) return true;
    const c = buf[pos]!;
    if (!isAsciiSpace(c) && c < 0x80) return false;
    let ascii = true;
    for (let i = pos; i < stop; i++) {
      const b = buf[i]!;
      if (b >= 0x80) ascii = false;
      else if (!isAsciiSpace(b) || b === this.delimiter) return false; // a tab-delimited "\t" is two cells
    }
    return ascii || buf.toString("utf8", pos, stop).trim() === "";
  }

  /** A number cell that is not a plain short integer: decoded and read by parseNumberCell. */
  private slowNumber(buf: Buffer, start: number, end: number, base: number, col: number): void {
    const text = buf.toString("utf8", start, end);
    const n = parseNumberCell(text);
    if (n === undefined) this.markBad(base, col, text);
    else this.nums[base + col] = n === null ? NaN : n;
  }

  private markBad(base: number, col: number, text: string): void {
    this.nums[base + col] = NaN;
    this.badRows.push(this.rows);
    this.badColumns.push(col);
    this.badTexts.push(text);
  }

  /** Fills the block's next row from texts (records read by the character loop). */
  private fromTexts(cells: string[]): void {
    const plan = this.plan;
    const base = this.rows * this.width;
    for (let col = 0; col < this.columns; col++) {
      const kind = plan[col]!;
      if (kind === SKIP) continue;
      const text = cells[col] ?? "";
      if (kind !== NUMBER) {
        this.keys[base + col] = this.keyOfText(col, text);
        continue;
      }
      const n = fastNumber(text);
      if (n === undefined) this.markBad(base, col, text);
      else this.nums[base + col] = n === null ? NaN : n;
    }
  }

  private fieldLength = 0;

  private push(c: number): void {
    if (this.fieldLength === this.field.length) {
      const bigger = Buffer.allocUnsafe(this.field.length * 2);
      this.field.copy(bigger);
      this.field = bigger;
    }
    this.field[this.fieldLength++] = c;
  }

  private takeField(): string {
    const text = this.field.toString("utf8", 0, this.fieldLength);
    this.fieldLength = 0;
    return text;
  }

  /**
   * The tokenizer's character loop (CsvTokenizer.quoted) over bytes: reads one record from
   * `start` into `this.cells`. Null when the record is not complete in the buffer (unless `eof`,
   * when a quoted field still open at the end is reported as `unclosed`).
   */
  private quotedRecord(
    buf: Buffer,
    start: number,
    end: number,
    eof: boolean,
  ): { next: number; lines: number; unclosed: boolean } | null {
    const delimiter = this.delimiter;
    const cells: string[] = [];
    this.cells = cells;
    this.fieldLength = 0;
    let i = start;
    let lines = 1;
    let inQuotes = false;
    let fieldStart = true;
    while (i < end) {
      const c = buf[i]!;
      if (inQuotes) {
        if (c === QUOTE) {
          if (i + 1 < end && buf[i + 1] === QUOTE) {
            this.push(QUOTE);
            i += 2;
            continue;
          }
          if (i + 1 === end && !eof) return null; // the escape may continue in the next read
          inQuotes = false;
          i++;
          continue;
        }
        if (c === LF || (c === CR && !(i + 1 < end && buf[i + 1] === LF))) lines++;
        this.push(c);
        i++;
        continue;
      }
      if (c === QUOTE && fieldStart) {
        inQuotes = true;
        fieldStart = false;
        i++;
        continue;
      }
      if (c === delimiter) {
        cells.push(this.takeField());
        fieldStart = true;
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        if (c === CR && i + 1 === end && !eof) return null; // CR of a CRLF split across reads
        cells.push(this.takeField());
        const next = c === CR && i + 1 < end && buf[i + 1] === LF ? i + 2 : i + 1;
        return { next, lines, unclosed: false };
      }
      this.push(c);
      fieldStart = false;
      i++;
    }
    if (!eof) return null;
    if (inQuotes) return { next: end, lines, unclosed: true };
    cells.push(this.takeField());
    return { next: end, lines, unclosed: false };
  }

  /**
   * Reads one record at `start` as text cells (the header), or null when it is not complete in
   * `buf[start, end)`. Unclosed quotes at `eof` give the cells read so far.
   */
  recordText(
    buf: Buffer,
    start: number,
    end: number,
    eof: boolean,
  ): { cells: string[]; next: number; lines: number; unclosed: boolean } | null {
    const nl = this.newline;
    let lineEnd = buf.indexOf(nl, start);
    if (lineEnd === -1 || lineEnd >= end) {
      if (!eof) return null;
      lineEnd = end;
    }
    const q = buf.indexOf(QUOTE, start);
    if (q !== -1 && q < lineEnd) {
      const r = this.quotedRecord(buf, start, end, eof);
      return r && { ...r, cells: this.cells };
    }
    let stop = lineEnd;
    if (nl === LF && stop > start && buf[stop - 1] === CR) stop--;
    const text = buf.toString("utf8", start, stop);
    return {
      cells: text.split(String.fromCharCode(this.delimiter)),
      next: lineEnd >= end ? end : lineEnd + 1,
      lines: 1,
      unclosed: false,
    };
  }
}
