import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  studentTCdf,
  studentTQuantile,
  binomialCdf,
  chiSquareCdf,
  chiSquareQuantile,
  chiSquareUpperQuantile,
  chiSquareUpperTail,
  erfc,
  gammaP,
  gammaPInverse,
  gammaQ,
  gammaQInverse,
  incompleteBeta,
  lnGamma,
  normalCdf,
  normalQuantile,
  poissonExactLimits,
} from "../../src/stats/distributions.js";

/** |actual − expected| ≤ tol·max(1, |expected|). */
function close(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
}
/** Relative closeness, for tiny tail probabilities. */
function relClose(actual: number, expected: number, tol = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

/** Q(k, x) for whole k: the Poisson sum e⁻ˣ Σ_{j<k} xʲ/j! (A&S 6.5.13). */
function poissonSumQ(k: number, x: number): number {
  let term = Math.exp(-x);
  let sum = term;
  for (let j = 1; j < k; j++) {
    term *= x / j;
    sum += term;
  }
  return sum;
}

describe("normal distribution", () => {
  it("has the well-known quantiles", () => {
    close(normalQuantile(0.975), 1.959963984540054, 1e-15);
    close(normalQuantile(0.999), 3.090232306167813, 1e-15);
    close(normalQuantile(0.5), 0, 1e-16);
    close(normalQuantile(0.025), -1.959963984540054, 1e-15);
    close(normalQuantile(0.8413447460685429), 1, 1e-14);
    // Deep tail (AS241's third region): Φ⁻¹(1e-20) = −9.262340089798407.
    close(normalQuantile(1e-20), -9.262340089798407, 1e-14);
  });

  it("handles the ends and invalid input", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(NaN)).toBeNaN();
  });

  it("has an accurate CDF in the body and the tails", () => {
    close(normalCdf(0), 0.5, 1e-16);
    close(normalCdf(1), 0.8413447460685429, 1e-15);
    close(normalCdf(1.959963984540054), 0.975, 1e-15);
    relClose(normalCdf(-10), 7.619853024160527e-24, 1e-13);
    close(erfc(0), 1, 1e-16);
    close(erfc(1), 0.15729920705028513, 1e-15);
    close(erfc(-1), 1.8427007929497148, 1e-15);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it("quantile inverts the CDF", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        close(normalCdf(normalQuantile(p)), p, 1e-13);
      }),
    );
  });

  it("quantile is increasing in p", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-300, max: 1, noNaN: true }),
        fc.double({ min: 1e-300, max: 1, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(normalQuantile(lo)).toBeLessThanOrEqual(normalQuantile(hi));
        },
      ),
    );
  });
});

describe("gamma functions", () => {
  it("lnGamma matches factorials and Γ(½) = √π", () => {
    close(lnGamma(1), 0, 1e-15);
    close(lnGamma(5), Math.log(24), 1e-15);
    close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-15);
    close(lnGamma(10), Math.log(362880), 1e-15);
    let f = 1;
    for (let k = 2; k < 30; k++) f *= k;
    close(lnGamma(30), Math.log(f), 1e-15); // 29!
    close(lnGamma(100), 359.1342053695754, 1e-15);
  });

  it("P and Q agree with closed forms", () => {
    for (const x of [1e-8, 0.1, 1, 2.5, 10, 40]) {
      close(gammaP(1, x), -Math.expm1(-x), 1e-14);
      relClose(gammaQ(1, x), Math.exp(-x), 1e-13);
      for (const k of [2, 3, 7, 15, 30]) {
        relClose(gammaQ(k, x), poissonSumQ(k, x), 1e-12);
      }
    }
    // P(½, x) = erf(√x): erf(1) = 0.8427007929497149.
    close(gammaP(0.5, 1), 0.8427007929497149, 1e-15);
  });

  it("P + Q = 1 and the edges", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 800, noNaN: true }),
        (a, x) => {
          close(gammaP(a, x) + gammaQ(a, x), 1, 1e-13);
        },
      ),
    );
    expect(gammaP(2, 0)).toBe(0);
    expect(gammaQ(2, 0)).toBe(1);
    expect(gammaP(0, 1)).toBeNaN();
    expect(gammaP(1, -1)).toBeNaN();
  });

  it("inverses are exact for a = 1 and round-trip elsewhere", () => {
    for (const p of [1e-12, 0.001, 0.025, 0.5, 0.975]) {
      close(gammaPInverse(1, p), -Math.log1p(-p), 1e-14);
      relClose(gammaQInverse(1, p), -Math.log(p), 1e-14);
    }
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 2000, noNaN: true }),
        fc.double({ min: 1e-10, max: 0.5, noNaN: true }),
        (a, p) => {
          relClose(gammaP(a, gammaPInverse(a, p)), p, 1e-11);
          relClose(gammaQ(a, gammaQInverse(a, p)), p, 1e-11);
        },
      ),
    );
    expect(gammaPInverse(3, 0)).toBe(0);
    expect(gammaPInverse(3, 1)).toBe(Infinity);
    expect(gammaPInverse(3, 1.5)).toBeNaN();
  });

  it("handles a large shape (expected counts in the thousands)", () => {
    // Round trip at a = 50 000 where naive lnΓ differences lose digits.
    const x = gammaQInverse(50_000, 0.001);
    relClose(gammaQ(50_000, x), 0.001, 1e-9);
    expect(x).toBeGreaterThan(50_000);
  });
});

