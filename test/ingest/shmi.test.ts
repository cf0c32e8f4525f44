/**
 * The SHMI trust-level file (shmi): the period read from the file's name, the value kept as
 * published (not recomputed from the rounded counts, but checked against them), the banding and
 * both sets of limits stored as published beside it, and bad input named by file, line, column
 * and value.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { seedReference } from "../../src/storage/reference.js";
import { publishedLimits } from "../../src/storage/published-limits.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const HEADER =
  "INDICATOR_CODE,PROVIDER_CODE,PROVIDER_NAME,SHMI_VALUE,SHMI_BANDING,SPELLS,OBSERVED,EXPECTED,PO_LL,PO_UL,OD_LL,OD_UL";
const ROW =
  "I00699,ZG111,NORTHVALE HOSPITALS NHS TRUST,0.9396,2,32845,985,1045,0.9072,1.0992,0.8463,1.1816";

describe("SHMI trust-level file", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-shmi-"));
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
  const problemsOf = async (file: string) => {
    const error = await importFile(t, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  };

  it("stores SHMI as published over the twelve months its file name gives, with observed and expected deaths", async () => {
    const report = await importFile(
      t,
      await write("SHMI_data_at_trust_level_Feb25-Jan26_csv.csv", [HEADER, ROW]),
    );
    expect(report).toMatchObject({ format: "shmi", rowsRead: 1, inserted: 1 });
    const { rows } = await t.pool.query(
      `SELECT period_type, period_start::text AS period_start, numerator, denominator, value
       FROM metric_values WHERE org_code = 'ZG111' AND metric_id = 'shmi'`,
    );
    // 985 / 1045 = 0.9426: the published 0.9396 comes from the unrounded counts and is kept.
    expect(rows).toEqual([
      {
        period_type: "twelve_months",
        period_start: "2025-02-01",
        numerator: 985,
        denominator: 1045,
        value: 0.9396,
      },
    ]);
    expect(
      await publishedLimits(t.db, {
        orgCode: "ZG111",
        metricId: "shmi",
        periodType: "twelve_months",
      }),
    ).toEqual([
      {
        periodStart: "2025-02-01",
        source: "shmi",
        banding: "2",
        bandingLabel: "as expected",
        limits: [
          { level: 95, method: "overdispersed", lower: 0.8463, upper: 1.1816, bands: true },
          { level: 99.8, method: "poisson", lower: 0.9072, upper: 1.0992, bands: false },
        ],
      },
    ]);
  });

  it("replaces the banding and limits with the value when the same period is published again", async () => {
    const report = await importFile(
      t,
      await write("SHMI data at trust level, Feb25-Jan26 (csv) revised.csv", [
        HEADER,
        "I00699,ZG111,NORTHVALE HOSPITALS NHS TRUST,1.2011,1,32845,1255,1045,0.9072,1.0992,0.8463,1.1816",
      ]),
    );
    expect(report).toMatchObject({ inserted: 0, updated: 1 });
    const [point] = await publishedLimits(t.db, {
      orgCode: "ZG111",
      metricId: "shmi",
      periodType: "twelve_months",
    });
    expect(point).toMatchObject({ banding: "1", bandingLabel: "higher than expected" });
    const revisions = await t.db
      .selectFrom("metric_value_revisions")
      .select(["old_value", "new_value"])
      .where("org_code", "=", "ZG111")
      .execute();
    expect(revisions).toEqual([{ old_value: 0.9396, new_value: 1.2011 }]);
  });

  it("refuses a file whose name does not give its twelve months", async () => {
    for (const [name, reason] of [
      ["shmi.csv", /gives its twelve months only in its name/],
      ["SHMI_data_at_trust_level_Feb25-Jun25_csv.csv", /span 5 months, not the twelve/],
    ] as const) {
      // Another trust than the imported row's: the same bytes would be skipped as already imported.
      const problems = await problemsOf(await write(name, [HEADER, ROW.replace("ZG111", "ZG115")]));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ file: name, value: name });
      expect(problems[0]!.reason).toMatch(reason);
    }
  });

  it("names the line, column and value of a value that is not observed / expected, a banding it does not know, and reversed limits", async () => {
    const problems = await problemsOf(
      await write("SHMI_Feb25-Jan26.csv", [
        HEADER,
        // Columns shifted: SHMI 1.0611 cannot come from 985 / 1045 rounded to the nearest 5.
        "I00699,ZG112,TEST TRUST,1.0611,2,32845,985,1045,0.9072,1.0992,0.8463,1.1816",
        "I00699,ZG113,TEST TRUST,0.9396,4,32845,985,1045,0.9072,1.0992,0.8463,1.1816",
        "I00699,ZG114,TEST TRUST,0.9396,2,32845,985,1045,1.0992,0.9072,0.8463,1.1816",
      ]),
    );
    expect(problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [2, "shmi_value", "1.0611"],
      [3, "shmi_banding", "4"],
      [4, "po_ll", "1.0992"],
    ]);
    expect(problems[0]!.reason).toBe(
      "SHMI_VALUE is not OBSERVED / EXPECTED (between 0.9379 and 0.9472, allowing for both being rounded to the nearest 5)",
    );
  });
});
