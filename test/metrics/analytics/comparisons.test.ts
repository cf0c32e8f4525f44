/**
 * Issue 11, defects 1, 2 and 8, through the service on a hand-made store whose every number can
 * be checked by hand: counts are not tested against England's or a region's total; the quintile
 * fallback names the right end best and agrees with the highlight rule; comparisons are judged at
 * the metric's catalogue level (99.8% for large denominators) or the level asked for.
 */
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import { SIZE_NOTE } from "../../../src/metrics/analytics/sentences.js";
import type { AnalyticsStore, MetricMatrix } from "../../../src/metrics/analytics/types.js";
import type { Organisation } from "../../../src/metrics/organisations.js";

function org(code: string, regionCode: string, kind = "acute_trust"): Organisation {
  return {
    orgCode: code,
    name: kind === "region" ? `Region ${code}` : `Trust ${code}`,
    kind: kind as Organisation["kind"],
    regionCode,
    icbCode: null,
    closeDate: null,
    subtype: null,
    kindSource: "list",
    successorCode: null,
    synthetic: false,
  };
}

const TRUSTS = ["A", "B", "C", "D", "E", "F"];
const PERIOD = "2025-07-01";

/** One period of values (NaN numerators and denominators for a count). */
function matrix(
  metricId: string,
  value: number[],
  numerator?: number[],
  denominator?: number[],
): MetricMatrix {
  const codes = TRUSTS.slice(0, value.length);
  const missing = value.map(() => NaN);
  return {
    metricId,
    periodType: "month",
    orgCodes: codes,
    periods: [PERIOD],
    numerator: Float64Array.from(numerator ?? missing),
    denominator: Float64Array.from(denominator ?? missing),
    value: Float64Array.from(value),
  };
}

// Defect 1's reproduction: a trust with 30,199 decision-to-admit 4-hour waits, England 369,480.
const waits = matrix("ae_dta_4hr_waits", [30199, 45000, 52000, 61000, 80000, 101281]);
// Defect 2's: RTT waiting lists (lower is better, no interval); A's is the largest.
const lists = matrix("rtt_waiting_list", [600000, 500000, 400000, 300000, 200000, 100000]);
// Defect 8's: A's 72.0% of 1,000 against England's 75.09%: its 95% interval (69.1% to 74.7%)
// lies below, its 99.8% interval (67.4% to 76.2%) does not.
const fourHourX = [720, 75100, 75100, 75100, 75100, 75100];
const fourHourN = [1000, 100000, 100000, 100000, 100000, 100000];
const fourHour = matrix(
  "ae_4hr_all",
  fourHourX.map((x, i) => (x / fourHourN[i]!) * 100),
  fourHourX,
  fourHourN,
);
// G&A occupancy (lower is better, no interval, not a count): A's 98% is the highest of 6.
const gaBeds = [100, 200, 300, 400, 500, 600];
const gaOccupied = [98, 190, 282, 368, 455, 540];
const gaOccupancy = matrix(
  "ga_occupancy",
  gaOccupied.map((x, i) => (x / gaBeds[i]!) * 100),
  gaOccupied,
  gaBeds,
);
// Adult G&A occupancy with only 4 trusts reporting: too few for quintiles.
const beds = [100, 200, 300, 400];
const occupied = [99, 180, 270, 360];
const occupancy = matrix(
  "ga_occupancy_adult",
  occupied.map((x, i) => (x / beds[i]!) * 100),
  occupied,
  beds,
);

function store(): AnalyticsStore {
  const byId = new Map(
    [waits, lists, fourHour, gaOccupancy, occupancy].map((m) => [m.metricId, m]),
  );
  return {
    dataVersion: async () => "1",
    organisations: async () => [
      ...TRUSTS.map((c, i) => org(c, i < 3 ? "Y56" : "Y58")),
      org("Y56", "Y56", "region"),
      org("Y58", "Y58", "region"),
    ],
    peerGroups: async () => [
      { peerGroupId: "acute", name: "All acute trusts", kind: "predefined" },
    ],
    groupMembers: async () => TRUSTS,
    loadMetric: async (id) => byId.get(id)!,
    metricDefinitions: async () => [...byId.keys()].map((id) => getMetric(id)!),
  };
}

describe("a count is not tested against England's or a region's total (issue 11, defect 1)", () => {
  it("shows the total as context, and compares with peers as higher or lower, saying it is size", async () => {
    const r = await createAnalyticsService(store()).compare("A", "ae_dta_4hr_waits");
    expect(r.metric.growsWithSize).toBe(true);
    // Before: "Better than England: the 95% interval (29,859 to 30,541) lies below 369,480."
    const england = r.comparisons.find((c) => c.benchmark.kind === "england")!;
    expect(england).toMatchObject({
      outcome: "not_compared",
      method: "context",
      interval: null,
      benchmark: { value: 369480 },
    });
    expect(england.text).toBe(
      "Not tested: England's figure is the total of 6 reporting organisations (369,480), not a value one organisation could have; 30,199 is 8.2% of it.",
    );
    const region = r.comparisons.find((c) => c.benchmark.kind === "region")!;
    expect(region).toMatchObject({ outcome: "not_compared", method: "context" });
    // 30,199 + 45,000 + 52,000 = 127,199; 30,199 ÷ 127,199 = 23.7%.
    expect(region.text).toBe(
      "Not tested: Region Y56's figure is the total of 3 reporting organisations (127,199), not a value one organisation could have; 30,199 is 23.7% of it.",
    );
    // Against the peer median (56,500) the interval still decides, but says lower, not better.
    const peers = r.comparisons.find((c) => c.benchmark.kind === "peer_median")!;
    expect(peers.benchmark.value).toBe(56500);
    expect(peers.outcome).toBe("lower");
    expect(peers.text).toMatch(/^Lower than the median of All acute trusts: the 95% interval/);
    expect(peers.text.endsWith(SIZE_NOTE)).toBe(true);
  });

  it("the dashboard's quarter of a count says it reflects size", async () => {
    const d = await createAnalyticsService(store()).organisationDashboard("A");
    const m = d.metrics.find((x) => x.metric.metricId === "ae_dta_4hr_waits")!;
    expect(m.quartile?.text).toMatch(/^In the best quarter of All acute trusts/);
    expect(m.quartile?.text.endsWith(SIZE_NOTE)).toBe(true);
    expect(m.comparison?.outcome).toBe("lower");
    // A proportion's quarter carries no such note.
    const p = d.metrics.find((x) => x.metric.metricId === "ae_4hr_all")!;
    expect(p.quartile?.text).not.toContain(SIZE_NOTE);
  });
});

