import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binomialCdf } from "../../src/stats/distributions.js";
import {
  binomialFunnelLimits,
  funnelAnalysis,
  funnelCurve,
  funnelDispersion,
  funnelLimitsInto,
  funnelPosition,
  overdispersion,
  proportionFunnelLimits,
  rateFunnelLimits,
} from "../../src/stats/funnel.js";

function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}

describe("funnel limits", () => {
  it("proportion, normal approximation: p₀ ± z·√(p₀(1 − p₀)/n)", () => {
    // p₀ = 0.2, n = 100: SE = √(0.16/100) = 0.04.
    const l = proportionFunnelLimits(0.2, 100, 0.95);
    close(l.lower, 0.2 - 1.959964 * 0.04, 1e-15);
    close(l.upper, 0.2 + 1.959964 * 0.04, 1e-15);
    close(l.lower, 0.12160144, 1e-14);
    const l998 = proportionFunnelLimits(0.2, 100, 0.998);
    close(l998.upper, 0.2 + 3.090232 * 0.04, 1e-15);
    // Clipped to [0, 1] at small n.
    expect(proportionFunnelLimits(0.05, 5).lower).toBe(0);
    expect(proportionFunnelLimits(0.95, 5).upper).toBe(1);
  });

  it("proportion, exact binomial with Spiegelhalter's interpolation (worked by hand)", () => {
    // Bin(10, ½): F(1) = 11/1024, F(2) = 56/1024 → r = 2 for q = 0.025;
    // a = (F(2) − 0.025)/(F(2) − F(1)); lower = (2 − a)/10.
    const aLow = (56 / 1024 - 0.025) / (45 / 1024);
    // F(7) = 968/1024, F(8) = 1013/1024 → r = 8 for q = 0.975.
    const aHigh = (1013 / 1024 - 0.975) / (45 / 1024);
    const l = binomialFunnelLimits(0.5, 10, 0.95);
    close(l.lower, (2 - aLow) / 10, 1e-13);
    close(l.lower, 0.13244444444444445, 1e-12);
    close(l.upper, (8 - aHigh) / 10, 1e-13);
    expect(proportionFunnelLimits(0.5, 10, 0.95, "exact")).toEqual(l);
    expect(binomialFunnelLimits(0, 10)).toEqual({ lower: 0, upper: 0 });
    expect(binomialFunnelLimits(0.5, 0).lower).toBeNaN();
  });

  it("exact binomial limit satisfies its definition for random cases", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (n, p0) => {
          const { lower } = binomialFunnelLimits(p0, n, 0.998);
          const r = Math.ceil(lower * n - 1e-9); // r_q, as lower = (r − a)/n with 0 ≤ a < 1
          expect(binomialCdf(r, n, p0)).toBeGreaterThanOrEqual(0.001 - 1e-12);
          if (r > 0) expect(binomialCdf(r - 1, n, p0)).toBeLessThan(0.001 + 1e-12);
        },
      ),
    );
  });

  it("rate: exact Poisson limits of the expected count, divided by n", () => {
    // r₀ = 0.001, n = 5000 → E = 5: χ² limits 1.6234863901…, 11.6683320793….
    const l = rateFunnelLimits(0.001, 5000, 0.95);
    close(l.lower, 1.6234863901184207 / 5000, 1e-12);
    close(l.upper, 11.66833207932267 / 5000, 1e-12);
    // Normal alternative: r₀ ± z√(r₀/n).
    const n = rateFunnelLimits(0.001, 5000, 0.95, "normal");
    close(n.upper, 0.001 + 1.959964 * Math.sqrt(0.001 / 5000), 1e-15);
    expect(rateFunnelLimits(0.001, 0).lower).toBeNaN();
    expect(rateFunnelLimits(0, 100).lower).toBe(0);
  });

  it("bulk limits equal the one-at-a-time ones", () => {
    const ns = [5, 50, 500, 0, 5000];
    const lo = new Float64Array(5);
    const hi = new Float64Array(5);
    for (const method of ["normal", "exact"] as const) {
      for (const measure of ["proportion", "rate"] as const) {
        funnelLimitsInto(measure, 0.3, ns, 0.998, method, 0, lo, hi);
        ns.forEach((n, i) => {
          const l =
            measure === "proportion"
              ? proportionFunnelLimits(0.3, n, 0.998, method)
              : rateFunnelLimits(0.3, n, 0.998, method);
          expect([lo[i], hi[i]]).toEqual([l.lower, l.upper]);
        });
      }
    }
  });

  it("properties: limits contain the target, 99.8% contains 95%, funnel narrows with n", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom("normal" as const, "exact" as const),
        (p0, n, method) => {
          const a = proportionFunnelLimits(p0, n, 0.95, method);
          const b = proportionFunnelLimits(p0, n, 0.998, method);
          expect(a.lower).toBeGreaterThanOrEqual(0);
          expect(a.upper).toBeLessThanOrEqual(1);
          expect(a.lower).toBeLessThanOrEqual(a.upper);
          // Discrete exact limits can both sit below p₀ when n·p₀ is tiny (0 events is then
          // the 97.5% quantile), so containment of the target is a property of the normal form.
          if (method === "normal") {
            expect(a.lower).toBeLessThanOrEqual(p0);
            expect(a.upper).toBeGreaterThanOrEqual(p0);
          }
          expect(b.lower).toBeLessThanOrEqual(a.lower + 1e-12);
          expect(b.upper).toBeGreaterThanOrEqual(a.upper - 1e-12);
          const r = rateFunnelLimits(p0, n, 0.95);
          const r2 = rateFunnelLimits(p0, 4 * n, 0.95);
          expect(r.lower).toBeLessThanOrEqual(p0);
          expect(r.upper).toBeGreaterThan(p0);
          expect(r2.upper - r2.lower).toBeLessThan(r.upper - r.lower);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("curve: log-spaced denominators from nMin to nMax", () => {
    const c = funnelCurve({ measure: "proportion", target: 0.2, nMin: 10, nMax: 1000, points: 3 });
    expect(Array.from(c.n)).toEqual([10, expect.closeTo(100, 9), 1000]);
    close(c.upper95[2]!, 0.2 + 1.959964 * Math.sqrt(0.16 / 1000), 1e-15);
    close(c.lower998[0]!, Math.max(0, 0.2 - 3.090232 * Math.sqrt(0.16 / 10)), 1e-15);
    const lin = funnelCurve({
      measure: "rate",
      target: 0.01,
      nMin: 0,
      nMax: 1000,
      points: 5,
      spacing: "linear",
    });
    expect(Array.from(lin.n)).toEqual([0, 250, 500, 750, 1000]);
    expect(lin.lower95[0]).toBeNaN(); // n = 0 has no limit
    close(lin.upper95[4]!, rateFunnelLimits(0.01, 1000).upper, 1e-15);
    expect(funnelCurve({ measure: "rate", target: 0.01, nMin: 1, nMax: 1e6 }).n).toHaveLength(200);
  });
});

