/**
 * ZIP publications (src/ingest/zip.ts, import-paths.ts): each CSV entry imported on its own as
 * `archive.zip!entry.csv`, other entries listed as skipped, temporary files always removed; a
 * corrupt archive, one without CSV files and one over the size or entry limits refused with the
 * archive and entry named, nothing imported. Archives are generated here (test/support/zip.ts).
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importPaths } from "../../src/ingest/import-paths.js";
import { entryMatches, globToRegExp, unzipCsvEntries } from "../../src/ingest/zip.js";
import { seedReference } from "../../src/storage/reference.js";
import { cliRunner } from "../support/cli.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { zipArchive, type ZipEntrySpec } from "../support/zip.js";

const fixtures = path.join(process.cwd(), "test", "fixtures");
const TIDY = "org_code,metric_id,period_start,period_type,numerator,denominator,value";

describe("entry globs", () => {
  it("match base names, or whole paths when the pattern has a /", () => {
    expect(globToRegExp("*.csv").test("a.CSV")).toBe(true);
    expect(entryMatches("data/2024/Monthly-AE-March-2024.csv", "Monthly-AE-*.csv")).toBe(true);
    expect(entryMatches("data/other.csv", "Monthly-AE-*.csv")).toBe(false);
    expect(entryMatches("data/2024/x.csv", "data/*.csv")).toBe(false);
    expect(entryMatches("data/2024/x.csv", "data/**.csv")).toBe(true);
    expect(entryMatches("etr.csv", "etr.csv")).toBe(true);
    expect(entryMatches("etrXcsv", "etr.csv")).toBe(false);
    expect(entryMatches("a1.csv", "a?.csv")).toBe(true);
    expect(entryMatches("a(1).csv", "a(1).csv")).toBe(true);
  });
});

describe("importing ZIP archives", () => {
  let t: TestDatabase;
  let dir = "";
  let tmp = "";
  const originalTmp = process.env.TMPDIR;
  const march = () => fs.readFile(path.join(fixtures, "ae-monthly", "ae-monthly-2024-03.csv"));
  const april = () => fs.readFile(path.join(fixtures, "ae-monthly", "ae-monthly-2024-04.csv"));

  const write = async (name: string, entries: ZipEntrySpec[]) => {
    const file = path.join(dir, name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, zipArchive(entries));
    return file;
  };
  const importCount = async () =>
    Number((await t.pool.query<{ n: string }>("SELECT count(*) AS n FROM imports")).rows[0]!.n);
  const valueCount = async () =>
    Number(
      (await t.pool.query<{ n: string }>("SELECT count(*) AS n FROM metric_values")).rows[0]!.n,
    );
  /** Refused as a whole: an InputError with this message, no import, no value, no temp file. */
  const refused = async (target: string, message: RegExp, limits = {}) => {
    const [imports, values] = [await importCount(), await valueCount()];
    const error = await importPaths(t, [target], { zipLimits: limits }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
    expect(await importCount()).toBe(imports);
    expect(await valueCount()).toBe(values);
    expect(await fs.readdir(tmp)).toEqual([]);
  };

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-zip-test-"));
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });
  // Extraction goes to os.tmpdir(): a private one per test shows what is left behind.
  beforeEach(async () => {
    tmp = await fs.mkdtemp(path.join(dir, "tmp-"));
    process.env.TMPDIR = tmp;
  });
  afterEach(() => {
    if (originalTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = originalTmp;
  });

  it("imports each CSV entry on its own, lists the rest as skipped and removes its temporary files", async () => {
    const zip = await write("ae-2024.zip", [
      { name: "2024/", data: "" },
      { name: "2024/ae-monthly-2024-03.csv", data: await march() },
      { name: "2024/ae-monthly-2024-04.csv", data: await april(), method: 0 },
      { name: "README.txt", data: "About these files" },
      { name: "__MACOSX/2024/._ae-monthly-2024-03.csv", data: "\u0000\u0005resource fork" },
    ]);
    const lines: string[] = [];
    const result = await importPaths(t, [zip], { onFile: (l) => lines.push(l) });
    expect(result.failed).toEqual([]);
    expect(result.imported.map((r) => [r.file, r.format, r.status])).toEqual([
      [`${zip}!2024/ae-monthly-2024-03.csv`, "ae-monthly", "imported"],
      [`${zip}!2024/ae-monthly-2024-04.csv`, "ae-monthly", "imported"],
    ]);
    expect(result.skipped).toEqual([{ file: `${zip}!README.txt`, reason: "not a CSV file" }]);
    expect(lines[0]).toBe("ae-2024.zip!README.txt: skipped (not a CSV file)");
    expect(lines[1]).toMatch(/^ae-2024\.zip!2024\/ae-monthly-2024-03\.csv: ae-monthly: \d+ rows/);
    const { rows } = await t.pool.query(
      `SELECT file_name, file_path, report->>'file' AS report_file FROM imports ORDER BY import_id`,
    );
    expect(rows).toEqual([
      {
        file_name: "ae-2024.zip!ae-monthly-2024-03.csv",
        file_path: `${zip}!2024/ae-monthly-2024-03.csv`,
        report_file: `${zip}!2024/ae-monthly-2024-03.csv`,
      },
      {
        file_name: "ae-2024.zip!ae-monthly-2024-04.csv",
        file_path: `${zip}!2024/ae-monthly-2024-04.csv`,
        report_file: `${zip}!2024/ae-monthly-2024-04.csv`,
      },
    ]);
    expect(await fs.readdir(tmp)).toEqual([]);

    // Again: every entry is already imported (same checksum), nothing to do.
    const again = await importPaths(t, [zip]);
    expect(again.imported.map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
    expect(again.imported[0]?.file).toBe(`${zip}!2024/ae-monthly-2024-03.csv`);
    expect(await fs.readdir(tmp)).toEqual([]);
  });

  it("unpacks archives found in a folder beside plain CSV files", async () => {
    const folder = path.join(dir, "folder");
    await write("folder/tidy.zip", [
      { name: "tidy-a.csv", data: `${TIDY}\nZZZ01,ae_4hr_all,2020-01-01,month,5,10,\n` },
    ]);
    await fs.writeFile(
      path.join(folder, "tidy-b.csv"),
      `${TIDY}\nZZZ01,ae_4hr_all,2020-02-01,month,6,10,\n`,
    );
    const result = await importPaths(t, [folder]);
    expect(result.imported.map((r) => path.basename(r.file)).sort()).toEqual([
      "tidy-b.csv",
      "tidy.zip!tidy-a.csv",
    ]);
    expect(result.imported.map((r) => r.inserted)).toEqual([1, 1]);
  });

  it("refuses a corrupt archive, naming it", async () => {
    const zip = path.join(dir, "broken.zip");
    await fs.writeFile(zip, "this is not a zip file at all, just text");
    await refused(zip, /^broken\.zip: not a readable ZIP archive \(/);
    // Cut short: the central directory is gone.
    const whole = zipArchive([{ name: "a.csv", data: await march() }]);
    await fs.writeFile(zip, whole.subarray(0, whole.length - 30));
    await refused(zip, /^broken\.zip: not a readable ZIP archive/);
  });

  it("refuses an entry whose data is corrupt, naming the archive and entry, importing nothing", async () => {
    const data = await march();
    const crc = await write("crc.zip", [
      { name: "good.csv", data: await april() },
      { name: "bad.csv", data, method: 0 },
    ]);
    // Flip a byte of the stored entry in the archive itself, leaving its recorded CRC.
    const bytes = await fs.readFile(crc);
    const at = bytes.indexOf(data.subarray(0, 64));
    bytes[at + 200] = bytes[at + 200]! ^ 0x20;
    await fs.writeFile(crc, bytes);
    await refused(crc, /^crc\.zip!bad\.csv: corrupt entry: .*CRC-32/);

    const deflated = zipArchive([{ name: "bad.csv", data }]);
    const garbled = Buffer.from(deflated);
    for (let i = 60; i < 90; i++) garbled[i] = 0xff;
    await fs.writeFile(path.join(dir, "inflate.zip"), garbled);
    await refused(path.join(dir, "inflate.zip"), /^inflate\.zip!bad\.csv: corrupt entry/);
  });

  it("refuses an archive with no CSV file", async () => {
    const zip = await write("docs.zip", [
      { name: "notes.pdf", data: "%PDF-1.4" },
      { name: "data.xlsx", data: "PK" },
    ]);
    await refused(
      zip,
      /^docs\.zip: the archive holds no CSV file \(entries: notes\.pdf, data\.xlsx\)/,
    );
    await refused(
      await write("empty.zip", []),
      /^empty\.zip: the archive holds no CSV file \(it is empty\)/,
    );
  });

  it("refuses an entry over the size limit (as declared, or as inflated when the header lies)", async () => {
    const zip = await write("big.zip", [
      { name: "small.csv", data: `${TIDY}\nZZZ02,ae_4hr_all,2020-01-01,month,5,10,\n` },
      { name: "big.csv", data: `${TIDY}\n` + "x".repeat(5000) },
    ]);
    await refused(
      zip,
      /^big\.zip!big\.csv: 5\d{3} bytes uncompressed, more than the 1000 bytes accepted for one entry: refused/,
      { maxEntryBytes: 1000 },
    );
    // A zip bomb in miniature: 2 MB of zeros deflate to a few kB, declared as 100 bytes.
    const bomb = await write("bomb.zip", [
      { name: "bomb.csv", data: Buffer.alloc(2_000_000, 0x30), lie: { uncompressedSize: 100 } },
    ]);
    expect((await fs.stat(bomb)).size).toBeLessThan(10_000);
    await refused(
      bomb,
      /^bomb\.zip!bomb\.csv: holds more data than the archive declares \(100 bytes\), as a zip bomb would: refused/,
    );
    await refused(
      zip,
      /^big\.zip!big\.csv: the CSV entries up to this one hold .* more than the 5000 bytes/,
      {
        maxTotalBytes: 5000,
      },
    );
    await refused(zip, /^big\.zip: 2 entries, more than the 1 accepted in one archive: refused/, {
      maxEntries: 1,
    });
  });

  it("fails a bad archive in a folder without stopping the other files", async () => {
    const folder = path.join(dir, "mixed");
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, "bad.zip"), "not a zip");
    await fs.writeFile(
      path.join(folder, "ok.csv"),
      `${TIDY}\nZZZ03,ae_4hr_all,2020-01-01,month,5,10,\n`,
    );
    const result = await importPaths(t, [folder]);
    expect(result.imported.map((r) => path.basename(r.file))).toEqual(["ok.csv"]);
    expect(result.failed).toEqual([
      {
        file: path.join(folder, "bad.zip"),
        message: expect.stringMatching(/^bad\.zip: not a readable ZIP archive/),
      },
    ]);
  });

  it("refuses a zip given alone whose CSV files are in no known format", async () => {
    const zip = await write("unknown.zip", [
      { name: "x.csv", data: "trust,month,patients\nA,B,1\n" },
    ]);
    await refused(
      zip,
      /^unknown\.zip: no CSV file in the archive is in a known format \(unknown\.zip!x\.csv: line 1 value .*header matches no known format/,
    );
  });

  it("still refuses a spreadsheet saved as .csv, and names a ZIP of CSV files saved as .csv", async () => {
    await refused(
      path.join(fixtures, "malformed", "04-xlsx-saved-as-csv.csv"),
      /spreadsheet \(Excel workbook\) saved with a \.csv name/,
    );
    const misnamed = path.join(dir, "publication.csv");
    await fs.writeFile(misnamed, zipArchive([{ name: "inner.csv", data: await march() }]));
    await refused(
      misnamed,
      /publication\.csv: this is a ZIP archive \(its first file is inner\.csv\) with a \.csv name: rename it to \.zip/,
    );
    // An Excel workbook renamed .zip is a spreadsheet too.
    const workbook = await write("book.zip", [
      { name: "[Content_Types].xml", data: "<Types/>" },
      { name: "xl/workbook.xml", data: "<workbook/>" },
      { name: "xl/worksheets/sheet1.csv", data: "a,b\n" },
    ]);
    await refused(
      workbook,
      /^book\.zip: this is a spreadsheet \(Excel workbook\) saved with a \.zip name/,
    );
  });

  it("extracts the entries an entry pattern chooses, and cleans up on request", async () => {
    const zip = await write("three.zip", [
      { name: "a/data.csv", data: "x\n1\n" },
      { name: "b/data.csv", data: "x\n2\n" },
      { name: "c/data.csv", data: "x\n3\n" },
    ]);
    const contents = await unzipCsvEntries(zip, { entryPattern: "a/*.csv" });
    expect(contents.files.map((f) => [f.entry, f.name, path.basename(f.file)])).toEqual([
      ["a/data.csv", "three.zip!a/data.csv", "three.zip!data.csv"],
    ]);
    expect(await fs.readFile(contents.files[0]!.file, "utf8")).toBe("x\n1\n");
    expect(contents.skipped.map((s) => s.name)).toEqual([
      "three.zip!b/data.csv",
      "three.zip!c/data.csv",
    ]);
    expect(contents.skipped[0]?.reason).toBe('does not match the entry pattern "a/*.csv"');
    expect((await fs.stat(contents.files[0]!.file)).mode & 0o077).toBe(0);
    await contents.cleanup();
    await contents.cleanup();
    expect(await fs.readdir(tmp)).toEqual([]);
    await expect(unzipCsvEntries(zip, { entryPattern: "z*.csv" })).rejects.toThrow(
      'three.zip: no CSV file in the archive matches the entry pattern "z*.csv" (CSV files: a/data.csv, b/data.csv, c/data.csv)',
    );
  });
});

describe("improve import with a .zip", () => {
  let t: TestDatabase;
  let dir = "";
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-zip-cli-"));
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("prints one line per entry and fails with the archive named", async () => {
    const run = cliRunner(t);
    const zip = path.join(dir, "pub.zip");
    await fs.writeFile(
      zip,
      zipArchive([
        { name: "one.csv", data: `${TIDY}\nZZZ09,ae_4hr_all,2020-01-01,month,5,10,\n` },
        { name: "notes.md", data: "# notes" },
      ]),
    );
    const ok = await run("import", zip);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^pub\.zip!notes\.md: skipped \(not a CSV file\)$/m);
    expect(ok.out).toMatch(/^pub\.zip!one\.csv: tidy: 1 rows, 1 values added/m);
    await fs.writeFile(path.join(dir, "bad.zip"), "nope");
    const bad = await run("import", path.join(dir, "bad.zip"));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bad\.zip: not a readable ZIP archive/);
  });
});
