/**
 * The common case of ./scanner.ts in WebAssembly (with SIMD): consecutive plain lines of an LF or
 * CRLF file, read into the scanner's block. A line is taken here only when it has no quote
 * character, all its planned cells (more are ignored), and every number cell is empty or 1 to 15
 * digits: exactly the lines on which the JavaScript reader takes its fast path too, read to the
 * same values. The first line that is anything else (a quote, a short or blank row, a suppression
 * marker, a decimal, the file's last line without a line break…) stops the run and is read by
 * the JavaScript reader, which then hands back here.
 *
 * Numbers go straight into the block's `nums` (row-major, `width` slots per row); key and
 * short-key cells are given as byte offsets (start, end; for keys also the FNV-1a hash the
 * interners use), 16 bytes per cell at `keysAt`, with a byte (at `sameAt`, per row and column)
 * saying whether the cell repeats the previous row's.
 *
 * The module is assembled here with ./wasm-encoder.ts (named opcodes, no toolchain), one per
 * column plan (the code for each planned column is written out in turn): one function, `rows`.
 * Where WebAssembly is unavailable or refuses the module, `wasmRows` says why, and the
 * JavaScript reader reads every line (the import's report gives the reason).
 *
 *   rows(pos, end, limit, maxRows, rowBase, delimiter, columns, width, numsAt, keysAt, sameAt) → pos
 *
 * reads lines from `pos` while they start before `limit` and `end` (the buffer's end, where the
 * reader has put an LF sentinel; 64 bytes after it may be read), at most `maxRows`, into block
 * rows `rowBase`…; it returns where it stopped and stores the number of rows at ROWS_AT.
 * (`columns` and `width` are the plan's, built in; they are passed for the record.)
 */

import { Code, Locals, moduleOfOneFunction, TYPE } from "./wasm-encoder.js";

/** Where the number of rows read is stored (the plan's width must stay below it). */
export const ROWS_AT = 256;
/** The first byte free for the caller's areas. */
export const FREE_AT = 1024;

const SKIP = 0;
const NUMBER = 1;
const KEY = 2;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/**
 * The `rows` function for one column plan: the cells of a line are read by straight-line code,
 * one piece per planned column (no per-cell dispatch; offsets are constants).
 */
