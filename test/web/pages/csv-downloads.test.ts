// CSV downloads neutralise spreadsheet formulas (issue 14, defect 1): the benchmark download of
// an organisation's metric page and England's series (`/metric/{id}.csv`), over fake services.
import { describe, expect, it } from "vitest";
import { getMetric } from "../../../src/metrics/catalogue/index.js";
import { metricInfo } from "../../../src/metrics/analytics/metric-info.js";
import type { MetricDetail } from "../../../src/metrics/service.js";
import { withoutProvenance } from "../../support/csv-line.js";
import { appWith, directoryOf, trust } from "./fakes.js";

const PERIOD = "2025-07-01";
const names = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "-7"];

function detail(): MetricDetail {
  const bars = names.map((name, i) => ({
    orgCode: `ZG00${i}`,
    name,
    value: 70 + i,
    ci95: null,
    selected: false,
  }));
  return {
    metric: metricInfo(getMetric("ae_4hr_all")!),
    organisation: trust,
    peers: { groupRef: "acute", name: "All acute trusts", members: 7, open: 7 },
    latestPeriod: PERIOD,
    series: [],
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
    benchmarkBars: {
      period: PERIOD,
      bars,
      distribution: {
        period: PERIOD,
        group: { groupRef: "acute", name: "All acute trusts", members: 7, open: 7 },
        reporting: 7,
        min: 70,
        max: 76,
        q1: 71.5,
        median: 73,
        q3: 74.5,
        deciles: [],
        quantileDefinition: "type 7",
      },
    },
    funnel: null,
    comparisons: [],
    level: 99.8,
    opportunity: null,
    target: null,
    history: null,
    baseline: { breaks: [], requested: null },
    dataVersion: "1",
  };
}

/** The cells of a CSV line written by our writer (no quoted delimiters in these names). */
const cellsOf = (line: string) => line.split(",");

describe("CSV downloads", () => {
  it("write every formula-leading organisation name as text in the benchmark download", async () => {
    const app = await appWith({
      directory: directoryOf([trust]),
      analytics: {
        metricDetail: async () => detail(),
        metricNational: () => Promise.reject(new Error("not needed")),
      },
    });
    const res = await app.inject("/org/RXX/metric/ae_4hr_all/benchmark.csv");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const written = withoutProvenance(res.body)
      .split("\r\n")
      .slice(1, -1)
      .map((l) => cellsOf(l)[2]);
    expect(written.sort()).toEqual(
      ["'=1+1", "'+1+1", "'-1+1", "'@SUM(A1)", "'\t=1+1", '"\'\r=1+1"', "-7"].sort(),
    );
  });

  it("quote England's series per RFC 4180, with CRLF line ends", async () => {
    const app = await appWith({
      analytics: {
        metricDetail: () => Promise.reject(new Error("not needed")),
        dataVersion: async () => "7",
        metricNational: async () =>
          ({
            metric: metricInfo(getMetric("ae_4hr_all")!),
            england: {
              series: [
                { period: PERIOD, numerator: -3, denominator: 10, value: -30, reporting: 5 },
              ],
            },
          }) as never,
      },
    });
    const res = await app.inject("/metric/ae_4hr_all.csv");
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(
      /^# Source: NHS England: A&E .*\r\n# Period: July 2025\r\n# Data version: 7\r\n# Generated: /,
    );
    expect(withoutProvenance(res.body)).toBe(
      "period,numerator,denominator,value,reporting\r\n2025-07-01,-3,10,-30,5\r\n",
    );
  });
});
