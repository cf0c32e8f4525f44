import { describe, expect, it } from "vitest";
import * as stats from "../../src/stats/index.js";

describe("stats public API", () => {
  it("re-exports the modules' functions", () => {
    for (const name of [
      "normalQuantile",
      "chiSquareQuantile",
      "poissonExactLimits",
      "quantile",
      "summarise",
      "rank",
      "proportionInterval",
      "rateInterval",
      "compareWithBenchmark",
      "quintileOf",
      "funnelAnalysis",
      "funnelCurve",
      "overdispersion",
      "recentTrend",
      "recentProportionTrend",
      "proportionChange",
      "rateChange",
    ]) {
      expect(typeof (stats as Record<string, unknown>)[name]).toBe("function");
    }
    expect(stats.Z95).toBe(1.959964);
  });
});
