/**
 * NHS Staff Survey organisational results (staff-survey): each trust's scores as published with
 * their bases, over the financial year the survey ran in (from the file's name); Isle of Wight's
 * acute sector stored as R1F and its ambulance sector not stored; organisations other than NHS
 * trusts read and not stored; bad input named by file, line, column and value; the catalogue's
 * score names checked against the survey's own list.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { intervalKindOf } from "../../src/metrics/analytics/metric-info.js";
import { getMetric } from "../../src/metrics/catalogue/index.js";
import { staffSurveyScores } from "../../src/metrics/catalogue/workforce-culture.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";

const HEADER =
  '"ods_code","benchmarking_group","weighting","staff_engagement_score","staff_engagement_base","morale_score","morale_base"';
const ACUTE = "Acute and Acute & Community Trusts";

describe("NHS Staff Survey organisational results", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), "improve-nss-"));
  });
  afterAll(async () => {
    await t.drop();
    await fsp.rm(dir, { recursive: true, force: true });
  });

  const write = async (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    await fsp.writeFile(file, lines.join("\n") + "\n");
    return file;
  };
  const problemsOf = async (file: string) => {
    const error = await importFile(t, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  };
  const stored = async (orgCodes: string[]) =>
    (
      await t.pool.query(
        `SELECT org_code, metric_id, period_type, period_start::text AS period, numerator, denominator, value
         FROM metric_values WHERE org_code = ANY($1) ORDER BY org_code, metric_id`,
        [orgCodes],
      )
    ).rows;

  it("stores Isle of Wight's acute sector (R1F1) as R1F and neither its ambulance sector (R1F2) nor an ICB", async () => {
    const report = await importFile(
      t,
      await write("nss24_themes.csv", [
        HEADER,
        `"R1F1","${ACUTE}","Occupation Group",6.49079686142583,1538,5.7,1540`,
        '"R1F2","Ambulance Trusts","Occupation Group",5.1,160,4.9,161',
        '"QZZ","ICBs","Unweighted",7.2,401,6.8,401',
      ]),
    );
    expect(report).toMatchObject({ format: "staff-survey", rowsRead: 3, inserted: 2 });
    expect(await stored(["R1F", "R1F1", "R1F2", "QZZ"])).toEqual([
      {
        org_code: "R1F",
        metric_id: "nss_morale",
        period_type: "financial_year",
        period: "2024-04-01",
        numerator: null,
        denominator: 1540,
        value: 5.7,
      },
      {
        org_code: "R1F",
        metric_id: "nss_staff_engagement",
        period_type: "financial_year",
        period: "2024-04-01",
        numerator: null,
        denominator: 1538,
        value: 6.49079686142583,
      },
    ]);
  });

  it("puts no interval on a score, and says why (no standard error is published)", () => {
    const info = intervalKindOf(getMetric("nss_staff_engagement")!);
    expect(info.kind).toBe("none");
    expect(info.note).toMatch(/publishes the number who answered .* but not the spread/);
  });

  it("refuses a file whose name does not give the survey year", async () => {
    const problems = await problemsOf(
      await write("staff_survey_themes.csv", [
        HEADER,
        `"ZG411","${ACUTE}","Occupation Group",7.1,900,6.2,901`,
      ]),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: "staff_survey_themes.csv",
      value: "staff_survey_themes.csv",
    });
    expect(problems[0]!.reason).toMatch(/survey year only in the file's name/);
  });

  it("names the line, column and value of an unknown group, an unweighted trust, a score out of range and a score without its base", async () => {
    const problems = await problemsOf(
      await write("nss24_bad.csv", [
        HEADER,
        `"ZG412","Acute Trusts","Occupation Group",7.1,900,6.2,901`,
        `"ZG413","${ACUTE}","Unweighted",7.1,900,6.2,901`,
        `"ZG414","${ACUTE}","Occupation Group",71,900,6.2,901`,
        `"ZG415","${ACUTE}","Occupation Group",7.1,,6.2,901`,
      ]),
    );
    expect(problems.map((p) => [p.file, p.line, p.column, p.value])).toEqual([
      ["nss24_bad.csv", 2, "benchmarking_group", "Acute Trusts"],
      ["nss24_bad.csv", 3, "weighting", "Unweighted"],
      ["nss24_bad.csv", 4, "staff_engagement_score", "71"],
      ["nss24_bad.csv", 5, "staff_engagement_base", ""],
    ]);
    expect(await stored(["ZG412", "ZG413", "ZG414", "ZG415"])).toEqual([]);
  });

  it.skipIf(sharedDataMissing())("names every score as the survey's own list does", () => {
    const text = fs.readFileSync(
      path.join(sharedDataDir, "nhs-staff-survey", "nss24_measure_names.csv"),
      "utf8",
    );
    const names = new Map(
      text
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((l) => l.split(",").map((c) => c.replace(/^"|"$/g, "")))
        .map(([, code, measure]) => [code!, measure!.replace(/^[^-]+ - /, "")]),
    );
    expect(names.size).toBe(staffSurveyScores.length);
    for (const s of staffSurveyScores) expect(names.get(s.code), s.code).toBe(s.name);
  });
});
