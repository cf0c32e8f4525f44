import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  byarLimits,
  countInterval,
  countLimits,
  proportionInterval,
  proportionIntervalsInto,
  rateInterval,
  rateIntervalsInto,
  wilsonLimits,
} from "../../src/stats/intervals.js";
import { Z95, Z998, zForLevel } from "../../src/stats/levels.js";

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

describe("levels", () => {
  it("uses PHE's 6-decimal z values for 95% and 99.8%", () => {
    expect(zForLevel(0.95)).toBe(1.959964);
    expect(zForLevel(0.998)).toBe(3.090232);
    expect([Z95, Z998]).toEqual([1.959964, 3.090232]);
    close(zForLevel(0.9), 1.6448536269514722, 1e-15);
    expect(zForLevel(1)).toBeNaN();
  });
});

describe("Wilson score interval", () => {
  it("81/263 at 95%, worked from the formula", () => {
    const x = 81;
    const n = 263;
    const z = 1.959964;
    const root = Math.sqrt(z * z + 4 * x * (1 - x / n));
    const lower = (2 * x + z * z - z * root) / (2 * (n + z * z));
    const upper = (2 * x + z * z + z * root) / (2 * (n + z * z));
    const e = proportionInterval(81, 263);
    close(e.value, 81 / 263, 1e-15);
    close(e.lower, lower, 1e-15);
    close(e.upper, upper, 1e-15);
    // Literal values (30-digit arithmetic): 0.2552885194890158, 0.3662095774580195.
    close(e.lower, 0.2552885194890158, 1e-12);
    close(e.upper, 0.3662095774580195, 1e-12);
    // 99.8% with z = 3.090232.
    const e998 = proportionInterval(81, 263, 0.998);
    close(e998.lower, 0.2280357472922181, 1e-12);
    close(e998.upper, 0.4013894122863261, 1e-12);
  });

  it("x = 0 gives lower 0 and x = n gives upper 1", () => {
    const zero = proportionInterval(0, 20);
    expect(zero.lower).toBe(0);
    // x = 0: upper = 2z²/(2(n + z²)) = z²/(n + z²).
    close(zero.upper, (Z95 * Z95) / (20 + Z95 * Z95), 1e-15);
    const all = proportionInterval(20, 20);
    expect(all.upper).toBe(1);
    close(all.lower, 20 / (20 + Z95 * Z95), 1e-15);
  });

  it("invalid input gives NaN", () => {
    for (const [x, n] of [
      [0, 0],
      [5, 4],
      [-1, 4],
      [NaN, 4],
      [1, NaN],
      [1, Infinity],
    ] as const) {
      const e = proportionInterval(x, n);
      expect(e.value).toBeNaN();
      expect(e.lower).toBeNaN();
      expect(e.upper).toBeNaN();
    }
  });

  it("bulk version writes the same limits", () => {
    const x = [0, 81, 5, 3, 10];
    const n = [20, 263, 0, 2, 10];
    const lo = new Float64Array(5);
    const hi = new Float64Array(5);
    proportionIntervalsInto(x, n, 0.95, lo, hi);
    for (let i = 0; i < 5; i++) {
      const w = wilsonLimits(x[i]!, n[i]!, Z95);
      expect(lo[i]).toBe(w.lower);
      expect(hi[i]).toBe(w.upper);
    }
    expect(lo[2]).toBeNaN();
  });

  it("properties: lower ≤ p ≤ upper within [0, 1], 99.8% contains 95%", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, f) => {
          const x = Math.round(f * n);
          const a = proportionInterval(x, n, 0.95);
          const b = proportionInterval(x, n, 0.998);
          expect(a.lower).toBeGreaterThanOrEqual(0);
          expect(a.upper).toBeLessThanOrEqual(1);
          expect(a.lower).toBeLessThanOrEqual(a.value);
          expect(a.value).toBeLessThanOrEqual(a.upper);
          expect(b.lower).toBeLessThanOrEqual(a.lower);
          expect(b.upper).toBeGreaterThanOrEqual(a.upper);
        },
      ),
    );
  });
});

