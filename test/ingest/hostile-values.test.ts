/**
 * The hostile-value corpus (issue 14): values at the edges of double precision, impossible
 * ratios, conflicting duplicates, far-future periods, huge names and uploads that would reshape
 * the registry, each generated here, run through the real import pipeline (importFile, with its
 * after-import steps) against the real test database, and refused with the expected message,
 * naming file, line, column and value, with nothing in the database changed.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { importUpload } from "../../src/ingest/upload.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const HEADER = "org_code,metric_id,period_start,period_type,numerator,denominator,value";
/** The import's clock in every case: the far-future rule is relative to it. */
const NOW = new Date("2026-12-04T08:00:00Z");
const now = () => NOW;

interface Case {
  name: string;
  /** Data rows after the tidy header (line 2 onwards). */
  rows: string[];
  /** The first problem expected: line, column, value, and a pattern its reason matches. */
  expected: { line: number; column?: string; value?: string; reason: RegExp };
}

const trust = (code: string, name: string, kind = "acute_trust") => ({
  org_code: code,
  name,
  kind,
  region_code: "Y56",
  icb_code: "QMF",
  postcode: null,
  open_date: null,
  close_date: null,
  successor_code: null,
  source: "test",
});

const cases: Case[] = [
  {
    name: "a count of 1e308 (two of them overflowed every group sum)",
    rows: ["ZZH01,ae_attendances_all,2024-03-01,month,,,1e308"],
    expected: { line: 2, column: "value", value: "1e+308", reason: /between 0 and 1,000,000,000/ },
  },
  {
    name: "a count of -1e308",
    rows: ["ZZH01,ae_attendances_all,2024-03-01,month,,,-1e308"],
    expected: { line: 2, column: "value", value: "-1e+308", reason: /between 0 and 1,000,000,000/ },
  },
  {
    name: "a count of Number.MAX_SAFE_INTEGER",
    rows: [`ZZH01,ae_attendances_all,2024-03-01,month,,,${Number.MAX_SAFE_INTEGER}`],
    expected: {
      line: 2,
      column: "value",
      value: String(Number.MAX_SAFE_INTEGER),
      reason: /between 0 and 1,000,000,000/,
    },
  },
  {
    name: "a count of 5e-324 (the smallest double: not a whole number)",
    rows: ["ZZH01,ae_attendances_all,2024-03-01,month,,,5e-324"],
    expected: { line: 2, column: "value", value: "5e-324", reason: /whole number/ },
  },
  {
    name: "a denominator of 5e-324 (the ratio overflows to Infinity)",
    rows: ["ZZH01,ae_4hr_all,2024-03-01,month,1,5e-324,"],
    expected: { line: 2, column: "numerator", value: "1", reason: /more than the denominator/ },
  },
  {
    name: "a percentage of 1e308 given as the value",
    rows: ["ZZH01,ae_4hr_all,2024-03-01,month,,,1e308"],
    expected: { line: 2, column: "value", value: "1e+308", reason: /between 0 and 100/ },
  },
  {
    name: "a percentage of -0.5 given as the value",
    rows: ["ZZH01,ae_4hr_all,2024-03-01,month,,,-0.5"],
    expected: { line: 2, column: "value", value: "-0.5", reason: /between 0 and 100/ },
  },
  {
    name: "Infinity",
    rows: ["ZZH01,ae_attendances_all,2024-03-01,month,,,Infinity"],
    expected: { line: 2, column: "value", value: "Infinity", reason: /^not a number$/ },
  },
  {
    name: "NaN",
    rows: ["ZZH01,ae_attendances_all,2024-03-01,month,,,NaN"],
    expected: { line: 2, column: "value", value: "NaN", reason: /^not a number$/ },
  },
  {
    name: "1e400 (beyond double precision)",
    rows: ["ZZH01,ae_attendances_all,2024-03-01,month,,,1e400"],
    expected: { line: 2, column: "value", value: "1e400", reason: /^not a number$/ },
  },
  {
    name: "a negative denominator",
    rows: ["ZZH01,ae_4hr_all,2024-03-01,month,5,-10,"],
    expected: { line: 2, column: "denominator", value: "-10", reason: /negative/ },
  },
  {
    name: "a numerator above its denominator (a proportion over 100%)",
    rows: ["ZZH01,ae_4hr_all,2024-03-01,month,1200,1000,"],
    expected: { line: 2, column: "numerator", value: "1200", reason: /more than the denominator/ },
  },
  {
    name: "a negative numerator",
    rows: ["ZZH01,ae_4hr_all,2024-03-01,month,-1,1000,"],
    expected: { line: 2, column: "numerator", value: "-1", reason: /negative/ },
  },
  {
    name: "a denominator of 1e308",
    rows: ["ZZH01,ae_4hr_all,2024-03-01,month,5,1e308,"],
    expected: { line: 2, column: "denominator", value: "1e+308", reason: /at most/ },
  },
  {
    name: "a conflicting duplicate whose first copy equals the stored value (stored first)",
    rows: [
      "ZZH01,ae_4hr_all,2024-01-01,month,900,1000,",
      "ZZH01,ae_4hr_all,2024-01-01,month,100,1000,",
    ],
    expected: { line: 3, value: "ZZH01 ae_4hr_all 2024-01-01", reason: /lines 2, 3/ },
  },
  {
    name: "a conflicting duplicate whose second copy equals the stored value (stored last)",
    rows: [
      "ZZH01,ae_4hr_all,2024-01-01,month,100,1000,",
      "ZZH01,ae_4hr_all,2024-01-01,month,900,1000,",
    ],
    expected: { line: 3, value: "ZZH01 ae_4hr_all 2024-01-01", reason: /lines 2, 3/ },
  },
  {
    name: "a period in 2199",
    rows: ["ZZH01,ae_attendances_all,2199-01-01,month,,,10"],
    expected: {
      line: 2,
      column: "period_start",
      value: "2199-01-01",
      reason: /in the future.*2027-01-03/,
    },
  },
  {
    name: "next year's month, before it has begun",
    rows: ["ZZH01,ae_attendances_all,2027-03-01,month,,,10"],
    expected: { line: 2, column: "period_start", value: "2027-03-01", reason: /in the future/ },
  },
];