function rowsFunction(plan: Uint8Array): { locals: Locals; code: Code } {
  const locals = new Locals();
  const param = () => locals.param(TYPE.i32);
  // The parameters, in the order of `WasmRows["rows"]`.
  const pos = param();
  const end = param();
  const limit = param();
  const maxRows = param();
  const rowBase = param();
  const delimiter = param();
  param(); // columns: built in
  param(); // width: built in
  const numsAt = param();
  const keysAt = param();
  const sameAt = param();
  const int = () => locals.local(TYPE.i32);
  /** The cell's bytes are read from `p`; `c` is the digit or the row's first cell index. */
  const p = int();
  const c = int();
  const lineEnd = int();
  /** Where the line's text ends (before a CR that precedes the LF). */
  const stop = int();
  /** A SIMD comparison's bitmask. */
  const m = int();
  const rows = int();
  /** Where the current row's numbers, key offsets and repeat bytes go. */
  const rowNums = int();
  const rowKeys = int();
  const rowSame = int();
  const start = int();
  const q = int();
  const same = int();
  const prev = int();
  const i = int();
  const hash = int();
  /** The number being read. */
  const v = locals.local(TYPE.f64);
  /** 16 lanes of LF, of the quote character, and of the delimiter. */
  const lf16 = locals.local(TYPE.v128);
  const quote16 = locals.local(TYPE.v128);
  const delim16 = locals.local(TYPE.v128);
  const columns = plan.length;
  const width = columns + 1;
  const w = new Code();

  /** Moves `p` to the next delimiter, 16 bytes at a time, not past the line's end. */
  const toDelimiter = () => {
    w.block("text", () => {
      w.loop("scan", () => {
        w.get(p).get(stop).geU();
        w.if(() => {
          w.get(stop).set(p);
          w.br("text");
        });
        w.get(p).v128load().get(delim16).i8x16eq().bitmask().tee(m);
        w.if(() => {
          w.get(p).get(m).ctz().add().set(p);
          w.get(p).get(stop).gtU();
          w.if(() => {
            w.get(stop).set(p);
          });
          w.br("text");
        });
        w.get(p).i32(16).add().set(p);
        w.br("scan");
      });
    });
  };

  /** Reads a number cell into nums (row, col). */
  const number = (col: number) => {
    w.get(p).set(start);
    w.f64(0).set(v);
    w.block("digits", () => {
      w.loop("digit", () => {
        w.get(p).load8().i32(48).sub().tee(c).i32(10).geU().brIf("digits");
        w.get(v).f64(10).f64mul().get(c).f64FromU32().f64add().set(v);
        w.get(p).i32(1).add().set(p);
        w.br("digit");
      });
    });
    // Anything but the delimiter or the line's end after the digits: JavaScript reads it.
    w.get(p).load8().get(delimiter).ne();
    w.if(() => {
      w.get(p).get(stop).ne().brIf("done");
    });
    w.get(p).get(start).sub().tee(c).eqz();
    w.if(() => {
      w.f64(NaN).set(v);
    });
    w.get(c).i32(16).geU().brIf("done"); // 16 digits or more: parseNumberCell
    w.get(rowNums)
      .get(v)
      .f64store(col * 8);
  };

  /** Reads a key cell: its bytes, whether it repeats the previous row's, and (KEY) its hash. */
  const key = (col: number, kind: number) => {
    w.get(p).set(start);
    toDelimiter();
    w.get(rowKeys)
      .get(start)
      .i32store(col * 16);
    w.get(rowKeys)
      .get(p)
      .i32store(col * 16 + 4);
    // Whether the cell repeats the previous row's (read in this call): then its id does too.
    w.i32(0).set(same);
    w.get(rows);
    w.if(() => {
      w.get(rowKeys)
        .i32(width * 16)
        .sub()
        .tee(q)
        .i32load(col * 16)
        .set(prev);
      w.get(q)
        .i32load(col * 16 + 4)
        .get(prev)
        .sub()
        .get(p)
        .get(start)
        .sub()
        .eq();
      w.if(() => {
        w.i32(0).set(i);
        w.block("compared", () => {
          w.loop("compare", () => {
            w.get(i).get(p).get(start).sub().geU();
            w.if(() => {
              w.i32(1).set(same);
              w.br("compared");
            });
            w.get(start).get(i).add().load8().get(prev).get(i).add().load8().ne();
            w.brIf("compared");
            w.get(i).i32(1).add().set(i);
            w.br("compare");
          });
        });
      });
    });
    w.get(rowSame).get(same).i32store8(col);
    if (kind !== KEY) return;
    // A new key value: its FNV-1a hash, as the interners compute it.
    w.get(same).eqz();
    w.if(() => {
      w.i32(FNV_OFFSET).set(hash);
      w.get(start).set(i);
      w.block("hashed", () => {
        w.loop("hash", () => {
          w.get(i).get(p).geU().brIf("hashed");
          w.get(hash).get(i).load8().xor().i32(FNV_PRIME).mul().set(hash);
          w.get(i).i32(1).add().set(i);
          w.br("hash");
        });
      });
      w.get(rowKeys)
        .get(hash)
        .i32store(col * 16 + 8);
    });
  };

  w.i32(10).splat().set(lf16);
  w.i32(34).splat().set(quote16);
  w.get(delimiter).splat().set(delim16);
  w.block("done", () => {
    w.loop("line", () => {
      w.get(rows).get(maxRows).geU().brIf("done");
      w.get(pos).get(limit).geU().brIf("done");
      w.get(pos).get(end).geU().brIf("done");
      // The first LF or quote from `pos`, 16 bytes at a time.
      w.get(pos).set(q);
      w.block("found", () => {
        w.loop("search", () => {
          w.get(q).v128load().get(lf16).i8x16eq();
          w.get(q).v128load().get(quote16).i8x16eq();
          w.v128or().bitmask().tee(m);
          w.if(() => {
            w.get(q).get(m).ctz().add().set(q);
            w.br("found");
          });
          w.get(q).i32(16).add().set(q);
          w.br("search");
        });
      });
      // A quote before the line break: the JavaScript reader's character loop.
      w.get(q).load8().i32(34).eq().brIf("done");
      w.get(q).set(lineEnd);
      // Not complete in the buffer, or the file's last line without a line break.
      w.get(lineEnd).get(end).geU().brIf("done");
      // The line's text ends before a CR that precedes the LF.
      w.get(lineEnd).set(stop);
      w.get(lineEnd).get(pos).gtU();
      w.if(() => {
        w.get(lineEnd).i32(1).sub().load8().i32(13).eq();
        w.if(() => {
          w.get(lineEnd).i32(1).sub().set(stop);
        });
      });
      w.get(pos).set(p);
      w.get(rowBase).get(rows).add().i32(width).mul().tee(c).i32(8).mul().get(numsAt).add();
      w.set(rowNums);
      w.get(c).i32(16).mul().get(keysAt).add().set(rowKeys);
      w.get(c).get(sameAt).add().set(rowSame);
      for (let col = 0; col < columns; col++) {
        const kind = plan[col]!;
        if (kind === NUMBER) number(col);
        else if (kind === SKIP) toDelimiter();
        else key(col, kind);
        if (col < columns - 1) {
          // The line ends before the plan's last column: JavaScript reads the short row.
          w.get(p).get(stop).eq().brIf("done");
          w.get(p).i32(1).add().set(p);
        }
      }
      w.get(rows).i32(1).add().set(rows);
      w.get(lineEnd).i32(1).add().set(pos);
      w.br("line");
    });
  });
  w.i32(ROWS_AT).get(rows).i32store();
  w.get(pos);

  return { locals, code: w };
}

