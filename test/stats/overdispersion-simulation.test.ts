/**
 * Why the overdispersion estimate has no floor of about 20 units (docs/statistics.md,
 * "Overdispersion"; issue 11, defect 6): a simulation of funnels whose units differ by τ beyond
 * sampling error, at population sizes from 5 (fewer than any NHS provider kind) to 140 (acute
 * trusts). It measures the share of units outside the 99.8% limits: with the limits widened by
 * the estimate, about 1% at every size; with exact limits (what refusing to estimate below 20
 * would draw), half or more. And with no overdispersion the test keeps the exact limits.
 */
import { describe, expect, it } from "vitest";
import { funnelAnalysis } from "../../src/stats/index.js";
import { Random } from "../../src/stats/random.js";

/** Share of units outside the 99.8% limits, adjusted and exact, and of runs that widened. */
function simulate(seed: number, units: number, tau: number, totalUnits = 6000) {
  const random = new Random(seed);
  const runs = Math.ceil(totalUnits / units);
  let outsideAdjusted = 0;
  let outsideExact = 0;
  let widened = 0;
  for (let r = 0; r < runs; r++) {
    const x: number[] = [];
    const n: number[] = [];
    for (let i = 0; i < units; i++) {
      const size = Math.round(random.between(4000, 16000));
      const p = Math.min(0.99, Math.max(0.01, 0.75 + tau * random.normal()));
      // Binomial(size, p) by its normal approximation (size·p ≥ 1,000 here).
      const count = Math.round(size * p + Math.sqrt(size * p * (1 - p)) * random.normal());
      n.push(size);
      x.push(Math.min(size, Math.max(0, count)));
    }
    const adjusted = funnelAnalysis(x, n, { measure: "proportion", method: "exact" });
    const exact = funnelAnalysis(x, n, {
      measure: "proportion",
      method: "exact",
      overdispersion: false,
    });
    if (adjusted.adjusted) widened++;
    outsideAdjusted += adjusted.units.position998.filter((p) => p !== "inside").length;
    outsideExact += exact.units.position998.filter((p) => p !== "inside").length;
  }
  const total = runs * units;
  return {
    adjusted: outsideAdjusted / total,
    exact: outsideExact / total,
    widenedRuns: widened / runs,
  };
}

describe("the overdispersion adjustment at every population size", () => {
  for (const units of [5, 8, 12, 20, 40, 140]) {
    it(`${units} units differing by τ = 2 points: about 1% outside the adjusted 99.8% limits, half outside exact ones`, () => {
      const s = simulate(units, units, 0.02);
      expect(s.widenedRuns).toBeGreaterThan(0.9);
      expect(s.adjusted).toBeLessThan(0.02);
      expect(s.exact).toBeGreaterThan(0.4);
    });
  }

  it("units differing by sampling error only: limits stay exact (≤ 5% of runs widen)", () => {
    for (const units of [8, 40]) {
      const s = simulate(100 + units, units, 0);
      expect(s.widenedRuns).toBeLessThanOrEqual(0.05);
      expect(s.adjusted).toBeLessThan(0.005);
    }
  });
});
