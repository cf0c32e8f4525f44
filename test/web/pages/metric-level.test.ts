// An organisation's metric page: the confidence level of its comparisons is the user's choice (a
// GET form that works without JavaScript), passed to the service; counts say they are not tested
// against England's total (issue 11, defects 1 and 8). Over fake services.
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { metricInfo } from "../../../src/metrics/analytics/metric-info.js";
import type {
  ComparisonItem,
  ComparisonLevel,
  MetricDetail,
} from "../../../src/metrics/service.js";
import { appWith, directoryOf, trust } from "./fakes.js";

const PERIOD = "2025-07-01";

function detail(
  metricId: string,
  level: ComparisonLevel,
  comparisons: ComparisonItem[],
): MetricDetail {
  return {
    metric: metricInfo(getMetric(metricId)!),
    organisation: trust,
    peers: { groupRef: "acute", name: "All acute trusts", members: 120, open: 120 },
    latestPeriod: PERIOD,
    series: [
      {
        orgCode: trust.orgCode,
        name: trust.name,
        period: PERIOD,
        numerator: null,
        denominator: null,
        value: 72,
        ci95: null,
        ci998: null,
        smallCount: false,
        dqFlags: [],
      },
    ],
    spc: null,
    suggestedRebasePoints: [],
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
    benchmarkBars: null,
    funnel: null,
    comparisons,
    level,
    opportunity: null,
    target: null,
    history: null,
    baseline: { breaks: [], requested: null },
    dataVersion: "1",
  };
}

const england = (value: number) => ({
  kind: "england" as const,
  label: "England",
  value,
  groupRef: "england",
  formula: "",
});

/** A fake service that answers at the level asked for (else 99.8, ae_4hr_all's default). */
function fourHour(asked: (ComparisonLevel | undefined)[]) {
  return {
    metricDetail: async (_code: string, _id: string, _peers?: string, level?: ComparisonLevel) => {
      asked.push(level);
      const at = level ?? 99.8;
      return detail("ae_4hr_all", at, [
        {
          benchmark: england(75.1),
          outcome: at === 95 ? "worse" : "similar",
          method: "confidence_interval",
          interval: { level: at, lower: 69.1, upper: 74.7, method: "wilson" },
          quintile: null,
          text: `${at === 95 ? "Worse than" : "Similar to"} England: the ${at}% interval …`,
        },
      ]);
    },
    metricNational: () => Promise.reject(new Error("not needed")),
  };
}

describe("the confidence level on a metric page (issue 11, defect 8)", () => {
  it("offers 95% and 99.8% as radios in a GET form, the metric's default checked", async () => {
    const asked: (ComparisonLevel | undefined)[] = [];
    const app = await appWith({ directory: directoryOf([trust]), analytics: fourHour(asked) });
    const res = await app.inject("/org/RXX/metric/ae_4hr_all");
    expect(res.statusCode).toBe(200);
    expect(asked).toEqual([undefined]);
    const form =
      /<form action="\/org\/RXX\/metric\/ae_4hr_all" method="get" class="app-level-selector">[\s\S]*?<\/form>/.exec(
        res.body,
      )?.[0];
    expect(form).toBeTruthy();
    expect(form).toContain('name="level" type="radio" value="95">');
    expect(form).toContain('name="level" type="radio" value="99.8" checked>');
    expect(form).toContain("99.8% (this metric&#39;s default)");
    expect(form).toContain("This metric&#39;s default is 99.8%: a typical trust");
    expect(res.body).toContain("Similar to England: the 99.8% interval");
  });

  it("passes the chosen level to the service, and keeps it and the peers across both forms", async () => {
    const asked: (ComparisonLevel | undefined)[] = [];
    const app = await appWith({ directory: directoryOf([trust]), analytics: fourHour(asked) });
    const res = await app.inject("/org/RXX/metric/ae_4hr_all?level=95&peers=region-Y56");
    expect(res.statusCode).toBe(200);
    expect(asked).toEqual([95]);
    expect(res.body).toContain('name="level" type="radio" value="95" checked>');
    expect(res.body).toContain("Worse than England: the 95% interval");
    // The level form carries the peers; the peer form carries the level.
    expect(res.body).toContain('<input type="hidden" name="peers" value="region-Y56">');
    expect(res.body).toContain('<input type="hidden" name="level" value="95">');
  });

  it("refuses a level other than 95 or 99.8", async () => {
    const app = await appWith({ directory: directoryOf([trust]), analytics: fourHour([]) });
    const res = await app.inject("/org/RXX/metric/ae_4hr_all?level=90");
    expect(res.statusCode).toBe(400);
  });

  it("offers no level where no interval applies, and shows a count's England total as context", async () => {
    const app = await appWith({
      directory: directoryOf([trust]),
      analytics: {
        metricDetail: async () =>
          detail("rtt_waiting_list", 95, [
            {
              benchmark: england(7_400_000),
              outcome: "not_compared",
              method: "context",
              interval: null,
              quintile: null,
              text: "Not tested: England's figure is the total of 140 reporting organisations (7,400,000), not a value one organisation could have; 72 is 0.0% of it.",
            },
          ]),
        metricNational: () => Promise.reject(new Error("not needed")),
      },
    });
    const res = await app.inject("/org/RXX/metric/rtt_waiting_list");
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain("app-level-selector");
    expect(res.body).toContain("Not tested: England&#39;s figure is the total of 140");
    expect(res.body).toContain("app-outcome--not_compared");
  });
});