describe("overdispersion (Spiegelhalter)", () => {
  it("winsorises z at type-7 P10/P90 and estimates φ and τ² (worked by hand)", () => {
    // p₀ = 0.5, n = 100 for all 5 units → SE = √(0.25/100) = 0.05, w = 1/0.0025 = 400.
    // y = 0.30, 0.45, 0.50, 0.55, 0.80 → z = −4, −1, 0, 1, 6.
    // P10: h = 4·0.1 = 0.4 → −4 + 0.4·(−1 − (−4)) = −2.8; P90: h = 3.6 → 1 + 0.6·(6 − 1) = 4.
    // Winsorised z = −2.8, −1, 0, 1, 4; Σz² = 7.84 + 1 + 0 + 1 + 16 = 25.84; φ = 5.168.
    // Nφ = 25.84 > N − 1 = 4 → τ² = (25.84 − 4)/(2000 − 5·400²/2000) = 21.84/1600 = 0.01365.
    const od = overdispersion([0.3, 0.45, 0.5, 0.55, 0.8], [0.05, 0.05, 0.05, 0.05, 0.05], 0.5);
    close(od.zLow, -2.8, 1e-12);
    close(od.zHigh, 4, 1e-12);
    close(od.phi, 25.84 / 5, 1e-12);
    close(od.tau2, 21.84 / 1600, 1e-12);
    // The test: Nφ = 25.84 against χ² with 4 df; scipy.stats.chi2.sf(25.84, 4).
    close(od.statistic, 25.84, 1e-12);
    close(od.pValue, 3.4084311764530344e-5, 1e-9 * 3.4e-5);
    expect(od.adjusted).toBe(true);
    expect(od.count).toBe(5);

    const fa = funnelAnalysis([30, 45, 50, 55, 80], [100, 100, 100, 100, 100], {
      measure: "proportion",
      target: 0.5,
    });
    close(fa.phi, 5.168, 1e-12);
    close(fa.tau2, 0.01365, 1e-12);
    expect(fa.adjusted).toBe(true);
    expect(fa.method).toBe("normal");
    // Adjusted limits: 0.5 ± z·√(0.0025 + 0.01365).
    close(fa.units.upper95[0]!, 0.5 + 1.959964 * Math.sqrt(0.0025 + 0.01365), 1e-12);
    close(fa.units.lower998[0]!, 0.5 - 3.090232 * Math.sqrt(0.0025 + 0.01365), 1e-12);
    // 95%: 0.5 ± 1.959964·0.12708 = [0.2509, 0.7491] → 0.8 above; 99.8%: [0.1073, 0.8927].
    expect(fa.units.position95).toEqual(["inside", "inside", "inside", "inside", "above"]);
    expect(fa.units.position998).toEqual(["inside", "inside", "inside", "inside", "inside"]);
    close(fa.units.z[4]!, 6, 1e-12);
  });

  it("does not adjust when Nφ ≤ N − 1", () => {
    // z = −1, 0, 1 for SE = 0.05: φ = (1 + 0 + 1)/3 after winsorising at −0.8, 0.8 → Σz² = 1.28.
    const od = overdispersion([0.45, 0.5, 0.55], [0.05, 0.05, 0.05], 0.5);
    close(od.phi, (0.64 + 0 + 0.64) / 3, 1e-12);
    expect(od.tau2).toBe(0);
    expect(od.adjusted).toBe(false);
  });

  it("adjusts only when Nφ is significant against χ² with N − 1 df (p < 0.05)", () => {
    // z = −2, −1, 0, 1, 2 (SE 0.1): winsorised at ±1.6, Σz² = 7.12, Nφ = 7.12 > N − 1 = 4, but
    // P(χ²₄ ≥ 7.12) = 0.12968104069668132 (scipy.stats.chi2.sf): sampling error explains it.
    const y = [0.1, 0.2, 0.3, 0.4, 0.5];
    const se = [0.1, 0.1, 0.1, 0.1, 0.1];
    const od = overdispersion(y, se, 0.3);
    close(od.phi, 1.424, 1e-12);
    close(od.pValue, 0.12968104069668132, 1e-9 * 0.13);
    expect(od.adjusted).toBe(false);
    expect(od.tau2).toBe(0);
    // Without the test (α = 1: whenever Nφ > N − 1, as FunnelPlotR): τ² = 3.12/400.
    const untested = overdispersion(y, se, 0.3, 1);
    close(untested.tau2, 0.0078, 1e-12);
    expect(untested.adjusted).toBe(true);
    // A funnel over the same units keeps its exact limits.
    const fa = funnelAnalysis([2.1, 4.2, 6.3, 8.4, 10.5], [21, 21, 21, 21, 21], {
      measure: "proportion",
      target: 0.3,
      method: "exact",
    });
    expect(fa.adjusted).toBe(false);
    expect(fa.method).toBe("exact");
    close(fa.units.lower95[0]!, binomialFunnelLimits(0.3, 21).lower, 1e-15);
  });

  it("skips unusable units and needs two", () => {
    const od = overdispersion([0.5, NaN, 0.4], [0.05, 0.05, 0], 0.5);
    expect(od.count).toBe(1);
    expect(od.phi).toBeNaN();
    expect(od.adjusted).toBe(false);
  });
});

