/**
 * The centre line and limits against exact rational arithmetic (BigInt): the mean and the average
 * moving range (screened or not) must be the correctly rounded means of the doubles, as R's
 * long-double `mean()` gives them, so that a point exactly on a line is on it in both.
 */
import { describe, expect, it } from "vitest";
import {
  analyseXmrKernel,
  createWorkspace,
  meanOfRange,
  spcConstants,
} from "../../../src/stats/spc/index.js";
import { mulberry32 as prng } from "../../../bench/random.js";

const { LIMIT_MULTIPLIER, NEAR_LIMIT_MULTIPLIER, SCREEN_MULTIPLIER } = spcConstants;

/** x = mantissa * 2^exponent exactly (x finite, non-zero). */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  return { mantissa: x < 0 ? -mantissa : mantissa, exponent: (biased === 0 ? 1 : biased) - 1075 };
}

const bitLength = (a: bigint): number => a.toString(2).length;

/** The double nearest to (sum of xs) / n, ties to even, computed exactly. */
function exactMean(xs: readonly number[]): number {
  const parts = xs.filter((x) => x !== 0).map(decompose);
  if (parts.length === 0) return 0;
  const e0 = Math.min(...parts.map((p) => p.exponent));
  const sum = parts.reduce((s, p) => s + (p.mantissa << BigInt(p.exponent - e0)), 0n);
  if (sum === 0n) return 0;
  const a = sum < 0n ? -sum : sum;
  const b = BigInt(xs.length);
  // a / b * 2^e0 with a quotient of at least 55 bits, then round to 53 bits.
  const shift = 56 - (bitLength(a) - bitLength(b));
  const q = shift >= 0 ? (a << BigInt(shift)) / b : a / (b << BigInt(-shift));
  const sticky = shift >= 0 ? (a << BigInt(shift)) % b !== 0n : a % (b << BigInt(-shift)) !== 0n;
  const extra = bitLength(q) - 53;
  let mantissa = q >> BigInt(extra);
  const rest = q & ((1n << BigInt(extra)) - 1n);
  const half = 1n << BigInt(extra - 1);
  if (rest > half || (rest === half && (sticky || (mantissa & 1n) === 1n))) mantissa += 1n;
  const value = Number(mantissa) * 2 ** (e0 - shift + extra);
  return sum < 0n ? -value : value;
}

/** The XmR lines computed with exact means, in PTD's operation order. */
function exactLines(y: readonly number[], screen: boolean) {
  const mean = exactMean(y);
  const mrs = y.slice(1).map((v, i) => Math.abs(v - y[i]!));
  let amr = exactMean(mrs);
  if (screen) {
    const kept = mrs.filter((mr) => mr < SCREEN_MULTIPLIER * amr);
    amr = kept.length > 0 ? exactMean(kept) : NaN;
  }
  return {
    mean,
    lpl: mean - LIMIT_MULTIPLIER * amr,
    upl: mean + LIMIT_MULTIPLIER * amr,
    nearLpl: mean - NEAR_LIMIT_MULTIPLIER * amr,
    nearUpl: mean + NEAR_LIMIT_MULTIPLIER * amr,
  };
}

/** Series like real data (1 or 2 decimals, any scale, spikes, steps, ties) and harder ones. */
function randomSeries(rand: () => number): number[] {
  const n = 2 + Math.floor(rand() * 120);
  const kind = Math.floor(rand() * 6);
  const scale = 10 ** (Math.floor(rand() * 8) - 3);
  const base = rand() * 100 * scale;
  const decimals = 10 ** Math.floor(rand() * 3);
  return Array.from({ length: n }, (_, i) => {
    switch (kind) {
      case 0: // decimals around a level, with spikes (screened moving ranges)
        return (
          Math.round(
            (base + scale * (rand() - 0.5) * 10 + (rand() < 0.05 ? 40 * scale : 0)) * decimals,
          ) / decimals
        );
      case 1: // small integers: many ties and points on the mean
        return Math.floor(rand() * 4);
      case 2: // a step
        return Math.round((i < n / 2 ? 10 : 13) * decimals + rand() * 20) / decimals;
      case 3: // any doubles in a few binary orders of magnitude
        return (rand() - 0.3) * 2 ** Math.floor(rand() * 12);
      case 4: // percentages
        return Math.round(rand() * 10000) / 100;
      default: // 0.1, 0.2, 0.3: the classic inexact decimals
        return [0.1, 0.2, 0.3][Math.floor(rand() * 3)]!;
    }
  });
}

describe("exact means", () => {
  it("the mean of two decimals is exactly half way between two doubles about half the time", () => {
    // The case where a naive or a differently rounded mean goes wrong most often.
    expect(exactMean([45.1, 45.3])).toBe(meanOfRange(Float64Array.from([45.1, 45.3]), 0, 2));
    expect(meanOfRange(Float64Array.from([0.1, 0.2, 0.3]), 0, 3)).toBe(0.2);
    expect(exactMean([0.1, 0.2, 0.3])).toBe(0.2);
  });

  it("meanOfRange is the correctly rounded mean", () => {
    const rand = prng(1);
    for (let t = 0; t < 3000; t++) {
      const y = randomSeries(rand);
      expect(meanOfRange(Float64Array.from(y), 0, y.length), y.join(",")).toBe(exactMean(y));
    }
  });

  it("the XmR kernel's centre and limits are computed from correctly rounded means", () => {
    const rand = prng(2);
    const ws = createWorkspace(200);
    const groupStarts = Int32Array.of(0);
    for (let t = 0; t < 3000; t++) {
      const y = randomSeries(rand);
      const screen = rand() < 0.8;
      analyseXmrKernel(
        Float64Array.from(y),
        y.length,
        groupStarts,
        1,
        {
          fixAfterNPoints: 0,
          screenOutliers: screen,
          runLength: 7,
          twoInThreeIncludesOutside: false,
          directionSign: 1,
        },
        ws,
      );
      const e = exactLines(y, screen);
      const where = `${screen ? "screened" : "unscreened"} ${y.join(",")}`;
      const last = y.length - 1;
      expect(ws.centre[last], where).toBe(e.mean);
      expect(ws.lpl[last], where).toBe(e.lpl);
      expect(ws.upl[last], where).toBe(e.upl);
      expect(ws.nearLpl[last], where).toBe(e.nearLpl);
      expect(ws.nearUpl[last], where).toBe(e.nearUpl);
    }
  });
});
