import { describe, expect, it } from "vitest";
import { catalogue, getMetric } from "../../src/metrics/catalogue/index.js";
import { implausibility, latestPeriodStart, valueBounds } from "../../src/metrics/plausibility.js";

const value = (v: number) => ({ numerator: null, denominator: null, value: v });
const ratio = (n: number, d: number, v: number | null = null) => ({
  numerator: n,
  denominator: d,
  value: v,
});

describe("plausible values by unit", () => {
  it("gives every catalogue metric finite bounds, min below max", () => {
    for (const m of catalogue) {
      const b = valueBounds(m);
      expect(Number.isFinite(b.min) && Number.isFinite(b.max), m.id).toBe(true);
      expect(b.min, m.id).toBeLessThan(b.max);
    }
  });

  it.each([
    ["ae_4hr_all", ratio(900, 1000, 90)],
    ["ae_4hr_all", ratio(1000, 1000, 100)],
    ["ae_4hr_all", ratio(0, 0)],
    // Occupancy (a percentage of daily means) above 100%: KH03 mental illness beds, 120.8%.
    ["kh03_occupancy_mental_illness", ratio(782.04, 647.2, 120.8)],
    ["ctr_patients", value(651.5)],
    ["ae_attendances_all", value(2_407_884)],
    ["rtt_waiting_list_england", value(7_745_784)],
    ["amb_cat2_mean", ratio(34_190_367.35, 448_012, 76.3)],
    ["amb_cat4_90th", value(1150.98)],
    ["shmi", ratio(6960, 7515, 0.93)],
    ["nof_of0079", value(-19.58)],
    ["nof_of0041", value(-22.79)],
    ["nof_of1016", value(2.73)],
    ["nof_of5005", value(5)],
    ["nss_staff_engagement", { numerator: null, denominator: 13200, value: 7.72 }],
  ])("accepts %s %o (figures as in the shared data)", (id, v) => {
    expect(implausibility(getMetric(id)!, v)).toBeUndefined();
  });

  it.each([
    ["ae_attendances_all", value(1e308), "value"],
    ["ae_attendances_all", value(-1), "value"],
    ["ae_attendances_all", value(0.5), "value"],
    ["ae_attendances_all", value(Number.NaN), "value"],
    ["ae_4hr_all", ratio(1001, 1000), "numerator"],
    ["ae_4hr_all", ratio(5, -10), "denominator"],
    ["ae_4hr_all", ratio(Infinity, 10), "numerator"],
    ["ae_4hr_all", value(100.5), "value"],
    ["kh03_occupancy_mental_illness", value(1500), "value"],
    ["nof_of5005", value(2.5), "value"],
    ["nof_of5004", value(2), "value"],
    ["nof_of1016", value(0), "value"],
    ["shmi", value(-0.1), "value"],
    ["amb_cat4_90th", value(50_000), "value"],
  ])("refuses %s %o (field %s)", (id, v, field) => {
    expect(implausibility(getMetric(id)!, v)?.field).toBe(field);
  });

  it("accepts periods starting up to 30 days after the import's date", () => {
    expect(latestPeriodStart(new Date("2026-12-04T08:00:00Z"))).toBe("2027-01-03");
    expect(latestPeriodStart(new Date("2024-02-15T23:59:59Z"))).toBe("2024-03-16");
  });
});
