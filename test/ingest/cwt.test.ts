/**
 * The Cancer Waiting Times provider extract (cwt-extract) and its derived roll-up (derived-cwt):
 * the traps of the shared README handled on purpose (ALL MODALITIES rows beside modality rows
 * never doubled, provisional months revised by a later extract and kept as revisions, halves,
 * the same row stacked twice refused), bad cells named by file, line, column and value, and
 * which source a page shows for cancer_62d (the extract over the CWT pipeline and the roll-up).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { seedReference } from "../../src/storage/reference.js";
import { series } from "../../src/storage/repositories/values.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const HEADER =
  '"period","standard","org_code","stage_route","treatment_modality","cancer_type","total","within_standard","breaches"';
const DERIVED_HEADER =
  '"period","org_code","standard","total","within_standard","breaches","pct_within"';
const PIPELINE_HEADER =
  "metric,period_month,period_date,org_code,org_name,total_patients,within_62d,breached_62d,compliance_rate";

describe("Cancer Waiting Times provider extract", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-cwt-"));
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
  const stored = async (source: string, orgCode: string, metricId: string) =>
    (
      await t.pool.query<{ period: string; numerator: number; denominator: number }>(
        `SELECT period_start::text AS period, numerator, denominator FROM metric_values
         WHERE source = $1 AND org_code = $2 AND metric_id = $3 ORDER BY period_start`,
        [source, orgCode, metricId],
      )
    ).rows;
  const problemsOf = async (file: string) => {
    const error = await importFile(t, file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  };

  it("adds only the ALL MODALITIES rows of the 31- and 62-day standards: the modality rows would double them", async () => {
    const file = await write("modalities.csv", [
      HEADER,
      '"2024-06-01","31-day Combined","ZG081","First Treatment","ALL MODALITIES","Breast",30,27,3',
      '"2024-06-01","31-day Combined","ZG081","Subsequent Treatment","ALL MODALITIES","Lung",10,10,0',
      '"2024-06-01","31-day Combined","ZG081","First Treatment","Surgery","ALL CANCERS",30,27,3',
      '"2024-06-01","31-day Combined","ZG081","Subsequent Treatment","Radiotherapy","ALL CANCERS",10,10,0',
      '"2024-06-01","62-day Combined","ZG081","Urgent Suspected Cancer","ALL MODALITIES","Breast",12.5,10,2.5',
      '"2024-06-01","62-day Combined","ZG081","Urgent Suspected Cancer","Anti-cancer drug regimen","ALL CANCERS",12.5,10,2.5',
    ]);
    const report = await importFile(t, file);
    expect(report.format).toBe("cwt-extract");
    expect(report.rowsRead).toBe(6);
    expect(await stored("cwt-extract", "ZG081", "cancer_31d")).toEqual([
      { period: "2024-06-01", numerator: 37, denominator: 40 },
    ]);
    // Halves (a pathway shared by two providers) are kept as given.
    expect(await stored("cwt-extract", "ZG081", "cancer_62d")).toEqual([
      { period: "2024-06-01", numerator: 10, denominator: 12.5 },
    ]);
  });

  it("adds every route of the faster diagnosis standard, and uses a route's ALL CANCERS row instead of adding its cancer types to it", async () => {
    const file = await write("routes.csv", [
      HEADER,
      '"2024-06-01","28-day FDS","ZG082","URGENT SUSPECTED CANCER",,"Suspected breast cancer",100,80,20',
      '"2024-06-01","28-day FDS","ZG082","NATIONAL SCREENING PROGRAMME",,"Suspected breast cancer",20,10,10',
      '"2024-06-01","28-day FDS","ZG082","BREAST SYMPTOMATIC, CANCER NOT SUSPECTED",,"Exhibited (non-cancer) breast symptoms - cancer not initially suspected",5,5,0',
      '"2024-06-01","62-day Combined","ZG082","Screening","ALL MODALITIES","Breast",4,3,1',
      '"2024-06-01","62-day Combined","ZG082","Screening","ALL MODALITIES","Lower Gastrointestinal",6,4,2',
      '"2024-06-01","62-day Combined","ZG082","Screening","ALL MODALITIES","ALL CANCERS",10,7,3',
      '"2024-06-01","62-day Combined","ZG082","Urgent Suspected Cancer","ALL MODALITIES","Lung",5,2,3',
    ]);
    await importFile(t, file);
    expect(await stored("cwt-extract", "ZG082", "cancer_fds_28d")).toEqual([
      { period: "2024-06-01", numerator: 95, denominator: 125 },
    ]);
    // Screening: its ALL CANCERS row (10, 7), not 10 + 10; plus the urgent route's 5, 2.
    expect(await stored("cwt-extract", "ZG082", "cancer_62d")).toEqual([
      { period: "2024-06-01", numerator: 9, denominator: 15 },
    ]);
  });

  it("a later extract revises a provisional month, and the provisional figures are kept as a revision", async () => {
    const provisional = await write("CWT-CRS-Apr-2025-to-Jul-2025-Data-Extract-Provider.csv", [
      HEADER,
      '"2025-04-01","62-day Combined","ZG083","Urgent Suspected Cancer","ALL MODALITIES","Breast",40,30,10',
      '"2025-05-01","62-day Combined","ZG083","Urgent Suspected Cancer","ALL MODALITIES","Breast",50,40,10',
    ]);
    await importFile(t, provisional);
    const final = await write("CWT-CRS-Apr-2025-to-Sep-2025-Data-Extract-Provider-Final.csv", [
      HEADER,
      '"2025-04-01","62-day Combined","ZG083","Urgent Suspected Cancer","ALL MODALITIES","Breast",42,31,11',
      '"2025-05-01","62-day Combined","ZG083","Urgent Suspected Cancer","ALL MODALITIES","Breast",50,40,10',
      '"2025-06-01","62-day Combined","ZG083","Urgent Suspected Cancer","ALL MODALITIES","Breast",45,36,9',
    ]);
    const report = await importFile(t, final);
    expect(report).toMatchObject({ status: "imported", inserted: 1, updated: 1, unchanged: 1 });
    expect(await stored("cwt-extract", "ZG083", "cancer_62d")).toEqual([
      { period: "2025-04-01", numerator: 31, denominator: 42 },
      { period: "2025-05-01", numerator: 40, denominator: 50 },
      { period: "2025-06-01", numerator: 36, denominator: 45 },
    ]);
    const revisions = await t.db
      .selectFrom("metric_value_revisions")
      .selectAll()
      .where("org_code", "=", "ZG083")
      .execute();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({
      metric_id: "cancer_62d",
      period_start: "2025-04-01",
      source: "cwt-extract",
      old_numerator: 30,
      old_denominator: 40,
      old_value: 75,
      new_numerator: 31,
      new_denominator: 42,
      import_id: report.importId,
    });
  });

  it("refuses two extracts of the same month stacked in one file, naming both lines, instead of adding them", async () => {
    const file = await write("stacked.csv", [
      HEADER,
      '"2025-04-01","28-day FDS","ZG084","URGENT SUSPECTED CANCER",,"Suspected lung cancer",40,30,10',
      '"2025-04-01","28-day FDS","ZG084","URGENT SUSPECTED CANCER",,"Suspected skin cancer",10,9,1',
      '"2025-04-01","28-day FDS","ZG084","URGENT SUSPECTED CANCER",,"Suspected lung cancer",42,31,11',
    ]);
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "stacked.csv", line: 4 });
    expect(problems[0]!.reason).toMatch(
      /given twice \(lines 2, 4\).*two extracts of the same month/,
    );
    expect(await stored("cwt-extract", "ZG084", "cancer_fds_28d")).toEqual([]);
  });

  it("names the file, line, column and value of each bad cell, and imports nothing", async () => {
    const file = await write("bad.csv", [
      HEADER,
      '"2024-06-01","2-week wait","ZG085","URGENT SUSPECTED CANCER",,"Suspected lung cancer",40,30,10',
      '"2024-06-01","28-day FDS","ZG085","URGENT SUSPECTED CANCER",,"Suspected lung cancer",40,30,9',
      '"2024-06-01","28-day FDS","ZG085","URGENT SUSPECTED CANCER","Surgery","Suspected skin cancer",1,1,0',
      '"2024-06-01","31-day Combined","ZG085","First Treatment",,"Breast",5,5,0',
      '"2024-13-01","62-day Combined","ZG085","Screening","ALL MODALITIES","Breast",5,5,0',
      '"2024-06-01","62-day Combined","ZG085","Screening","ALL MODALITIES","Lung",five,5,0',
    ]);
    const problems = await problemsOf(file);
    expect(problems.map((p) => [p.line, p.column, p.value])).toEqual([
      [2, "standard", "2-week wait"],
      [3, "total", "40"],
      [4, "treatment_modality", "Surgery"],
      [5, "treatment_modality", ""],
      [6, "period", "2024-13-01"],
      [7, "total", "five"],
    ]);
    expect(problems.every((p) => p.file === "bad.csv")).toBe(true);
    expect(problems[0]!.reason).toMatch(/28-day FDS, 31-day Combined, 62-day Combined/);
    expect(problems[1]!.reason).toBe("total is not within_standard + breaches (30 + 9)");
    expect(await stored("cwt-extract", "ZG085", "cancer_fds_28d")).toEqual([]);
  });

  it("shows the extract's cancer_62d over the CWT pipeline's and the derived roll-up's; the pipeline fills the months the extract lacks", async () => {
    await importFile(
      t,
      await write("gold.csv", [
        PIPELINE_HEADER,
        "62d_combined,2024-09,2024-09-01,ZG086,TEST TRUST,10,7,3,0.7",
        "62d_combined,2024-10,2024-10-01,ZG086,TEST TRUST,12,9,3,0.75",
      ]),
    );
    await importFile(
      t,
      await write("derived.csv", [
        DERIVED_HEADER,
        '"2024-10-01","ZG086","62-day Combined",11,8,3,0.7273',
      ]),
    );
    await importFile(
      t,
      await write("extract.csv", [
        HEADER,
        '"2024-10-01","62-day Combined","ZG086","Urgent Suspected Cancer","ALL MODALITIES","Breast",11,8,3',
      ]),
    );
    const shown = await series(t.db, { orgCode: "ZG086", metricId: "cancer_62d" });
    expect(shown.map((p) => [p.periodStart, p.source, p.numerator, p.denominator])).toEqual([
      ["2024-09-01", "cwt-62d", 7, 10],
      ["2024-10-01", "cwt-extract", 8, 11],
    ]);
    // The pipeline's figure, overruled by the extract's, is flagged; the shown one is not.
    const flags = await t.pool.query<{ source: string; dq_flags: string[] }>(
      `SELECT source, dq_flags FROM metric_values
       WHERE org_code = 'ZG086' AND period_start = '2024-10-01' AND source <> 'derived-cwt'
       ORDER BY source`,
    );
    expect(flags.rows).toEqual([
      { source: "cwt-62d", dq_flags: ["source_disagreement"] },
      { source: "cwt-extract", dq_flags: [] },
    ]);
  });
});
