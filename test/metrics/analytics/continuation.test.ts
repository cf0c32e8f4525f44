/**
 * Issue 12, item 3: a successor's series "continuable where a merger is clean". A hand-made store
 * where every combined figure can be checked by hand: P1 and P2 merge into a new code N on
 * 2024-04-01; Q passes whole to S, which reported before the merger; X is split between S2 and
 * S3 and W passes partly to S3 (neither is clean).
 */
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { cleanMergers } from "../../../src/metrics/analytics/continuation.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import type { AnalyticsStore, MetricMatrix } from "../../../src/metrics/analytics/types.js";
import type { Organisation } from "../../../src/metrics/organisations.js";
import type { Succession } from "../../../src/metrics/reference-data.js";

const link = (
  predecessorCode: string,
  successorCode: string,
  partial = false,
  effectiveDate = "2024-04-01",
): Succession => ({
  predecessorCode,
  successorCode,
  effectiveDate,
  orgLevel: "trust",
  partial,
  successorName: null,
  note: null,
});

const LINKS = [
  link("P1", "N"),
  link("P2", "N"),
  link("Q", "S"),
  link("X", "S2"),
  link("X", "S3"),
  link("W", "S3", true),
];

const CODES = ["N", "P1", "P2", "Q", "S", "T"];
function org(code: string): Organisation {
  return {
    orgCode: code,
    name: `Trust ${code}`,
    kind: "acute_trust",
    subtype: null,
    kindSource: "list",
    regionCode: "Y56",
    icbCode: null,
    closeDate: ["P1", "P2", "Q"].includes(code) ? "2024-03-31" : null,
    successorCode: null,
    synthetic: false,
  };
}

// 20 months, Aug 2022 – Mar 2024 before the merger and Apr 2024 – Jul 2024 after (24 in all).
const PERIODS = Array.from({ length: 24 }, (_, i) => {
  const m = 7 + i; // August 2022 is month index 7 of 2022
  return `${2022 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}-01`;
});
const MERGER = PERIODS.indexOf("2024-04-01");

/** 4-hour performance (sum_ratio): within 4 hours of attendances per organisation and period. */
function fourHour(): MetricMatrix {
  const P = PERIODS.length;
  const num = new Float64Array(CODES.length * P).fill(NaN);
  const den = new Float64Array(CODES.length * P).fill(NaN);
  const put = (code: string, q: number, x: number, n: number) => {
    const cell = CODES.indexOf(code) * P + q;
    num[cell] = x;
    den[cell] = n;
  };
  for (let q = 0; q < P; q++) {
    if (q < MERGER) {
      // Neither P1 nor P2 has month 5 (nothing to combine: not a gap); P2 missed month 3 (a gap).
      if (q !== 5) put("P1", q, 700, 1000);
      if (q !== 3 && q !== 5) put("P2", q, 1500 + q, 2000);
      put("Q", q, 300, 400);
      put("S", q, 600, 800);
    } else {
      put("N", q, 2300, 3000);
      put("S", q, 900, 1200);
    }
    put("T", q, 750 + (q % 3), 1000);
  }
  const value = Float64Array.from(num, (x, i) => (x / den[i]!) * 100);
  return {
    metricId: "ae_4hr_all",
    periodType: "month",
    orgCodes: CODES,
    periods: PERIODS,
    numerator: num,
    denominator: den,
    value,
  };
}

function store(): AnalyticsStore {
  const m = fourHour();
  return {
    dataVersion: async () => "1",
    organisations: async () => [...CODES.map(org), { ...org("Y56"), kind: "region" }],
    peerGroups: async () => [
      { peerGroupId: "acute", name: "All acute trusts", kind: "predefined" },
    ],
    groupMembers: async () => CODES,
    successions: async () => LINKS,
    loadMetric: async () => m,
    metricDefinitions: async () => [getMetric("ae_4hr_all")!],
  };
}

describe("clean mergers", () => {
  it("are successors whose every predecessor passed whole to them alone", () => {
    const m = cleanMergers(LINKS);
    expect([...m.keys()].sort()).toEqual(["N", "S"]);
    expect(m.get("N")).toEqual([
      { orgCode: "P1", effectiveDate: "2024-04-01" },
      { orgCode: "P2", effectiveDate: "2024-04-01" },
    ]);
    // S2 received part of a split trust; S3 a split and a partial succession.
    expect(m.has("S2")).toBe(false);
    expect(m.has("S3")).toBe(false);
  });
});

describe("a successor's series continued through a clean merger", () => {
  it("is as reported unless asked, and says it can be continued", async () => {
    const d = await createAnalyticsService(store()).metricDetail("N", "ae_4hr_all");
    expect(d.history).toMatchObject({
      status: "applied",
      view: "reported",
      combinedPeriods: MERGER - 2,
      gapPeriods: 1,
      includesOwn: false,
    });
    expect(d.history?.predecessors.map((p) => p.orgCode)).toEqual(["P1", "P2"]);
    expect(d.series.filter((v) => v.value !== null)).toHaveLength(PERIODS.length - MERGER);
    expect(d.spc).not.toBeNull();
    expect(d.trend.spc).toBeNull(); // 4 points of its own: too few for SPC
  });

  it("adds a new code's predecessors' numerators and denominators before the merger", async () => {
    const d = await createAnalyticsService(store()).metricDetail(
      "N",
      "ae_4hr_all",
      undefined,
      undefined,
      "continued",
    );
    expect(d.history?.view).toBe("continued");
    const first = d.series[0]!;
    // (700 + 1500) / (1000 + 2000) = 73.33…%
    expect(first).toMatchObject({ numerator: 2200, denominator: 3000, combinedFrom: ["P1", "P2"] });
    expect(first.value).toBeCloseTo((2200 / 3000) * 100, 12);
    // The month P2 missed is a gap, never P1 alone.
    expect(d.series[3]!.value).toBeNull();
    expect(d.series[3]!.combinedFrom).toEqual([]);
    // After the merger: N's own.
    expect(d.series[MERGER]).toMatchObject({ numerator: 2300, denominator: 3000 });
    expect(d.series[MERGER]!.combinedFrom).toBeUndefined();
    expect(d.series[5]!.value).toBeNull();
    // SPC over the continued series: 22 points, so the headline is SPC.
    expect(d.spc?.points.filter((p) => p.value !== null)).toHaveLength(PERIODS.length - 2);
    expect(d.trend.headline).toBe("spc");
    expect(d.trend.spc?.n).toBe(PERIODS.length - 2);
    // Benchmarks keep the values as reported: P1 and P2 still report under their own codes.
    expect(d.benchmarkBars?.bars.map((b) => b.orgCode).sort()).toEqual(["N", "S", "T"]);
  });

  it("adds an absorbing successor's own figures to its predecessor's", async () => {
    const d = await createAnalyticsService(store()).metricDetail(
      "S",
      "ae_4hr_all",
      undefined,
      undefined,
      "continued",
    );
    // (600 + 300) / (800 + 400) = 75%, the successor first.
    expect(d.series[0]).toMatchObject({
      numerator: 900,
      denominator: 1200,
      value: 75,
      combinedFrom: ["S", "Q"],
    });
    expect(d.history).toMatchObject({ combinedPeriods: MERGER, gapPeriods: 0, includesOwn: true });
  });

  it("has no history for an organisation without a clean merger", async () => {
    const d = await createAnalyticsService(store()).metricDetail(
      "T",
      "ae_4hr_all",
      undefined,
      undefined,
      "continued",
    );
    expect(d.history).toBeNull();
    expect(d.series.every((v) => v.combinedFrom === undefined)).toBe(true);
  });
});