describe("the quintile fallback names the right end best (issue 11, defect 2)", () => {
  it("the highest occupancy is in the worst fifth, the lowest in the best", async () => {
    const s = createAnalyticsService(store());
    const peerRow = async (code: string) =>
      (await s.compare(code, "ga_occupancy")).comparisons.find(
        (c) => c.benchmark.kind === "peer_median",
      )!;
    // Before: "… 98.0% is in quintile 5 of 5 (1 = lowest) among 6 All acute trusts (1st best fifth)."
    const highest = await peerRow("A");
    expect(highest).toMatchObject({ method: "quintile", quintile: 5 });
    expect(highest.text).toBe(
      "No confidence interval applies to means of daily counts; instead the value 98.0% is in quintile 5 of 5 (1 = lowest) among 6 All acute trusts: the worst fifth.",
    );
    const lowest = await peerRow("F");
    expect(lowest).toMatchObject({ method: "quintile", quintile: 1 });
    expect(lowest.text).toContain(": the best fifth.");
    // And the highlight rule agrees: A's "worst fifth" is the evidence that lists it.
    const h = (await s.opportunities("A")).highlighted.find((x) => x.metricId === "ga_occupancy");
    expect(h?.reasons).toContain("in the worst fifth of peers (no interval applies)");
    const f = (await s.opportunities("F")).highlighted.find((x) => x.metricId === "ga_occupancy");
    expect(f).toBeUndefined();
  });

  it("a waiting list is a size: its fifth is named highest or lowest, not best or worst", async () => {
    const s = createAnalyticsService(store());
    // Before: the largest list was in the "1st best fifth".
    const largest = (await s.compare("A", "rtt_waiting_list")).comparisons.find(
      (c) => c.benchmark.kind === "peer_median",
    )!;
    expect(largest).toMatchObject({ method: "quintile", quintile: 5 });
    expect(largest.text).toContain(
      "600,000 is in quintile 5 of 5 (1 = lowest) among 6 All acute trusts: the highest fifth.",
    );
    expect(largest.text.endsWith(SIZE_NOTE)).toBe(true);
  });

  it("with too few peers for quintiles, neither the comparison nor a highlight says 'worst fifth'", async () => {
    const s = createAnalyticsService(store());
    // A's 99% occupancy is the highest of 4: the comparison is "not compared" (quintiles need 5
    // peers), so the highlight rule may not call it the worst fifth either (before, it did).
    const r = await s.compare("A", "ga_occupancy_adult");
    expect(r.comparisons.find((c) => c.benchmark.kind === "peer_median")).toMatchObject({
      method: "none",
      outcome: "not_compared",
    });
    const o = await s.opportunities("A");
    expect(o.opportunities.find((x) => x.metricId === "ga_occupancy_adult")?.status).toBe("gap");
    expect(o.highlighted.map((h) => h.metricId)).not.toContain("ga_occupancy_adult");
  });
});

describe("comparisons at 95% or 99.8% (issue 11, defect 8)", () => {
  it("is judged at the metric's catalogue level unless another is asked for", async () => {
    const s = createAnalyticsService(store());
    expect(getMetric("ae_4hr_all")?.comparisonLevel).toBe(99.8);
    const byDefault = await s.compare("A", "ae_4hr_all");
    expect(byDefault.level).toBe(99.8);
    const england = byDefault.comparisons.find((c) => c.benchmark.kind === "england")!;
    expect(england.outcome).toBe("similar");
    expect(england.interval?.level).toBe(99.8);
    expect(england.text).toMatch(
      /^Similar to England: the 99\.8% interval \(67\.4% to 76\.2%\) includes 75\.1%\.$/,
    );
    const at95 = await s.compare("A", "ae_4hr_all", undefined, undefined, 95);
    expect(at95.level).toBe(95);
    const worse = at95.comparisons.find((c) => c.benchmark.kind === "england")!;
    expect(worse.outcome).toBe("worse");
    expect(worse.text).toMatch(
      /^Worse than England: the 95% interval \(69\.1% to 74\.7%\) lies below 75\.1%\.$/,
    );
    // The metric page and the dashboard take the level too.
    const detail = await s.metricDetail("A", "ae_4hr_all", undefined, 95);
    expect(detail.level).toBe(95);
    expect(detail.comparisons.find((c) => c.benchmark.kind === "england")?.outcome).toBe("worse");
    expect((await s.metricDetail("A", "ae_4hr_all")).level).toBe(99.8);
    const dash = await s.organisationDashboard("A", undefined, 95);
    const m = dash.metrics.find((x) => x.metric.metricId === "ae_4hr_all")!;
    expect(m.comparison?.interval?.level).toBe(95);
    // A metric without a catalogue level is judged at 95%.
    expect((await s.compare("A", "ae_dta_4hr_waits")).level).toBe(95);
  });
});
