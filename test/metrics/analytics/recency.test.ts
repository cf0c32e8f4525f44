/**
 * Old values are neither compared with peers nor sized (issue 13, recency.ts): a series that
 * ended two years before the newest monthly data held, and a trust whose latest month is older
 * than its peers', get a reason instead of a quartile and an opportunity; current values keep both.
 */
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import type { AnalyticsStore, MetricMatrix } from "../../../src/metrics/analytics/types.js";
import type { Organisation } from "../../../src/metrics/organisations.js";
import { trustFixture } from "../../support/organisations.js";

const TRUSTS = ["A", "B", "C", "D", "E"];
const org = (code: string): Organisation => trustFixture(code);

function matrix(
  metricId: string,
  periodType: MetricMatrix["periodType"],
  periods: string[],
  cell: (t: number, p: number) => [number, number] | null,
): MetricMatrix {
  const num: number[] = [];
  const den: number[] = [];
  TRUSTS.forEach((_, t) =>
    periods.forEach((_, p) => {
      const c = cell(t, p);
      num.push(c ? c[0] : NaN);
      den.push(c ? c[1] : NaN);
    }),
  );
  return {
    metricId,
    periodType,
    orgCodes: TRUSTS,
    periods,
    numerator: Float64Array.from(num),
    denominator: Float64Array.from(den),
    value: Float64Array.from(num, (x, i) => (x / den[i]!) * 100),
  };
}

// 4-hour performance, monthly to July 2025; trust E stopped after May 2025.
const fourHour = matrix(
  "ae_4hr_all",
  "month",
  ["2025-05-01", "2025-06-01", "2025-07-01"],
  (t, p) => (t === 4 && p > 0 ? null : [600 + 50 * t, 1000]),
);
// Discharges before 5pm, monthly, ending in May 2023.
const discharges = matrix("discharges_before_5pm", "month", ["2023-04-01", "2023-05-01"], (t) => [
  300 + 40 * t,
  1000,
]);

const store: AnalyticsStore = {
  dataVersion: async () => "1",
  organisations: async () => TRUSTS.map(org),
  peerGroups: async () => [{ peerGroupId: "acute", name: "All acute trusts", kind: "predefined" }],
  groupMembers: async () => TRUSTS,
  loadMetric: async (id) => (id === "ae_4hr_all" ? fourHour : discharges),
  metricDefinitions: async () => [getMetric("ae_4hr_all")!, getMetric("discharges_before_5pm")!],
};

describe("whether a latest value is current", () => {
  it("keeps a current value's quartile and opportunity", async () => {
    const d = await createAnalyticsService(store).organisationDashboard("A");
    const m = d.metrics.find((x) => x.metric.metricId === "ae_4hr_all")!;
    expect(m.notCurrent).toBeNull();
    expect(m.quartile).not.toBeNull();
    expect(m.opportunity?.status).toBe("gap");
  });

  it("does not compare or size a metric whose newest data is over a year older than the newest held", async () => {
    const d = await createAnalyticsService(store).organisationDashboard("A");
    const m = d.metrics.find((x) => x.metric.metricId === "discharges_before_5pm")!;
    expect(m.notCurrent).toBe(
      "Not compared: the newest data held for this metric is for May 2023, more than 12 months before the newest data held (July 2025).",
    );
    expect(m.quartile).toBeNull();
    expect(m.comparison).toBeNull();
    expect(m.opportunity).toMatchObject({ status: "not_current", amount: 0 });
    expect(d.highlighted.map((h) => h.metricId)).not.toContain("discharges_before_5pm");
  });

  it("does not compare a trust at an older period than its peers'", async () => {
    const d = await createAnalyticsService(store).organisationDashboard("E");
    const m = d.metrics.find((x) => x.metric.metricId === "ae_4hr_all")!;
    expect(m.latest?.period).toBe("2025-05-01");
    expect(m.notCurrent).toBe(
      "Not compared: its latest value is for May 2025; its peers' is for July 2025.",
    );
    expect(m.opportunity?.status).toBe("not_current");
  });
});
