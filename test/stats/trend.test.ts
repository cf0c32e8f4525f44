import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquareQuantile } from "../../src/stats/distributions.js";
import { countLimits, wilsonLimits } from "../../src/stats/intervals.js";
import {
  TREND_CHI_SQUARE_THRESHOLD,
  proportionChange,
  rateChange,
  recentTrend,
  type TrendPoint,
} from "../../src/stats/trend.js";

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

/** Points with SE = se: the 95% interval is value ± 1.96·se, so (upper − lower)/3.92 = se. */
function series(values: number[], se = 1): TrendPoint[] {
  return values.map((value) => ({ value, lower: value - 1.96 * se, upper: value + 1.96 * se }));
}

describe("recent trend (Fingertips)", () => {
  it("threshold is χ²₁ at 99.8% to 4 dp", () => {
    expect(TREND_CHI_SQUARE_THRESHOLD).toBe(9.5495);
    close(chiSquareQuantile(0.998, 1), 9.549535706083237, 1e-14);
  });

  it("a steady rise is increasing (worked by hand)", () => {
    // t = 0…4, t̄ = 2, w = 1, y = 10…18, ȳ = 14.
    // Sₜₜ = 4 + 1 + 0 + 1 + 4 = 10; Sₜᵧ = (−2)(−4) + (−1)(−2) + 0 + (1)(2) + (2)(4) = 20.
    // slope = 20/10 = 2; χ² = 2²·10 = 40 > 9.5495; every leave-one-out slope is 2.
    const r = recentTrend(series([10, 12, 14, 16, 18]), "higherIsBetter");
    close(r.slope, 2, 1e-12);
    close(r.chiSquare, 40, 1e-12);
    expect(r.trend).toBe("increasing");
    expect(r.direction).toBe("getting_better");
    expect(recentTrend(series([10, 12, 14, 16, 18]), "lowerIsBetter").direction).toBe(
      "getting_worse",
    );
    expect(recentTrend(series([10, 12, 14, 16, 18])).direction).toBeNull();
    const down = recentTrend(series([18, 16, 14, 12, 10]), "lowerIsBetter");
    expect(down.trend).toBe("decreasing");
    expect(down.direction).toBe("getting_better");
  });

  it("a small slope is not significant", () => {
    // y = 10, 10.5, 10, 10.5, 11; ȳ = 10.4; Sₜᵧ = 0.8 − 0.1 + 0 + 0.1 + 1.2 = 2 → slope 0.2,
    // χ² = 0.04·10 = 0.4.
    const r = recentTrend(series([10, 10.5, 10, 10.5, 11]));
    close(r.slope, 0.2, 1e-12);
    close(r.chiSquare, 0.4, 1e-12);
    expect(r.trend).toBe("no_significant_change");
  });

  it("one odd point: significant χ² but the slope flips without it", () => {
    // y = 0.5, 0, 0.5, 0, 10: ȳ = 2.2, Sₜᵧ = 3.4 + 2.2 + 0 − 2.2 + 15.6 = 19 → slope 1.9, χ² = 36.1;
    // without the last point the slope is −0.5/5 = −0.1 (t̄ = 1.5, Sₜᵧ = −0.5, Sₜₜ = 5).
    const r = recentTrend(series([0.5, 0, 0.5, 0, 10]));
    close(r.chiSquare, 36.1, 1e-12);
    expect(r.trend).toBe("no_significant_change");
  });

  it("weights by 1/SE² (explicit weighted regression)", () => {
    const values = [5, 5.4, 6.1, 6.3, 7.2];
    const ses = [0.2, 0.1, 0.3, 0.15, 0.25];
    const pts = values.map((v, i) => ({
      value: v,
      lower: v - 1.96 * ses[i]!,
      upper: v + 1.96 * ses[i]!,
    }));
    const w = ses.map((s) => 1 / (s * s));
    const sw = w.reduce((a, b) => a + b, 0);
    const tbar = w.reduce((a, wi, i) => a + wi * i, 0) / sw;
    const ybar = w.reduce((a, wi, i) => a + wi * values[i]!, 0) / sw;
    const stt = w.reduce((a, wi, i) => a + wi * (i - tbar) ** 2, 0);
    const sty = w.reduce((a, wi, i) => a + wi * (i - tbar) * (values[i]! - ybar), 0);
    const r = recentTrend(pts);
    close(r.slope, sty / stt, 1e-12);
    close(r.chiSquare, (sty / stt) ** 2 * stt, 1e-10);
    expect(r.trend).toBe("increasing");
  });

  it("uses the last 5 points and honours given times", () => {
    const r = recentTrend(series([100, -50, 10, 12, 14, 16, 18]));
    close(r.slope, 2, 1e-12);
    const t = recentTrend(series([10, 12, 14, 16, 18]).map((p, i) => ({ ...p, time: 2 * i })));
    close(t.slope, 1, 1e-12);
  });

  it("cannot be calculated with fewer than 5 points or unusable ones", () => {
    expect(recentTrend(series([1, 2, 3, 4])).trend).toBe("cannot_be_calculated");
    expect(recentTrend([]).trend).toBe("cannot_be_calculated");
    expect(recentTrend(series([1, 2, NaN, 4, 5])).trend).toBe("cannot_be_calculated");
    const zeroWidth = series([1, 2, 3, 4, 5]);
    zeroWidth[2] = { value: 3, lower: 3, upper: 3 };
    expect(recentTrend(zeroWidth).trend).toBe("cannot_be_calculated");
  });

  it("a leave-one-out slope within rounding error of zero counts as zero, in either time order", () => {
    // Leaving out the last point leaves 0, a, b, 0 with a ≈ b: a slope of ½(b − a) ≈ 1e-14,
    // which floating point may round to either sign. Found by the property below.
    const ys = [0, 99.99999999999993, 99.9999999999999, 0, 0];
    expect(recentTrend(series(ys)).trend).toBe("no_significant_change");
    expect(recentTrend(series([...ys].reverse())).trend).toBe("no_significant_change");
  });

  it("property: reversing time reverses the trend", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 5, maxLength: 5 }),
        (ys) => {
          const a = recentTrend(series(ys));
          const b = recentTrend(series([...ys].reverse()));
          const flip = { increasing: "decreasing", decreasing: "increasing" } as Record<
            string,
            string
          >;
          expect(b.trend).toBe(flip[a.trend] ?? a.trend);
        },
      ),
    );
  });
});