describe("chi-square", () => {
  it("has the table values", () => {
    close(chiSquareQuantile(0.95, 1), 3.841458820694124, 1e-14);
    close(chiSquareQuantile(0.998, 1), 9.549535706083237, 1e-14); // Fingertips' 9.5495
    // χ²₂ is exponential with mean 2: χ²(p; 2) = −2 ln(1 − p).
    close(chiSquareQuantile(0.9, 2), -2 * Math.log(0.1), 1e-14);
    close(chiSquareUpperQuantile(0.05, 2), -2 * Math.log(0.05), 1e-14);
    close(chiSquareCdf(3.841458820694124, 1), 0.95, 1e-14);
  });

  it("has an upper tail that keeps small p-values' digits (scipy.stats.chi2.sf)", () => {
    relClose(chiSquareUpperTail(25.84, 4), 3.4084311764530344e-5, 1e-12);
    relClose(chiSquareUpperTail(3, 5), 0.6999858358786276, 1e-12);
    relClose(chiSquareUpperTail(200, 10), 1.6139305336977317e-37, 1e-11);
    expect(chiSquareUpperTail(0, 3)).toBe(1);
  });
});

describe("exact Poisson limits", () => {
  it("x = 0 and x = 1 have closed forms", () => {
    // x = 0: upper solves e^(−μ) = α/2.
    expect(poissonExactLimits(0, 0.05)).toEqual({ lower: 0, upper: -Math.log(0.025) });
    close(poissonExactLimits(0, 0.05).upper, 3.688879454113936, 1e-15);
    close(poissonExactLimits(0, 0.002).upper, -Math.log(0.001), 1e-15);
    // x = 1: lower solves 1 − e^(−μ) = α/2; upper solves e^(−μ)(1 + μ) = α/2.
    const one = poissonExactLimits(1, 0.05);
    close(one.lower, -Math.log(0.975), 1e-15);
    close(one.lower, 0.025317807984289876, 1e-15);
    close(Math.exp(-one.upper) * (1 + one.upper), 0.025, 1e-15);
    close(one.upper, 5.571643390938898, 1e-14);
  });

  it("matches chi-square tables (R qchisq(c(.025, .975), 2x(+2))/2) for x = 0…9 at 95% and 99.8%", () => {
    const ref95: [number, number][] = [
      [0, 3.6888794541139363],
      [0.025317807984289876, 5.571643390938898],
      [0.24220927854396496, 7.224687667723961],
      [0.6186721228956014, 8.767273069742325],
      [1.0898653736263249, 10.241588675403696],
      [1.6234863901184207, 11.66833207932267],
      [2.2018942534908508, 13.059474022518685],
      [2.8143630515198654, 14.422675361702382],
      [3.4538321767485014, 15.763189220193311],
      [4.115373097378334, 17.08480345141917],
    ];
    const ref998: [number, number][] = [
      [0, 6.907755278982137],
      [0.001000500333583534, 9.233413476451586],
      [0.045402017769489544, 11.228872242412661],
      [0.1905333775684032, 13.062240779188071],
      [0.428552413628423, 14.79414922253721],
      [0.7393717319178323, 16.454745203680105],
      [1.1071046602556394, 18.06163684019907],
      [1.5203362603988093, 19.62617739538424],
      [1.9708139217403657, 21.156198165839985],
      [2.452424404363775, 22.657373309062933],
    ];
    for (let x = 0; x < 10; x++) {
      const l95 = poissonExactLimits(x, 0.05);
      const l998 = poissonExactLimits(x, 0.002);
      close(l95.lower, ref95[x]![0], 1e-12);
      close(l95.upper, ref95[x]![1], 1e-12);
      close(l998.lower, ref998[x]![0], 1e-12);
      close(l998.upper, ref998[x]![1], 1e-12);
    }
    // Textbook values to the digits usually printed (e.g. x = 5: 1.6235 … 11.6683).
    expect(poissonExactLimits(5, 0.05).lower).toBeCloseTo(1.623486, 6);
    expect(poissonExactLimits(5, 0.05).upper).toBeCloseTo(11.668332, 6);
  });

  it("limits bracket the count and the 99.8% limits contain the 95% ones", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5000, noNaN: true }), (x) => {
        const a = poissonExactLimits(x, 0.05);
        const b = poissonExactLimits(x, 0.002);
        expect(a.lower).toBeLessThanOrEqual(x);
        expect(a.upper).toBeGreaterThan(x);
        expect(b.lower).toBeLessThanOrEqual(a.lower);
        expect(b.upper).toBeGreaterThanOrEqual(a.upper);
      }),
    );
  });

  it("rejects invalid input", () => {
    expect(poissonExactLimits(-1, 0.05).upper).toBeNaN();
    expect(poissonExactLimits(NaN, 0.05).upper).toBeNaN();
    expect(poissonExactLimits(3, 0).upper).toBeNaN();
  });
});

