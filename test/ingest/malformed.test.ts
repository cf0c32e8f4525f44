/**
 * Every file in test/fixtures/malformed/ (listed with its expected message in the README there)
 * is refused on its own with a clear message naming the file (and line, column and value where
 * they apply), never a crash or a partial import: every table's row count is unchanged.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError, InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { importPaths } from "../../src/ingest/import-paths.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const dir = path.join(process.cwd(), "test", "fixtures", "malformed");

interface Case {
  file: string;
  format?: string;
  message: RegExp;
  problem?: { line?: number; column?: string; value?: string };
}

const cases: Case[] = [
  { file: "01-empty.csv", message: /is empty/ },
  { file: "02-blank-lines-only.csv", message: /the header matches no known format/ },
  { file: "03-binary.csv", message: /the file is binary, not text CSV/ },
  {
    file: "04-xlsx-saved-as-csv.csv",
    message: /spreadsheet \(Excel workbook\) saved with a \.csv name/,
  },
  {
    file: "05-xls-saved-as-csv.csv",
    message: /spreadsheet \(Excel workbook\) saved with a \.csv name/,
  },
  {
    file: "06-unknown-header.csv",
    message: /the header matches no known format \(trust, month, patients\)/,
  },
  {
    file: "07-missing-column.csv",
    format: "nhsr-ae",
    message: /line 1 column breaches: missing required column breaches/,
    problem: { line: 1, column: "breaches" },
  },
  {
    file: "08-non-numeric-number.csv",
    message: /not a number/,
    problem: { line: 3, column: "attendances", value: "twelve" },
  },
  {
    file: "09-impossible-date.csv",
    message: /not a date/,
    problem: { line: 2, column: "period", value: "2019-13-01" },
  },
  {
    file: "10-unreadable-date.csv",
    message: /not a date/,
    problem: { line: 2, column: "period", value: "Marchember 2019" },
  },
  {
    file: "11-bad-org-code.csv",
    message: /not an organisation code/,
    problem: { line: 2, column: "org_code", value: "R!1" },
  },
  {
    file: "12-unknown-ae-type.csv",
    message: /A&E type must be 1, 2 or other/,
    problem: { line: 2, column: "type", value: "4" },
  },
  {
    file: "13-same-row-twice-different-values.csv",
    message: /given twice \(lines 2, 4\)/,
    problem: { line: 4, value: "ZZA01 2019-03-01 type 1" },
  },
  {
    file: "14-tidy-same-key-twice-different-values.csv",
    message: /given again with a different value \(lines 2, 3\)/,
    problem: { line: 3, value: "ZZA01 ae_4hr_all 2024-03-01" },
  },
  {
    file: "15-unknown-metric-id.csv",
    message: /unknown metric id/,
    problem: { line: 2, column: "metric_id", value: "ae_5hr_all" },
  },
  {
    file: "16-unknown-period-type.csv",
    message: /must be one of day, week, month, quarter, financial_year/,
    problem: { line: 2, column: "period_type", value: "fortnight" },
  },
  {
    file: "17-value-disagrees-with-ratio.csv",
    message: /does not equal numerator \/ denominator × 100 = 90/,
    problem: { line: 2, column: "value", value: "95" },
  },
  {
    file: "18-quoted-newline-then-bad-number.csv",
    message: /not a number/,
    problem: { line: 4, column: "Attendances over 4hrs Type 1", value: "2x00" },
  },
  {
    file: "19-bom-crlf-bad-number.csv",
    message: /not a number/,
    problem: { line: 3, column: "attendances", value: "1.2.3" },
  },
  {
    file: "20-wrong-delimiter.csv",
    message: /this row has 1 column where the header has 6: is it separated by another delimiter/,
    problem: { line: 2 },
  },
  {
    file: "21-ods-short-row.csv",
    format: "ods",
    message: /an ODS row has 27 columns; this one has 4/,
    problem: { line: 2 },
  },
  {
    file: "22-ods-impossible-open-date.csv",
    message: /not a date/,
    problem: { line: 1, column: "column 11", value: "20241301" },
  },
  {
    file: "23-ae-monthly-bad-period.csv",
    message: /not a period/,
    problem: { line: 2, column: "Period", value: "MSitAE-SMARCH-2024" },
  },
  {
    file: "24-ae-monthly-missing-columns.csv",
    message: /missing required columns Emergency admissions via A&E - Type 1/,
    problem: { line: 1 },
  },
  {
    file: "25-beds-letter-in-number.csv",
    message: /not a number/,
    problem: { line: 2, column: "general_acute_beds_occupied", value: "9O0" },
  },
  {
    file: "26-cancer-unmapped-standard.csv",
    message: /only the 62d_combined standard is mapped/,
    problem: { line: 2, column: "metric", value: "31d_combined" },
  },
  {
    file: "27-delay-reason-twice.csv",
    message: /given twice \(lines 2, 3\)/,
    problem: { line: 3, column: "delay_reason", value: "Awaiting care home" },
  },
  {
    file: "28-rtt-unknown-type-of-wait.csv",
    message: /unknown type of wait/,
    problem: { line: 2, column: "type_of_wait", value: "No. > 104 weeks" },
  },
  {
    file: "29-icb-unknown-ons-code.csv",
    message: /not the ONS code/,
    problem: { line: 2, column: "icb22_code", value: "E54000099" },
  },
  {
    file: "30-discharge-impossible-day.csv",
    message: /not a date/,
    problem: { line: 2, column: "date", value: "2024-02-30" },
  },
  {
    file: "31-many-problems.csv",
    message: /30 problems; nothing was imported\.[\s\S]*…and 10 more/,
    problem: { line: 2, column: "attendances", value: "n/k" },
  },
  {
    file: "32-header-only-tidy-forced-on-ods.csv",
    format: "tidy",
    message: /missing required columns org_code, metric_id, period_start, period_type/,
    problem: { line: 1 },
  },
  { file: "33-header-only.csv", message: /header but no data rows/, problem: { line: 2 } },
];

describe("malformed input", () => {
  let t: TestDatabase;
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of [
      "organisations",
      "metric_values",
      "metric_value_revisions",
      "imports",
    ] as const) {
      const r = await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      out[table] = Number(r.n);
    }
    return out;
  };
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
  });
  afterAll(async () => {
    await t.drop();
  });

  it("has at least 25 cases, each listed in the README", async () => {
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith(".csv")).sort();
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(cases.map((c) => c.file).sort()).toEqual(files);
    const readme = await fs.readFile(path.join(dir, "README.md"), "utf8");
    for (const f of files) expect(readme, f).toContain(`| ${f} |`);
  });

  for (const c of cases) {
    it(`refuses ${c.file}${c.format ? ` (--format ${c.format})` : ""}`, async () => {
      const before = await counts();
      const error = await importFile(
        t,
        path.join(dir, c.file),
        c.format ? { format: c.format } : {},
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, "must be refused").toBeInstanceOf(AppError);
      const message = (error as Error).message;
      expect(message.startsWith(c.file), message).toBe(true);
      expect(message).toMatch(c.message);
      expect(message).not.toMatch(/\n\s+at /); // no stack trace
      if (c.problem) {
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).problems[0]).toMatchObject({ file: c.file, ...c.problem });
      }
      expect(await counts()).toEqual(before);
    });
  }

  it("a folder of them imports only what is valid without --format, skips the unrecognised and reports each failure by file", async () => {
    const before = await counts();
    const result = await importPaths(t, [dir]);
    // Only the ODS extract that was malformed when forced through the tidy parser is valid as itself.
    expect(result.imported.map((r) => path.basename(r.file))).toEqual([
      "32-header-only-tidy-forced-on-ods.csv",
    ]);
    expect(result.imported.length + result.failed.length + result.skipped.length).toBe(
      (await fs.readdir(dir)).length,
    );
    expect(result.failed.length).toBeGreaterThanOrEqual(20);
    for (const f of result.failed)
      expect(f.message.startsWith(path.basename(f.file)), f.message).toBe(true);
    expect((await counts()).metric_values).toBe(before.metric_values);
  });
});
