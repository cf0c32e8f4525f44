import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue, getMetric } from "../../src/metrics/catalogue/index.js";
import { metricDefinitionSchema } from "../../src/metrics/catalogue/types.js";
import {
  midlandsFootprintOfIcb,
  icbs,
  networkFootprintContains,
  networks,
} from "../../src/metrics/networks.js";
import { generateDemo, type Demo } from "../../src/ingest/demo/index.js";
import type { MetricValueInput } from "../../src/metrics/values.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";

const options = { orgs: 40, months: 48, seed: 20250701 };

function checksum(demo: Demo): string {
  const hash = createHash("sha256");
  for (const v of demo.values()) {
    hash.update(
      `${v.orgCode}|${v.metricId}|${v.periodStart}|${v.numerator}|${v.denominator}|${v.value}\n`,
    );
  }
  return hash.digest("hex");
}

function firstValues(demo: Demo, n: number): MetricValueInput[] {
  const out: MetricValueInput[] = [];
  for (const v of demo.values()) {
    if (out.length === n) break;
    out.push(v);
  }
  return out;
}

describe("synthetic demo generator", () => {
  const demo = generateDemo(options);
  const all = [...demo.values()];

  it("is deterministic: same options, same organisations and values", () => {
    const again = generateDemo(options);
    expect(again.organisations).toEqual(demo.organisations);
    expect(firstValues(again, 500)).toEqual(all.slice(0, 500));
    expect(checksum(again)).toBe(checksum(demo));
  });

  it("differs with a different seed", () => {
    const other = generateDemo({ ...options, seed: options.seed + 1 });
    expect(checksum(other)).not.toBe(checksum(demo));
  });

  it("yields exactly valueCount monthly values ending at endMonth", () => {
    expect(all.length).toBe(demo.valueCount);
    expect(demo.periods).toHaveLength(48);
    expect(demo.periods.at(-1)).toBe("2025-07-01");
    expect(demo.periods[0]).toBe("2021-08-01");
    const shifted = generateDemo({ ...options, months: 3, endMonth: "2024-03-01" });
    expect(shifted.periods).toEqual(["2024-01-01", "2024-02-01", "2024-03-01"]);
    expect(() => generateDemo({ ...options, endMonth: "2024-03-15" })).toThrow(
      /first day of a month/,
    );
  });

  it("makes clearly fictional organisations in real regions and ICBs, including closed ones with successors", () => {
    const realIcbs = new Map(icbs.map((i) => [i.icbCode, i.regionCode]));
    for (const o of demo.organisations) {
      expect(o.orgCode).toMatch(/^ZZ\d{3}$/);
      expect(o.name).toMatch(/\(demo\)$/);
      expect(realIcbs.get(o.icbCode)).toBe(o.regionCode);
    }
    expect(new Set(demo.organisations.map((o) => o.name)).size).toBe(demo.organisations.length);
    expect(new Set(demo.organisations.map((o) => o.regionCode)).size).toBe(7);
    const kinds = demo.organisations.map((o) => o.kind);
    expect(kinds.filter((k) => k === "acute_trust").length).toBeGreaterThan(kinds.length * 0.8);
    expect(new Set(kinds)).toEqual(
      new Set(["acute_trust", "ambulance_trust", "mental_health_trust", "community_trust"]),
    );
    const closed = demo.organisations.filter((o) => o.closeDate !== null);
    expect(closed.length).toBe(2);
    for (const c of closed) {
      const successor = demo.organisations.find((o) => o.orgCode === c.successorCode);
      expect(successor?.closeDate).toBeNull();
      expect(successor?.regionCode).toBe(c.regionCode);
      expect(all.some((v) => v.orgCode === c.orgCode && v.periodStart > c.closeDate!)).toBe(false);
    }
  });

  it("gives every one of the 16 networks demo members", () => {
    const orgs = generateDemo({ ...options, orgs: 14 }).organisations;
    for (const n of networks) {
      expect(
        orgs.some((o) => networkFootprintContains(n, o)),
        n.id,
      ).toBe(true);
    }
    expect(orgs.some((o) => midlandsFootprintOfIcb(o.icbCode) === "east_midlands")).toBe(true);
  });

  it.skipIf(sharedDataMissing() !== null)("never uses a real ODS code", () => {
    const real = new Set<string>();
    for (const file of ["etr.csv", "eccg.csv"]) {
      const text = readFileSync(path.join(sharedDataDir, "ods", file), "utf8");
      for (const line of text.split("\n")) {
        const code = /^"([^"]+)"/.exec(line)?.[1];
        if (code) real.add(code);
      }
    }
    expect(real.size).toBeGreaterThan(500);
    const big = generateDemo({ orgs: 999, months: 1, seed: 1 });
    expect(big.organisations.filter((o) => real.has(o.orgCode))).toEqual([]);
  });

  it("produces plausible values: percentages within 0–100, numerators ≤ denominators, whole counts", () => {
    const problems: string[] = [];
    for (const v of all) {
      const metric = getMetric(v.metricId)!;
      const where = `${v.orgCode} ${v.metricId} ${v.periodStart}`;
      if (v.periodType !== "month") problems.push(`${where}: not monthly`);
      if (metric.unit === "percentage" || metric.unit === "rate") {
        if (!(v.numerator! <= v.denominator!)) problems.push(`${where}: numerator > denominator`);
        if (!(v.value! >= 0 && v.value! <= 100)) problems.push(`${where}: value ${v.value}`);
      }
      if (metric.numerator !== undefined && v.value !== null) {
        if (Math.abs(v.value - (v.numerator! / v.denominator!) * metric.multiplier) > 1e-9)
          problems.push(`${where}: value ≠ ratio`);
      }
      if (metric.unit === "count") {
        if (v.numerator !== null || v.denominator !== null)
          problems.push(`${where}: count with numerator`);
        if (metric.decimals === 0 && !Number.isInteger(v.value))
          problems.push(`${where}: fractional count`);
      }
      if (metric.id === "cancer_62d" && !Number.isInteger(v.numerator! * 2))
        problems.push(`${where}: not in halves`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(all.length).toBeGreaterThan(30_000);
  });

  it("puts levels where real trusts are", () => {
    const mean = (metricId: string, field: "value" | "denominator" = "value") => {
      const xs = all.filter((v) => v.metricId === metricId).map((v) => v[field]!);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(mean("ae_4hr_all")).toBeGreaterThan(60);
    expect(mean("ae_4hr_all")).toBeLessThan(88);
    expect(mean("ae_4hr_type1")).toBeLessThan(mean("ae_4hr_all"));
    expect(mean("ga_occupancy_adult")).toBeGreaterThan(86);
    expect(mean("ga_occupancy_adult")).toBeLessThan(98);
    expect(mean("ae_4hr_all", "denominator")).toBeGreaterThan(6_000);
    expect(mean("ae_4hr_all", "denominator")).toBeLessThan(20_000);
    expect(mean("ctr_rate")).toBeGreaterThan(8);
    expect(mean("ctr_rate")).toBeLessThan(22);
    // Linked series agree: the 4-hour denominator is the attendance count.
    const att = all.find((v) => v.metricId === "ae_attendances_all")!;
    const fourHour = all.find(
      (v) =>
        v.metricId === "ae_4hr_all" &&
        v.orgCode === att.orgCode &&
        v.periodStart === att.periodStart,
    )!;
    expect(fourHour.denominator).toBe(att.value);
  });

  it("shows winter pressure: 4-hour performance is lower in January than in July", () => {
    const at = (month: string) => {
      const xs = all.filter(
        (v) => v.metricId === "ae_4hr_all" && v.periodStart.slice(5, 7) === month,
      );
      return xs.reduce((a, v) => a + v.numerator!, 0) / xs.reduce((a, v) => a + v.denominator!, 0);
    };
    expect(at("01")).toBeLessThan(at("07"));
  });

  it("plants SPC-worthy features: step changes that move the mean, trends and outliers", () => {
    const acute = demo.organisations.filter(
      (o) => o.kind === "acute_trust" && o.closeDate === null,
    );
    // The demo is monthly: quarterly metrics (KH03, cancelled operations) and SHMI's rolling
    // years have no model.
    const ratioMetrics = catalogue.filter(
      (m) =>
        m.aggregation === "sum_ratio" &&
        m.frequency === "monthly" &&
        m.reportedBy.includes("acute_trust"),
    );
    let seriesCount = 0;
    let steps = 0;
    let trends = 0;
    let outliers = 0;
    let visibleSteps = 0;
    for (const o of acute) {
      for (const m of ratioMetrics) {
        const f = demo.describeSeries(o.orgCode, m.id)!;
        seriesCount++;
        if (f.trendFrom !== undefined) trends++;
        if (f.outlierAt !== undefined) outliers++;
        if (f.stepAt === undefined) continue;
        steps++;
        const xs = all
          .filter((v) => v.orgCode === o.orgCode && v.metricId === m.id)
          .map((v) => v.value!);
        const before = xs.slice(0, f.stepAt);
        const after = xs.slice(f.stepAt);
        const avg = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
        if (Math.sign(avg(after) - avg(before)) === Math.sign(f.stepSize!)) visibleSteps++;
      }
    }
    expect(steps).toBeGreaterThanOrEqual(seriesCount / 5);
    expect(trends).toBeGreaterThanOrEqual(seriesCount / 20);
    expect(outliers).toBeGreaterThanOrEqual(seriesCount / 10);
    expect(visibleSteps).toBeGreaterThanOrEqual(steps * 0.7);
  });

  it("clones metrics for scale tests with valid ids, each clone with its own values", () => {
    const scaled = generateDemo({ orgs: 3, months: 24, seed: 5, metricMultiplier: 3 });
    expect(scaled.metrics).toHaveLength(catalogue.length * 3);
    const clone = scaled.metrics.find((m) => m.id === "ae_4hr_all__k3")!;
    expect(clone.cloneOf).toBe("ae_4hr_all");
    expect(clone.title).toMatch(/copy 3/);
    for (const m of scaled.metrics)
      expect(metricDefinitionSchema.safeParse(m).success, m.id).toBe(true);
    const series = (id: string) =>
      [...scaled.values()]
        .filter((v) => v.orgCode === "ZZ001" && v.metricId === id)
        .map((v) => v.value);
    expect(series("ae_4hr_all__k2")).toHaveLength(24);
    expect(series("ae_4hr_all__k2")).not.toEqual(series("ae_4hr_all"));
  });

  it("generates fast enough for 250 organisations × at least 300 metrics × 120 months", () => {
    // Clones of the catalogue up to at least 300 metrics, however many the catalogue holds.
    const k = Math.ceil(300 / catalogue.length);
    const big = generateDemo({ orgs: 250, months: 120, seed: 1, metricMultiplier: k });
    expect(big.metrics).toHaveLength(catalogue.length * k);
    expect(big.metrics.length).toBeGreaterThanOrEqual(300);
    const started = performance.now();
    let n = 0;
    for (const v of big.values()) {
      if (v.value !== null) n++;
      if (n === 1_000_000) break;
    }
    const perSecond = n / ((performance.now() - started) / 1000);
    expect(perSecond).toBeGreaterThan(500_000); // ~3.5M/s on a developer machine; generous for CI
  });
});
