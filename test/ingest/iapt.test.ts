/**
 * NHS Talking Therapies by trust (humaniverse-iapt): the published percentages kept as published,
 * suppressed values missing (never zero), the count measures skipped by name, and a measure it
 * does not know or a percentage out of range refused with file, line, column and value.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { intervalKindOf } from "../../src/metrics/analytics/metric-info.js";
import { getMetric } from "../../src/metrics/catalogue/index.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const HEADER = '"nhs_trust22_code","date","name","value"';

describe("NHS Talking Therapies by trust", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-iapt-"));
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
  const stored = async (org: string) =>
    (
      await t.pool.query(
        `SELECT metric_id, period_start::text AS period, numerator, denominator, value
         FROM metric_values WHERE org_code = $1 ORDER BY metric_id, period_start`,
        [org],
      )
    ).rows;

  it("keeps a suppressed recovery rate missing, never zero, and stores no count measure", async () => {
    const report = await importFile(
      t,
      await write("england_trust_iapt.csv", [
        HEADER,
        '"ZG301","May 2022","Percentage_Recovery","53"',
        '"ZG301","June 2022","Percentage_Recovery",""',
        '"ZG301","June 2022","Count_FinishedCourseTreatment","5"',
        '"ZG301","June 2022","Count_Deterioration",""',
      ]),
    );
    expect(report).toMatchObject({ format: "humaniverse-iapt", rowsRead: 4, inserted: 2 });
    expect(await stored("ZG301")).toEqual([
      {
        metric_id: "iapt_recovery",
        period: "2022-05-01",
        numerator: null,
        denominator: null,
        value: 53,
      },
      {
        metric_id: "iapt_recovery",
        period: "2022-06-01",
        numerator: null,
        denominator: null,
        value: null,
      },
    ]);
  });

  it("puts no interval on a percentage published without its counts, and says why", () => {
    const info = intervalKindOf(getMetric("iapt_recovery")!);
    expect(info.kind).toBe("none");
    expect(info.note).toMatch(/without its numerator \(people who moved to recovery\)/);
  });

  it("names the line, column and value of a measure it does not know and of a percentage out of range", async () => {
    const error = await importFile(
      t,
      await write("iapt-bad.csv", [
        HEADER,
        '"ZG302","May 2022","Percentage_Recovered","53"',
        '"ZG302","May 2022","Percentage_Recovery","153"',
        '"ZG302","Mayo 2022","Percentage_Recovery","53"',
      ]),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.map((p) => [p.file, p.line, p.column, p.value])).toEqual([
      ["iapt-bad.csv", 2, "name", "Percentage_Recovered"],
      ["iapt-bad.csv", 3, "value", "153"],
      ["iapt-bad.csv", 4, "date", "Mayo 2022"],
    ]);
    expect(await stored("ZG302")).toEqual([]);
  });
});
