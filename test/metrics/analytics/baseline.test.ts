/**
 * The default SPC baseline (issue 13): limits start again after six months or more with no data,
 * at the pandemic's start and end, and at a succession into the organisation; never before a
 * series' first value; and the country-wide pass (dashboard icons) agrees with the metric page.
 */
import { describe, expect, it } from "vitest";
import {
  BaselinePlan,
  groupRebaseDates,
  successionDays,
} from "../../../src/metrics/analytics/baseline.js";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import type { AnalyticsStore, MetricMatrix } from "../../../src/metrics/analytics/types.js";
import type { Organisation } from "../../../src/metrics/organisations.js";
import { addPeriods } from "../../../src/metrics/period.js";

const months = (from: string, n: number) =>
  Array.from({ length: n }, (_, i) => addPeriods(from, "month", i));

describe("where the limits start again", () => {
  const periods = months("2018-01-01", 60); // January 2018 – December 2022
  const plan = new BaselinePlan(periods, "month");
  const at = (p: string) => periods.indexOf(p);

  it("after six months or more with no data, not five", () => {
    // Values in May 2018, then December 2018: June – November missing (6 months).
    expect(plan.between(at("2018-05-01"), at("2018-12-01"))).toEqual({
      period: "2018-12-01",
      reason: "gap",
      text: "after 6 months with no data",
    });
    // May, then November: 5 months missing.
    expect(plan.between(at("2018-05-01"), at("2018-11-01"))).toBeNull();
  });

  it("at the pandemic's start and end, wherever the series crosses them", () => {
    expect(plan.between(at("2020-02-01"), at("2020-03-01"))).toMatchObject({
      period: "2020-03-01",
      reason: "event",
      text: "the COVID-19 pandemic",
    });
    expect(plan.between(at("2022-03-01"), at("2022-04-01"))).toMatchObject({
      period: "2022-04-01",
      reason: "event",
    });
    // Crossed inside a gap of under six months: the first value after it starts the limits.
    expect(plan.between(at("2020-01-01"), at("2020-05-01"))?.period).toBe("2020-05-01");
    expect(plan.between(at("2020-03-01"), at("2020-04-01"))).toBeNull();
  });

  it("at a succession into the organisation, from its date", () => {
    const into = successionDays([
      { predecessorName: "Poole (RD3)", effectiveDate: "2018-10-01" },
      { predecessorName: "Royal Bournemouth (RDZ)", effectiveDate: "2018-10-01" },
    ]);
    expect(plan.between(at("2018-09-01"), at("2018-10-01"), into)).toEqual({
      period: "2018-10-01",
      reason: "succession",
      text: "Poole (RD3) and Royal Bournemouth (RDZ) passed to it",
    });
    expect(plan.between(at("2018-09-01"), at("2018-10-01"))).toBeNull();
  });

  it("only between two values: a series starting after a break is not broken by it", () => {
    const observed = periods.map((_, i) => i).filter((i) => periods[i]! >= "2020-06-01");
    expect(plan.breaksOf(observed).map((b) => b.period)).toEqual(["2022-04-01"]);
  });

  it("quarterly: two missing quarters are a gap, one is not", () => {
    const q = ["2018-04-01", "2018-07-01", "2018-10-01", "2019-01-01", "2019-04-01"];
    const quarters = new BaselinePlan(q, "quarter");
    expect(quarters.between(0, 3)).toMatchObject({
      reason: "gap",
      text: "after 6 months with no data",
    });
    expect(quarters.between(0, 2)).toBeNull();
  });

  it("a group's series: gaps and events, no successions", () => {
    const values = periods.map((p) => (p >= "2019-04-01" && p < "2021-04-01" ? null : 1));
    expect(groupRebaseDates(periods, values, "month")).toEqual(["2021-04-01", "2022-04-01"]);
  });
});