describe("change since baseline", () => {
  it("proportions: Newcombe's hybrid score interval (his example 56/70 vs 48/80, reversed)", () => {
    const z = 1.959964;
    const w1 = wilsonLimits(56, 70, z);
    const w2 = wilsonLimits(48, 80, z);
    const p1 = 0.8;
    const p2 = 0.6;
    const d = p2 - p1;
    const lower = d - Math.sqrt((p2 - w2.lower) ** 2 + (w1.upper - p1) ** 2);
    const upper = d + Math.sqrt((w2.upper - p2) ** 2 + (p1 - w1.lower) ** 2);
    const c = proportionChange(56, 70, 48, 80);
    close(c.value, -0.2, 1e-15);
    close(c.lower, lower, 1e-15);
    close(c.upper, upper, 1e-15);
    // Newcombe (1998) Table II: 0.0524 to 0.3339 for 56/70 − 48/80.
    close(c.lower, -0.3338726550160079, 1e-12);
    close(c.upper, -0.05243147121804567, 1e-12);
    expect(c.change).toBe("decrease");
    expect(proportionChange(48, 80, 56, 70).change).toBe("increase");
    expect(proportionChange(5, 10, 6, 10).change).toBe("no_significant_change");
    expect(proportionChange(5, 0, 6, 10).change).toBe("cannot_be_calculated");
  });

  it("proportions: edge cases x = 0 and x = n", () => {
    const c = proportionChange(0, 20, 20, 20);
    close(c.value, 1, 1e-15);
    expect(c.upper).toBeLessThanOrEqual(1 + 1e-15);
    expect(c.change).toBe("increase");
  });

  it("rates: MOVER with each rate's own interval", () => {
    const a = countLimits(5);
    const b = countLimits(20);
    const s1 = 100_000 / 20_000;
    const s2 = 100_000 / 25_000;
    const v1 = 5 * s1;
    const v2 = 20 * s2;
    const c = rateChange(5, 20_000, 20, 25_000, 100_000);
    close(c.value, v2 - v1, 1e-12);
    close(c.lower, v2 - v1 - Math.sqrt((v2 - b.lower * s2) ** 2 + (a.upper * s1 - v1) ** 2), 1e-12);
    close(c.upper, v2 - v1 + Math.sqrt((b.upper * s2 - v2) ** 2 + (v1 - a.lower * s1) ** 2), 1e-12);
    // 25 → 80 per 100 000: lower = 55 − √((80 − 48.9…)² + (58.3… − 25)²) ≈ 9.4 > 0.
    expect(c.change).toBe("increase");
    expect(rateChange(10, 1000, 12, 1000).change).toBe("no_significant_change");
    expect(rateChange(100, 1000, 10, 1000).change).toBe("decrease");
    expect(rateChange(5, 0, 20, 100).change).toBe("cannot_be_calculated");
  });

  it("property: the interval contains the difference", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.nat(),
        fc.nat(),
        (n1, n2, a, b) => {
          const c = proportionChange(a % (n1 + 1), n1, b % (n2 + 1), n2);
          expect(c.lower).toBeLessThanOrEqual(c.value);
          expect(c.value).toBeLessThanOrEqual(c.upper);
          expect(c.lower).toBeGreaterThanOrEqual(-1 - 1e-12);
          expect(c.upper).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
    );
  });
});
