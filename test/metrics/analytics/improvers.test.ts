/**
 * "Who improved most" lists only organisations open today with a current value (issue 13: a
 * trust closed in 2020, RDD, ranked second on the real data's 4-hour page), and the change it
 * ranks by is over a year by date, never by position in the periods held.
 */
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import type { AnalyticsStore, MetricMatrix } from "../../../src/metrics/analytics/types.js";
import type { Organisation } from "../../../src/metrics/organisations.js";
import { trustFixture } from "../../support/organisations.js";

const TRUSTS = ["A", "B", "C", "D", "E"];
// B closed after March 2025.
const org = (code: string): Organisation =>
  trustFixture(code, code === "B" ? { closeDate: "2025-03-31" } : {});

const monthsFrom = (year: number, month: number, count: number) =>
  Array.from({ length: count }, (_, m) =>
    new Date(Date.UTC(year, month - 1 + m, 1)).toISOString().slice(0, 10),
  );

function fourHour(
  periods: string[],
  cell: (t: number, p: number) => number | null,
  trusts = TRUSTS,
): MetricMatrix {
  const num: number[] = [];
  const den: number[] = [];
  trusts.forEach((_, t) =>
    periods.forEach((_, p) => {
      const pct = cell(t, p);
      num.push(pct === null ? NaN : pct * 100);
      den.push(pct === null ? NaN : 10_000);
    }),
  );
  return {
    metricId: "ae_4hr_all",
    periodType: "month",
    orgCodes: trusts,
    periods,
    numerator: Float64Array.from(num),
    denominator: Float64Array.from(den),
    value: Float64Array.from(num, (x, i) => (x / den[i]!) * 100),
  };
}

const service = (matrix: MetricMatrix, trusts = TRUSTS) => {
  const store: AnalyticsStore = {
    dataVersion: async () => "1",
    organisations: async () => trusts.map(org),
    peerGroups: async () => [
      { peerGroupId: "acute", name: "All acute trusts", kind: "predefined" },
    ],
    groupMembers: async () => trusts,
    loadMetric: async () => matrix,
    metricDefinitions: async () => [getMetric("ae_4hr_all")!],
  };
  return createAnalyticsService(store);
};

// Two years to July 2025. A, B and C step up from 70% to 80% a year in (special cause
// improvement); B's series ends in March 2025, when it closed; C's in May 2025; D and E are flat.
const periods = monthsFrom(2023, 8, 24);
const jitter = (p: number) => [0.4, -0.3, 0.2, -0.1, 0.3, -0.4][p % 6]!;
const twoYears = fourHour(periods, (t, p) => {
  if (t === 1 && periods[p]! > "2025-03-01") return null;
  if (t === 2 && periods[p]! > "2025-05-01") return null;
  return (t < 3 && p >= 12 ? 80 : 70) + jitter(p);
});

describe("who improved most", () => {
  it("leaves out a closed trust and a series that ended before the latest period", async () => {
    const n = await service(twoYears).metricNational("ae_4hr_all");
    // Each of A, B and C shows special cause improvement in its own series.
    const s = service(twoYears);
    for (const code of ["A", "B", "C"])
      expect((await s.metricDetail(code, "ae_4hr_all")).trend.spc?.variationType).toBe(
        "special_cause_improvement",
      );
    expect(n.improvers.map((i) => i.orgCode)).toEqual(["A"]);
    expect(n.improvers[0]!.change.baselinePeriod).toBe("2024-07-01");
  });

  it("measures the change over a year by date: none when the year before is not held", async () => {
    // Held: January 2018 – March 2019, then April 2021 – December 2021 (no one reported between).
    const gapped = [...monthsFrom(2018, 1, 15), ...monthsFrom(2021, 4, 9)];
    const m = fourHour(gapped, (t, p) => 70 + t + jitter(p));
    const d = await service(m).metricDetail("A", "ae_4hr_all");
    // By position, "12 back" from December 2021 was December 2018, three years before.
    expect(d.trend.changeSinceBaseline).toBeNull();
    const later = fourHour([...gapped, ...monthsFrom(2022, 1, 12)], (t, p) => 70 + t + jitter(p));
    const e = await service(later).metricDetail("A", "ae_4hr_all");
    expect(e.trend.changeSinceBaseline?.baselinePeriod).toBe("2021-12-01");
    expect(e.trend.changeSinceBaseline?.latestPeriod).toBe("2022-12-01");
  });
});
