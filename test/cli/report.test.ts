/**
 * `improve report`: an organisation's board summary written as PDF, Excel or CSV through the same
 * function as the site's downloads; an unknown organisation or format is refused, naming it, and
 * writes nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliRunner, type CliRun } from "../support/cli.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";
import { pdfPages } from "../support/pdf-text.js";

let t: TestDatabase;
let improve: (...args: string[]) => Promise<CliRun>;
let dir: string;
let org: string;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 5, months: 24, seed: 9 });
  improve = cliRunner(t);
  dir = await mkdtemp(path.join(os.tmpdir(), "improve-report-"));
  org = (
    await t.db
      .selectFrom("organisations")
      .select("org_code")
      .where("kind", "=", "acute_trust")
      .orderBy("org_code")
      .executeTakeFirstOrThrow()
  ).org_code;
}, 120_000);
afterAll(async () => t?.drop());

describe("improve report", () => {
  it("writes the board summary as PDF, with the organisation's metrics in its text", async () => {
    const out = path.join(dir, "board.pdf");
    const r = await improve("report", "--org", org.toLowerCase(), "--format", "pdf", "--out", out);
    expect(r.err).toMatch(/^Wrote .+'s board summary \(pdf, \d+ bytes\)/);
    expect(r.code).toBe(0);
    const text = (await pdfPages(readFileSync(out))).join(" ").replace(/\s+/g, " ");
    expect(text).toContain(`· ${org}`);
    expect(text).toContain("A&E 4-hour performance");
  });

  it("writes the workbook and the CSV with the icon states as data", async () => {
    const xlsx = path.join(dir, "board.xlsx");
    expect((await improve("report", "--org", org, "--format", "xlsx", "--out", xlsx)).code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.name).toBe("About");
    const csv = path.join(dir, "board.csv");
    expect((await improve("report", "--org", org, "--format", "csv", "--out", csv)).code).toBe(0);
    const all = readFileSync(csv, "utf8").trim().split("\r\n");
    // The provenance block (decision 0019) above the table.
    expect(all.slice(0, 4).map((l) => l.replace(/^"/, "").split(":")[0])).toEqual([
      "# Source",
      "# Period",
      "# Data version",
      "# Generated",
    ]);
    const lines = all.filter((l) => !/^"?#/.test(l));
    expect(lines[0]).toMatch(/^org_code,section,metric_id,metric,latest_value,unit,period/);
    const fourHour = lines.find((l) => l.includes(",ae_4hr_all,"));
    expect(fourHour).toMatch(
      /,(common_cause|improvement_high|improvement_low|concern_high|concern_low|not_judged),/,
    );
  });

  it("refuses an unknown organisation or format and writes nothing", async () => {
    const out = path.join(dir, "none.pdf");
    const unknown = await improve("report", "--org", "ZZ999", "--format", "pdf", "--out", out);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('Unknown organisation "ZZ999"');
    const format = await improve("report", "--org", org, "--format", "docx", "--out", out);
    expect(format.code).not.toBe(0);
    expect(format.err).toContain('--format must be one of pdf, xlsx, csv, not "docx"');
    expect(existsSync(out)).toBe(false);
  });
});
