/**
 * The monthly A&E CSV's row kernel for the byte-level reader (../../columnar/): the mapping of
 * ./index.ts (`parseRows`), record for record, on cells read straight from bytes. It validates
 * the same cells in the same order, reports the same problems with the same words, and writes
 * each good row's nine metric values as typed-array columns (one row per record; see
 * `aeMonthlyProjections` for which column is which metric's numerator, denominator and value).
 *
 * Loaded by worker threads by URL: it imports nothing heavier than the cell readers.
 */
import { ProblemLog, type RowKernel } from "../../columnar/range.js";
import { BLOCK_ROWS, KEY, NUMBER, SHORT_KEY, type ByteCsvScanner } from "../../columnar/scanner.js";
import type { ValueProjection } from "../../columnar/values.js";
import { ORG_CODE } from "../shared/row.js";
import type { AeMonthlyColumns } from "./columns.js";
import { isTotalPeriod, periodMonthStart } from "./period.js";
import { NOT_A_NUMBER, NOT_AN_AE_PERIOD, NOT_AN_ORG_CODE } from "../../problem-messages.js";

export interface AeMonthlyKernelConfig {
  columns: AeMonthlyColumns;
  /** Header cells, trimmed: the column names in problems. */
  names: string[];
  /** The month a TOTAL Period cell stands for (the first data record's; ./index.ts `parseRows`). */
  totalPeriod: string | undefined;
  /** The percentage multiplier (100). */
  pct: number;
  /** The organisation code England's values are stored under. */
  england: string;
  /** Problems kept per range (the rest are counted). */
  problemLimit: number;
}

/** Output columns (NaN: null). */
const ATT1 = 0;
const WITHIN1 = 1;
const PCT1 = 2;
const ADM1 = 3;
const CONV = 4;
const ATT_ALL = 5;
const WITHIN_ALL = 6;
const PCT_ALL = 7;
const ADM_ALL = 8;
const DTA4 = 9;
const DTA12 = 10;
const DTA12_PCT = 11;
const COLUMNS = 12;

/** The metric values of a row, in the order ./index.ts emits them. */
export function aeMonthlyProjections(c: AeMonthlyColumns): ValueProjection[] {
  const p = (
    metricId: string,
    value: number,
    numerator = -1,
    denominator = -1,
    when = -1,
  ): ValueProjection => ({ metricId, numerator, denominator, value, when });
  const out = [
    p("ae_attendances_type1", ATT1, -1, -1, ATT1),
    p("ae_4hr_type1", PCT1, WITHIN1, ATT1, ATT1),
    p("ae_admission_conversion", CONV, ADM1, ATT1, ATT1),
    p("ae_attendances_all", ATT_ALL),
    p("ae_4hr_all", PCT_ALL, WITHIN_ALL, ATT_ALL),
    p("ae_emergency_admissions", ADM_ALL),
  ];
  if (c.dta4to12 !== undefined || c.dtaOver4 !== undefined) out.push(p("ae_dta_4hr_waits", DTA4));
  if (c.dta12 !== undefined) {
    out.push(p("ae_dta_12hr_waits", DTA12));
    out.push(p("ae_dta_12hr_pct", DTA12_PCT, DTA12, ADM_ALL));
  }
  return out;
}

export interface AeMonthlyChunk {
  rows: number;
  org: Uint32Array;
  period: Uint32Array;
  line: Uint32Array;
  columns: Float64Array[];
}

/** A range's rows: chunks of typed arrays indexing the range's own dictionaries. */
export interface AeMonthlyRange {
  orgs: string[];
  periods: string[];
  chunks: AeMonthlyChunk[];
}

/** Rows per output chunk (the first chunk of a range starts at a block and doubles up to it). */
const CHUNK_ROWS = 32 * BLOCK_ROWS;

const ORG_TOTAL = 1;
const ORG_VALID = 2;
const ORG_INVALID = 3;

/** ./index.ts `plus`: a missing main count stays missing; a missing added count adds nothing. */
const plus = (a: number, b: number): number => (a !== a ? NaN : a + (b !== b ? 0 : b));

