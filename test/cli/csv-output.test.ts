// `improve … --format csv` neutralises spreadsheet formulas end to end (issue 14, defect 1):
// organisation names imported from an ODS extract (where import trims " =1+1" to "=1+1") are
// written as text, never as live formulas, by `improve orgs --format csv`.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRunner } from "../support/cli.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const odsRow = (code: string, name: string) =>
  [code, name, "Y56", "QMF", "1 HIGH STREET", "", "", "LONDON", "", "E1 1AA", "20200401"]
    .concat(Array(10).fill(""), ["1", "", "A", "", "", ""])
    .map((c) => `"${c.replace(/"/g, '""')}"`)
    .join(",");

describe("improve orgs --format csv", () => {
  let t: TestDatabase;
  let run: ReturnType<typeof cliRunner>;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    run = cliRunner(t);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-csv-out-"));
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("writes formula-leading names as text and a negative-number name as a number", async () => {
    const names = [" =1+1", "+SUM(A1)", "-1+1", "@cmd", "-7"];
    const file = path.join(dir, "orgs.csv");
    await fs.writeFile(file, names.map((n, i) => odsRow(`ZG90${i}`, n)).join("\n") + "\n");
    const imported = await run("import", file, "--format", "ods");
    expect(imported.err).toBe("");
    expect(imported.code).toBe(0);
    const csv = (await run("orgs", "--search", "ZG90", "--format", "csv")).out;
    const names_ = csv
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[1]);
    // Listed by name (ODS names are title-cased on import).
    expect(names_).toEqual(["'+Sum(A1)", "'-1+1", "-7", "'=1+1", "'@cmd"]);
  });
});
