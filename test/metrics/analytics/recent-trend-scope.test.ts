/**
 * Issue 11, defect 3: the recent-trend marker (Fingertips' test for annual, non-overlapping
 * periods of rates and proportions) ran on monthly series and on counts. Through the service on
 * a hand-made store: a stationary monthly series whose last 5 months dip (or recover) gets no
 * trend verdict and no "improver" listing from it; counts are never tested; annual proportions
 * are tested by the χ² test for trend on their counts.
 */
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import type { MetricDefinition } from "../../../src/metrics/catalogue/types.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import type { AnalyticsStore, MetricMatrix } from "../../../src/metrics/analytics/types.js";
import type { Organisation } from "../../../src/metrics/organisations.js";
import { wilsonLimits } from "../../../src/stats/intervals.js";
import { recentTrend } from "../../../src/stats/trend.js";

function org(code: string): Organisation {
  return {
    orgCode: code,
    name: `Trust ${code}`,
    kind: "acute_trust",
    regionCode: "Y56",
    icbCode: null,
    closeDate: null,
    subtype: null,
    kindSource: "list",
    successorCode: null,
    synthetic: false,
  };
}

const months = Array.from({ length: 24 }, (_, m) => {
  const d = new Date(Date.UTC(2023, 3 + m, 1));
  return d.toISOString().slice(0, 10);
});
const years = ["2019-04-01", "2020-04-01", "2021-04-01", "2022-04-01", "2023-04-01"];

/** 4-hour performance (%) over two identical years: stationary, with a dip (A) or a recovery (B). */
const A_YEAR = [74.6, 74.2, 74.8, 74.4, 75, 74.4, 74.8, 75, 74.6, 74.2, 73.8, 73.4];
const B_YEAR = [74.2, 74.8, 74.4, 74.9, 74.3, 74.7, 74.2, 73.4, 73.8, 74.2, 74.6, 75];
const C_YEAR = [74.4, 74.6, 74.3, 74.7, 74.5, 74.4, 74.6, 74.5, 74.3, 74.6, 74.4, 74.5];
const N = 40_000; // attendances a month

interface Row {
  numerator: number[];
  denominator: number[];
  value: number[];
}

/** x of n as a percentage row. */
const proportion = (x: number[], n: number[]): Row => ({
  numerator: x,
  denominator: n,
  value: x.map((xi, i) => (xi / n[i]!) * 100),
});

function matrix(
  metricId: string,
  periodType: MetricMatrix["periodType"],
  periods: string[],
  rows: Row[],
  codes: string[],
): MetricMatrix {
  const cells = (f: (r: Row) => number[]) => Float64Array.from(rows.flatMap(f));
  return {
    metricId,
    periodType,
    orgCodes: codes,
    periods,
    numerator: cells((r) => r.numerator),
    denominator: cells((r) => r.denominator),
    value: cells((r) => r.value),
  };
}

const twoYears = (year: number[]) => {
  const pct = [...year, ...year];
  return proportion(
    pct.map((v) => (v / 100) * N),
    pct.map(() => N),
  );
};

const monthly = matrix(
  "ae_4hr_all",
  "month",
  months,
  [twoYears(A_YEAR), twoYears(B_YEAR), twoYears(C_YEAR), twoYears(C_YEAR)],
  ["A", "B", "C", "D"],
);
// An annual proportion (RTT within 18 weeks, as if published yearly): A = issue 11's first
// simulated series (increasing, X² = 13.12), B = its second (no significant change, X² = 9.17).
const annualProportion = matrix(
  "rtt_18wk",
  "financial_year",
  years,
  [
    proportion([2, 3, 1, 9, 10], [33, 24, 29, 24, 28]),
    proportion([93, 90, 78, 71, 87], [112, 111, 102, 115, 119]),
  ],
  ["A", "B"],
);
// An annual count rising steeply: a count has no rate's scale, so it is never tested.
const annualCount = matrix(
  "ae_attendances_all",
  "financial_year",
  years,
  [
    {
      numerator: [NaN, NaN, NaN, NaN, NaN],
      denominator: [NaN, NaN, NaN, NaN, NaN],
      value: [1000, 1500, 2000, 2500, 3000],
    },
  ],
  ["A"],
);

function store(): AnalyticsStore {
  const defs: MetricDefinition[] = [
    getMetric("ae_4hr_all")!,
    { ...getMetric("rtt_18wk")!, frequency: "annual" },
    { ...getMetric("ae_attendances_all")!, frequency: "annual" },
  ];
  const byId = new Map([monthly, annualProportion, annualCount].map((m) => [m.metricId, m]));
  return {
    dataVersion: async () => "1",
    organisations: async () => ["A", "B", "C", "D"].map(org),
    peerGroups: async () => [
      { peerGroupId: "acute", name: "All acute trusts", kind: "predefined" },
    ],
    groupMembers: async () => ["A", "B", "C", "D"],
    loadMetric: async (id) => byId.get(id)!,
    metricDefinitions: async () => defs,
  };
}