describe("the adjusted funnel's false alarms do not grow as the population shrinks", () => {
  // Units that differ beyond sampling error by τ = 8·SE (φ ≈ 65, as A&E trusts), equal SEs,
  // normal z-scores; a seeded generator (mulberry32, Box–Muller). The share of units outside
  // the 99.8% limits widened by the estimated τ² is the false-alarm rate (nominal 0.2%); the
  // winsorising biases φ low, which sets it near 1.1% whatever N (docs/statistics.md).
  function normals(seed: number): () => number {
    let a = seed >>> 0;
    const uniform = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
    };
    return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  const falseAlarms = (units: number, replicates: number): number => {
    const normal = normals(units);
    const spread = Math.sqrt(1 + 64);
    let outside = 0;
    for (let r = 0; r < replicates; r++) {
      const z = Array.from({ length: units }, () => spread * normal());
      const od = overdispersion(z, new Array<number>(units).fill(1), 0);
      const limit = 3.090232 * Math.sqrt(1 + od.tau2);
      outside += z.filter((zi) => Math.abs(zi) > limit).length;
    }
    return outside / (units * replicates);
  };

  it("about 1% of units from 8 to 140 providers", () => {
    const small = falseAlarms(8, 4000);
    const large = falseAlarms(140, 250);
    expect(small).toBeGreaterThan(0.005);
    expect(small).toBeLessThan(0.02);
    expect(large).toBeGreaterThan(0.005);
    expect(large).toBeLessThan(0.02);
    expect(small).toBeLessThan(2 * large);
  });
});

