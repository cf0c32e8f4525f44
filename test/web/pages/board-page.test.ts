// An organisation's board view (`/org/{code}/board`) over fake services: the Making Data Count
// icons with their words for assistive technology, each value's period, "Not current" said in
// words, a few words on peers and opportunity; found, not found, bad query, empty data.
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { metricInfo } from "../../../src/metrics/analytics/metric-info.js";
import type {
  DashboardMetric,
  Opportunity,
  QuartilePosition,
  SpcSummaryInfo,
} from "../../../src/metrics/analytics/types.js";
import type { Organisation } from "../../../src/metrics/organisations.js";
import { opportunityShort, peersShort } from "../../../src/web/pages/organisation/board-model.js";
import { appWith, directoryOf, emptyDashboard, trust } from "./fakes.js";

const icb: Organisation = { ...trust, orgCode: "QWE", name: "Example ICB", kind: "icb" };
const directory = directoryOf([trust, icb]);

function dashboardMetric(metricId: string, over: Partial<DashboardMetric> = {}): DashboardMetric {
  return {
    metric: metricInfo(getMetric(metricId)!),
    latest: { period: "2025-07-01", value: 75.6, numerator: null, denominator: null },
    target: null,
    trend: {
      headline: "none",
      spc: null,
      recentTrend: {
        marker: "not_tested",
        direction: null,
        text: "SPC needs 15 points (this series has 12).",
        detail: null,
        periods: [],
        slope: null,
        chiSquare: null,
      },
      changeSinceBaseline: null,
    },
    sparkline: { periods: [], values: [] },
    quartile: null,
    notCurrent: null,
    opportunity: null,
    comparison: null,
    ...over,
  };
}

const improving = {
  variationIcon: "improvement_high",
  variationText: "Special cause improvement",
  assuranceIcon: "inconsistent",
  assuranceText: "hit and miss",
} as SpcSummaryInfo;

const secondBest = {
  quarter: 2,
  text: "In the second-best quarter of All acute trusts in England (52nd of 124, best first; …)",
  rank: { rank: 52, of: 124, tiedWith: 0, order: "best_first", tieMethod: "", text: "" },
} as unknown as QuartilePosition;

const gap = {
  amount: 839.4,
  noun: "patients seen within 4 hours",
  per: "a month",
  text: "839 more patients seen within 4 hours a month at the peers' best quartile (78.7%)",
} as Opportunity;

const fourHour = dashboardMetric("ae_4hr_all", {
  target: { value: 78, label: "78% by March 2026", source: "", from: "2025-04-01", to: null },
  trend: { ...dashboardMetric("ae_4hr_all").trend, headline: "spc", spc: improving },
  quartile: secondBest,
  opportunity: gap,
});
const stale = dashboardMetric("rtt_18wk", {
  latest: { period: "2022-05-01", value: 66, numerator: null, denominator: null },
  notCurrent: "Not compared: the newest data held for this metric is for May 2022.",
});

describe("board view", () => {
  it("shows each metric's value with its period, icons with their words, peers and opportunity", async () => {
    const app = await appWith({
      directory,
      analytics: {
        organisationDashboard: async () => ({
          ...emptyDashboard(trust),
          metrics: [fourHour, stale],
        }),
      },
    });
    const res = await app.inject("/org/RXX/board");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Board summary: Example Hospitals NHS Trust");
    expect(res.body).toContain(
      "compared with All acute trusts in England (120 open organisations)",
    );
    expect(res.body).toMatch(/75\.6%<\/strong> <span[^>]*>· July 2025/);
    // The icon is drawn for the eye and its words are read out (and shown on hover).
    expect(res.body).toContain(
      '<span class="nhsuk-u-visually-hidden">Special cause improvement (high)</span>',
    );
    expect(res.body).toContain("Hit and miss: the target may or may not be met");
    expect(res.body).toContain("Key to the icons");
    expect(res.body).toContain("Second-best quarter, 52nd of 124");
    expect(res.body).toContain("839 more patients seen within 4 hours a month");
    // A value that is not current says so, and is neither compared nor sized.
    expect(res.body).toMatch(/· May 2022<\/span> <strong class="nhsuk-tag[^"]*">Not current/);
    expect(res.body).toContain("Not compared: not current");
    expect(res.body).toContain("Not sized: not current");
    expect(res.body).toContain("1 value is not current");
    // Linked from and to the organisation page.
    expect(res.body).toContain('href="/org/RXX/metric/ae_4hr_all"');
    const org = await app.inject("/org/RXX");
    expect(org.body).toContain('href="/org/RXX/board"');
  });

  it("keeps the peer group chosen in its links", async () => {
    const app = await appWith({
      directory,
      analytics: { organisationDashboard: async () => emptyDashboard(trust) },
    });
    const res = await app.inject("/org/RXX/board?peers=geo-region:Y56");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/org/RXX?peers=geo-region%3AY56"');
  });

  it("says when there is no data yet", async () => {
    const app = await appWith({
      directory,
      analytics: { organisationDashboard: async () => emptyDashboard(trust) },
    });
    const res = await app.inject("/org/RXX/board");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("has no values for any metric in the catalogue yet");
  });

  it("sends an ICB to its group dashboard, is not found for an unknown code, refuses bad input", async () => {
    const app = await appWith({ directory });
    const toIcb = await app.inject("/org/QWE/board");
    expect(toIcb.statusCode).toBe(301);
    expect(toIcb.headers.location).toBe("/icbs/QWE");
    expect((await app.inject("/org/ZZZ/board")).statusCode).toBe(404);
    expect((await app.inject("/org/not-a-code!/board")).statusCode).toBe(400);
    expect((await app.inject("/org/RXX/board?peers=no%20such")).statusCode).toBe(400);
  });
});

describe("board view in a few words", () => {
  it("names the quarter and the rank, highest and lowest for a metric with no better side", () => {
    expect(peersShort(fourHour)).toBe("Second-best quarter, 52nd of 124");
    const count = dashboardMetric("ae_attendances_all", {
      quartile: {
        ...secondBest,
        quarter: 1,
        rank: { ...secondBest.rank, rank: 13, of: 129, order: "highest_first" },
      },
    });
    expect(peersShort(count)).toBe("Highest quarter, 13th of 129");
    expect(peersShort(stale)).toBe("Not compared: not current");
  });

  it("gives the opportunity without its benchmark, fewer for a metric where lower is better", () => {
    expect(opportunityShort(fourHour)).toBe("839 more patients seen within 4 hours a month");
    const waits = dashboardMetric("ae_dta_12hr_pct", {
      opportunity: { ...gap, amount: 288, noun: "patients waiting over 12 hours", per: "a month" },
    });
    expect(opportunityShort(waits)).toBe("288 fewer patients waiting over 12 hours a month");
    expect(opportunityShort(dashboardMetric("ae_4hr_all"))).toBeNull();
  });
});
