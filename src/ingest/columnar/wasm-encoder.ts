/**
 * A minimal WebAssembly encoder: just what ./wasm-rows.ts needs to write its one function without
 * a toolchain. Every opcode has a name here (the WebAssembly core specification's, 2.0, §5.4,
 * with the fixed-width SIMD proposal's for the `0xfd`-prefixed ones), so the code that uses it
 * reads as WebAssembly text would: `w.get(p).load8().i32(48).sub()`.
 *
 * Reference: https://webassembly.github.io/spec/core/binary/
 */

/** Opcodes used, by their names in the specification. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Store8: 0x3a,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i32Ctz: 0x68,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Xor: 0x73,
  f64Add: 0xa0,
  f64Mul: 0xa2,
  f64ConvertI32U: 0xb8,
  /** The prefix of the SIMD instructions (then one of SIMD_OP, as an unsigned LEB128). */
  simdPrefix: 0xfd,
} as const;

/** SIMD opcodes (after OP.simdPrefix). */
export const SIMD_OP = {
  v128Load: 0x00,
  i8x16Splat: 0x0f,
  i8x16Eq: 0x23,
  v128Or: 0x50,
  i8x16Bitmask: 0x64,
} as const;

/** Value types. */
export const TYPE = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;
export type ValueType = (typeof TYPE)[keyof typeof TYPE];

/** The block type of a block, loop or if that leaves nothing on the stack. */
const EMPTY_BLOCK = 0x40;
/** The start of a function type. */
const FUNCTION_TYPE = 0x60;
/** Import and export kinds. */
const KIND = { function: 0x00, memory: 0x02 } as const;
/** Limits flag: a minimum only. */
const LIMITS_MIN_ONLY = 0x00;
/** Section ids. */
const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
/** `\0asm`, then version 1. */
const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];

/** Alignment hints (log2 of the access size in bytes) of loads and stores. */
const ALIGN = { byte: 0, i32: 2, f64: 3, v128: 0 } as const;

/** Unsigned LEB128. */
export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};

/** Signed LEB128 (32-bit values). */
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

/**
 * A function's parameters and locals: each `param` or `local` call gives the next index, so
 * code names them (`const p = locals.local(TYPE.i32)`) instead of numbering them by hand.
 * Parameters come first, as WebAssembly numbers them.
 */
export class Locals {
  private readonly params: ValueType[] = [];
  private readonly locals: ValueType[] = [];

  param(type: ValueType): number {
    if (this.locals.length > 0) throw new Error("parameters come before locals");
    this.params.push(type);
    return this.params.length - 1;
  }

  local(type: ValueType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  /** The parameter types, for the function's type. */
  paramTypes(): ValueType[] {
    return [...this.params];
  }

  /** The locals declaration of a function body: runs of one type, in index order. */
  declaration(): number[] {
    const runs: number[][] = [];
    let i = 0;
    while (i < this.locals.length) {
      const type = this.locals[i]!;
      let j = i;
      while (j < this.locals.length && this.locals[j] === type) j++;
      runs.push([...uleb(j - i), type]);
      i = j;
    }
    return vec(runs);
  }
}

/** A function body under construction: structured control flow with named labels. */
export class Code {
  readonly bytes: number[] = [];
  private readonly labels: (string | undefined)[] = [];

