/**
 * The peer evaluation (issue 12, item 5) recomputed by hand on a store of 30 trusts: each trust's
 * level is the mean of its last 12 months; the England median's error is the mean over trusts of
 * |level − median of the other 29 levels| ÷ the SD of all 30 levels.
 */
import { describe, expect, it } from "vitest";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import { noiseStore } from "../../support/noise-store.js";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
};

describe("peer evaluation", () => {
  it("scores the England median as recomputed from the raw values", async () => {
    const store = noiseStore({ seed: 3, trusts: 30, months: 14 });
    const ev = await createAnalyticsService(store).evaluatePeers(5);
    const m = await store.loadMetric("ae_4hr_all", "month");
    const P = m.periods.length;
    const values = m.orgCodes.map((_, r) => {
      const last12 = Array.from({ length: 12 }, (_, i) => m.value[r * P + P - 12 + i]!);
      return last12.reduce((s, v) => s + v, 0) / 12;
    });
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    const errors = values.map(
      (v, i) => Math.abs(v - median(values.filter((_, j) => j !== i))) / sd,
    );
    const england = ev.methods.find((x) => x.method === "england")!;
    expect(ev.metrics).toEqual([{ metricId: "ae_4hr_all", period: m.periods[P - 1], cases: 30 }]);
    expect(england.byMetric.ae_4hr_all).toBeCloseTo(
      errors.reduce((s, e) => s + e, 0) / errors.length,
      12,
    );
    // Every trust runs the same process: no way of choosing peers can know more than the median
    // of all (skill about 0 or below, within sampling noise).
    for (const x of ev.methods) expect(x.skill).toBeLessThan(0.15);
    expect(ev.persistence.of).toBe(150);
  });
});