describe("one baseline for the dashboard's icon and the metric page", () => {
  // A trust whose 4-hour performance ran at ~60% before a two-year gap and ~80% after: across
  // the gap every recent point would be special cause; with the limits started again after it,
  // the recent months are common cause.
  const periods = months("2016-01-01", 9 * 12); // to December 2024
  const value = periods.map((p, i) => {
    if (p >= "2019-04-01" && p < "2021-04-01") return NaN;
    const wobble = [0, 1.2, -0.8, 0.5, -1.1, 0.9, -0.4, 0.7, -0.6, 0.3][i % 10]!;
    return (p < "2019-04-01" ? 60 : p < "2022-04-01" ? 70 : 80) + wobble;
  });
  const matrix: MetricMatrix = {
    metricId: "ae_4hr_all",
    periodType: "month",
    orgCodes: ["A"],
    periods,
    numerator: Float64Array.from(value, (v) => v * 10),
    denominator: Float64Array.from(value, () => 1000),
    value: Float64Array.from(value),
  };
  const org: Organisation = {
    orgCode: "A",
    name: "Trust A",
    kind: "acute_trust",
    subtype: null,
    kindSource: "list",
    regionCode: "Y56",
    icbCode: null,
    closeDate: null,
    successorCode: null,
    synthetic: false,
  };
  const store: AnalyticsStore = {
    dataVersion: async () => "1",
    organisations: async () => [org],
    peerGroups: async () => [
      { peerGroupId: "acute", name: "All acute trusts", kind: "predefined" },
    ],
    groupMembers: async () => ["A"],
    loadMetric: async () => matrix,
    metricDefinitions: async () => [getMetric("ae_4hr_all")!],
  };

  it("starts the limits again after the gap and at the pandemic's end, in both", async () => {
    const s = createAnalyticsService(store);
    const d = await s.metricDetail("A", "ae_4hr_all");
    expect(d.baseline.breaks.map((b) => [b.period, b.reason])).toEqual([
      ["2021-04-01", "gap"],
      ["2022-04-01", "event"],
    ]);
    const groups = new Set(d.spc!.points.filter((p) => p.value !== null).map((p) => p.group));
    expect([...groups]).toEqual([0, 1, 2]);
    expect(d.spc!.summary.variationType).toBe("common_cause");
    // The dashboard's icon comes from the country-wide pass: the same breaks, the same verdict.
    const dash = await s.organisationDashboard("A");
    const m = dash.metrics.find((x) => x.metric.metricId === "ae_4hr_all")!;
    expect(m.trend.spc?.variationType).toBe("common_cause");
    expect(m.trend.spc?.mean).toBeCloseTo(d.spc!.summary.lastMean!, 9);
    expect(m.trend.spc?.upl).toBeCloseTo(d.spc!.summary.lastUpl!, 9);
  });

  it("a series short since its last break is not judged, and the dashboard says since when", async () => {
    // Only 10 months after the two-year gap: too few since the limits restarted, though 49 in all.
    const short: MetricMatrix = {
      ...matrix,
      periods: periods.filter((p) => p < "2019-04-01" || (p >= "2021-04-01" && p < "2022-02-01")),
    };
    const keep = periods.map((p) => short.periods.includes(p));
    const pick = (x: Float64Array) => Float64Array.from([...x].filter((_, i) => keep[i]));
    Object.assign(short, {
      numerator: pick(matrix.numerator),
      denominator: pick(matrix.denominator),
      value: pick(matrix.value),
    });
    const s = createAnalyticsService({ ...store, loadMetric: async () => short });
    const m = (await s.organisationDashboard("A")).metrics[0]!;
    expect(m.trend.spc).toBeNull();
    expect(m.trend.recentTrend.text).toBe(
      "Change over time not judged yet: 10 months since the limits started again in April 2021, and SPC needs 15.",
    );
  });

  it("a reader's rebase is a view: the page's limits change, the dashboard's do not", async () => {
    const s = createAnalyticsService(store);
    const d = await s.metricDetail(
      "A",
      "ae_4hr_all",
      undefined,
      undefined,
      "reported",
      "2023-01-01",
    );
    expect(d.baseline.requested).toBe("2023-01-01");
    expect(d.baseline.breaks.map((b) => b.reason)).toEqual(["gap", "event", "requested"]);
    expect(new Set(d.spc!.points.map((p) => p.group)).size).toBe(4);
    const dash = await s.organisationDashboard("A");
    const m = dash.metrics.find((x) => x.metric.metricId === "ae_4hr_all")!;
    expect(m.trend.spc?.n).toBe(d.series.filter((v) => v.value !== null).length);
  });
});
