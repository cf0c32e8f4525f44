/**
 * A metric that cannot be added up across organisations (a 90th centile) has England's figure
 * only as its publication gives it: the England page shows the publication's England row, never a
 * figure computed from trusts, and says so (before: "No data: no England figure can be computed"
 * on every ambulance 90th centile, though AmbSYS publishes England's).
 */
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import type { AnalyticsStore, MetricMatrix } from "../../../src/metrics/analytics/types.js";
import type { Organisation } from "../../../src/metrics/organisations.js";

function org(code: string, kind: Organisation["kind"]): Organisation {
  return {
    orgCode: code,
    name: code,
    kind,
    subtype: null,
    kindSource: "list",
    regionCode: kind === "country" ? null : "Y56",
    icbCode: null,
    closeDate: null,
    successorCode: null,
    synthetic: false,
  };
}

const PERIODS = ["2025-06-01", "2025-07-01", "2025-08-01"];
// England's published 90th centile (minutes), and two trusts'; England is not their mean.
const VALUES: Record<string, (number | null)[]> = {
  ENG: [55.2, 52.9, null],
  RX6: [50.1, 48.0, 47.5],
  RYA: [61.3, 58.8, 57.0],
};

function store(withEngland: boolean): AnalyticsStore {
  const codes = Object.keys(VALUES).filter((c) => withEngland || c !== "ENG");
  const value = Float64Array.from(codes.flatMap((c) => VALUES[c]!.map((v) => v ?? NaN)));
  const matrix: MetricMatrix = {
    metricId: "amb_cat2_90th",
    periodType: "month",
    orgCodes: codes,
    periods: PERIODS,
    numerator: new Float64Array(value.length).fill(NaN),
    denominator: new Float64Array(value.length).fill(NaN),
    value,
  };
  return {
    dataVersion: async () => "1",
    organisations: async () => [
      org("ENG", "country"),
      org("RX6", "ambulance_trust"),
      org("RYA", "ambulance_trust"),
    ],
    peerGroups: async () => [],
    groupMembers: async () => [],
    loadMetric: async () => matrix,
    metricDefinitions: async () => [getMetric("amb_cat2_90th")!],
  };
}

describe("England's figure of a metric that cannot be added up", () => {
  it("is the publication's England row, with the trusts reporting", async () => {
    const n = await createAnalyticsService(store(true)).metricNational("amb_cat2_90th");
    expect(n.england.published).toBe(true);
    expect(n.england.series.map((x) => x.value)).toEqual([55.2, 52.9, null]);
    expect(n.england.series.map((x) => x.reporting)).toEqual([2, 2, 0]);
    expect(n.england.series[0]!.formula).toMatch(/as published/);
  });

  it("is none where the publication gives no England row: nothing is computed from trusts", async () => {
    const n = await createAnalyticsService(store(false)).metricNational("amb_cat2_90th");
    expect(n.england.published).toBe(false);
    expect(n.england.series.every((x) => x.value === null)).toBe(true);
    expect(n.england.spc).toBeNull();
  });
});
