/**
 * The tidy extract of the official monthly A&E files (derived-ae-provider) stores exactly what the
 * official file (ae-monthly) stores for the same provider and month, booked appointments counted
 * once (they are already in its all-type and type 1 columns), and ranks below it.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../../src/ingest/import-file.js";
import { seedReference } from "../../src/storage/reference.js";
import { series } from "../../src/storage/repositories/values.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const OFFICIAL_HEADER =
  "Period,Org Code,Parent Org,Org name,A&E attendances Type 1,A&E attendances Type 2,A&E attendances Other A&E Department,A&E attendances Booked Appointments Type 1,A&E attendances Booked Appointments Type 2,A&E attendances Booked Appointments Other Department,Attendances over 4hrs Type 1,Attendances over 4hrs Type 2,Attendances over 4hrs Other Department,Attendances over 4hrs Booked Appointments Type 1,Attendances over 4hrs Booked Appointments Type 2,Attendances over 4hrs Booked Appointments Other Department,Patients who have waited 4-12 hs from DTA to admission,Patients who have waited 12+ hrs from DTA to admission,Emergency admissions via A&E - Type 1,Emergency admissions via A&E - Type 2,Emergency admissions via A&E - Other A&E department,Other emergency admissions";
const EXTRACT_HEADER =
  '"period","org_code","org_name","parent_org","attendances_all_types","attendances_over_4h","attendances_type1","attendances_over_4h_type1","booked_attendances_all_types","dta_4_to_12h","dta_over_12h","emergency_admissions_via_ae","other_emergency_admissions","source_file"';

describe("derived A&E provider extract", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-ae-provider-"));
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
  const stored = async (source: string) =>
    (
      await t.pool.query<{
        metric_id: string;
        numerator: number | null;
        denominator: number | null;
        value: number | null;
        dq_flags: string[];
      }>(
        `SELECT metric_id, numerator, denominator, value, dq_flags FROM metric_values
         WHERE source = $1 AND org_code = 'ZG093' AND period_start = '2025-03-01' ORDER BY metric_id`,
        [source],
      )
    ).rows;

  it("stores what the official file stores, booked appointments counted once, and is shown only where the official file is absent", async () => {
    // Type 1 4,000 + booked 100; type 2 200 + booked 0; other 1,500 + booked 50: 5,850 in all.
    await importFile(
      t,
      await write("Monthly-AE-March-2025.csv", [
        OFFICIAL_HEADER,
        "MSitAE-MARCH-2025,ZG093,NHS ENGLAND LONDON,NORTHVALE HOSPITALS NHS TRUST,4000,200,1500,100,0,50,1300,10,40,20,0,1,310,45,1200,10,30,700",
      ]),
    );
    const extract = await importFile(
      t,
      await write("ae_provider_monthly.csv", [
        EXTRACT_HEADER,
        '"2025-03-01","ZG093","NORTHVALE HOSPITALS NHS TRUST","NHS ENGLAND LONDON",5850,1371,4100,1320,150,310,45,1240,700,"Monthly-AE-March-2025.csv"',
        '"2025-04-01","ZG093","NORTHVALE HOSPITALS NHS TRUST","NHS ENGLAND LONDON",5900,1200,4150,1150,160,300,40,1250,690,"Monthly-AE-April-2025.csv"',
      ]),
    );
    expect(extract.format).toBe("derived-ae-provider");
    const official = await stored("ae-monthly");
    const derived = (await stored("derived-ae-provider")).filter((v) =>
      official.some((o) => o.metric_id === v.metric_id),
    );
    // Every metric but the admission conversion rate (type 1 admissions are not in the extract).
    expect(
      official.map((v) => v.metric_id).filter((m) => !derived.some((d) => d.metric_id === m)),
    ).toEqual(["ae_admission_conversion"]);
    for (const v of derived) {
      const o = official.find((x) => x.metric_id === v.metric_id)!;
      expect([v.metric_id, v.numerator, v.denominator, v.value]).toEqual([
        o.metric_id,
        o.numerator,
        o.denominator,
        o.value,
      ]);
      expect(v.dq_flags, v.metric_id).toEqual([]);
    }
    expect(derived.find((v) => v.metric_id === "ae_attendances_all")?.value).toBe(5850);
    expect(derived.find((v) => v.metric_id === "ae_attendances_type1")?.value).toBe(4100);
    expect(derived.find((v) => v.metric_id === "ae_dta_4hr_waits")?.value).toBe(355);
    const shown = await series(t.db, { orgCode: "ZG093", metricId: "ae_4hr_all" });
    expect(shown.map((p) => [p.periodStart, p.source])).toEqual([
      ["2025-03-01", "ae-monthly"],
      ["2025-04-01", "derived-ae-provider"],
    ]);
  });

  it("gives no type 1 figures for a provider without a type 1 department", async () => {
    await importFile(
      t,
      await write("booked-only.csv", [
        EXTRACT_HEADER,
        '"2025-03-01","ZG094","BADGERSIDE LTD","NHS ENGLAND MIDLANDS",2100,0,0,0,2100,0,0,0,0,"Monthly-AE-March-2025.csv"',
      ]),
    );
    const { rows } = await t.pool.query<{ metric_id: string }>(
      `SELECT metric_id FROM metric_values WHERE org_code = 'ZG094' ORDER BY metric_id`,
    );
    expect(rows.map((r) => r.metric_id)).toEqual([
      "ae_4hr_all",
      "ae_attendances_all",
      "ae_dta_12hr_pct",
      "ae_dta_12hr_waits",
      "ae_dta_4hr_waits",
      "ae_emergency_admissions",
    ]);
  });
});
