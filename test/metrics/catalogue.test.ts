import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  plannedMetrics,
  isTrackableMetricId,
  catalogue,
  catalogueVersion,
  getMetric,
  isMetricId,
  loadDefinitions,
  metricsByTopic,
  versionOf,
  type MetricId,
} from "../../src/metrics/catalogue/index.js";
import { metricDefinitionSchema } from "../../src/metrics/catalogue/types.js";

describe("metric catalogue", () => {
  it("gives one MetricId type: literal ids compile, typos do not, text is checked at run time", () => {
    const known: MetricId = "ae_4hr_all";
    // @ts-expect-error: a typo of a catalogue id is a compile error (npm run typecheck)
    const typo: MetricId = "ae_4hr_al";
    expect(isMetricId(known)).toBe(true);
    expect(isMetricId(typo)).toBe(false);
    expect(isMetricId("ae_4hr_all__k2")).toBe(false); // a synthetic clone is not a catalogue id
    const ids: string[] = catalogue.map((m) => m.id);
    expect(ids.every(isMetricId)).toBe(true);
  });

  it("validates every definition against the schema", () => {
    for (const m of catalogue) expect(metricDefinitionSchema.safeParse(m).success, m.id).toBe(true);
    expect(catalogue.length).toBeGreaterThanOrEqual(25);
  });

  it("has unique ids and finds each by id", () => {
    const ids = catalogue.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(getMetric(id)?.id).toBe(id);
    expect(getMetric("no_such_metric")).toBeUndefined();
  });

  it("holds the metrics other modules rely on", () => {
    for (const id of [
      "ae_4hr_all",
      "ae_4hr_type1",
      "ae_attendances_all",
      "ae_attendances_type1",
      "ae_emergency_admissions",
      "ae_admission_conversion",
      "ae_dta_12hr_waits",
      "ga_occupancy",
      "ga_occupancy_adult",
      "ga_occupancy_paediatric",
      "cc_occupancy_adult",
      "discharges_before_5pm",
      "ctr_rate",
      "cancer_62d",
      "rtt_18wk",
      "rtt_52wk",
      "rtt_52wk_pct",
      "rtt_waiting_list",
      "rtt_waiting_list_england",
      "diag_6wk_pct",
      "amb_cat2_mean",
    ]) {
      expect(getMetric(id), id).toBeDefined();
    }
  });

  it("rejects duplicate ids and inconsistent definitions at load", () => {
    const first = catalogue[0]!;
    expect(() => loadDefinitions([first, first])).toThrow(/duplicate id/);
    expect(() => loadDefinitions([{ ...first, multiplier: 1 }])).toThrow(/multiplier 100/);
    expect(() => loadDefinitions([{ ...first, id: "Not-Snake" }])).toThrow(/lower_snake_case/);
  });

  it("uses multiplier 100 and sum_ratio for percentages (none for those published without counts), and per-100 for the criteria-to-reside rate", () => {
    for (const m of catalogue.filter((d) => d.unit === "percentage")) {
      expect(m.multiplier, m.id).toBe(100);
      // A percentage published without its counts (Talking Therapies) cannot be added up: it is
      // never averaged instead.
      expect(m.aggregation, m.id).toBe(m.noInterval ? "not_aggregable" : "sum_ratio");
    }
    const ctr = getMetric("ctr_rate")!;
    expect([ctr.unit, ctr.ratePer, ctr.multiplier, ctr.improvementDirection]).toEqual([
      "rate",
      100,
      100,
      "lower_is_better",
    ]);
  });

  it("states the A&E 4-hour standard and the planning targets with their periods", () => {
    const targets = getMetric("ae_4hr_all")!.targets.map((t) => [t.value, t.from, t.to]);
    expect(targets).toEqual([
      [95, "2010-07-01", undefined],
      [76, "2023-04-01", "2024-04-01"],
      [78, "2024-04-01", "2025-04-01"],
      [78, "2025-04-01", "2026-04-01"],
    ]);
    expect(getMetric("cancer_62d")!.targets.map((t) => t.value)).toEqual([85, 70, 75]);
    expect(getMetric("rtt_18wk")!.targets.map((t) => t.value)).toContain(65);
    expect(getMetric("diag_6wk_pct")!.targets.map((t) => t.value)).toEqual([1, 5]);
    expect(getMetric("rtt_waiting_list_england")!.reportedBy).toEqual(["country"]);
  });

  it("groups by topic and has a stable version", () => {
    const groups = metricsByTopic();
    expect([...groups.values()].flat().length).toBe(catalogue.length);
    expect(groups.get("uec")?.[0]?.id).toBe("ae_4hr_all");
    expect(catalogueVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(versionOf(catalogue)).toBe(catalogueVersion);
    expect(versionOf(catalogue.slice(1))).not.toBe(catalogueVersion);
  });

  it("is documented: every id has a section in docs/metrics.md", () => {
    const doc = readFileSync(new URL("../../docs/metrics.md", import.meta.url), "utf8");
    const missing = catalogue.filter((m) => !doc.includes(`## \`${m.id}\``)).map((m) => m.id);
    expect(missing).toEqual([]);
    const plannedMissing = plannedMetrics.filter((m) => !doc.includes(`## \`${m.id}\``));
    expect(plannedMissing.map((m) => m.id)).toEqual([]);
  });
});

describe("measures with no data source yet", () => {
  it("are apart from the catalogue, trackable by guides, and never catalogue metrics", () => {
    expect(plannedMetrics.length).toBeGreaterThan(0);
    for (const m of plannedMetrics) {
      expect(getMetric(m.id)).toBeUndefined();
      expect(isMetricId(m.id)).toBe(false);
      expect(isTrackableMetricId(m.id)).toBe(true);
    }
    expect(isTrackableMetricId("ae_4hr_all")).toBe(true);
    expect(isTrackableMetricId("no_such_metric")).toBe(false);
  });
});
