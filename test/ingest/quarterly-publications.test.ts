/**
 * The quarterly publications' traps, pinned on their golden inputs (test/fixtures/golden/kh03 and
 * cancelled-ops) and small variants: KH03 stored as quarterly series of its own, never joined
 * with the monthly situation-report beds; a sector without beds stores nothing; occupancy as
 * means of daily counts (no interval); the cancelled-operations quarter label checked; a quarter
 * without cancellations has no 28-day share; bad periods refused with line, column and value.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { catalogue } from "../../src/metrics/catalogue/index.js";
import { seedReference } from "../../src/storage/reference.js";
import { series } from "../../src/storage/repositories/values.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const golden = path.join(process.cwd(), "test", "fixtures", "golden");
const kh03Input = path.join(golden, "kh03", "input.csv");
const cancelledInput = path.join(golden, "cancelled-ops", "input.csv");
const lines = (file: string) => fs.readFileSync(file, "utf8").trimEnd().split("\n");

describe("quarterly publications: KH03 beds and cancelled operations", () => {
  let t: TestDatabase;
  let tmp: string;
  const write = (name: string, content: string[]) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, content.join("\n") + "\n");
    return file;
  };
  const refused = async (file: string) => {
    const error = (await importFile(t, file).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    return error.problems;
  };

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "quarterly-"));
    await importFile(t, path.join(golden, "humaniverse-beds", "input.csv"));
    await importFile(t, kh03Input);
    await importFile(t, cancelledInput);
  });
  afterAll(async () => {
    await t?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("stores KH03 as quarterly series of its own, never under the monthly bed metrics", async () => {
    const kh03 = await t.db
      .selectFrom("metric_values")
      .select(["metric_id", "period_type"])
      .distinct()
      .where("source", "=", "kh03")
      .execute();
    expect(kh03.length).toBeGreaterThan(0);
    for (const r of kh03) {
      expect(r.metric_id).toMatch(/^kh03_occupancy_/);
      expect(r.period_type).toBe("quarter");
    }
    // The monthly situation-report metrics hold the monthly file's values only.
    const sitrep = await t.db
      .selectFrom("metric_values")
      .select(["source", "period_type"])
      .distinct()
      .where("metric_id", "in", ["ga_occupancy", "ga_occupancy_adult"])
      .execute();
    expect(sitrep).toEqual([{ source: "humaniverse-beds", period_type: "month" }]);
    for (const m of catalogue.filter((d) => d.id.startsWith("kh03_"))) {
      expect([m.frequency, m.counts, m.aggregation], m.id).toEqual([
        "quarterly",
        "daily_means",
        "sum_ratio",
      ]);
    }
  });

  it("maps the financial year and quarter-end month to the calendar quarter, occupied over available", async () => {
    // 2024-25, September: Q2, July–September 2024. 420.25 of 450 G&A beds.
    const points = await series(t.db, {
      orgCode: "ZG101",
      metricId: "kh03_occupancy_ga",
      periodType: "quarter",
    });
    expect(points.map((p) => [p.periodStart, p.numerator, p.denominator])).toEqual([
      ["2024-07-01", 420.25, 450],
      ["2025-01-01", 440, 430.75],
    ]);
    expect(points[0]?.value).toBeCloseTo((420.25 / 450) * 100, 10);
  });

  it("stores nothing for a sector without available beds, even with a fraction of an occupied bed published against none", async () => {
    const stored = await t.db
      .selectFrom("metric_values")
      .select(["org_code", "metric_id"])
      .distinct()
      .where("source", "=", "kh03")
      .orderBy("org_code")
      .orderBy("metric_id")
      .execute();
    // ZG101 has no learning disability or mental illness beds (0.03 occupied of 0 in Q4); ZG102
    // none for G&A or maternity; ZG103 (a community trust) no beds at all.
    expect(stored.map((r) => `${r.org_code} ${r.metric_id}`)).toEqual([
      "ZG101 kh03_occupancy_ga",
      "ZG101 kh03_occupancy_maternity",
      "ZG101 kh03_occupancy_total",
      "ZG102 kh03_occupancy_learning_disabilities",
      "ZG102 kh03_occupancy_mental_illness",
      "ZG102 kh03_occupancy_total",
    ]);
  });

  it("keeps occupied above available as published, flagged for a look", async () => {
    const [mi] = await series(t.db, {
      orgCode: "ZG102",
      metricId: "kh03_occupancy_mental_illness",
      periodType: "quarter",
    });
    expect(mi).toMatchObject({ numerator: 113.5, denominator: 100, value: 113.5 });
    expect(mi?.dqFlags).toContain("numerator_exceeds_denominator");
  });

  it("refuses a KH03 row whose financial year or quarter-end month is not one", async () => {
    const rows = lines(kh03Input);
    const bad = [rows[0]!, rows[1]!.replace('"2024-25","September"', '"2024-26","August"')];
    const problems = await refused(write("kh03-bad.csv", bad));
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: "financial_year",
        value: "2024-26",
        reason: expect.stringMatching(/not a financial year/),
      }),
      expect.objectContaining({
        line: 2,
        column: "quarter_end_month",
        value: "August",
        reason: expect.stringMatching(/not the last month of a quarter/),
      }),
    ]);
  });

  it("reads the cancelled-operations quarter label as the calendar quarter it names", async () => {
    const points = await series(t.db, {
      orgCode: "ZG101",
      metricId: "cancelled_ops_28d_pct",
      periodType: "quarter",
    });
    expect(points.map((p) => [p.periodStart, p.numerator, p.denominator, p.value])).toEqual([
      ["2024-07-01", 5, 50, 10],
      ["2025-01-01", 0, 40, 0],
    ]);
    const counts = await series(t.db, {
      orgCode: "ZG101",
      metricId: "cancelled_ops_last_minute",
      periodType: "quarter",
    });
    expect(counts.map((p) => p.value)).toEqual([50, 40]);
  });

  it("gives a quarter without cancellations no 28-day share (not 0%), and keeps the independent provider", async () => {
    const [share] = await series(t.db, {
      orgCode: "ZGN01",
      metricId: "cancelled_ops_28d_pct",
      periodType: "quarter",
    });
    expect(share).toMatchObject({ numerator: 0, denominator: 0, value: null });
    const org = await t.db
      .selectFrom("organisations")
      .select("kind")
      .where("org_code", "=", "ZGN01")
      .executeTakeFirstOrThrow();
    expect(org.kind).toBe("unlisted_provider");
  });

  it("refuses a quarter label whose months are not its quarter's", async () => {
    const rows = lines(cancelledInput);
    const bad = [
      rows[0]!,
      rows[1]!.replace(
        "Quarter 2, 2024-25 (July to September 2024)",
        "Quarter 2, 2024-25 (April to June 2024)",
      ),
    ];
    const problems = await refused(write("cancelled-bad.csv", bad));
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: "quarter",
        value: "Quarter 2, 2024-25 (April to June 2024)",
        reason: expect.stringMatching(/not a quarter/),
      }),
    ]);
  });
});
