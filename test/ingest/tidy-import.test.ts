import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { seedReference } from "../../src/storage/reference.js";
import { aggregateSeries } from "../../src/storage/repositories/aggregates.js";
import { series } from "../../src/storage/repositories/values.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const HEADER = "org_code,metric_id,period_start,period_type,numerator,denominator,value";

describe("tidy import", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-tidy-"));
    // Two fictional trusts in London (Y56), North East London ICB (QMF).
    await t.db
      .insertInto("organisations")
      .values([
        {
          org_code: "ZZT01",
          name: "Test Trust One",
          kind: "acute_trust",
          region_code: "Y56",
          icb_code: "QMF",
          postcode: null,
          open_date: null,
          close_date: null,
          successor_code: null,
          source: "test",
        },
        {
          org_code: "ZZT02",
          name: "Test Trust Two",
          kind: "acute_trust",
          region_code: "Y56",
          icb_code: "QMF",
          postcode: null,
          open_date: null,
          close_date: null,
          successor_code: null,
          source: "test",
        },
      ])
      .execute();
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, lines.join("\n") + "\n");
    return file;
  };
  const counts = async () => {
    const tables = ["organisations", "metric_values", "metric_value_revisions", "imports"] as const;
    const out: Record<string, number> = {};
    for (const table of tables) {
      const r = await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      out[table] = Number(r.n);
    }
    return out;
  };

  it("reports disagreeing duplicates on a source's first import too (direct COPY path)", async () => {
    const before = await counts();
    const file = await write("first-dupes.csv", [
      HEADER,
      "ZZT01,ae_4hr_all,2023-01-01,month,1,2,",
      "ZZT01,ae_4hr_all,2023-01-01,month,1,3,",
    ]);
    const error = (await importFile(t, file).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.problems[0]?.reason).toMatch(/lines 2, 3/);
    expect(await counts()).toEqual(before);
  });

  it("imports a good file, computing values from numerators and denominators", async () => {
    const file = await write("good.csv", [
      HEADER,
      "ZZT01,ae_4hr_all,2024-03-01,month,900,1000,",
      "ZZT02,ae_4hr_all,31/03/2024,month,300,600,",
      "ZZT01,ae_4hr_all,2024-04-01,month,850,1000,85",
      "ZZT01,ae_attendances_all,2024-03-01,month,,,1000",
    ]);
    const report = await importFile(t, file);
    expect(report).toMatchObject({
      status: "imported",
      format: "tidy",
      rowsRead: 4,
      inserted: 4,
      updated: 0,
    });
    const points = await series(t.db, { orgCode: "ZZT01", metricId: "ae_4hr_all" });
    expect(points.map((p) => [p.periodStart, p.value])).toEqual([
      ["2024-03-01", 90],
      ["2024-04-01", 85],
    ]);
    // A month-end date is normalised to the start of its month.
    expect((await series(t.db, { orgCode: "ZZT02", metricId: "ae_4hr_all" }))[0]).toMatchObject({
      periodStart: "2024-03-01",
      value: 50,
    });
  });

  it("aggregates a group from numerators and denominators, not by averaging percentages", async () => {
    const london = await aggregateSeries(t.db, "ae_4hr_all", { kind: "region", regionCode: "Y56" });
    const march = london.find((p) => p.periodStart === "2024-03-01");
    // (900 + 300) / (1000 + 600) = 75%, where the mean of 90% and 50% would be 70%.
    expect(march).toMatchObject({ numerator: 1200, denominator: 1600, reporting: 2 });
    expect(march?.value).toBeCloseTo(75, 12);
    const icb = await aggregateSeries(t.db, "ae_4hr_all", { kind: "icb", icbCode: "QMF" });
    expect(icb.find((p) => p.periodStart === "2024-03-01")?.value).toBeCloseTo(75, 12);
    const counted = await aggregateSeries(t.db, "ae_attendances_all", { kind: "england" });
    expect(counted).toEqual([
      { periodStart: "2024-03-01", numerator: null, denominator: null, value: 1000, reporting: 1 },
    ]);
  });

  it("re-importing the same file is a no-op", async () => {
    const before = await counts();
    const report = await importFile(t, path.join(dir, "good.csv"));
    expect(report.status).toBe("unchanged");
    expect(await counts()).toEqual(before);
  });

  it("a revised file replaces changed values and keeps their history", async () => {
    const file = await write("revised.csv", [
      HEADER,
      "ZZT01,ae_4hr_all,2024-03-01,month,910,1000,",
      "ZZT02,ae_4hr_all,2024-03-01,month,300,600,",
    ]);
    const report = await importFile(t, file);
    expect(report).toMatchObject({ status: "imported", inserted: 0, updated: 1, unchanged: 1 });
    const revisions = await t.db.selectFrom("metric_value_revisions").selectAll().execute();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({
      org_code: "ZZT01",
      old_numerator: 900,
      new_numerator: 910,
      old_value: 90,
      new_value: 91,
      import_id: report.importId,
    });
  });

  it("rejects bad rows naming file, line, column and value, and changes nothing", async () => {
    const before = await counts();
    const file = await write("bad.csv", [
      HEADER,
      "ZZT01,ae_4hr_all,2024-05-01,month,800,1000,",
      "ZZT01,no_such_metric,2024-05-01,month,1,2,",
      "ZZT01,ae_4hr_all,not-a-date,month,1,2,",
      "ZZT01,ae_4hr_all,2024-06-01,fortnight,1,2,",
      "ZZT01,ae_4hr_all,2024-07-01,month,abc,2,",
      "ZZT01,ae_4hr_all,2024-08-01,month,1,2,99",
      "Z Z,ae_4hr_all,2024-08-01,month,1,2,",
    ]);
    const error = await importFile(t, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [3, "metric_id", "no_such_metric"],
      [4, "period_start", "not-a-date"],
      [5, "period_type", "fortnight"],
      [6, "numerator", "abc"],
      [7, "value", "99"],
      [8, "org_code", "Z Z"],
    ]);
    expect(problems.every((p) => p.file === "bad.csv")).toBe(true);
    expect((error as InputError).message).toMatch(/bad\.csv: 6 problems; nothing was imported/);
    expect(await counts()).toEqual(before);
  });

  it("treats suppression markers as missing values, not errors", async () => {
    const file = await write("suppressed.csv", [
      HEADER,
      "ZZT02,ae_4hr_all,2024-05-01,month,*,*,",
      "ZZT02,ae_4hr_all,2024-06-01,month,-,..,",
    ]);
    const report = await importFile(t, file);
    expect(report.inserted).toBe(2);
    const points = await series(t.db, {
      orgCode: "ZZT02",
      metricId: "ae_4hr_all",
      from: "2024-05-01",
    });
    expect(points.map((p) => p.value)).toEqual([null, null]);
  });

  it("rejects the same organisation, metric and period twice with different values", async () => {
    const before = await counts();
    const file = await write("dupes.csv", [
      HEADER,
      "ZZT01,ae_4hr_all,2024-09-01,month,1,2,",
      "ZZT02,ae_4hr_all,2024-09-01,month,1,2,",
      "ZZT01,ae_4hr_all,2024-09-01,month,1,4,",
    ]);
    const error = (await importFile(t, file).catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.problems[0]).toMatchObject({
      file: "dupes.csv",
      line: 4,
      value: "ZZT01 ae_4hr_all 2024-09-01",
    });
    expect(error.problems[0]?.reason).toMatch(/lines 2, 4/);
    expect(await counts()).toEqual(before);
  });

  it("collapses exact duplicate rows", async () => {
    const file = await write("exact.csv", [
      HEADER,
      "ZZT01,ae_4hr_all,2024-10-01,month,1,2,",
      "ZZT01,ae_4hr_all,2024-10-01,month,1,2,",
    ]);
    expect(await importFile(t, file)).toMatchObject({ inserted: 1, unchanged: 1 });
  });

  it("keeps unknown organisation codes as unlisted providers", async () => {
    const file = await write("unlisted.csv", [HEADER, "ZZX99,ae_4hr_all,2024-03-01,month,1,2,"]);
    const report = await importFile(t, file);
    expect(report.unlistedOrganisations).toEqual(["ZZX99"]);
    const org = await t.db
      .selectFrom("organisations")
      .selectAll()
      .where("org_code", "=", "ZZX99")
      .executeTakeFirstOrThrow();
    expect(org.kind).toBe("unlisted_provider");
  });

  it("refuses a header that matches no format, naming the file", async () => {
    const file = await write("weird.csv", ["a,b,c", "1,2,3"]);
    await expect(importFile(t, file)).rejects.toThrow(
      /weird\.csv: the header matches no known format/,
    );
  });
});
