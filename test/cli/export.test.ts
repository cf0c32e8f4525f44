// `improve export values|metrics|orgs`: the API's filters, the same rows as `improve values|
// metrics|orgs`, CSV and JSON to standard output or a file, XLSX (numbers as numbers) to a file.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRunner } from "../support/cli.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
let run: ReturnType<typeof cliRunner>;
let dir: string;
let orgs: string[];

interface ValueRow {
  org_code: string;
  metric_id: string;
  period_start: string;
  value: number;
  source: string;
}

const csvLines = (text: string) => text.trim().split("\n");

beforeAll(async () => {
  t = await demoDatabase({ orgs: 8, months: 24, seed: 5 });
  run = cliRunner(t);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-export-"));
  const listed = JSON.parse((await run("orgs", "--kind", "acute_trust", "--format", "json")).out);
  orgs = (listed as { org_code: string }[]).map((o) => o.org_code).sort();
}, 180_000);

afterAll(async () => {
  await t?.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe("improve export values", () => {
  it("filters by organisations, metrics and periods, with the rows `improve values` lists", async () => {
    const two = orgs.slice(0, 2);
    const res = await run(
      "export",
      "values",
      "--org",
      two.join(","),
      "--metric",
      "ae_4hr_all",
      "--format",
      "json",
    );
    expect(res.err).toBe("");
    expect(res.code).toBe(0);
    const rows = JSON.parse(res.out) as ValueRow[];
    expect(new Set(rows.map((r) => r.org_code))).toEqual(new Set(two));
    expect(rows.every((r) => r.metric_id === "ae_4hr_all")).toBe(true);
    const one = JSON.parse(
      (await run("values", "--org", two[0]!, "--metric", "ae_4hr_all", "--format", "json")).out,
    ) as {
      period_start: string;
      value: number;
    }[];
    expect(rows.filter((r) => r.org_code === two[0]).map((r) => [r.period_start, r.value])).toEqual(
      one.map((r) => [r.period_start, r.value]),
    );
    const from = one[3]!.period_start;
    const to = one[8]!.period_start;
    const ranged = JSON.parse(
      (
        await run(
          "export",
          "values",
          "--org",
          two[0]!,
          "--metric",
          "ae_4hr_all",
          "--from",
          from,
          "--to",
          to,
          "--format",
          "json",
        )
      ).out,
    ) as ValueRow[];
    expect(ranged.map((r) => r.period_start)).toEqual(one.slice(3, 9).map((r) => r.period_start));
  });

  it("exports every metric of an organisation across pages, and filters by source", async () => {
    const res = await run("export", "values", "--org", orgs[0]!);
    expect(res.code).toBe(0);
    const lines = csvLines(res.out);
    expect(lines[0]).toBe(
      "org_code,metric_id,period_start,numerator,denominator,value,small_count,source,flags",
    );
    // More than one page of the service (1,000 rows), each once.
    expect(lines.length - 1).toBeGreaterThan(1000);
    const keys = lines.slice(1).map((l) => l.split(",").slice(0, 3).join("|"));
    expect(new Set(keys).size).toBe(keys.length);
    const source = lines[1]!.split(",")[7]!;
    const same = csvLines(
      (await run("export", "values", "--org", orgs[0]!, "--source", source)).out,
    );
    expect(same.length).toBeGreaterThan(1);
    expect(same.slice(1).every((l) => l.split(",")[7] === source)).toBe(true);
    const none = csvLines(
      (await run("export", "values", "--org", orgs[0]!, "--source", "no_such_source")).out,
    );
    expect(none).toHaveLength(1);
  });

  it("writes XLSX to --out with numbers as numbers, and CSV to --out", async () => {
    const file = path.join(dir, "values.xlsx");
    const res = await run(
      "export",
      "values",
      "--org",
      orgs[0]!,
      "--metric",
      "ae_4hr_all",
      "--format",
      "xlsx",
      "--out",
      file,
    );
    expect(res.code, res.err).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets.find((s) => s.name === "Values")!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "org_code",
      "metric_id",
      "period_start",
      "numerator",
      "denominator",
      "value",
      "small_count",
      "source",
      "flags",
    ]);
    expect(sheet.getRow(2).getCell(1).value).toBe(orgs[0]);
    expect(typeof sheet.getRow(2).getCell(6).value).toBe("number");
    const csvFile = path.join(dir, "values.csv");
    const csv = await run(
      "export",
      "values",
      "--org",
      orgs[0]!,
      "--metric",
      "ae_4hr_all",
      "--out",
      csvFile,
    );
    expect(csv.out).toBe("");
    expect(csvLines(await fs.readFile(csvFile, "utf8")).length).toBe(sheet.rowCount);
  });

  it("refuses what it cannot do, saying why", async () => {
    const noFilter = await run("export", "values");
    expect(noFilter.code).toBe(2);
    expect(noFilter.err).toContain("Give --org, --metric or both");
    const noOut = await run("export", "values", "--org", orgs[0]!, "--format", "xlsx");
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain("--out");
    const badOrg = await run("export", "values", "--org", "RXX,R!X");
    expect(badOrg.code).toBe(2);
    expect(badOrg.err).toContain('"R!X"');
    const badFormat = await run("export", "values", "--org", orgs[0]!, "--format", "pdf");
    expect(badFormat.code).toBe(2);
    const unknown = await run("export", "values", "--metric", "no_such_metric");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain("no_such_metric");
  });
});

describe("improve export metrics and orgs", () => {
  it("exports the rows `improve orgs` and `improve metrics` list, with their filters", async () => {
    const listed = await run("orgs", "--kind", "acute_trust", "--format", "csv");
    const exported = await run("export", "orgs", "--kind", "acute_trust");
    expect(exported.out).toBe(listed.out);
    expect(csvLines(exported.out).length - 1).toBe(orgs.length);
    const metrics = JSON.parse(
      (await run("export", "metrics", "--topic", "uec", "--format", "json")).out,
    ) as {
      metric_id: string;
      topic: string;
    }[];
    expect(metrics.length).toBeGreaterThan(3);
    expect(metrics.every((m) => m.topic === "uec")).toBe(true);
    expect(metrics.map((m) => m.metric_id)).toContain("ae_4hr_all");
  });
});