describe("count and rate intervals", () => {
  it("Byar's approximation for x ≥ 10, worked from the formula", () => {
    const x = 10;
    const z = 1.959964;
    const lower = x * Math.pow(1 - 1 / (9 * x) - z / (3 * Math.sqrt(x)), 3);
    const upper = (x + 1) * Math.pow(1 - 1 / (9 * (x + 1)) + z / (3 * Math.sqrt(x + 1)), 3);
    const c = countLimits(10);
    close(c.lower, lower, 1e-15);
    close(c.upper, upper, 1e-15);
    close(c.lower, 4.787449884048765, 1e-12);
    close(c.upper, 18.39145867798687, 1e-12);
    expect(byarLimits(10, Z95)).toEqual(c);
    // 99.8%, x = 100.
    const c998 = countLimits(100, 0.998);
    close(c998.lower, 100 * Math.pow(1 - 1 / 900 - 3.090232 / 30, 3), 1e-15);
    close(c998.upper, 101 * Math.pow(1 - 1 / 909 + 3.090232 / (3 * Math.sqrt(101)), 3), 1e-15);
  });

  it("exact Poisson limits below 10 (chi-square table values)", () => {
    // x = 0: lower 0, upper solves e^(−μ) = 0.025.
    expect(countLimits(0).lower).toBe(0);
    close(countLimits(0).upper, -Math.log(0.025), 1e-14);
    close(countLimits(0).upper, 3.688879454113936, 1e-14);
    close(countLimits(1).lower, 0.025317807984289876, 1e-14);
    close(countLimits(1).upper, 5.571643390938898, 1e-13);
    close(countLimits(5).lower, 1.6234863901184207, 1e-12);
    close(countLimits(5).upper, 11.66833207932267, 1e-12);
    close(countLimits(9).lower, 4.115373097378334, 1e-12);
    close(countLimits(9).upper, 17.08480345141917, 1e-12);
    close(countLimits(9, 0.998).upper, 22.657373309062933, 1e-12);
    // Non-integer counts below 10 use the exact formula too.
    expect(countLimits(9.5).upper).toBeGreaterThan(countLimits(9).upper);
  });

  it("switches method at 10: exact for 9, Byar for 10", () => {
    const z = Z95;
    expect(countLimits(9).lower).not.toBeCloseTo(9 * Math.pow(1 - 1 / 81 - z / 9, 3), 6);
    expect(countLimits(10).lower).toBe(byarLimits(10, z).lower);
  });

  it("rates: divide by the denominator and multiply by the multiplier", () => {
    // 5 events in 20 000 people per 100 000: 25 [1.62348639…·5, 11.6683320…·5].
    const r = rateInterval(5, 20_000, 100_000);
    close(r.value, 25, 1e-15);
    close(r.lower, (1.6234863901184207 / 20_000) * 100_000, 1e-12);
    close(r.upper, (11.66833207932267 / 20_000) * 100_000, 1e-12);
    // x = 0: lower 0.
    const zero = rateInterval(0, 1000, 1000);
    expect(zero.value).toBe(0);
    expect(zero.lower).toBe(0);
    close(zero.upper, 3.688879454113936, 1e-14);
    expect(rateInterval(5, 0).value).toBeNaN();
    expect(rateInterval(-1, 10).upper).toBeNaN();
    expect(rateInterval(NaN, 10).upper).toBeNaN();
    expect(countInterval(NaN).value).toBeNaN();
    expect(countInterval(3).value).toBe(3);
  });

  it("bulk version writes the same values", () => {
    const x = [0, 3, 9.5, 10, 250, -1];
    const d = [100, 1000, 1000, 1000, 5e4, 10];
    const v = new Float64Array(6);
    const lo = new Float64Array(6);
    const hi = new Float64Array(6);
    rateIntervalsInto(x, d, 1000, 0.998, v, lo, hi);
    for (let i = 0; i < 5; i++) {
      const r = rateInterval(x[i]!, d[i]!, 1000, 0.998);
      expect(v[i]).toBe(r.value);
      expect(lo[i]).toBe(r.lower);
      expect(hi[i]).toBe(r.upper);
    }
    expect(v[5]).toBeNaN();
  });

  it("properties: lower ≤ value ≤ upper; 99.8% contains 95%", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        (x, d) => {
          const a = rateInterval(x, d, 100_000, 0.95);
          const b = rateInterval(x, d, 100_000, 0.998);
          expect(a.lower).toBeGreaterThanOrEqual(0);
          expect(a.lower).toBeLessThanOrEqual(a.value);
          expect(a.value).toBeLessThan(a.upper);
          expect(b.lower).toBeLessThanOrEqual(a.lower);
          expect(b.upper).toBeGreaterThanOrEqual(a.upper);
        },
      ),
    );
  });

  it("is fast enough for bulk recomputation", () => {
    const m = 200_000;
    const x = new Float64Array(m);
    const n = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      x[i] = i % 37;
      n[i] = 100 + (i % 1000);
    }
    const a = new Float64Array(m);
    const b = new Float64Array(m);
    const c = new Float64Array(m);
    const t0 = performance.now();
    proportionIntervalsInto(x, n, 0.95, a, b);
    rateIntervalsInto(x, n, 1000, 0.95, a, b, c);
    // Generous bound (shared CI machines); typically a few milliseconds.
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
