// The dashboard row's sparkline in words counts from the first period with a value, and says a
// single value as one (before: SHMI read "From 0.9584 to 0.9584 over the last 1 periods").
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { metricInfo } from "../../../src/metrics/analytics/metric-info.js";
import type { DashboardMetric } from "../../../src/metrics/analytics/types.js";
import { organisationPage } from "../../../src/web/pages/organisation/organisation-model.js";
import { emptyDashboard, noReference, trust } from "./fakes.js";

function rowText(metricId: string, values: (number | null)[]): string {
  const metric = metricInfo(getMetric(metricId)!);
  const m: DashboardMetric = {
    metric,
    latest: {
      period: "2026-01-01",
      value: values.at(-1) ?? null,
      numerator: null,
      denominator: null,
    },
    target: null,
    trend: {
      headline: "none",
      spc: null,
      recentTrend: {
        marker: "not_tested",
        direction: null,
        text: "",
        detail: null,
        periods: [],
        slope: null,
        chiSquare: null,
      },
      changeSinceBaseline: null,
    },
    sparkline: {
      periods: values.map((_, i) => `2024-${String(i + 1).padStart(2, "0")}-01`),
      values,
    },
    quartile: null,
    notCurrent: null,
    opportunity: null,
    comparison: null,
  };
  const page = organisationPage({
    organisation: trust,
    dashboard: { ...emptyDashboard(trust), metrics: [m] },
    reference: noReference,
    choices: { customGroups: [], peerFinder: null },
    peers: undefined,
  });
  return page.sections[0]!.rows[0]!.sparklineText;
}

describe("sparkline text", () => {
  it("says a single value as one", () => {
    expect(rowText("shmi", [null, null, 0.9584])).toBe("One value so far: 0.9584");
  });

  it("counts from the first period with a value", () => {
    expect(rowText("ae_4hr_all", [null, null, 70.1, null, 78.1])).toBe(
      "From 70.1% to 78.1% over the last 3 periods",
    );
  });
});
