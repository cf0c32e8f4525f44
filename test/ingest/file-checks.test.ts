// File-level checks of the CSV reading layer (issue 14, defects 2 to 5): a NUL byte anywhere, a
// UTF-16 file, a header that repeats a column name, and a huge cell echoed in a message. Each is
// refused with an InputError naming the file (and line and column where they apply), never an
// internal error with a stack trace, and nothing is imported.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoValue, formatProblem, InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { seedReference } from "../../src/storage/reference.js";
import { cliRunner } from "../support/cli.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const TIDY = "org_code,metric_id,period_start,period_type,numerator,denominator,value";
const golden = (format: string) =>
  fs.readFile(path.join(process.cwd(), "test/fixtures/golden", format, "input.csv"));

/** Tidy rows for months from January 2000, enough to pass the first 8 KB. */
const tidyRows = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const month = `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`;
    return `ZG191,ae_4hr_all,${month},month,${90 + (i % 7)},120,`;
  });

describe("file-level checks", () => {
  let t: TestDatabase;
  let dir: string;
  let run: ReturnType<typeof cliRunner>;
  const valueCount = async () =>
    Number(
      (
        await t.db
          .selectFrom("metric_values")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    run = cliRunner(t);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-file-checks-"));
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const refused = async (file: string, format?: string): Promise<InputError> => {
    const before = await valueCount();
    const error = await importFile(t, file, format ? { format } : {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, "must be refused with an InputError").toBeInstanceOf(InputError);
    expect((error as Error).message).not.toMatch(/\n\s+at /);
    expect(await valueCount()).toBe(before);
    return error as InputError;
  };

  describe("a NUL byte after the first 8 KB (defect 2)", () => {
    it("is refused naming the file, line and column (tidy, the record reader)", async () => {
      const rows = tidyRows(400);
      rows[300] = rows[300]!.replace(",month,", ",mo\0nth,");
      const file = path.join(dir, "nul-late.csv");
      await fs.writeFile(file, [TIDY, ...rows].join("\n") + "\n");
      expect((await fs.readFile(file)).indexOf(0)).toBeGreaterThan(8192);
      const e = await refused(file);
      expect(e.problems[0]).toMatchObject({
        file: "nul-late.csv",
        line: 302,
        column: "period_type",
      });
      expect(e.message).toMatch(/NUL/);
      const cli = await run("import", file);
      expect(cli.code).toBe(1);
      expect(cli.err).not.toMatch(/internal error/);
      expect(cli.err).toMatch(/nul-late\.csv line 302 column period_type/);
    });

    it("is refused where the cell would be stored as text (an ODS extract's names), not an internal error", async () => {
      const first = (await golden("ods")).toString("utf8").split("\n")[0]!;
      const rows = Array.from({ length: 80 }, (_, i) =>
        first.replace("ZG001", `ZG${String(100 + i)}`).replace("NORTHVALE", `NORTHVALE ${i}`),
      );
      rows[70] = rows[70]!.replace("NORTHVALE 70", "NORTH\0VALE 70");
      const file = path.join(dir, "ods-nul-late.csv");
      await fs.writeFile(file, rows.join("\n") + "\n");
      expect((await fs.readFile(file)).indexOf(0)).toBeGreaterThan(8192);
      const cli = await run("import", file, "--format", "ods");
      expect(cli.err).not.toMatch(/internal error/);
      expect(cli.err).toMatch(
        /ods-nul-late\.csv line 71 column column 2 value "NORTH\\u0000VALE 70.*": this cell holds a NUL byte/,
      );
      const e = await refused(file, "ods");
      expect(e.problems[0]).toMatchObject({
        file: "ods-nul-late.csv",
        line: 71,
        column: "column 2",
      });
    });

    it("is refused in a file the byte reader reads (official monthly A&E)", async () => {
      const text = (await golden("ae-monthly")).toString("utf8");
      const [header, ...rows] = text.trimEnd().split(/\r?\n/);
      // The golden rows again for other (fictional) trusts, until past 8 KB; a NUL in a name.
      const more: string[] = [];
      const letter = (n: number) => String.fromCharCode(65 + (n % 26));
      for (let k = 0; more.join("\n").length < 12_000; k++)
        for (const r of rows.filter((r) => r.includes("ZG")))
          more.push(r.replace(/ZG(\d)/g, `Z${letter(k)}${letter(k + 7)}$1`));
      more[more.length - 2] = more[more.length - 2]!.replace(/,([^,]*HOSPITAL[^,]*),/i, ",$1\0,");
      const file = path.join(dir, "ae-nul-late.csv");
      await fs.writeFile(file, [header, ...rows, ...more].join("\n") + "\n");
      expect((await fs.readFile(file)).indexOf(0)).toBeGreaterThan(8192);
      const e = await refused(file);
      expect(e.problems[0]).toMatchObject({
        file: "ae-nul-late.csv",
        line: rows.length + more.length,
      });
      expect(e.problems[0]!.column).toBeDefined();
    });
  });

  describe("UTF-16 text (defect 3)", () => {
    const utf16 = (text: string, order: "le" | "be", bom: boolean) => {
      const le = Buffer.from(text, "utf16le");
      const bytes = order === "le" ? le : Buffer.from(le).swap16();
      const mark = order === "le" ? [0xff, 0xfe] : [0xfe, 0xff];
      return bom ? Buffer.concat([Buffer.from(mark), bytes]) : bytes;
    };
    for (const [order, bom] of [
      ["le", true],
      ["be", true],
      ["le", false],
      ["be", false],
    ] as const) {
      it(`names UTF-16 ${order.toUpperCase()}${bom ? " with a byte-order mark" : ""} and says to save it as UTF-8 CSV`, async () => {
        const file = path.join(dir, `utf16-${order}-${bom}.csv`);
        await fs.writeFile(file, utf16([TIDY, ...tidyRows(3)].join("\r\n") + "\r\n", order, bom));
        const e = await refused(file);
        const endian = order === "le" ? "little-endian" : "big-endian";
        expect(e.message).toContain(`UTF-16 (${endian})`);
        expect(e.message).toMatch(/save it as CSV UTF-8/);
        expect(e.message).not.toMatch(/binary/);
      });
    }
  });

  describe("a header that repeats a column name (defect 4)", () => {
    it("is refused naming the column and both positions", async () => {
      const file = path.join(dir, "twice.csv");
      await fs.writeFile(
        file,
        `${TIDY},numerator\n${tidyRows(2)
          .map((r) => `${r},7`)
          .join("\n")}\n`,
      );
      const e = await refused(file);
      expect(e.problems[0]).toMatchObject({ file: "twice.csv", line: 1, column: "numerator" });
      expect(e.message).toMatch(
        /column "numerator" is given twice in the header \(columns 5 and 8\)/,
      );
    });

    it("is refused in a format with its own header layout (reference: trust types)", async () => {
      const file = path.join(dir, "types-twice.csv");
      await fs.writeFile(
        file,
        '"org_code","org_name","trust_type","nof_2025_trust_subtype","types_disagree","Trust_Type"\n' +
          '"ZG901","ZED COMMUNITY NHS TRUST","community","","","acute"\n',
      );
      const e = await refused(file, "trust-types");
      expect(e.message).toMatch(
        /column "trust_type" is given twice in the header \(columns 3 and 6\)/,
      );
    });
  });

  describe("a huge cell in a problem (defect 5)", () => {
    it("echoes 80 characters and the cell's length, not 10 MB", async () => {
      const huge = "9".repeat(40) + "x".repeat(10 * 1024 * 1024 - 40);
      const file = path.join(dir, "huge-cell.csv");
      await fs.writeFile(file, `${TIDY}\nZG191,ae_4hr_all,2024-03-01,month,${huge},120,\n`);
      const e = await refused(file);
      expect(e.message.length).toBeLessThan(1000);
      expect(e.message).toContain(`${"9".repeat(40)}${"x".repeat(40)}…(10,485,760 characters)`);
      expect(e.problems[0]!.value!.length).toBeLessThan(200);
    });

    it("is truncated wherever a problem is formatted", () => {
      const line = formatProblem({
        file: "f.csv",
        line: 2,
        value: "a".repeat(1000),
        reason: "bad",
      });
      expect(line).toBe(`f.csv line 2 value "${"a".repeat(80)}…(1,000 characters)": bad`);
      // Up to 120 characters are echoed whole, and a shortened value is not shortened again.
      expect(echoValue("b".repeat(120))).toBe("b".repeat(120));
      expect(echoValue(echoValue("c".repeat(10_485_760)))).toBe(
        `${"c".repeat(80)}…(10,485,760 characters)`,
      );
      expect(formatProblem({ value: "short", reason: "bad" })).toBe('value "short": bad');
    });
  });
});
