import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assess,
  benchmark,
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

  it("quintile = 1 + number of cut points strictly below the value", () => {
    expect(quintileOf(1, oneToTen)).toBe(1);
    expect(quintileOf(2.8, oneToTen)).toBe(1);
    expect(quintileOf(3, oneToTen)).toBe(2);
    expect(quintileOf(5, oneToTen)).toBe(3);
    expect(quintileOf(8, oneToTen)).toBe(4);
    expect(quintileOf(10, oneToTen)).toBe(5);
    expect(quintileOf(NaN, oneToTen)).toBeNull();
    expect(quintileOf(3, [])).toBeNull();
    expect(quintileOf(3, [null, NaN])).toBeNull();
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
          expect(quintileOf(lo, dist)!).toBeLessThanOrEqual(quintileOf(hi, dist)!);
        },
      ),
    );
  });
});