describe("funnel analysis", () => {
  it("leaves out negative counts and more events than trials (issue 11, defect 9)", () => {
    const fa = funnelAnalysis([10, -3, 120, 30], [100, 100, 100, 200], {
      measure: "proportion",
    });
    close(fa.target, 40 / 300, 1e-15); // only the first and last units pool
    expect(fa.count).toBe(2);
    expect(fa.dispersion?.count).toBe(2); // nor do they enter φ
    expect(fa.units.position95.map((q) => q === null)).toEqual([false, true, true, false]);
    expect(Number.isNaN(fa.units.lower998[2]!)).toBe(true);
    // A rate has no upper bound on its count: 120 events over 100 is usable there.
    expect(funnelAnalysis([10, 120], [100, 100], { measure: "rate" }).count).toBe(2);
  });

  it("defaults the target to the pooled value and handles empty units", () => {
    const fa = funnelAnalysis([10, 30, 5], [100, 200, 0], {
      measure: "proportion",
      overdispersion: false,
    });
    close(fa.target, 40 / 300, 1e-15);
    expect(Number.isNaN(fa.phi)).toBe(true);
    expect(fa.units.value[2]).toBeNaN();
    expect(fa.units.position95[2]).toBeNull();
    const p0 = 40 / 300;
    close(fa.units.upper95[0]!, p0 + 1.959964 * Math.sqrt((p0 * (1 - p0)) / 100), 1e-14);
  });

  it("rates: scales values, limits, target and τ² by the multiplier", () => {
    const x = [4, 12, 30, 2];
    const n = [5000, 9000, 20000, 3000];
    const fa = funnelAnalysis(x, n, {
      measure: "rate",
      multiplier: 100_000,
      overdispersion: false,
    });
    const r0 = 48 / 37000;
    close(fa.target, r0 * 100_000, 1e-12);
    close(fa.units.value[0]!, (4 / 5000) * 100_000, 1e-12);
    close(fa.units.upper95[0]!, rateFunnelLimits(r0, 5000).upper * 100_000, 1e-12);
    expect(fa.method).toBe("exact");
    const od = funnelAnalysis(x, n, { measure: "rate", multiplier: 1000 });
    const raw = overdispersion(
      x.map((xi, i) => xi / n[i]!),
      n.map((ni) => Math.sqrt(r0 / ni)),
      r0,
    );
    close(od.tau2, raw.tau2 * 1e6, 1e-12);
  });

  it("reuses an estimate made over a larger population instead of the units' own", () => {
    // Population: the worked example's five units (τ² = 0.01365, adjusted). Subset: units 2–4
    // alone (z = −1, 0, 1) would show none, but are drawn with the population's τ².
    const population = funnelDispersion([30, 45, 50, 55, 80], [100, 100, 100, 100, 100], {
      measure: "proportion",
      target: 0.5,
    });
    close(population.tau2, 0.01365, 1e-12);
    const own = funnelAnalysis([45, 50, 55], [100, 100, 100], {
      measure: "proportion",
      target: 0.5,
      method: "exact",
    });
    expect(own.adjusted).toBe(false);
    const reused = funnelAnalysis([45, 50, 55], [100, 100, 100], {
      measure: "proportion",
      target: 0.5,
      method: "exact",
      dispersion: population,
    });
    expect(reused.adjusted).toBe(true);
    expect(reused.method).toBe("normal");
    expect(reused.dispersion).toBe(population);
    close(reused.units.upper95[1]!, 0.5 + 1.959964 * Math.sqrt(0.0025 + 0.01365), 1e-12);
    // A given estimate that is not adjusted leaves the exact limits.
    const calm = funnelAnalysis([45, 50, 55], [100, 100, 100], {
      measure: "proportion",
      target: 0.5,
      method: "exact",
      dispersion: { ...population, adjusted: false, tau2: 0 },
    });
    close(calm.units.lower95[0]!, own.units.lower95[0]!, 0);
    // And none at all when overdispersion is not allowed for.
    expect(
      funnelAnalysis([45], [100], { measure: "proportion", overdispersion: false }).dispersion,
    ).toBeNull();
  });

  it("positions", () => {
    expect(funnelPosition(1, 0, 2)).toBe("inside");
    expect(funnelPosition(2, 0, 2)).toBe("inside");
    expect(funnelPosition(3, 0, 2)).toBe("above");
    expect(funnelPosition(-1, 0, 2)).toBe("below");
    expect(funnelPosition(NaN, 0, 2)).toBeNull();
  });
});