  private emit(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private simd(op: number, ...immediates: number[]): this {
    return this.emit(OP.simdPrefix, ...uleb(op), ...immediates);
  }
  private nested(opcode: number, label: string | undefined, body: () => void): this {
    this.emit(opcode, EMPTY_BLOCK);
    this.labels.push(label);
    body();
    this.labels.pop();
    return this.emit(OP.end);
  }
  block(label: string, body: () => void): this {
    return this.nested(OP.block, label, body);
  }
  loop(label: string, body: () => void): this {
    return this.nested(OP.loop, label, body);
  }
  /** `if` over the i32 on the stack. */
  if(body: () => void): this {
    return this.nested(OP.if, undefined, body);
  }
  /** The branch depth of the innermost enclosing label of that name. */
  private depth(label: string): number {
    const i = this.labels.lastIndexOf(label);
    if (i === -1) throw new Error(`no label ${label}`);
    return this.labels.length - 1 - i;
  }
  br(label: string): this {
    return this.emit(OP.br, ...uleb(this.depth(label)));
  }
  brIf(label: string): this {
    return this.emit(OP.brIf, ...uleb(this.depth(label)));
  }
  get(local: number): this {
    return this.emit(OP.localGet, ...uleb(local));
  }
  set(local: number): this {
    return this.emit(OP.localSet, ...uleb(local));
  }
  tee(local: number): this {
    return this.emit(OP.localTee, ...uleb(local));
  }
  i32(n: number): this {
    return this.emit(OP.i32Const, ...sleb(n));
  }
  f64(x: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(x);
    return this.emit(OP.f64Const, ...b);
  }
  /** i32.load8_u */
  load8(): this {
    return this.emit(OP.i32Load8U, ALIGN.byte, 0);
  }
  i32load(offset = 0): this {
    return this.emit(OP.i32Load, ALIGN.i32, ...uleb(offset));
  }
  i32store(offset = 0): this {
    return this.emit(OP.i32Store, ALIGN.i32, ...uleb(offset));
  }
  i32store8(offset = 0): this {
    return this.emit(OP.i32Store8, ALIGN.byte, ...uleb(offset));
  }
  f64store(offset = 0): this {
    return this.emit(OP.f64Store, ALIGN.f64, ...uleb(offset));
  }
  v128load(offset = 0): this {
    return this.simd(SIMD_OP.v128Load, ALIGN.v128, ...uleb(offset));
  }
  /** i8x16.splat of the i32 on the stack. */
  splat(): this {
    return this.simd(SIMD_OP.i8x16Splat);
  }
  /** i8x16.eq: 0xff in each lane where the two vectors' bytes are equal. */
  i8x16eq(): this {
    return this.simd(SIMD_OP.i8x16Eq);
  }
  v128or(): this {
    return this.simd(SIMD_OP.v128Or);
  }
  /** i8x16.bitmask: bit i set where lane i's top bit is. */
  bitmask(): this {
    return this.simd(SIMD_OP.i8x16Bitmask);
  }
  add = () => this.emit(OP.i32Add);
  sub = () => this.emit(OP.i32Sub);
  mul = () => this.emit(OP.i32Mul);
  xor = () => this.emit(OP.i32Xor);
  eq = () => this.emit(OP.i32Eq);
  ne = () => this.emit(OP.i32Ne);
  eqz = () => this.emit(OP.i32Eqz);
  gtU = () => this.emit(OP.i32GtU);
  geU = () => this.emit(OP.i32GeU);
  ctz = () => this.emit(OP.i32Ctz);
  f64mul = () => this.emit(OP.f64Mul);
  f64add = () => this.emit(OP.f64Add);
  /** f64.convert_i32_u */
  f64FromU32 = () => this.emit(OP.f64ConvertI32U);
}

/**
 * A module of one function, exported as `exportName`, with `locals`' parameters and one i32
 * result, and `body` as its code, importing its memory as `env.memory` (at least one page).
 */
export function moduleOfOneFunction(exportName: string, locals: Locals, body: Code): number[] {
  const code = [...locals.declaration(), ...body.bytes, OP.end];
  const params = vec(locals.paramTypes().map((t) => [t]));
  const results = vec([[TYPE.i32]]);
  const functionIndex = 0;
  const typeIndex = 0;
  return [
    ...MAGIC,
    ...VERSION,
    ...section(SECTION.type, vec([[FUNCTION_TYPE, ...params, ...results]])),
    ...section(
      SECTION.import,
      vec([[...name("env"), ...name("memory"), KIND.memory, LIMITS_MIN_ONLY, ...uleb(1)]]),
    ),
    ...section(SECTION.function, vec([uleb(typeIndex)])),
    ...section(SECTION.export, vec([[...name(exportName), KIND.function, functionIndex]])),
    ...section(SECTION.code, vec([[...uleb(code.length), ...code]])),
  ];
}
