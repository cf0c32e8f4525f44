/**
 * Every way data comes in runs the whole after-import pipeline (src/ingest/after-import.ts):
 * the first start, `improve import`, an upload, the sync and the demo. Each brings a fictional
 * London trust (ODS layout) and a value for it; afterwards the trust is a member of the London
 * networks, and the import's record shows that every step ran (stored as jsonb, whose keys keep
 * no order: the order is after-import.ts's to state).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFirstStartData } from "../../src/ingest/first-start.js";
import { importPaths } from "../../src/ingest/import-paths.js";
import { loadDemo } from "../../src/ingest/load-demo.js";
import { syncPublications } from "../../src/ingest/sync/run.js";
import { parseSyncConfig } from "../../src/ingest/sync/config.js";
import { importUpload } from "../../src/ingest/upload.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const silent = { info: () => undefined, warn: () => undefined };
const STEPS = ["refine_organisations", "network_membership", "derivations", "data_version"];
const CHECKS = ["prepare", "write_flags"];

/** An ODS `etr` row for a fictional trust in London (region Y56, North East London ICB QMF). */
const odsRow = (code: string) =>
  `"${code}","${code} HOSPITALS NHS TRUST","Y56","QMF","1 HIGH STREET","","","LONDON","","E1 1AA","20200401","","","","","","","","","","","1","","A","","",""\n`;
const tidy = (code: string) =>
  `org_code,metric_id,period_start,period_type,numerator,denominator,value\n${code},ae_4hr_all,2024-01-01,month,90,100,\n`;

describe("the after-import pipeline, whoever imports", () => {
  let t: TestDatabase;
  let dir = "";

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-after-import-"));
  });
  afterAll(async () => {
    await t?.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** A folder holding an organisation list with `code` and a value for it. */
  async function folderFor(code: string): Promise<string> {
    const folder = path.join(dir, code);
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, "etr.csv"), odsRow(code));
    await fs.writeFile(path.join(folder, "values.csv"), tidy(code));
    return folder;
  }

  async function networksOf(code: string): Promise<string[]> {
    const rows = await t.db
      .selectFrom("network_members")
      .select("network_id")
      .where("org_code", "=", code)
      .orderBy("network_id")
      .execute();
    return rows.map((r) => r.network_id);
  }

  /** The pipeline's steps, as recorded in the report of each import since `after`. */
  async function stepsSince(after: number): Promise<{ format: string; steps: string[] }[]> {
    const rows = await t.db
      .selectFrom("imports")
      .select(["format", "status", "report"])
      .where("import_id", ">", after)
      .orderBy("import_id")
      .execute();
    return rows.map((r) => {
      expect(r.status).toBe("succeeded");
      const timings = (r.report as { quality?: { timings?: object } }).quality?.timings ?? {};
      return {
        format: r.format,
        steps: Object.keys(timings)
          .filter((k) => STEPS.includes(k) || CHECKS.includes(k))
          .sort(),
      };
    });
  }

  async function lastImport(): Promise<number> {
    const row = await t.db
      .selectFrom("imports")
      .select((eb) => eb.fn.max("import_id").as("id"))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  const organisationSteps = [...STEPS].sort();
  const valueSteps = [
    "refine_organisations",
    "network_membership",
    "derivations",
    "prepare",
    "write_flags",
    "data_version",
  ].sort();

  it("the first start (what `improve serve` loads into an empty database)", async () => {
    const before = await lastImport();
    const loaded = await loadFirstStartData(
      t,
      { demo: "auto", sharedDataDir: await folderFor("ZZF01") },
      silent,
    );
    expect(loaded).toBe("shared-data");
    expect(await networksOf("ZZF01")).toEqual(["london-elective", "london-uec"]);
    expect(await stepsSince(before)).toEqual([
      { format: "ods", steps: organisationSteps },
      { format: "tidy", steps: valueSteps },
    ]);
  });

  it("`improve import`", async () => {
    const before = await lastImport();
    await importPaths(t, [await folderFor("ZZI01")]);
    expect(await networksOf("ZZI01")).toEqual(["london-elective", "london-uec"]);
    expect(await stepsSince(before)).toEqual([
      { format: "ods", steps: organisationSteps },
      { format: "tidy", steps: valueSteps },
    ]);
  });

  it("an upload", async () => {
    const before = await lastImport();
    const uploadDir = path.join(dir, "uploads");
    const organisations = await importUpload(
      t,
      { fileName: "C:\\Users\\me\\etr (1).csv", content: Buffer.from(odsRow("ZZU01")) },
      { uploadDir },
    );
    expect(organisations.imported[0]?.file).toMatch(/etr__1_\.csv$/);
    await importUpload(
      t,
      { fileName: "values.csv", content: Buffer.from(tidy("ZZU01")) },
      { uploadDir },
    );
    expect(await networksOf("ZZU01")).toEqual(["london-elective", "london-uec"]);
    expect(await stepsSince(before)).toEqual([
      { format: "ods", steps: organisationSteps },
      { format: "tidy", steps: valueSteps },
    ]);
  });

  it("the sync", async () => {
    const before = await lastImport();
    const body: Record<string, string> = {
      "https://example.org/etr.csv": odsRow("ZZS01"),
      "https://example.org/values.csv": tidy("ZZS01"),
    };
    const config = parseSyncConfig(
      {
        publications: [
          { name: "etr", url: "https://example.org/etr.csv", format: "ods" },
          { name: "values", url: "https://example.org/values.csv", format: "tidy" },
        ],
      },
      "test",
    );
    const results = await syncPublications(t, config, {
      fetch: (url) =>
        Promise.resolve(new Response(body[url] ?? "", { status: body[url] ? 200 : 404 })),
      downloadDir: path.join(dir, "downloads"),
    });
    expect(results.map((r) => r.status)).toEqual(["imported", "imported"]);
    expect(await networksOf("ZZS01")).toEqual(["london-elective", "london-uec"]);
    expect(await stepsSince(before)).toEqual([
      { format: "ods", steps: organisationSteps },
      { format: "tidy", steps: valueSteps },
    ]);
  });

  it("the synthetic demo", async () => {
    const before = await lastImport();
    await loadDemo(t, { orgs: 12, months: 13, seed: 5 });
    const london = await t.db
      .selectFrom("organisations")
      .select("org_code")
      .where("synthetic", "=", true)
      .where("region_code", "=", "Y56")
      .where("kind", "=", "acute_trust")
      .execute();
    expect(london.length).toBeGreaterThan(0);
    for (const { org_code } of london) expect(await networksOf(org_code)).toContain("london-uec");
    expect(await stepsSince(before)).toEqual([{ format: "demo", steps: valueSteps }]);
  });
});
