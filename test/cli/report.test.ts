/**
 * `improve report`: a subject's integrated performance report written as PDF, HTML, Excel or CSV
 * through the same function as the site's downloads (the first ready-made report unless
 * `--report` names one; `--list` names them), and an organisation's board summary with
 * `--report board`; an unknown subject, report or format is refused, naming it, and writes
 * nothing.
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
  it("lists a subject's reports, and writes the first ready-made one by default", async () => {
    const list = await improve("report", "--org", org, "--list");
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^topic-uec\tUrgent and emergency care$/m);
    expect(list.out).toMatch(/^board\tBoard summary/m);
    const first = list.out.split("\n")[0]!.split("\t")[0]!;
    const out = path.join(dir, "ipr.pdf");
    const r = await improve("report", "--org", org, "--format", "pdf", "--out", out);
    expect(r.err).toMatch(new RegExp(`^Wrote .+'s report "${first}" \\(pdf, \\d+ bytes\\)`));
    expect(r.code).toBe(0);
    const text = (await pdfPages(readFileSync(out))).join(" ").replace(/\s+/g, " ");
    expect(text).toContain("Data version:");
    expect(text).toContain("Process limits");
  });

  it("writes a report as standalone HTML and as CSV with the icon states as codes", async () => {
    const html = path.join(dir, "uec.html");
    const r = await improve(
      "report",
      "--org",
      org,
      "--report",
      "topic-uec",
      "--format",
      "html",
      "--out",
      html,
    );
    expect(r.code).toBe(0);
    const page = readFileSync(html, "utf8");
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain("A&amp;E 4-hour performance");
    expect(page).not.toMatch(/<script|<link /);
    const csv = path.join(dir, "uec.csv");
    expect(
      (
        await improve(
          "report",
          "--org",
          org,
          "--report",
          "topic-uec",
          "--format",
          "csv",
          "--out",
          csv,
        )
      ).code,
    ).toBe(0);
    const lines = readFileSync(csv, "utf8")
      .trim()
      .split("\r\n")
      .filter((l) => !/^"?#/.test(l));
    expect(lines[0]).toMatch(/^section,metric_id,metric,period,value,unit,target,mean/);
    expect(lines.find((l) => l.includes(",ae_4hr_all,"))).toMatch(
      /,(common_cause|improvement_high|improvement_low|concern_high|concern_low|not_judged),/,
    );
  });

  it("writes a network's report", async () => {
    const out = path.join(dir, "network.xlsx");
    const r = await improve("report", "--network", "london-uec", "--format", "xlsx", "--out", out);
    expect(r.code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.name).toBe("About");
    expect(book.worksheets[1]!.getRow(1).values).toContain("Variation code");
  });

  it("writes the board summary as PDF, with the organisation's metrics in its text", async () => {
    const out = path.join(dir, "board.pdf");
    const r = await improve(
      "report",
      "--org",
      org.toLowerCase(),
      "--report",
      "board",
      "--format",
      "pdf",
      "--out",
      out,
    );
    expect(r.err).toMatch(/^Wrote .+'s board summary \(pdf, \d+ bytes\)/);
    expect(r.code).toBe(0);
    const text = (await pdfPages(readFileSync(out))).join(" ").replace(/\s+/g, " ");
    expect(text).toContain(`· ${org}`);
    expect(text).toContain("A&E 4-hour performance");
  });

  it("writes the workbook and the CSV with the icon states as data", async () => {
    const xlsx = path.join(dir, "board.xlsx");
    expect(
      (
        await improve(
          "report",
          "--org",
          org,
          "--report",
          "board",
          "--format",
          "xlsx",
          "--out",
          xlsx,
        )
      ).code,
    ).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.name).toBe("About");
    const csv = path.join(dir, "board.csv");
    expect(
      (await improve("report", "--org", org, "--report", "board", "--format", "csv", "--out", csv))
        .code,
    ).toBe(0);
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
    expect(format.err).toContain('--format must be one of pdf, xlsx, csv, html, not "docx"');
    const report = await improve(
      "report",
      "--org",
      org,
      "--report",
      "nope",
      "--format",
      "pdf",
      "--out",
      out,
    );
    expect(report.code).not.toBe(0);
    expect(report.err).toContain('has no report "nope"');
    const none = await improve("report", "--format", "pdf", "--out", out);
    expect(none.code).not.toBe(0);
    expect(none.err).toContain("Name one subject");
    const boardHtml = await improve(
      "report",
      "--org",
      org,
      "--report",
      "board",
      "--format",
      "html",
      "--out",
      out,
    );
    expect(boardHtml.err).toContain('The board summary is written as pdf, xlsx, csv, not "html"');
    expect(existsSync(out)).toBe(false);
  });
});
