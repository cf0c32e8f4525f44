/**
 * A metric the publication judges with its own limits (SHMI, catalogue `publishedLimits`) gets no
 * interval of ours anywhere: no Wilson or Poisson interval on its values, its comparisons by
 * quintile (or the value itself), the note saying why; and its rolling twelve months read as such.
 */
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { intervalKindOf, periodTypeOf } from "../../../src/metrics/analytics/metric-info.js";
import { formatPeriod } from "../../../src/metrics/period.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import type { AnalyticsStore, MetricMatrix } from "../../../src/metrics/analytics/types.js";
import type { Organisation } from "../../../src/metrics/organisations.js";

const TRUSTS = ["A", "B", "C", "D", "E", "F"];
const PERIOD = "2025-02-01";
// Observed and expected deaths (to the nearest 5) and SHMI as published.
const observed = [985, 1610, 3880, 2000, 1500, 1200];
const expected = [1045, 1345, 4760, 2000, 1480, 1250];
const shmi: MetricMatrix = {
  metricId: "shmi",
  periodType: "twelve_months",
  orgCodes: TRUSTS,
  periods: [PERIOD],
  numerator: Float64Array.from(observed),
  denominator: Float64Array.from(expected),
  value: Float64Array.from([0.9396, 1.1965, 0.8149, 1.0, 1.0135, 0.96]),
};

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

function store(): AnalyticsStore {
  return {
    dataVersion: async () => "1",
    organisations: async () => [
      ...TRUSTS.map(org),
      { ...org("Y56"), name: "London", kind: "region" },
    ],
    peerGroups: async () => [
      { peerGroupId: "acute", name: "All acute trusts", kind: "predefined" },
    ],
    groupMembers: async () => TRUSTS,
    loadMetric: async (id, periodType) => {
      expect([id, periodType]).toEqual(["shmi", "twelve_months"]);
      return shmi;
    },
    metricDefinitions: async () => [getMetric("shmi")!],
  };
}

describe("a metric with published limits (SHMI)", () => {
  it("has no interval of ours, says why, and is stored over rolling twelve months", () => {
    const def = getMetric("shmi")!;
    expect(periodTypeOf(def)).toBe("twelve_months");
    const interval = intervalKindOf(def);
    expect(interval.kind).toBe("none");
    expect(interval.note).toMatch(
      /^No confidence interval of ours: the publication judges each value with its own limits, kept as published \(SHMI's 95% control limits adjusted for overdispersion/,
    );
    expect(formatPeriod(PERIOD, "twelve_months")).toBe("Feb 2025 – Jan 2026");
  });

  it("compares without any interval: by quintile among peers, the value itself against England", async () => {
    const r = await createAnalyticsService(store()).compare("B", "shmi");
    expect(r.metric.intervalKind).toBe("none");
    expect(r.comparisons.length).toBeGreaterThan(0);
    for (const c of r.comparisons) {
      expect(c.interval, c.benchmark.kind).toBeNull();
      expect(c.method, c.benchmark.kind).not.toBe("confidence_interval");
    }
    const peers = r.comparisons.find((c) => c.benchmark.kind === "peer_median")!;
    expect(peers).toMatchObject({ method: "quintile", quintile: 5 });
    // Neutral: the highest fifth, never the worst.
    expect(peers.text).toBe(
      "No confidence interval applies to values judged by their publication's own limits (kept as published); instead the value 1.1965 is in quintile 5 of 5 (1 = lowest) among 6 All acute trusts: the highest fifth.",
    );
  });
});
