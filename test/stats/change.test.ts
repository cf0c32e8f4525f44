import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countLimits, wilsonLimits } from "../../src/stats/intervals.js";
import { proportionChange, rateChange } from "../../src/stats/change.js";

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

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
