/**
 * The benchmarking statistics against hand-worked values (working in the comments), and the
 * engine's rules on a tiny in-memory store whose every number can be checked by hand.
 */
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import type { MetricDefinition } from "../../../src/metrics/catalogue/types.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import type { AnalyticsStore, MetricMatrix } from "../../../src/metrics/analytics/types.js";
import { recommendPeers } from "../../../src/metrics/analytics/peers.js";
import { targetInForce } from "../../../src/metrics/analytics/metric-info.js";
import * as st from "../../../src/metrics/analytics/stats.js";
import { TREND_INTERVAL_WIDTH_IN_SE } from "../../../src/stats/trend.js";
import type { Organisation } from "../../../src/metrics/organisations.js";

const Z95 = st.Z95;
const f64 = (xs: number[]) => Float64Array.from(xs);

describe("statistics as the engine calls them (src/stats through the adapter), hand-worked", () => {
  it("type 7 quantiles: h = (n − 1)p, linear interpolation", () => {
    const x = [1, 2, 3, 4];
    expect(st.quantileSorted(f64(x), 4, 0.25)).toBe(1.75); // h = 0.75: 1 + 0.75 × 1
    expect(st.quantileSorted(f64(x), 4, 0.5)).toBe(2.5);
    expect(st.quantileSorted(f64(x), 4, 0.75)).toBe(3.25);
    expect(st.quantileSorted(f64([15, 20, 35, 40, 50]), 5, 0.4)).toBeCloseTo(29, 12); // h = 1.6: 20 + 0.6 × 15
    expect(st.quantileSorted(f64([7]), 1, 0.9)).toBe(7);
  });

  it("Wilson 8 of 10 at 95% = 0.4902 to 0.9433", () => {
    const w = st.wilson(8, 10, Z95);
    expect(w.lower).toBeCloseTo(0.4902, 4);
    expect(w.upper).toBeCloseTo(0.9433, 4);
    expect(st.wilson(0, 10, Z95).lower).toBe(0);
  });

  it("Byar for 100 events (81.36, 121.63); exact Poisson for 5 (1.6235, 11.6683) and 0 (0, 3.6889)", () => {
    const b = st.poissonCount(100, Z95);
    expect(b.method).toBe("byar");
    expect(b.lower).toBeCloseTo(81.36, 2);
    expect(b.upper).toBeCloseTo(121.63, 2);
    const e = st.poissonCount(5, Z95);
    expect(e.method).toBe("exact_poisson");
    expect(e.lower).toBeCloseTo(1.6235, 4);
    expect(e.upper).toBeCloseTo(11.6683, 4);
    expect(st.poissonCount(0, Z95)).toMatchObject({ lower: 0 });
    expect(st.poissonCount(0, Z95).upper).toBeCloseTo(3.6889, 4);
  });

  it("funnel limits: normal with τ², exact binomial without; rates from exact Poisson of r₀n = 10", () => {
    // The curve the funnel page draws, at one denominator (nMin = nMax).
    const at = (measure: "proportion" | "rate", target: number, n: number, tau2: number) =>
      st.funnelCurve({ measure, target, nMin: n, nMax: n, points: 2, method: "exact", tau2 });
    // With τ² > 0 the normal form: 0.8 ± 1.959964 × √(0.0016 + 0.0009) = 0.8 ± 0.097998.
    const p = at("proportion", 0.8, 100, 0.0009);
    expect(p.lower95[0]).toBeCloseTo(0.8 - 0.097998, 6);
    expect(p.upper95[0]).toBeCloseTo(0.8 + 0.097998, 6);
    // Without, the exact interpolated binomial limits (Spiegelhalter): p₀ = 0.5, n = 10 → lower 0.1324444.
    expect(at("proportion", 0.5, 10, 0).lower95[0]).toBeCloseTo(0.1324444, 6);
    const r = at("rate", 0.05, 200, 0);
    expect(r.lower95[0]! * 200).toBeCloseTo(4.7954, 4);
    expect(r.upper95[0]! * 200).toBeCloseTo(18.3904, 4);
  });

  it("Spiegelhalter overdispersion: z = −2…2 winsorised to ±1.6, φ = 7.12/5, but not significant", () => {
    // p₀ = 0.3, n = 21 gives SE ≈ 0.1 (√(0.21/21) = 0.1): values 0.1 … 0.5 are z = −2 … 2.
    const n = [21, 21, 21, 21, 21];
    const od = st.funnelDispersion([2.1, 4.2, 6.3, 8.4, 10.5], n, {
      measure: "proportion",
      target: 0.3,
    });
    expect(od.phi).toBeCloseTo(1.424, 10);
    expect(od.statistic).toBeCloseTo(7.12, 10);
    // Nφ = 7.12 > N − 1 = 4, but P(χ²₄ ≥ 7.12) = 0.1297: not significant at 5%, no τ².
    expect(od.pValue).toBeCloseTo(0.12968104069668132, 12);
    expect(od.adjusted).toBe(false);
    expect(od.tau2).toBe(0);
    // Without the test (α = 1, as FunnelPlotR) τ² = (7.12 − 4)/(5·100 − 5·100²/500) = 0.0078.
    const untested = st.funnelDispersion([2.1, 4.2, 6.3, 8.4, 10.5], n, {
      measure: "proportion",
      target: 0.3,
      alpha: 1,
    });
    expect(untested.tau2).toBeCloseTo(0.0078, 10);
    expect(untested.adjusted).toBe(true);
  });

  it("recent trend of a rate: slope 2 with SE 1 gives χ² = 2² × 10 = 40 > 9.5495; a zig-zag does not", () => {
    // SE = (upper − lower) / 2Φ⁻¹(0.975): limits at ± 1.959963984540054 give SE 1.
    const h = TREND_INTERVAL_WIDTH_IN_SE / 2;
    const v = [10, 12, 14, 16, 18];
    const lo = v.map((x) => x - h);
    const hi = v.map((x) => x + h);
    const t = st.recentTrend(f64(v), f64(lo), f64(hi), 5);
    expect(t.marker).toBe("increasing");
    expect(t.slope).toBeCloseTo(2, 12);
    expect(t.chiSquare).toBeCloseTo(40, 9);
    const z = [10, 10.5, 10, 10.5, 10];
    expect(
      st.recentTrend(f64(z), f64(z.map((x) => x - h)), f64(z.map((x) => x + h)), 5).marker,
    ).toBe("no_significant_change");
    expect(st.recentTrend(f64(v), f64(lo), f64(hi), 4).marker).toBe("cannot_be_calculated");
  });

  it("recent trend of a proportion: χ² test for trend on the counts (issue 11's series: X² = 13.12)", () => {
    const t = st.recentProportionTrend(f64([2, 3, 1, 9, 10]), f64([33, 24, 29, 24, 28]), 5);
    expect(t.marker).toBe("increasing");
    expect(t.chiSquare).toBeCloseTo(372523962 / 28388425, 9);
  });

  it("change since baseline: Newcombe's 56/70 → 48/80 = −20 points (−33.39 to −5.24), in percentage points", () => {
    const d = st.changeInterval("proportion", { x: 56, n: 70 }, { x: 48, n: 80 }, 100)!;
    expect(d.difference).toBeCloseTo(-20, 9);
    expect(d.lower).toBeCloseTo(-33.39, 2);
    expect(d.upper).toBeCloseTo(-5.24, 2);
    expect(d.significant).toBe(true);
  });

  it("competition ranks and quintiles", () => {
    const v = f64([1, 2, 2, 3, 4]);
    expect(st.competitionRankOf(v, 5, 2, 1)).toBe(3); // 4, 3 ahead; the two 2s share 3rd
    expect(st.competitionRankOf(v, 5, 2, -1)).toBe(2); // lower is better: 1 ahead
    const ten = f64([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // cuts 2.8, 4.6, 6.4, 8.2
    expect(st.quintile(ten, 10, 5, 1)).toEqual({ quintile: 3, label: "middle" });
    // Issue 11, defect 2: lower is better, so the highest values are the worst fifth …
    expect(st.quintile(ten, 10, 10, -1)).toEqual({ quintile: 5, label: "worst" });
    expect(st.quintile(ten, 10, 1, -1)).toEqual({ quintile: 1, label: "best" });
    // … and a value on a cut is in the better fifth, both ways (as the quartile rule).
    expect(st.quintile(ten, 10, 8.2, -1)).toEqual({ quintile: 4, label: "worse" });
    expect(st.quintile(ten, 10, 2.8, 1)).toEqual({ quintile: 2, label: "worse" });
    expect(st.quintile(ten, 10, 2.8, 0)).toEqual({ quintile: 2, label: "low" });
  });

  it("targets in force", () => {
    const ae = getMetric("ae_4hr_all")!;
    expect(targetInForce(ae, "2024-01-01")?.value).toBe(76);
    expect(targetInForce(ae, "2022-01-01")?.value).toBe(95);
    expect(targetInForce(getMetric("ae_attendances_all")!, "2024-01-01")).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// The engine on a hand-made store
// ---------------------------------------------------------------------------------------------

function org(code: string, regionCode = "Y56"): Organisation {
  return {
    orgCode: code,
    name: `Trust ${code}`,
    kind: "acute_trust",
    regionCode,
    icbCode: null,
    closeDate: null,
    subtype: null,
    kindSource: "list",
    successorCode: null,
    synthetic: false,
  };
}

/** 5 trusts × 1 period of adult G&A occupancy (lower is better): occupied / available beds. */
function fixture(): AnalyticsStore {
  const orgs: Organisation[] = [
    org("A"),
    org("B"),
    org("C"),
    org("D", "Y58"),
    org("E", "Y58"),
    { ...org("Y56"), kind: "region", name: "London" },
    { ...org("Y58"), kind: "region", name: "South West" },
  ];
  const occupied = [90, 180, 285, 380, 470];
  const beds = [100, 200, 300, 400, 500]; // 90%, 90%, 95%, 95%, 94%
  const m: MetricMatrix = {
    metricId: "ga_occupancy_adult",
    periodType: "month",
    orgCodes: ["A", "B", "C", "D", "E"],
    periods: ["2025-01-01"],
    numerator: Float64Array.from(occupied),
    denominator: Float64Array.from(beds),
    value: Float64Array.from(occupied.map((o, i) => (o / beds[i]!) * 100)),
  };
  const def: MetricDefinition = getMetric("ga_occupancy_adult")!;
  return {
    dataVersion: async () => "1",
    organisations: async () => orgs,
    peerGroups: async () => [
      { peerGroupId: "acute", name: "All acute trusts", kind: "predefined" },
    ],
    groupMembers: async () => ["A", "B", "C", "D", "E"],
    loadMetric: async (id) =>
      id === m.metricId
        ? m
        : {
            ...m,
            metricId: id,
            orgCodes: [],
            periods: [],
            numerator: new Float64Array(),
            denominator: new Float64Array(),
            value: new Float64Array(),
          },
    metricDefinitions: async () => [def],
  };
}

describe("engine rules on a hand-made store", () => {
  it("the opportunity for a lower-is-better metric is measured to the lower quartile", async () => {
    const s = createAnalyticsService(fixture());
    // Values ascending: 90, 90, 94, 95, 95 → type 7 Q1 = 90 (h = 1), median 94, Q3 = 95.
    const r = await s.opportunities("C");
    const o = r.opportunities.find((x) => x.metricId === "ga_occupancy_adult")!;
    expect(o.benchmark?.kind).toBe("peer_upper_quartile");
    expect(o.benchmark?.value).toBe(90);
    // (95% − 90%) ÷ 100 × 300 beds = 15 fewer occupied beds.
    expect(o.amount).toBeCloseTo(15, 10);
    expect(o.text).toMatch(/^15\.0 fewer occupied beds on an average day/);
    expect(o.formula).toBe("(95.0% − 90.0%) ÷ 100 × 300 = 15.0");
    expect((await s.opportunities("A")).opportunities[0]!.status).toBe("already_better");
    const med = (await s.opportunities("C", undefined, "median")).opportunities[0]!;
    expect(med.amount).toBeCloseTo(((95 - 94) / 100) * 300, 10);
  });

  it("regions aggregate Σ occupied ÷ Σ beds; means of daily bed counts get no interval", async () => {
    const s = createAnalyticsService(fixture());
    const r = await s.compare("E", "ga_occupancy_adult");
    expect(r.region?.value).toBeCloseTo(((380 + 470) / 900) * 100, 12);
    expect(r.england?.value).toBeCloseTo((1405 / 1500) * 100, 12);
    // E: 470 of 500 mean daily beds. Before, a Wilson interval (≈ 91.6% to 95.7%) treated the
    // 500 beds as 500 independent trials; they are the same beds counted every day, so no
    // interval applies and nothing is called better or worse than England (issue 11, defect 4).
    expect(r.metric.intervalKind).toBe("none");
    expect(r.metric.intervalNote).toMatch(/means of daily counts/);
    expect(r.comparisons.find((c) => c.benchmark.kind === "england")?.outcome).toBe("not_compared");
    // Against the target, the value is stated plainly (a quintile says nothing about a target).
    const target = r.comparisons.find((c) => c.benchmark.kind === "target");
    expect(target).toMatchObject({ outcome: "not_compared", method: "none", quintile: null });
    expect(target?.text).toBe(
      "94.0% against the target of 92.0%: misses it (lower is better). No confidence interval applies, so this is the value itself, not a test of significance.",
    );
    // Nor a funnel: exact binomial limits would round 470.4 mean beds to 470 "trials".
    await expect(s.funnel("ga_occupancy_adult")).rejects.toThrow(/No funnel plot/);
    // A: 90% of 100: interval ≈ 82.6% to 94.5% → similar; its rank is 1st (tied with B), best first.
    const a = await s.compare("A", "ga_occupancy_adult");
    expect(a.rank).toMatchObject({ rank: 1, tiedWith: 1, order: "best_first" });
    const c = await s.compare("C", "ga_occupancy_adult");
    expect(c.rank).toMatchObject({ rank: 4, tiedWith: 1 });
    expect(c.distribution).toMatchObject({
      q1: 90,
      median: 94,
      q3: 95,
      min: 90,
      max: 95,
      reporting: 5,
    });
  });

  it("recommends peers on size, balance and case mix, each counted once (issue 12, item 5)", () => {
    const means = new Map([
      ["ae_attendances_all.value", new Map(Object.entries({ A: 100, B: 100, C: 1000, D: 400 }))],
      ["rtt_waiting_list.value", new Map(Object.entries({ A: 100, B: 400, C: 1000, D: 400 }))],
      [
        "ae_admission_conversion.value",
        new Map(Object.entries({ A: 0.3, B: 0.3, C: 0.31, D: 0.4 })),
      ],
    ]);
    const r = recommendPeers({
      organisation: org("A"),
      candidates: [org("A"), org("B"), org("C"), org("D")],
      means,
      k: 3,
    });
    // z of ln A&E: A −0.857, B −0.857, C 1.230, D 0.485…; size = mean of the two volume z's,
    // balance = elective z − emergency z, each standardised again; conversion z as it is.
    // Differences from A (size, balance, conversion) in SDs, worked in Python:
    // B (0.7713, 2.2567, 0) → 2.3849; C (2.3590, 0.5942, 0.2059) → 2.4414;
    // D (1.4202, 0.3577, 2.0592) → 2.5269.
    expect(r.features.map((f) => f.metricId)).toEqual(["size", "balance", "conversion"]);
    expect(r.peers.map((p) => p.orgCode)).toEqual(["B", "C", "D"]);
    expect(r.peers.map((p) => p.distance)).toEqual([
      expect.closeTo(2.3849, 4),
      expect.closeTo(2.4414, 4),
      expect.closeTo(2.5269, 4),
    ]);
    expect(r.peers[0]!.differences.map((d) => d.difference)).toEqual([
      expect.closeTo(0.7713, 4),
      expect.closeTo(2.2567, 4),
      0,
    ]);
    expect(r.peers[0]!.reason).toBe(
      "similar A&E admission conversion; differs most in elective/emergency balance",
    );
    // Size only (the evaluation's yardstick) ranks by the one size factor.
    const sizeOnly = recommendPeers({
      organisation: org("A"),
      candidates: [org("A"), org("B"), org("C"), org("D")],
      means,
      k: 3,
      features: "size",
    });
    expect(sizeOnly.peers.map((p) => p.orgCode)).toEqual(["B", "D", "C"]);
  });

  it("counts a volume measured twice once, and a different subtype as one SD", () => {
    const a = { A: 100, B: 110, C: 400, D: 1000 };
    const base = [
      ["ae_attendances_all.value", new Map(Object.entries(a))],
      ["rtt_waiting_list.value", new Map(Object.entries({ A: 100, B: 400, C: 400, D: 1000 }))],
    ] as const;
    const twice = new Map([...base, ["ae_attendances_type1.value", new Map(Object.entries(a))]]);
    const once = new Map<string, Map<string, number>>(base);
    const orgs = [org("A"), org("B"), org("C"), org("D")];
    const run = (
      means: ReadonlyMap<string, ReadonlyMap<string, number>>,
      subtypeOf?: (o: { orgCode: string }) => string,
    ) => recommendPeers({ organisation: org("A"), candidates: orgs, means, k: 3, subtypeOf });
    // Before, each volume was a feature: a second A&E measure doubled A&E's weight.
    expect(run(twice).features.map((f) => f.metricId)).toEqual(["size", "balance"]);
    expect(run(twice).features).toHaveLength(run(once).features.length);
    const subtype = (o: { orgCode: string }) => (o.orgCode === "B" ? "specialist" : "teaching");
    const withSubtype = run(once, subtype);
    const b = withSubtype.peers.find((p) => p.orgCode === "B")!;
    const bBefore = run(once).peers.find((p) => p.orgCode === "B")!;
    // √((d_size² + d_balance² + 1) · 3/3) against √(d_size² + d_balance²).
    expect(b.distance ** 2).toBeCloseTo(bBefore.distance ** 2 + 1, 9);
    expect(withSubtype.peers.find((p) => p.orgCode === "C")!.reason).toMatch(
      /both teaching trusts/,
    );
    // A peer of another type comes after every peer of the same type, however near.
    expect(withSubtype.peers.at(-1)!.orgCode).toBe("B");
  });
});
