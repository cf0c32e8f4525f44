import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assess,
  benchmark,
  betterSideOf,
  compareWithBenchmark,
  quintileAssessment,
  quintileCutsSorted,
  quintileOf,
} from "../../src/stats/compare.js";
import { proportionInterval } from "../../src/stats/intervals.js";

describe("comparison with a benchmark", () => {
  it("lower / higher / similar by the interval, with strict inequalities", () => {
    expect(compareWithBenchmark(0.26, 0.37, 0.25)).toBe("higher");
    expect(compareWithBenchmark(0.1, 0.2, 0.25)).toBe("lower");
    expect(compareWithBenchmark(0.2, 0.3, 0.25)).toBe("similar");
    // Touching the benchmark is not significant.
    expect(compareWithBenchmark(0.25, 0.3, 0.25)).toBe("similar");
    expect(compareWithBenchmark(0.2, 0.25, 0.25)).toBe("similar");
    expect(compareWithBenchmark(NaN, 0.3, 0.25)).toBe("not_compared");
    expect(compareWithBenchmark(0.2, 0.3, NaN)).toBe("not_compared");
  });

  it("maps to better / worse by polarity; neutral keeps higher / lower", () => {
    expect(assess("higher", "higherIsBetter")).toBe("better");
    expect(assess("higher", "lowerIsBetter")).toBe("worse");
    expect(assess("lower", "higherIsBetter")).toBe("worse");
    expect(assess("lower", "lowerIsBetter")).toBe("better");
    expect(assess("lower", "neutral")).toBe("lower");
    expect(assess("similar", "higherIsBetter")).toBe("similar");
    expect(assess("not_compared", "lowerIsBetter")).toBe("not_compared");
  });

  it("81/263 against 25%: Wilson lower 0.2553 > 0.25 → higher", () => {
    const e = proportionInterval(81, 263);
    expect(benchmark(e, 0.25, [], "higherIsBetter")).toEqual({
      method: "interval",
      comparison: "higher",
      assessment: "better",
    });
  });
});

describe("quintiles", () => {
  const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it("cut points are the type-7 20/40/60/80th percentiles", () => {
    // h = 9·0.2 = 1.8 → 2 + 0.8·(3 − 2) = 2.8; 0.4 → 4.6; 0.6 → 6.4; 0.8 → 8.2.
    const cuts = quintileCutsSorted(oneToTen);
    [2.8, 4.6, 6.4, 8.2].forEach((c, i) => expect(cuts[i]).toBeCloseTo(c, 12));
  });

  it("a value on a cut point goes to the better side, in both directions (as quarterOf)", () => {
    // Cuts of 1…10: 2.8, 4.6, 6.4, 8.2.
    expect(quintileOf(1, oneToTen, "higher")).toBe(1);
    expect(quintileOf(3, oneToTen, "higher")).toBe(2);
    expect(quintileOf(5, oneToTen, "lower")).toBe(3);
    expect(quintileOf(8, oneToTen, "higher")).toBe(4);
    expect(quintileOf(10, oneToTen, "lower")).toBe(5);
    // On P20: higher is better → the second fifth from the bottom, not the worst fifth.
    expect(quintileOf(2.8, oneToTen, "higher")).toBe(2);
    // On P20 with lower better → quintile 1, the best fifth.
    expect(quintileOf(2.8, oneToTen, "lower")).toBe(1);
    // On P80: lower is better → quintile 4, not the worst fifth; higher is better → the best.
    expect(quintileOf(8.2, oneToTen, "lower")).toBe(4);
    expect(quintileOf(8.2, oneToTen, "higher")).toBe(5);
    expect(betterSideOf("lowerIsBetter")).toBe("lower");
    expect(betterSideOf("neutral")).toBe("higher");
    expect(quintileOf(NaN, oneToTen, "higher")).toBeNull();
    expect(quintileOf(3, [], "higher")).toBeNull();
    expect(quintileOf(3, [null, NaN], "lower")).toBeNull();
  });

  it("property: the worst fifth is exactly beyond P20 / P80 (the highlight rule's test)", () => {
    // Issue 11, defect 2: a label and the highlight rule ('in the worst fifth of peers') must
    // never disagree, ties included, so values are drawn from a small set to land on cuts often.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 6 }),
        (dist, v) => {
          const [p20, , , p80] = quintileCutsSorted([...dist].sort((a, b) => a - b));
          expect(quintileOf(v, dist, "higher") === 1).toBe(v < p20);
          expect(quintileOf(v, dist, "lower") === 5).toBe(v > p80);
          expect(
            quintileAssessment(quintileOf(v, dist, "lower")!, "lowerIsBetter") === "worst",
          ).toBe(v > p80);
        },
      ),
    );
  });

  it("labels follow polarity", () => {
    expect(quintileAssessment(5, "higherIsBetter")).toBe("best");
    expect(quintileAssessment(5, "lowerIsBetter")).toBe("worst");
    expect(quintileAssessment(1, "lowerIsBetter")).toBe("best");
    expect(quintileAssessment(2, "higherIsBetter")).toBe("worse");
    expect(quintileAssessment(3, "lowerIsBetter")).toBe("middle");
    expect(quintileAssessment(1, "neutral")).toBe("lowest");
    expect(quintileAssessment(4, "neutral")).toBe("high");
  });

  it("falls back to quintiles without an interval and says so", () => {
    const r = benchmark({ value: 9, lower: NaN, upper: NaN }, 5, oneToTen, "lowerIsBetter");
    expect(r).toEqual({ method: "quintile", quintile: 5, assessment: "worst" });
    // On P20 = 2.8 with higher better: the better side (quintile 2, "worse"), not "worst".
    expect(
      benchmark({ value: 2.8, lower: NaN, upper: NaN }, 5, oneToTen, "higherIsBetter"),
    ).toEqual({ method: "quintile", quintile: 2, assessment: "worse" });
    expect(benchmark({ value: NaN, lower: NaN, upper: NaN }, 5, oneToTen, "neutral")).toEqual({
      method: "none",
    });
  });

  it("property: quintile is monotone in the value", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: -200, max: 200, noNaN: true }),
        fc.double({ min: -200, max: 200, noNaN: true }),
        (dist, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          for (const side of ["higher", "lower"] as const)
            expect(quintileOf(lo, dist, side)!).toBeLessThanOrEqual(quintileOf(hi, dist, side)!);
        },
      ),
    );
  });
});