describe("hostile values", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-hostile-"));
    await t.db
      .insertInto("organisations")
      .values([
        trust("ZZH01", "Hostile Test Trust One"),
        { ...trust("ZZH02", "Fellside Mental Health NHS Trust", "mental_health_trust") },
      ])
      .execute();
    await t.db
      .updateTable("organisations")
      .set({ kind_source: "name" })
      .where("org_code", "=", "ZZH02")
      .execute();
    // Stored values for the duplicate cases to collide with (ae_4hr_all January 2024: 900 / 1000).
    const file = await write("stored.csv", [
      HEADER,
      "ZZH01,ae_4hr_all,2024-01-01,month,900,1000,",
      "ZZH01,ae_attendances_all,2024-01-01,month,,,1000",
    ]);
    await importFile(t, file, { now });
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  let written = 0;
  const write = async (name: string, lines: string[]) => {
    const file = path.join(dir, `${written++}-${name}`);
    await fs.writeFile(file, lines.join("\n") + "\n");
    return file;
  };

  /** Everything an import could change, as one comparable value. */
  const snapshot = async () => {
    const q = async (table: string) =>
      (
        await sql<{ h: string | null; n: string }>`
          SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h, count(*) AS n
          FROM ${sql.table(table)} t`.execute(t.db)
      ).rows[0];
    return {
      metric_values: await q("metric_values"),
      metric_value_revisions: await q("metric_value_revisions"),
      organisations: await q("organisations"),
      imports: await q("imports"),
      published_limits: await q("published_limits"),
    };
  };

  const refused = async (file: string) => {
    const error = await importFile(t, file, { now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  };

  it("has a case for each hostile value the issue names", () => {
    const all = cases.map((c) => c.rows.join("\n")).join("\n");
    for (const v of ["1e308", "-1e308", "5e-324", "Infinity", "NaN", "1e400", "2199"])
      expect(all).toContain(v);
    expect(all).toContain(String(Number.MAX_SAFE_INTEGER));
  });

  for (const c of cases) {
    it(`refuses ${c.name}, naming file, line, column and value, and changes nothing`, async () => {
      const before = await snapshot();
      const file = await write("hostile.csv", [HEADER, ...c.rows]);
      const error = await refused(file);
      const first = error.problems[0];
      expect(first).toMatchObject({
        file: path.basename(file),
        line: c.expected.line,
        ...(c.expected.column ? { column: c.expected.column } : {}),
        ...(c.expected.value ? { value: c.expected.value } : {}),
      });
      expect(first?.reason).toMatch(c.expected.reason);
      expect(error.message).toMatch(/nothing was imported/);
      expect(await snapshot()).toEqual(before);
    });
  }

  it("refuses a file whose one bad value is among good ones, keeping none of them", async () => {
    const before = await snapshot();
    const file = await write("mixed.csv", [
      HEADER,
      "ZZH01,ae_attendances_all,2024-04-01,month,,,1200",
      "ZZH01,ae_attendances_all,2024-05-01,month,,,1e308",
      "ZZH01,ae_attendances_all,2024-06-01,month,,,1300",
    ]);
    const error = await refused(file);
    expect(error.problems.map((p) => p.line)).toEqual([3]);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a file of 40,000 implausible values quickly, keeping the first 20 problems and counting the rest", async () => {
    const before = await snapshot();
    const day = (i: number) => new Date(Date.UTC(1900, 0, 1 + i)).toISOString().slice(0, 10);
    const rows = Array.from(
      { length: 40_000 },
      (_, i) => `ZZH01,ae_attendances_all,${day(i)},day,,,-${i + 1}`,
    );
    const started = Date.now();
    const error = await refused(await write("many-bad.csv", [HEADER, ...rows]));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(error.problems).toHaveLength(20);
    expect(error.totalProblems).toBe(40_000);
    expect(await snapshot()).toEqual(before);
  });

  it("still accepts an exact duplicate row, and a period of the current month", async () => {
    const file = await write("fine.csv", [
      HEADER,
      "ZZH01,ae_4hr_all,2024-01-01,month,900,1000,",
      "ZZH01,ae_4hr_all,2024-01-01,month,900,1000,",
      "ZZH01,ae_attendances_all,2026-12-01,month,,,1000",
    ]);
    const report = await importFile(t, file, { now });
    expect(report).toMatchObject({ status: "imported", inserted: 1, unchanged: 2 });
  });

  it("refuses a tidy file that would add more new organisations than one upload may", async () => {
    const before = await snapshot();
    const rows = Array.from(
      { length: 30 },
      (_, i) => `ZZN${String(i).padStart(2, "0")},ae_attendances_all,2024-03-01,month,,,10`,
    );
    const error = await refused(await write("many-new.csv", [HEADER, ...rows]));
    expect(error.problems[0]?.reason).toMatch(/30 organisation codes .* at most 20/);
    expect(await snapshot()).toEqual(before);
  });

  it("a tidy upload's activity does not reclassify a trust the reference lists classify", async () => {
    const file = await write("activity.csv", [
      HEADER,
      "ZZH02,ae_attendances_type1,2024-03-01,month,,,5000",
    ]);
    const report = await importFile(t, file, { now });
    expect(report.quality?.kindsChanged).toEqual([]);
    const row = await t.db
      .selectFrom("organisations")
      .select(["kind", "kind_source"])
      .where("org_code", "=", "ZZH02")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ kind: "mental_health_trust", kind_source: "name" });
  });

  it("refuses an organisation list with a 1 MB name, naming the line and column", async () => {
    const before = await snapshot();
    const huge = "A".repeat(1 << 20);
    const file = await write("trusts.csv", [
      "org_code,org_name,region_ods_code,region_name,icb_ods_code,icb_ons_code,icb_name,postcode,open_date,close_date,is_open",
      "ZZH03,NORTHVALE HOSPITALS NHS TRUST,Y56,London,QMF,E54000029,NHS North East London Integrated Care Board,E2 2BB,2017-10-01,,Y",
      `ZZH04,${huge},Y56,London,QMF,E54000029,NHS North East London Integrated Care Board,E2 2BB,2017-10-01,,Y`,
    ]);
    const error = await refused(file);
    expect(error.problems[0]).toMatchObject({ line: 3, column: "org_name" });
    expect(error.problems[0]?.reason).toMatch(/1,048,576 characters.*at most 200/);
    // The problem quotes the start of the name, not the whole megabyte.
    expect(error.problems[0]?.value?.length).toBeLessThan(100);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an implausible count in a publication read by the byte reader", async () => {
    const before = await snapshot();
    const header = (await fs.readFile("test/fixtures/golden/ae-monthly/input.csv", "utf8")).split(
      /\r?\n/,
    )[0]!;
    const file = await write("ae-monthly.csv", [
      header,
      "MSitAE-JANUARY-2024,ZZH01,NHS ENGLAND LONDON,HOSTILE TEST TRUST ONE,4000,0,1500,0,0,0,1200,0,60,0,0,0,300,40,1100,0,20,900",
      "MSitAE-FEBRUARY-2024,ZZH01,NHS ENGLAND LONDON,HOSTILE TEST TRUST ONE,2000000000,0,1500,0,0,0,1200,0,60,0,0,0,300,40,1100,0,20,900",
    ]);
    const stats = { workers: 0, ranges: 0, reparsed: 0 };
    const error = await importFile(t, file, { now, columnar: { stats } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(stats.ranges).toBeGreaterThan(0);
    const problems = (error as InputError).problems;
    expect(problems.every((p) => p.line === 3)).toBe(true);
    expect(problems.map((p) => p.reason)).toContain(
      "implausible for ae_attendances_type1 (unit count): must be a whole number between 0 and 1,000,000,000",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("refuses the same through an upload, reporting the file as failed", async () => {
    const before = await snapshot();
    const uploadDir = path.join(dir, "uploads");
    const rows = Array.from(
      { length: 21 },
      (_, i) => `ZZU${String(i).padStart(2, "0")},ae_attendances_all,2024-03-01,month,,,10`,
    );
    const many = await importUpload(
      t,
      { fileName: "many.csv", content: Buffer.from([HEADER, ...rows].join("\n")) },
      { uploadDir, now },
    );
    expect(many.imported).toEqual([]);
    expect(many.failed[0]?.message).toMatch(/21 organisation codes .* at most 20/);
    const huge = await importUpload(
      t,
      {
        fileName: "huge.csv",
        content: Buffer.from(`${HEADER}\nZZH01,ae_attendances_all,2024-03-01,month,,,1e308\n`),
      },
      { uploadDir, now },
    );
    expect(huge.failed[0]?.message).toMatch(/line 2 column value value "1e\+308": implausible/);
    expect(await snapshot()).toEqual(before);
  });

  it("the database itself refuses a non-finite value (defence in depth)", async () => {
    for (const v of ["Infinity", "-Infinity", "NaN"]) {
      const attempt = sql`INSERT INTO metric_values (org_code, metric_id, period_type, period_start,
          source, value, dq_flags)
        VALUES ('ZZH01', 'ae_attendances_all', 'month', '2023-01-01', 'tidy', ${v}::float8, '{}')`
        .execute(t.db)
        .then(
          () => "stored",
          (e: unknown) => (e as { code?: string }).code,
        );
      expect(await attempt).toBe("23514");
    }
  });
});