function grow<T extends Int32Array | Int8Array>(a: T, need: number, fill: number): T {
  if (need < a.length) return a;
  let size = a.length * 2;
  while (size <= need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.fill(fill);
  b.set(a);
  return b;
}

class AeMonthlyKernel implements RowKernel<AeMonthlyRange> {
  readonly plan: Uint8Array;
  readonly problems: ProblemLog;
  private readonly names: string[];
  private readonly pct: number;
  private readonly england: string;
  private readonly totalPeriod: string | undefined;
  private readonly cPeriod: number;
  private readonly cOrg: number;
  /** The org name column, or -1. */
  private readonly cName: number;
  /**
   * Number columns as row slots: [attendances, booked attendances, over 4 hours, booked over 4
   * hours, admissions] × types 1, 2, other, then 12-hour DTA, 4-to-12-hour DTA, over-4-hour DTA.
   * A column the file lacks is the scanner's NaN slot (it reads as null).
   */
  private readonly slots: Int32Array;
  private readonly hasDta4to12: boolean;
  /** Number columns in the order ./index.ts reads them (the type 1 admissions twice). */
  private readonly order: number[];

  // Per range: caches by interner id, and the output dictionaries.
  private periodOut = new Int32Array(64).fill(-2);
  private orgState = new Int8Array(64);
  /** Per code key: its output id in good rows whose name is not England's (-2: not known yet). */
  private orgFast = new Int32Array(64).fill(-2);
  private orgCodes: string[] = [];
  private nameEngland = new Int8Array(64).fill(-1);
  private orgs: string[] = [];
  private orgIds = new Map<string, number>();
  private periods: string[] = [];
  private periodIds = new Map<string, number>();
  private chunks: AeMonthlyChunk[] = [];
  private firstChunk = BLOCK_ROWS;
  /** Whole-chunk buffers given back for reuse: 32,768 × 8 bytes, and × 4. */
  private spare8: ArrayBuffer[] = [];
  private spare4: ArrayBuffer[] = [];
  private rows = 0;
  private capacity = 0;
  private org = new Uint32Array(0);
  private period = new Uint32Array(0);
  private line = new Uint32Array(0);
  private columns: Float64Array[] = [];

  constructor(config: AeMonthlyKernelConfig) {
    const c = config.columns;
    this.names = config.names;
    this.pct = config.pct;
    this.england = config.england;
    this.totalPeriod = config.totalPeriod;
    this.problems = new ProblemLog(config.problemLimit);
    this.cPeriod = c.period;
    this.cOrg = c.orgCode;
    this.cName = c.orgName ?? -1;
    const used = (i: number | undefined): i is number => i !== undefined;
    this.order = [
      ...[0, 1, 2].flatMap((t) => [
        c.attendances[t],
        c.bookedAttendances[t],
        c.over4[t],
        c.bookedOver4[t],
        c.admissions[t],
      ]),
      c.admissions[0],
      c.dta12,
      c.dta4to12 ?? c.dtaOver4,
    ].filter(used);
    this.hasDta4to12 = c.dta4to12 !== undefined;
    const width = Math.max(...this.order, this.cPeriod, this.cOrg, this.cName) + 1;
    this.plan = new Uint8Array(width);
    for (const i of this.order) this.plan[i] = NUMBER;
    this.plan[this.cPeriod] = KEY;
    this.plan[this.cOrg] = KEY;
    // The name only says whether the row is England ("Total"): long names are not hashed.
    if (this.cName >= 0) this.plan[this.cName] = SHORT_KEY;
    const slot = (i: number | undefined) => i ?? width; // `width`: the scanner's NaN slot
    this.slots = Int32Array.from([
      ...[0, 1, 2].flatMap((t) => [
        slot(c.attendances[t]),
        slot(c.bookedAttendances[t]),
        slot(c.over4[t]),
        slot(c.bookedOver4[t]),
        slot(c.admissions[t]),
      ]),
      slot(c.dta12),
      slot(c.dta4to12),
      slot(c.dtaOver4),
    ]);
  }

  reset(bytes: number): void {
    // A big range starts with a whole chunk (which can be a reused one).
    this.firstChunk = bytes >= CHUNK_ROWS * 64 ? CHUNK_ROWS : BLOCK_ROWS;
    this.periodOut.fill(-2);
    this.orgState.fill(0);
    this.orgFast.fill(-2);
    this.orgCodes = [];
    this.nameEngland.fill(-1);
    this.orgs = [];
    this.orgIds = new Map();
    this.periods = [];
    this.periodIds = new Map();
    this.chunks = [];
    this.rows = 0;
    this.capacity = 0;
  }

  private resolvePeriod(s: ByteCsvScanner, id: number): number {
    const text = s.interners[this.cPeriod]!.texts[id]!;
    const start = isTotalPeriod(text) ? this.totalPeriod : periodMonthStart(text);
    let out = -1;
    if (start !== undefined) {
      out = this.periodIds.get(start) ?? -1;
      if (out === -1) {
        out = this.periods.length;
        this.periods.push(start);
        this.periodIds.set(start, out);
      }
    }
    this.periodOut[id] = out;
    return out;
  }

  private resolveOrg(s: ByteCsvScanner, id: number): number {
    const code = s.interners[this.cOrg]!.texts[id]!.trim().toUpperCase();
    this.orgCodes[id] = code;
    const state = code === "TOTAL" ? ORG_TOTAL : ORG_CODE.test(code) ? ORG_VALID : ORG_INVALID;
    this.orgState[id] = state;
    return state;
  }

  /** Whether the name (key id; -1 for a long name) is "Total" or "England". */
  private isEnglandName(s: ByteCsvScanner, id: number): boolean {
    if (id === -1) return false;
    if (id >= this.nameEngland.length) this.nameEngland = grow(this.nameEngland, id, -1);
    let v = this.nameEngland[id]!;
    if (v === -1) {
      const name = s.interners[this.cName]!.texts[id]!.trim();
      v = name.length <= 7 && /^(total|england)$/i.test(name) ? 1 : 0;
      this.nameEngland[id] = v;
    }
    return v === 1;
  }

  private outputOrg(code: string): number {
    let id = this.orgIds.get(code);
    if (id === undefined) {
      id = this.orgs.length;
      this.orgs.push(code);
      this.orgIds.set(code, id);
    }
    return id;
  }

  /** The problems of a row that has any, in the order ./index.ts finds them. */
  private report(
    s: ByteCsvScanner,
    r: number,
    periodBad: boolean,
    orgBad: boolean,
    bad: { from: number },
  ): void {
    const line = s.lines[r]!;
    const base = r * s.width;
    if (periodBad) {
      this.problems.add({
        line,
        column: this.names[this.cPeriod],
        value: s.interners[this.cPeriod]!.texts[s.keys[base + this.cPeriod]!]!,
        reason: NOT_AN_AE_PERIOD,
      });
    }
    if (orgBad) {
      this.problems.add({
        line,
        column: this.names[this.cOrg],
        value: s.interners[this.cOrg]!.texts[s.keys[base + this.cOrg]!]!,
        reason: NOT_AN_ORG_CODE,
      });
    }
    if (s.flags[r] !== 1) return;
    // This row's bad cells, listed by the scanner in row order.
    const texts = new Map<number, string>();
    let i = bad.from;
    while (i < s.badRows.length && s.badRows[i]! < r) i++;
    for (; i < s.badRows.length && s.badRows[i] === r; i++)
      texts.set(s.badColumns[i]!, s.badTexts[i]!);
    bad.from = i;
    for (const col of this.order) {
      const value = texts.get(col);
      if (value !== undefined)
        this.problems.add({ line, column: this.names[col], value, reason: NOT_A_NUMBER });
    }
  }

  block(s: ByteCsvScanner, rows: number): void {
    this.ensure(rows);
    const width = s.width;
    const nums = s.nums;
    const keys = s.keys;
    const lines = s.lines;
    const flags = s.flags;
    const cPeriod = this.cPeriod;
    const cOrg = this.cOrg;
    const cName = this.cName;
    const pct = this.pct;
    const sl = this.slots;
    const a0 = sl[0]!;
    const ba0 = sl[1]!;
    const o0 = sl[2]!;
    const bo0 = sl[3]!;
    const e0 = sl[4]!;
    const a1 = sl[5]!;
    const ba1 = sl[6]!;
    const o1 = sl[7]!;
    const bo1 = sl[8]!;
    const e1 = sl[9]!;
    const a2 = sl[10]!;
    const ba2 = sl[11]!;
    const o2 = sl[12]!;
    const bo2 = sl[13]!;
    const e2 = sl[14]!;
    const dta12Slot = sl[15]!;
    const dta4Slot = this.hasDta4to12 ? sl[16]! : sl[17]!;
    const dta4Plus12 = this.hasDta4to12;
    // The scanner's NaN slot: a column the file lacks.
    const none = width - 1;
    const hasDta12 = dta12Slot !== none;
    const outOrg = this.org;
    const outPeriod = this.period;
    const outLine = this.line;
    const c = this.columns;
    const att1Out = c[ATT1]!;
    const within1Out = c[WITHIN1]!;
    const pct1Out = c[PCT1]!;
    const adm1Out = c[ADM1]!;
    const convOut = c[CONV]!;
    const attAllOut = c[ATT_ALL]!;
    const withinAllOut = c[WITHIN_ALL]!;
    const pctAllOut = c[PCT_ALL]!;
    const admAllOut = c[ADM_ALL]!;
    const dta4Out = c[DTA4]!;
    const dta12Out = c[DTA12]!;
    const dtaPctOut = c[DTA12_PCT]!;
    const bad = { from: 0 };
    let lastPid = -1;
    let lastPeriodOut = -1;
    let o = this.rows;
    for (let r = 0; r < rows; r++) {
      const base = r * width;

      // The period: resolved once per distinct text (and compared with the last row's first).
      const pid = keys[base + cPeriod]!;
      let periodOut = lastPeriodOut;
      if (pid !== lastPid) {
        periodOut = this.periodFor(s, pid);
        lastPid = pid;
        lastPeriodOut = periodOut;
      }

      // The organisation: rows whose name cannot be "Total"/"England" take the code's known
      // outcome (`orgFast`); the others, and codes not seen yet in a good row, are worked out.
      const oid = keys[base + cOrg]!;
      const nid = cName >= 0 ? keys[base + cName]! : -1;
      let orgOut = -2;
      if (
        (nid === -1 || this.nameEngland[nid] === 0) &&
        oid < this.orgFast.length &&
        periodOut !== -1 &&
        flags[r] === 0
      )
        orgOut = this.orgFast[oid]!;
      if (orgOut < 0) {
        orgOut = this.organisation(s, r, oid, nid, periodOut, bad);
        if (orgOut < 0) continue; // a row with problems (reported)
      }

      // ./index.ts parseRows, with NaN for null.
      const x0 = nums[base + a0]!;
      const x1 = nums[base + ba0]!;
      const x2 = nums[base + a1]!;
      const x3 = nums[base + ba1]!;
      const x4 = nums[base + a2]!;
      const x5 = nums[base + ba2]!;
      const y0 = nums[base + o0]!;
      const y1 = nums[base + bo0]!;
      const y2 = nums[base + o1]!;
      const y3 = nums[base + bo1]!;
      const y4 = nums[base + o2]!;
      const y5 = nums[base + bo2]!;
      const adm1 = nums[base + e0]!;
      const adm2 = nums[base + e1]!;
      const adm3 = nums[base + e2]!;
      const dta12 = nums[base + dta12Slot]!;
      const dtaX = nums[base + dta4Slot]!;
      let t1: number, t2: number, t3: number, v1: number, v2: number, v3: number, dta4: number;
      // Columns the file lacks add nothing (`plus`): 0 for them in the usual case below.
      const b0 = ba0 !== none ? x1 : 0;
      const b1 = ba1 !== none ? x3 : 0;
      const b2 = ba2 !== none ? x5 : 0;
      const c0 = bo0 !== none ? y1 : 0;
      const c1 = bo1 !== none ? y3 : 0;
      const c2 = bo2 !== none ? y5 : 0;
      const d12 = hasDta12 ? dta12 : 0;
      const all = x0 + b0 + x2 + b1 + x4 + b2 + y0 + c0 + y2 + c1 + y4 + c2 + d12;
      if (all === all) {
        // No value missing among them (the usual row): plain sums, as `plus` gives.
        t1 = x0 + b0;
        t2 = x2 + b1;
        t3 = x4 + b2;
        v1 = y0 + c0;
        v2 = y2 + c1;
        v3 = y4 + c2;
        dta4 = dta4Plus12 ? (dtaX !== dtaX ? NaN : dtaX + d12) : dtaX;
      } else {
        t1 = plus(x0, x1);
        t2 = plus(x2, x3);
        t3 = plus(x4, x5);
        v1 = plus(y0, y1);
        v2 = plus(y2, y3);
        v3 = plus(y4, y5);
        dta4 = dta4Plus12 ? plus(dtaX, dta12) : dtaX;
      }
      // Sums start from 0 as in ./index.ts (0 + -0 is 0).
      const attAll = 0 + t1 + t2 + t3;
      const overAll = 0 + v1 + v2 + v3;
      const admAll = 0 + adm1 + adm2 + adm3;
      const within1 = v1 !== v1 ? NaN : t1 - v1;
      const withinAll = attAll !== attAll || overAll !== overAll ? NaN : attAll - overAll;

      outOrg[o] = orgOut;
      outPeriod[o] = periodOut;
      outLine[o] = lines[r]!;
      att1Out[o] = t1;
      within1Out[o] = within1;
      pct1Out[o] = ratio(within1, t1, pct);
      adm1Out[o] = adm1;
      convOut[o] = ratio(adm1, t1, pct);
      attAllOut[o] = attAll;
      withinAllOut[o] = withinAll;
      pctAllOut[o] = ratio(withinAll, attAll, pct);
      admAllOut[o] = admAll;
      dta4Out[o] = dta4;
      dta12Out[o] = dta12;
      dtaPctOut[o] = ratio(dta12, admAll, pct);
      o++;
    }
    this.rows = o;
  }

  /** The output period of a period key (-1: not a period). */
  private periodFor(s: ByteCsvScanner, pid: number): number {
    if (pid >= this.periodOut.length) this.periodOut = grow(this.periodOut, pid, -2);
    const out = this.periodOut[pid]!;
    return out === -2 ? this.resolvePeriod(s, pid) : out;
  }

  /**
   * The organisation of row `r` in full: the output id, or -1 after reporting the row's
   * problems (period, code, numbers, in ./index.ts's order). Records the code's outcome in
   * `orgFast` for rows whose name is not England's.
   */
  private organisation(
    s: ByteCsvScanner,
    r: number,
    oid: number,
    nid: number,
    periodOut: number,
    bad: { from: number },
  ): number {
    if (oid >= this.orgState.length) {
      this.orgState = grow(this.orgState, oid, 0);
      this.orgFast = grow(this.orgFast, oid, -2);
    }
    let state = this.orgState[oid]!;
    if (state === 0) state = this.resolveOrg(s, oid);
    const englandByName = this.cName >= 0 && this.isEnglandName(s, nid);
    const england = state === ORG_TOTAL || englandByName;
    const orgBad = !england && state === ORG_INVALID;
    if (periodOut === -1 || orgBad || s.flags[r] === 1) {
      this.report(s, r, periodOut === -1, orgBad, bad);
      return -1;
    }
    const out = this.outputOrg(england ? this.england : this.orgCodes[oid]!);
    if (!englandByName) this.orgFast[oid] = out;
    return out;
  }

  /** Room for `extra` more rows in the current chunk: doubling it, or sealing it and starting one. */
  private ensure(extra: number): void {
    if (this.rows + extra <= this.capacity) return;
    if (this.capacity >= CHUNK_ROWS) {
      this.seal();
      this.allocate(CHUNK_ROWS, false);
    } else this.allocate(this.capacity === 0 ? this.firstChunk : this.capacity * 2, true);
  }

  give(buffers: ArrayBuffer[]): void {
    for (const b of buffers) {
      if (b.byteLength === CHUNK_ROWS * 8) this.spare8.push(b);
      else if (b.byteLength === CHUNK_ROWS * 4) this.spare4.push(b);
    }
  }

  private allocate(capacity: number, keep: boolean): void {
    const rows = keep ? this.rows : 0;
    if (
      capacity === CHUNK_ROWS &&
      rows === 0 &&
      this.spare8.length >= COLUMNS &&
      this.spare4.length >= 3
    ) {
      // A whole chunk from given-back buffers (their old contents are overwritten row by row).
      this.org = new Uint32Array(this.spare4.pop()!);
      this.period = new Uint32Array(this.spare4.pop()!);
      this.line = new Uint32Array(this.spare4.pop()!);
      this.columns = Array.from({ length: COLUMNS }, () => new Float64Array(this.spare8.pop()!));
      this.capacity = capacity;
      this.rows = 0;
      return;
    }
    const widen = <T extends Uint32Array | Float64Array>(a: T | undefined, b: T): T => {
      if (a && rows > 0) b.set(a.subarray(0, rows));
      return b;
    };
    this.org = widen(this.org, new Uint32Array(capacity));
    this.period = widen(this.period, new Uint32Array(capacity));
    this.line = widen(this.line, new Uint32Array(capacity));
    const old = this.columns;
    this.columns = Array.from({ length: COLUMNS }, (_, i) =>
      widen(old[i], new Float64Array(capacity)),
    );
    this.capacity = capacity;
    this.rows = rows;
  }

  private seal(): void {
    if (this.rows > 0)
      this.chunks.push({
        rows: this.rows,
        org: this.org,
        period: this.period,
        line: this.line,
        columns: this.columns,
      });
    this.rows = 0;
  }

  take(): { result: AeMonthlyRange; transfer: ArrayBuffer[] } {
    this.seal();
    const result = { orgs: this.orgs, periods: this.periods, chunks: this.chunks };
    this.chunks = [];
    this.capacity = 0;
    this.columns = [];
    const transfer: ArrayBuffer[] = [];
    for (const ch of result.chunks)
      for (const a of [ch.org, ch.period, ch.line, ...ch.columns])
        transfer.push(a.buffer as ArrayBuffer);
    return { result, transfer };
  }
}

/** ./index.ts `ratio`: null when either part is null or the denominator is 0. */
function ratio(n: number, d: number, pct: number): number {
  return n !== n || d !== d || d === 0 ? NaN : (n / d) * pct;
}

export function createKernel(config: AeMonthlyKernelConfig): RowKernel<AeMonthlyRange> {
  return new AeMonthlyKernel(config);
}