/** The little of the WebAssembly JS API used here (not in this project's TypeScript libs). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const webAssembly = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** Compiled modules by column plan, or why there is none. */
const compiled = new Map<string, object | string>();

/** The compiled module for a column plan, or why WebAssembly refused it. */
function wasmModule(api: WasmApi, plan: Uint8Array): object | string {
  const cacheKey = plan.join(".");
  let mod = compiled.get(cacheKey);
  if (mod === undefined) {
    try {
      mod = new api.Module(new Uint8Array(moduleBytes(plan)));
    } catch (e) {
      // Typically a runtime without WebAssembly SIMD.
      mod = `WebAssembly refused the reader (${e instanceof Error ? e.message : String(e)})`;
    }
    compiled.set(cacheKey, mod);
  }
  return mod;
}

/** The module's bytes for a column plan. */
function moduleBytes(plan: Uint8Array): number[] {
  const { locals, code } = rowsFunction(plan);
  return moduleOfOneFunction("rows", locals, code);
}

export interface WasmRows {
  memory: WasmMemory;
  rows: (
    pos: number,
    end: number,
    limit: number,
    maxRows: number,
    rowBase: number,
    delimiter: number,
    columns: number,
    width: number,
    numsAt: number,
    keysAt: number,
    sameAt: number,
  ) => number;
}

/**
 * A fresh instance for a column plan, with its own memory of `bytes` bytes; or, where
 * WebAssembly is unavailable or refuses the module, the reason (for the import's report).
 */
export function wasmRows(plan: Uint8Array, bytes: number): WasmRows | string {
  if (!webAssembly) return "WebAssembly is not available in this JavaScript runtime";
  const mod = wasmModule(webAssembly, plan);
  if (typeof mod === "string") return mod;
  const memory = new webAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const instance = new webAssembly.Instance(mod, { env: { memory } });
  return { memory, rows: instance.exports.rows as WasmRows["rows"] };
}
