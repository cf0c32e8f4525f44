// Fuzz tests of the statistics entry points (issue 14, item 8): random finite and non-finite
// arrays, empty and single-value series, huge magnitudes. Seeded (test/support/fuzz.ts).
//
// What "reaching a page" means: the statistics mark what they could not compute as NaN (or null,
// or a "cannot be calculated" verdict), and pages and services test for that before they show a
// number. So a number a result gives as computed must be finite: never ±Infinity anywhere, and
// where a result says it is valid (a verdict other than cannot_be_calculated, a funnel position,
// a non-null SPC line) its numbers are finite. Nothing here may throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countInterval,
  funnelAnalysis,
  proportionChange,
  proportionInterval,
  quantiles,
  rateChange,
  rateInterval,
  recentProportionTrend,
  recentTrend,
  summarise,
} from "../../src/stats/index.js";
import { AppError } from "../../src/errors.js";
import { analyseSpc } from "../../src/stats/spc/index.js";
import { CHART_TYPES } from "../../src/stats/spc/charts/chartDefinition.js";
import { fuzzParameters, hostileNumber } from "../support/fuzz.js";

/** No ±Infinity anywhere in a result (NaN and null are "not computed"). */
function expectNoInfinity(value: unknown, where = "result"): void {
  if (typeof value === "number") {
    expect(value === Infinity || value === -Infinity, `${where} is ${value}`).toBe(false);
  } else if (value instanceof Float64Array || Array.isArray(value)) {
    Array.from(value as ArrayLike<unknown>).forEach((v, i) =>
      expectNoInfinity(v, `${where}[${i}]`),
    );
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) expectNoInfinity(v, `${where}.${k}`);
  }
}

const expectFinite = (values: Record<string, number | null>, where: string) => {
  for (const [k, v] of Object.entries(values))
    expect(v !== null && Number.isFinite(v), `${where}: ${k} = ${v}`).toBe(true);
};

const numbers = fc.array(hostileNumber, { maxLength: 40 });
const level = fc.constantFrom(0.95 as const, 0.998 as const);
const polarity = fc.constantFrom(
  "higherIsBetter" as const,
  "lowerIsBetter" as const,
  "neutral" as const,
);