describe("binomial", () => {
  it("matches direct sums", () => {
    close(binomialCdf(0, 10, 0.1), 0.9 ** 10, 1e-15);
    // Bin(10, ½): P(R ≤ 2) = (1 + 10 + 45)/1024.
    close(binomialCdf(2, 10, 0.5), 56 / 1024, 1e-15);
    // Bin(4, 0.3): P(R ≤ 1) = 0.7⁴ + 4·0.3·0.7³.
    close(binomialCdf(1, 4, 0.3), 0.7 ** 4 + 4 * 0.3 * 0.7 ** 3, 1e-14);
    expect(binomialCdf(-1, 5, 0.5)).toBe(0);
    expect(binomialCdf(5, 5, 0.5)).toBe(1);
    expect(binomialCdf(2, 5, 0)).toBe(1);
    expect(binomialCdf(2, 5, 1)).toBe(0);
    close(incompleteBeta(0.3, 1, 1), 0.3, 1e-15);
  });

  it("keeps its relative accuracy at large n (mpmath, 50 digits, summing the pmf)", () => {
    // Lower-tail points near the 99.8% funnel limits. Computing ln Γ(a + b) − ln Γ(a) − ln Γ(b)
    // directly lost about n·2e-16 (1.9e-9 at n = 10⁶, 2.4e-8 at 10⁷); the Stirling form keeps
    // it near 1e-11.
    relClose(binomialCdf(73571, 1e5, 0.74), 0.0010200424838571337, 1e-11);
    relClose(binomialCdf(738644, 1e6, 0.74), 0.0010051067152440027, 1e-10);
    relClose(binomialCdf(498468, 1e7, 0.05), 0.013108167200602257, 1e-10);
    relClose(binomialCdf(4995223, 1e7, 0.5), 0.0012600228002189301, 1e-10);
  });

  it("agrees with summing the pmf for moderate n", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.nat(),
        (n, p, kk) => {
          const k = kk % (n + 1);
          // pmf in log space (no underflow when p is near 0 or 1): ln C(n, j) + j ln p + (n − j) ln(1 − p).
          const lnFact = [0];
          for (let j = 1; j <= n; j++) lnFact.push(lnFact[j - 1]! + Math.log(j));
          let sum = 0;
          for (let j = 0; j <= k; j++) {
            sum += Math.exp(
              lnFact[n]! - lnFact[j]! - lnFact[n - j]! + j * Math.log(p) + (n - j) * Math.log1p(-p),
            );
          }
          close(binomialCdf(k, n, p), Math.min(1, sum), 1e-11);
        },
      ),
    );
  });
});

describe("Student's t", () => {
  // References: scipy.stats.t (1.x) ppf and cdf.
  it.each([
    [0.975, 1, 12.706204736174694],
    [0.975, 11, 2.200985160091639],
    [0.8, 9, 0.8834038596855346],
    [0.025, 29, -2.045229642132704],
    [0.999, 3, 10.214531852407383],
  ])("quantile(%f, %i) = %f", (p, df, expected) => {
    expect(Math.abs(studentTQuantile(p, df) - expected)).toBeLessThan(1e-9 * Math.abs(expected));
  });

  it.each([
    [2.0, 5, 0.9490302605850708],
    [-1.3, 12, 0.10900858554175706],
    [0.0, 4, 0.5],
  ])("cdf(%f, %i) = %f", (t, df, expected) => {
    expect(Math.abs(studentTCdf(t, df) - expected)).toBeLessThan(1e-12);
  });

  it("approaches the normal as the degrees of freedom grow, and refuses nonsense", () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959963984540054, 6);
    expect(studentTQuantile(0.5, 7)).toBeCloseTo(0, 12);
    expect(studentTQuantile(1, 5)).toBeNaN();
    expect(studentTQuantile(0.5, 0)).toBeNaN();
    expect(studentTCdf(NaN, 3)).toBeNaN();
  });
});
