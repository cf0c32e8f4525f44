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
 * The module is assembled below from a few opcodes (no toolchain), one per column plan (the
 * code for each planned column is written out in turn): one function, `rows`.
 *
 *   rows(pos, end, limit, maxRows, rowBase, delimiter, columns, width, numsAt, keysAt, sameAt) → pos
 *
 * reads lines from `pos` while they start before `limit` and `end` (the buffer's end, where the
 * reader has put an LF sentinel; 64 bytes after it may be read), at most `maxRows`, into block
 * rows `rowBase`…; it returns where it stopped and stores the number of rows at ROWS_AT.
 * (`columns` and `width` are the plan's, built in; they are passed for the record.)
 */

// ---- a minimal WebAssembly encoder ----

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...Buffer.from(s, "latin1")].map((b) => [b]));
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

/** Structured control flow with named labels (branch depths are worked out). */
class Code {
  readonly bytes: number[] = [];
  private readonly labels: (string | undefined)[] = [];

  emit(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private nested(opcode: number, label: string | undefined, body: () => void): this {
    this.emit(opcode, 0x40);
    this.labels.push(label);
    body();
    this.labels.pop();
    return this.emit(0x0b);
  }
  block(label: string, body: () => void): this {
    return this.nested(0x02, label, body);
  }
  loop(label: string, body: () => void): this {
    return this.nested(0x03, label, body);
  }
  /** `if` over the i32 on the stack. */
  if(body: () => void): this {
    return this.nested(0x04, undefined, body);
  }
  private depth(label: string): number {
    const i = this.labels.lastIndexOf(label);
    if (i === -1) throw new Error(`no label ${label}`);
    return this.labels.length - 1 - i;
  }
  br(label: string): this {
    return this.emit(0x0c, ...uleb(this.depth(label)));
  }
  brIf(label: string): this {
    return this.emit(0x0d, ...uleb(this.depth(label)));
  }
  get(i: number): this {
    return this.emit(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.emit(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.emit(0x22, ...uleb(i));
  }
  i32(n: number): this {
    return this.emit(0x41, ...sleb(n));
  }
  /** i64.const (small values: the same LEB128 as i32). */
  i64(n: number): this {
    return this.emit(0x42, ...sleb(n));
  }
  f64(x: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x);
    return this.emit(0x44, ...b);
  }
  load8(): this {
    return this.emit(0x2d, 0, 0);
  }
  i32store(offset = 0): this {
    return this.emit(0x36, 2, ...uleb(offset));
  }
  i32load(offset = 0): this {
    return this.emit(0x28, 2, ...uleb(offset));
  }
  i32store8(offset = 0): this {
    return this.emit(0x3a, 0, ...uleb(offset));
  }
  f64store(offset = 0): this {
    return this.emit(0x39, 3, ...uleb(offset));
  }
  v128load(offset = 0): this {
    return this.emit(0xfd, 0x00, 0, ...uleb(offset));
  }
  /** i8x16.splat of the i32 on the stack. */
  splat(): this {
    return this.emit(0xfd, 0x0f);
  }
  add = () => this.emit(0x6a);
  sub = () => this.emit(0x6b);
  mul = () => this.emit(0x6c);
  eq = () => this.emit(0x46);
  ne = () => this.emit(0x47);
  eqz = () => this.emit(0x45);
  ltU = () => this.emit(0x49);
  gtU = () => this.emit(0x4b);
  geU = () => this.emit(0x4f);
  or = () => this.emit(0x72);
  ctz = () => this.emit(0x68);
  f64mul = () => this.emit(0xa2);
  f64add = () => this.emit(0xa0);
  f64FromU32 = () => this.emit(0xb8);
}

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
function rowsFunction(plan: Uint8Array): number[] {
  // Parameters, then locals.
  const [pos, end, limit, maxRows, rowBase, delimiter, , , numsAt, keysAt, sameAt] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
  ];
  const [p, c, lineEnd, stop, m, rows, rowNums, rowKeys, rowSame, start, q, same, prev, i, hash] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
  ];
  const v = 26;
  const [lf16, quote16, delim16] = [27, 28, 29];
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
        w.get(p).v128load().get(delim16).emit(0xfd, 0x23, 0xfd, 0x64).tee(m); // eq, bitmask
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
          w.get(hash).get(i).load8().emit(0x73).i32(FNV_PRIME).mul().set(hash); // i32.xor
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
          w.get(q).v128load().get(lf16).emit(0xfd, 0x23); // i8x16.eq
          w.get(q).v128load().get(quote16).emit(0xfd, 0x23);
          w.emit(0xfd, 0x50); // v128.or
          w.emit(0xfd, 0x64).tee(m); // i8x16.bitmask
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

  const locals = vec([
    [...uleb(15), I32],
    [...uleb(1), F64],
    [...uleb(3), V128],
  ]);
  return [...locals, ...w.bytes, 0x0b];
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

/** Compiled modules by column plan (null: WebAssembly with SIMD is not available). */
const compiled = new Map<string, object | null>();

function wasmModule(plan: Uint8Array): object | null {
  const cacheKey = plan.join(".");
  const cached = compiled.get(cacheKey);
  if (cached !== undefined) return cached;
  let mod: object | null = null;
  if (webAssembly)
    try {
      mod = new webAssembly.Module(new Uint8Array(moduleBytes(plan)));
    } catch (e) {
      if (process.env.DEBUG_WASM) console.error(e);
    }
  compiled.set(cacheKey, mod);
  return mod;
}

function moduleBytes(plan: Uint8Array): number[] {
  const body = rowsFunction(plan);
  const params = vec(Array.from({ length: 11 }, () => [I32]));
  return [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...params, ...vec([[I32]])]])),
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name("rows"), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ];
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
 * A fresh instance for a column plan, with its own memory of `bytes` bytes, or undefined without
 * WebAssembly.
 */
export function wasmRows(plan: Uint8Array, bytes: number): WasmRows | undefined {
  const mod = wasmModule(plan);
  if (!mod || !webAssembly) return undefined;
  const memory = new webAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const instance = new webAssembly.Instance(mod, { env: { memory } });
  return { memory, rows: instance.exports.rows as WasmRows["rows"] };
}