/** Monthly dates from January 2000, one per value. */
const monthly = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`,
  );

/** Cases run per property (see the report in issue 14). */
const RUNS = 300;

describe("statistics under hostile input (fuzz)", () => {
  it("SPC: every chart type gives finite lines wherever it gives one", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CHART_TYPES),
        fc.array(
          fc.record({ value: hostileNumber, numerator: hostileNumber, denominator: hostileNumber }),
          {
            maxLength: 40,
          },
        ),
        fc.constantFrom("increase" as const, "decrease" as const, "neutral" as const),
        fc.option(hostileNumber),
        (chart, rows, direction, target) => {
          const dates = monthly(rows.length);
          let result;
          try {
            result = analyseSpc(
              rows.map((r, i) => ({ date: dates[i]!, ...r })),
              { chart, improvementDirection: direction, target },
            );
          } catch (e) {
            // Our own errors are allowed (a t chart refuses a negative time between events).
            expect(e, String(e)).toBeInstanceOf(AppError);
            return;
          }
          for (const p of result.points) {
            for (const k of ["value", "mean", "lpl", "upl", "nearLpl", "nearUpl"] as const) {
              const v = p[k];
              if (v !== null)
                expect(Number.isFinite(v), `${chart} ${p.date} ${k} = ${v}`).toBe(true);
            }
          }
        },
      ),
      fuzzParameters(RUNS),
    );
  });

  it("funnels: a unit with a position has a finite value and limits", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("proportion" as const, "rate" as const),
        fc.array(fc.tuple(hostileNumber, hostileNumber), { maxLength: 30 }),
        fc.option(hostileNumber, { nil: undefined }),
        fc.boolean(),
        (measure, units, target, overdispersion) => {
          const a = funnelAnalysis(
            units.map((u) => u[0]),
            units.map((u) => u[1]),
            { measure, target, overdispersion, multiplier: measure === "rate" ? 1000 : undefined },
          );
          // What a page shows: the target, φ, τ² and each unit (not the test's own internals).
          const { dispersion: _internals, ...shown } = a;
          expectNoInfinity(shown, "funnel");
          a.units.position95.forEach((pos, i) => {
            if (pos === null) return;
            expectFinite(
              {
                value: a.units.value[i]!,
                lower95: a.units.lower95[i]!,
                upper95: a.units.upper95[i]!,
                target: a.target,
              },
              `unit ${i}`,
            );
          });
        },
      ),
      // The exact Poisson limits of huge counts are slow to invert: fewer cases here.
      fuzzParameters(RUNS / 2),
    );
  });

  it("intervals: an estimate is all NaN or finite with lower ≤ value ≤ upper", () => {
    fc.assert(
      fc.property(hostileNumber, hostileNumber, hostileNumber, level, (x, n, k, lv) => {
        for (const [name, e] of [
          ["proportion", proportionInterval(x, n, lv)],
          ["count", countInterval(x, lv)],
          ["rate", rateInterval(x, n, Math.abs(k) || 1, lv)],
        ] as const) {
          expectNoInfinity(e, name);
          if (Number.isNaN(e.value)) continue;
          expectFinite({ value: e.value, lower: e.lower, upper: e.upper }, name);
          expect(e.lower <= e.value && e.value <= e.upper, `${name} ${JSON.stringify(e)}`).toBe(
            true,
          );
        }
      }),
      fuzzParameters(RUNS),
    );
  });

  it("change since a baseline: a verdict comes with a finite difference and interval", () => {
    fc.assert(
      fc.property(
        fc.tuple(hostileNumber, hostileNumber, hostileNumber, hostileNumber),
        level,
        ([x1, n1, x2, n2], lv) => {
          for (const c of [
            proportionChange(x1, n1, x2, n2, lv),
            rateChange(x1, n1, x2, n2, 100, lv),
          ]) {
            expectNoInfinity(c, "change");
            if (c.change !== "cannot_be_calculated")
              expectFinite({ value: c.value, lower: c.lower, upper: c.upper }, c.change);
          }
        },
      ),
      fuzzParameters(RUNS),
    );
  });

  it("recent trends: a verdict comes with a finite slope and χ²", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(hostileNumber, hostileNumber, hostileNumber), { maxLength: 12 }),
        polarity,
        (points, pol) => {
          const results = [
            recentTrend(
              points.map(([value, a, b]) => ({
                value,
                lower: value - Math.abs(a),
                upper: value + Math.abs(b),
              })),
              pol,
            ),
            recentProportionTrend(
              points.map(([x, n]) => ({ x, n })),
              pol,
            ),
          ];
          for (const r of results) {
            expectNoInfinity(r, "trend");
            if (r.trend !== "cannot_be_calculated" && r.trend !== "no_significant_change")
              expectFinite({ slope: r.slope, chiSquare: r.chiSquare }, r.trend);
          }
        },
      ),
      fuzzParameters(RUNS),
    );
  });

  it("quantiles and summaries of any array: finite or NaN, in order", () => {
    fc.assert(
      fc.property(numbers, (values) => {
        const s = summarise(values);
        expectNoInfinity(s, "summary");
        const q = quantiles(values, [0, 0.25, 0.5, 0.75, 1]);
        expectNoInfinity(q, "quantiles");
        if (s.count > 0) expect(s.min <= s.median && s.median <= s.max).toBe(true);
      }),
      fuzzParameters(RUNS),
    );
  });
});

// Each of these was a counterexample of the fuzz above (seed 20261204): ±Infinity that a page
// would have shown, now "not computed".
describe("statistics past the largest double (fuzz regressions)", () => {
  it("a rate change over a denominator near 0 cannot be calculated (was lower = -Infinity)", () => {
    expect(rateChange(0, 5.562684646268004e-307, 0, 1, 100).change).toBe("cannot_be_calculated");
  });

  it("a rate interval scaled past the largest double is no estimate (was upper = Infinity)", () => {
    expect(rateInterval(0, 1, Infinity).value).toBeNaN();
    expect(rateInterval(5, 1e-307, 100_000).upper).toBeNaN();
  });

  it("a Wilson interval at n = 1e308 still holds its value (was [0, 0] around 1e-308)", () => {
    const e = proportionInterval(1, 1e308);
    expect(e.lower).toBeLessThanOrEqual(e.value);
    expect(e.upper).toBeGreaterThanOrEqual(e.value);
  });

  it("a funnel whose target or spread overflows has none (was target and tau2 = Infinity)", () => {
    expect(
      funnelAnalysis([8.98846567431158e304], [0.5], { measure: "rate", multiplier: 1000 }).target,
    ).toBeNaN();
    const a = funnelAnalysis([1.4806446910219898e151, 0], [1, 1], {
      measure: "rate",
      multiplier: 6740,
    });
    expect(Number.isFinite(a.tau2) || Number.isNaN(a.tau2)).toBe(true);
    expect(
      a.units.position95.every((p, i) => p === null || Number.isFinite(a.units.upper95[i]!)),
    ).toBe(true);
  });

  it("an SPC line past the largest double is drawn as missing (was upl = Infinity)", () => {
    const r = analyseSpc(
      [
        { date: "2000-01-01", value: 2.856551527919412e306 },
        { date: "2000-02-01", value: 0 },
      ],
      { chart: "t" },
    );
    expect(r.points[0]!.upl).toBeNull();
  });
});
