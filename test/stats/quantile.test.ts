import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deciles,
  median,
  quantile,
  quantileSorted,
  quantiles,
  quarterOf,
  quartiles,
  sortedFinite,
  summarise,
} from "../../src/stats/quantile.js";

describe("type-7 quantile", () => {
  it("follows h = (n − 1)p with linear interpolation (worked by hand)", () => {
    const x = [1, 2, 3, 4];
    // p = 0.25: h = 3·0.25 = 0.75 → x[0] + 0.75·(x[1] − x[0]) = 1.75.
    expect(quantile(x, 0.25)).toBe(1 + 0.75 * (2 - 1));
    // p = 0.5: h = 1.5 → 2 + 0.5·(3 − 2) = 2.5.
    expect(quantile(x, 0.5)).toBe(2.5);
    // p = 0.75: h = 2.25 → 3 + 0.25·1 = 3.25.
    expect(quantile(x, 0.75)).toBe(3.25);
    expect(quantile(x, 0)).toBe(1);
    expect(quantile(x, 1)).toBe(4);
  });

  it("agrees with R / Excel QUARTILE.INC on a textbook sample", () => {
    // R: quantile(c(7, 15, 36, 39, 40, 41)) → 0% 7, 25% 20.25, 50% 37.5, 75% 39.75, 100% 41.
    const x = [36, 7, 41, 15, 40, 39];
    expect(quartiles(x)).toEqual({ q1: 20.25, median: 37.5, q3: 39.75 });
    // h = 5·0.25 = 1.25 → 15 + 0.25·(36 − 15) = 20.25.
    expect(quantile(x, 0.25)).toBe(15 + 0.25 * (36 - 15));
  });

  it("ignores missing values and sorts numerically", () => {
    expect(median([10, null, 9, undefined, NaN, 100, Infinity])).toBe(10);
    expect(Array.from(sortedFinite([10, 9, 100, -1]))).toEqual([-1, 9, 10, 100]);
  });

  it("edge cases: empty, single value, p out of range", () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([null, NaN], 0.5)).toBeNaN();
    expect(quantile([42], 0.3)).toBe(42);
    expect(quantile([1, 2], -0.1)).toBeNaN();
    expect(quantile([1, 2], 1.1)).toBeNaN();
    expect(quantile([1, 2], NaN)).toBeNaN();
  });

  it("deciles of 0…10 are 1…9", () => {
    const x = Array.from({ length: 11 }, (_, i) => i);
    expect(deciles(x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => expect.closeTo(d, 12)));
    expect(quantiles(x, [0.1, 0.95])).toEqual([1, expect.closeTo(9.5, 12)]);
  });

  it("summarises a distribution", () => {
    const s = summarise([3, 1, null, 2, NaN, 4]);
    expect(s).toMatchObject({ count: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
    expect(s.deciles).toHaveLength(9);
    // D1: h = 3·0.1 = 0.3 → 1 + 0.3·1.
    expect(s.deciles[0]).toBeCloseTo(1.3, 12);
    const empty = summarise([]);
    expect(empty.count).toBe(0);
    expect(empty.min).toBeNaN();
    expect(empty.median).toBeNaN();
  });

  const sample = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), {
    minLength: 1,
    maxLength: 50,
  });

  it("is monotone in p and lies between min and max", () => {
    fc.assert(
      fc.property(
        sample,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, a, b) => {
          const sorted = sortedFinite(xs);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const qlo = quantileSorted(sorted, lo);
          const qhi = quantileSorted(sorted, hi);
          expect(qlo).toBeLessThanOrEqual(qhi);
          expect(qlo).toBeGreaterThanOrEqual(sorted[0]!);
          expect(qhi).toBeLessThanOrEqual(sorted[sorted.length - 1]!);
        },
      ),
    );
  });

  it("does not depend on the order of the input", () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        expect(quantile([...xs].reverse(), p)).toBe(quantile(xs, p));
      }),
    );
  });
});

describe("quarterOf", () => {
  const q = quartiles([1, 2, 3, 4]); // 1.75, 2.5, 3.25

  it("counts quarters from the better end, boundaries going to the better side", () => {
    expect([4, 3.25, 3, 2.5, 2, 1.75, 1].map((v) => quarterOf(v, q, "higher"))).toEqual([
      1, 1, 2, 2, 3, 3, 4,
    ]);
    expect([1, 1.75, 2, 2.5, 3, 3.25, 4].map((v) => quarterOf(v, q, "lower"))).toEqual([
      1, 1, 2, 2, 3, 3, 4,
    ]);
  });

  it("is symmetric: reversing the values and the direction gives the same quarter", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 30 }),
        (xs) => {
          const up = quartiles(xs);
          const down = quartiles(xs.map((x) => -x));
          for (const x of xs) expect(quarterOf(-x, down, "lower")).toBe(quarterOf(x, up, "higher"));
        },
      ),
    );
  });

  it("gives null without quartiles or value", () => {
    expect(quarterOf(1, quartiles([]), "higher")).toBeNull();
    expect(quarterOf(NaN, q, "lower")).toBeNull();
  });
});
