import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chiSquareQuantile, normalQuantile } from "../../src/stats/distributions.js";
import {
  TREND_CHI_SQUARE_THRESHOLD,
  TREND_INTERVAL_WIDTH_IN_SE,
  recentProportionTrend,
  recentTrend,
  type TrendPoint,
} from "../../src/stats/trend.js";

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

/** Points with SE = se: the 95% interval is value ± Φ⁻¹(0.975)·se. */
function series(values: number[], se = 1): TrendPoint[] {
  const h = (TREND_INTERVAL_WIDTH_IN_SE / 2) * se;
  return values.map((value) => ({ value, lower: value - h, upper: value + h }));
}

describe("recent trend of values with intervals (PHEindicatormethods, value_type 'other')", () => {
  it("threshold is χ²₁ at 99.8% to 4 dp; SE = interval width ÷ 2·Φ⁻¹(0.975), as R's qnorm", () => {
    expect(TREND_CHI_SQUARE_THRESHOLD).toBe(9.5495);
    close(chiSquareQuantile(0.998, 1), 9.549535706083237, 1e-14);
    close(TREND_INTERVAL_WIDTH_IN_SE, 2 * normalQuantile(0.975), 1e-15);
  });

  it("the package's own example (roxygen of assign_trend_markers): decreasing, χ² = 46.7636", () => {
    // Year 1…5, Value 30.6, 30.2, 28, 24.6, 24.67, LL 28.98 … 23.16, UL 32.25 … 26.25.
    // By the reference's raw sums with σ² = ((UL − LL)/3.919928)²: β = (Σ(1/σ²)·Σ(yt/σ²) −
    // Σ(t/σ²)·Σ(y/σ²)) / (Σ(1/σ²)·Σ(t²/σ²) − Σ(t/σ²)²) = −1.7515662226629538,
    // Var(β) = Σ(1/σ²) / (same denominator), χ² = β²/Var(β) = 46.76359716054984 (computed
    // independently in double precision); every leave-one-out β lies in −2.05 … −1.57.
    const value = [30.6, 30.2, 28, 24.6, 24.67];
    const lower = [28.98, 28.63, 26.44, 23.15, 23.16];
    const upper = [32.25, 31.9, 29.64, 26.19, 26.25];
    const r = recentTrend(
      value.map((v, i) => ({ value: v, lower: lower[i]!, upper: upper[i]!, time: i + 1 })),
      "lowerIsBetter",
    );
    close(r.slope, -1.7515662226629538, 1e-9);
    close(r.chiSquare, 46.76359716054984, 1e-9);
    expect(r.trend).toBe("decreasing");
    expect(r.direction).toBe("getting_better");
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
    const h = TREND_INTERVAL_WIDTH_IN_SE / 2;
    const pts = values.map((v, i) => ({
      value: v,
      lower: v - h * ses[i]!,
      upper: v + h * ses[i]!,
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

  it("a leave-one-out slope of exactly zero breaks the trend (R: sign(0) = 0 ≠ 1)", () => {
    // y = 0, 3, 3, 0, 30 at t = 0…4, each ± 1 (equal weights w): t̄ = 2, ȳ = 7.2,
    // Sₜᵧ = (−2)(−7.2) + (−1)(−4.2) + 0 + (1)(−7.2) + (2)(22.8) = 57 (× w), Sₜₜ = 10w, slope 5.7,
    // χ² = 5.7²·10·w = 324.9·w with w = (3.919928/2)². Without the last point, 0, 3, 3, 0 is
    // symmetric about t̄ = 1.5, so its slope is exactly 0: the reference finds sign(0) ≠ sign(5.7),
    // "Outlier found", no significant change.
    const ys = [0, 3, 3, 0, 30];
    const r = recentTrend(ys.map((value) => ({ value, lower: value - 1, upper: value + 1 })));
    close(r.slope, 5.7, 1e-12);
    close(r.chiSquare, 324.9 * (TREND_INTERVAL_WIDTH_IN_SE / 2) ** 2, 1e-12);
    expect(r.trend).toBe("no_significant_change");
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

describe("recent trend of proportions (PHEindicatormethods, value_type 'proportion')", () => {
  const pts = (x: number[], n: number[]) => x.map((xi, i) => ({ x: xi, n: n[i]! }));
  /** The reference's logit slope from raw sums, t = 1…N: (N·Σyt − Σy·Σt) / (N·Σt² − (Σt)²). */
  function logitSlope(x: number[], n: number[]): number {
    const y = x.map((xi, i) => Math.log(xi / n[i]! / (1 - xi / n[i]!)));
    const t = y.map((_, i) => i + 1);
    const N = y.length;
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    return (
      (N * sum(y.map((yi, i) => yi * t[i]!)) - sum(y) * sum(t)) /
      (N * sum(t.map((ti) => ti * ti)) - sum(t) ** 2)
    );
  }

  it("issue 11 series 1: x = 2, 3, 1, 9, 10 of 33, 24, 29, 24, 28 is increasing, X² = 13.12", () => {
    // D = 138, C = 25, Σxt = 97, Σnt = 404, Σnt² = 1474 (t = 1…5):
    // X² = 138·(138·97 − 25·404)² / (25·113·(138·1474 − 404²)) = 1490095848 / 113553700
    //    = 372523962/28388425 = 13.122389213209257 > 9.5495.
    // Logit slope 0.5741; leave-one-out slopes 0.690, 0.639, 0.574, 0.469, 0.530: all positive.
    // The weighted regression on Wilson intervals that the engine used before gave χ² = 8.70
    // (not significant): the two methods differ here.
    const x = [2, 3, 1, 9, 10];
    const n = [33, 24, 29, 24, 28];
    const r = recentProportionTrend(pts(x, n), "higherIsBetter");
    close(r.chiSquare, 372523962 / 28388425, 1e-9);
    expect(r.chiSquare.toFixed(2)).toBe("13.12");
    close(r.slope, logitSlope(x, n), 1e-9);
    close(r.slope, 0.5741191243335484, 1e-9);
    expect(r.trend).toBe("increasing");
    expect(r.direction).toBe("getting_better");
    expect(recentProportionTrend(pts(x, n), "lowerIsBetter").direction).toBe("getting_worse");
  });

  it("issue 11 series 2: x = 93, 90, 78, 71, 87 of 112, 111, 102, 115, 119: no significant change, X² = 9.17", () => {
    // D = 559, C = 419, Σxt = 1226, Σnt = 1695, Σnt² = 6289:
    // X² = 559·(559·1226 − 419·1695)² / (419·140·(559·6289 − 1695²)) = 345778752319 / 37690575160
    //    = 49396964617/5384367880 = 9.174143691125355 < 9.5495.
    // (The old weighted regression on Wilson intervals gave χ² = 9.64: "decreasing".)
    const x = [93, 90, 78, 71, 87];
    const n = [112, 111, 102, 115, 119];
    const r = recentProportionTrend(pts(x, n));
    close(r.chiSquare, 49396964617 / 5384367880, 1e-9);
    expect(r.chiSquare.toFixed(2)).toBe("9.17");
    close(r.slope, logitSlope(x, n), 1e-9);
    expect(r.trend).toBe("no_significant_change");
    expect(r.direction).toBeNull();
  });

  it("X² equals R's prop.trend.test (Armitage 1955) and is unchanged by shifting or scaling time", () => {
    // prop.trend.test: weighted regression of x/n on t with weights n/(p̄(1 − p̄)), p̄ = C/D;
    // X² = b²·Σw(t − t̄)² with b the weighted slope. Recomputed here from that definition.
    const x = [120, 131, 118, 150, 160];
    const n = [400, 410, 395, 420, 415];
    const C = x.reduce((a, b) => a + b, 0);
    const D = n.reduce((a, b) => a + b, 0);
    const pbar = C / D;
    const w = n.map((ni) => ni / (pbar * (1 - pbar)));
    const sw = w.reduce((a, b) => a + b, 0);
    const tbar = w.reduce((a, wi, i) => a + wi * i, 0) / sw;
    const ybar = w.reduce((a, wi, i) => a + wi * (x[i]! / n[i]!), 0) / sw;
    const stt = w.reduce((a, wi, i) => a + wi * (i - tbar) ** 2, 0);
    const sty = w.reduce((a, wi, i) => a + wi * (i - tbar) * (x[i]! / n[i]! - ybar), 0);
    const expected = (sty / stt) ** 2 * stt;
    const r = recentProportionTrend(pts(x, n));
    close(r.chiSquare, expected, 1e-9);
    const years = x.map((xi, i) => ({ x: xi, n: n[i]!, time: 2019 + i }));
    close(recentProportionTrend(years).chiSquare, expected, 1e-9);
    expect(recentProportionTrend(years).trend).toBe(r.trend);
  });

  it("one odd year: significant X² but the logit slope flips without it", () => {
    // 50 of 100 each year, then 90 of 100: X² is large, but leaving out the last year the slope
    // is 0 (no sign): no significant change, as the reference's outlier rule.
    const r = recentProportionTrend(pts([50, 50, 50, 50, 90], [100, 100, 100, 100, 100]));
    expect(r.chiSquare).toBeGreaterThan(TREND_CHI_SQUARE_THRESHOLD);
    expect(r.trend).toBe("no_significant_change");
    const flip = recentProportionTrend(pts([52, 50, 48, 46, 90], [100, 100, 100, 100, 100]));
    expect(flip.chiSquare).toBeGreaterThan(TREND_CHI_SQUARE_THRESHOLD);
    expect(flip.trend).toBe("no_significant_change");
  });

  it("cannot be calculated with too few points, bad counts, all 0% or 100%, or an undefined direction", () => {
    expect(recentProportionTrend(pts([1, 2, 3, 4], [10, 10, 10, 10])).trend).toBe(
      "cannot_be_calculated",
    );
    expect(recentProportionTrend(pts([1, 2, 11, 4, 5], [10, 10, 10, 10, 10])).trend).toBe(
      "cannot_be_calculated",
    );
    expect(recentProportionTrend(pts([1, 2, 3, 4, 5], [10, 10, 0, 10, 10])).trend).toBe(
      "cannot_be_calculated",
    );
    expect(recentProportionTrend(pts([0, 0, 0, 0, 0], [10, 10, 10, 10, 10])).trend).toBe(
      "cannot_be_calculated",
    );
    expect(recentProportionTrend(pts([9, 9, 9, 9, 9], [9, 9, 9, 9, 9])).trend).toBe(
      "cannot_be_calculated",
    );
    // A 0% year and a significant rise: logit(0) = −∞, so the reference has no direction.
    const zero = recentProportionTrend(pts([0, 10, 20, 30, 40], [100, 100, 100, 100, 100]));
    expect(zero.chiSquare).toBeGreaterThan(TREND_CHI_SQUARE_THRESHOLD);
    expect(zero.trend).toBe("cannot_be_calculated");
    // A 0% year without a significant X² is simply no significant change, as in the reference.
    const flat = recentProportionTrend(pts([0, 1, 0, 1, 1], [100, 100, 100, 100, 100]));
    expect(flat.trend).toBe("no_significant_change");
    expect(flat.slope).toBeNaN();
  });

  it("uses the last 5 points", () => {
    const x = [2, 3, 1, 9, 10];
    const n = [33, 24, 29, 24, 28];
    const r = recentProportionTrend([{ x: 500, n: 501 }, ...pts(x, n)]);
    close(r.chiSquare, 372523962 / 28388425, 1e-9);
  });

  it("property: reversing time reverses the trend; X² never negative", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .integer({ min: 1, max: 5000 })
            .chain((n) => fc.tuple(fc.nat({ max: n }), fc.constant(n))),
          { minLength: 5, maxLength: 5 },
        ),
        (cells) => {
          const a = recentProportionTrend(cells.map(([x, n]) => ({ x, n })));
          const b = recentProportionTrend([...cells].reverse().map(([x, n]) => ({ x, n })));
          const flip = { increasing: "decreasing", decreasing: "increasing" } as Record<
            string,
            string
          >;
          expect(b.trend).toBe(flip[a.trend] ?? a.trend);
          if (a.trend !== "cannot_be_calculated") expect(a.chiSquare).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it("false alarms on stationary binomial years stay under the nominal 0.2%", () => {
    // 20,000 series of 5 years, each year Binomial(n = 200…2,000, p = 0.3) with a fixed seed:
    // under the null X² ~ χ²₁, so P(X² > 9.5495) = 0.2%; the leave-one-out rule only lowers it.
    // Measured with this seed: 35 of 20,000 over the threshold, 34 flagged (0.17%).
    let seed = 20240611;
    const rand = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    const binomial = (n: number, p: number) => {
      // Normal approximation with continuity, clipped: adequate for n ≥ 200, p = 0.3.
      const u1 = rand() || 1e-12;
      const u2 = rand();
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return Math.min(n, Math.max(0, Math.round(n * p + z * Math.sqrt(n * p * (1 - p)))));
    };
    let flagged = 0;
    const runs = 20000;
    for (let k = 0; k < runs; k++) {
      const years = Array.from({ length: 5 }, () => {
        const n = 200 + Math.floor(rand() * 1800);
        return { x: binomial(n, 0.3), n };
      });
      const t = recentProportionTrend(years).trend;
      if (t === "increasing" || t === "decreasing") flagged++;
    }
    expect(flagged / runs).toBeLessThan(0.003);
  });
});