describe("the recent-trend marker runs only where it is valid (issue 11, defect 3)", () => {
  it("the old test called a stationary monthly dip and recovery significant trends", () => {
    // Precondition, with the method the engine used before on these months: weighted regression
    // on Wilson intervals of the last 5 months. A: 75 → 73.4, "decreasing"; B: 73.4 → 75,
    // "increasing"; χ² = 33.4 for each, though each year repeats the one before.
    const last5 = (year: number[]) =>
      year.slice(-5).map((v) => {
        const w = wilsonLimits((v / 100) * N, N, 1.959964);
        return { value: v, lower: w.lower * 100, upper: w.upper * 100 };
      });
    const a = recentTrend(last5(A_YEAR));
    const b = recentTrend(last5(B_YEAR));
    expect(a.trend).toBe("decreasing");
    expect(a.chiSquare).toBeGreaterThan(20);
    expect(b.trend).toBe("increasing");
    expect(b.chiSquare).toBeGreaterThan(20);
  });

  it("a stationary monthly series gets no trend verdict; SPC speaks for it", async () => {
    const s = createAnalyticsService(store());
    for (const code of ["A", "B"]) {
      const d = await s.metricDetail(code, "ae_4hr_all");
      // SPC sees common cause: the dip and the recovery are within the limits.
      expect(d.trend.headline).toBe("spc");
      expect(d.trend.spc?.variationType).toBe("common_cause");
      expect(d.trend.recentTrend.marker).toBe("not_tested");
      expect(d.trend.recentTrend.direction).toBeNull();
      expect(d.trend.recentTrend.chiSquare).toBeNull();
      expect(d.trend.recentTrend.text).toBe("Judged by SPC.");
      expect(d.trend.recentTrend.detail).toBe(
        "The recent-trend test is for annual data, not monthly data.",
      );
    }
  });

  it("no improver is listed on monthly data for a recent trend; the page says what counts", async () => {
    const s = createAnalyticsService(store());
    const n = await s.metricNational("ae_4hr_all");
    // Before, B's recovery was listed as "a significant recent trend".
    expect(n.improvers.map((i) => i.orgCode)).not.toContain("B");
    for (const i of n.improvers) expect(i.evidence).not.toContain("significant_recent_trend");
    expect(n.improverEvidence).toEqual(["special_cause_improvement"]);
  });

  it("a short monthly series says SPC needs more points, not that it is trending", async () => {
    const short: MetricMatrix = {
      ...monthly,
      periods: monthly.periods.slice(0, 9),
      numerator: monthly.numerator.filter((_, i) => i % 24 < 9),
      denominator: monthly.denominator.filter((_, i) => i % 24 < 9),
      value: monthly.value.filter((_, i) => i % 24 < 9),
    };
    const s = createAnalyticsService({ ...store(), loadMetric: async () => short });
    const d = await s.metricDetail("A", "ae_4hr_all");
    expect(d.trend.spc).toBeNull();
    expect(d.trend.headline).toBe("none");
    expect(d.trend.recentTrend.marker).toBe("not_tested");
    expect(d.trend.recentTrend.text).toBe(
      "Change over time not judged yet: 9 months of data, and SPC needs 15.",
    );
  });

  it("counts are never tested, even annual ones", async () => {
    const s = createAnalyticsService(store());
    const d = await s.metricDetail("A", "ae_attendances_all");
    expect(d.trend.recentTrend.marker).toBe("not_tested");
    expect(d.trend.recentTrend.text).toBe("Change over time not judged.");
    expect(d.trend.recentTrend.detail).toBe(
      "The recent-trend test is for rates and proportions, not counts.",
    );
  });

  it("annual proportions: the χ² test for trend on the counts, direction from the logit slope", async () => {
    const s = createAnalyticsService(store());
    const a = await s.metricDetail("A", "rtt_18wk");
    expect(a.trend.headline).toBe("recent_trend");
    expect(a.trend.recentTrend.marker).toBe("increasing");
    expect(a.trend.recentTrend.direction).toBe("getting_better");
    expect(a.trend.recentTrend.chiSquare).toBeCloseTo(372523962 / 28388425, 9);
    expect(a.trend.recentTrend.periods).toEqual(years);
    expect(a.trend.recentTrend.text).toBe("Increasing and getting better over the last 5 years.");
    expect(a.trend.recentTrend.detail).toBe(
      "χ² test for trend over the last 5 years: χ² = 13.12, above 9.5495, the 99.8% threshold with 1 degree of freedom.",
    );
    const b = await s.metricDetail("B", "rtt_18wk");
    expect(b.trend.recentTrend.marker).toBe("no_significant_change");
    expect(b.trend.recentTrend.chiSquare).toBeCloseTo(49396964617 / 5384367880, 9);
    expect(b.trend.recentTrend.text).toBe("No significant change over the last 5 years.");
    const n = await s.metricNational("rtt_18wk");
    expect(n.improverEvidence).toEqual(["special_cause_improvement", "significant_recent_trend"]);
  });
});
