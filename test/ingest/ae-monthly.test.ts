/**
 * The official monthly A&E CSV (fictional fixtures in test/fixtures/ae-monthly/, newer and older
 * column names): mapping per metric checked against sums computed here from the fixture, the
 * Total row as England with the national check, revisions, duplicate months and source
 * disagreement with a lower-precedence source; a file imported through the fast path with worker
 * threads stores exactly what the record-by-record parser reads.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeAeMonthlyFile } from "../../bench/import.js";
import { catalogue } from "../../src/metrics/catalogue/index.js";
import { csvFileRecords } from "../../src/ingest/csv.js";
import { importFile } from "../../src/ingest/import-file.js";
import { Problems } from "../../src/ingest/problems.js";
import { aeMonthlyFormat } from "../../src/ingest/sources/ae-monthly/index.js";
import { seedReference } from "../../src/storage/reference.js";
import { series } from "../../src/storage/repositories/values.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const fixtures = path.join(process.cwd(), "test", "fixtures", "ae-monthly");

async function rows(file: string): Promise<Record<string, string>[]> {
  const [head = "", ...lines] = (await fs.readFile(path.join(fixtures, file), "utf8"))
    .split(/\r?\n/)
    .filter(Boolean);
  const names = head.split(",");
  // The fixtures quote nothing and have no commas inside names.
  return lines.map((l) => Object.fromEntries(l.split(",").map((c, i) => [names[i]!, c])));
}
const n = (r: Record<string, string>, col: string) => Number(r[col]);

describe("NHS England monthly A&E CSV", () => {
  let t: TestDatabase;
  let dir: string;
  const value = async (orgCode: string, metricId: string, periodStart: string) =>
    (await series(t.db, { orgCode, metricId, from: periodStart, to: periodStart }))[0];

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-ae-monthly-"));
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("maps the newer layout (booked appointments, 4-12 and 12+ hour DTA waits)", async () => {
    const report = await importFile(t, path.join(fixtures, "ae-monthly-2024-03.csv"));
    expect(report).toMatchObject({ status: "imported", format: "ae-monthly", rowsRead: 5 });
    expect(report.reader).toMatchObject({ name: "webassembly", workers: 0 });
    const za1 = (await rows("ae-monthly-2024-03.csv")).find((r) => r["Org Code"] === "ZA1")!;
    const att1 =
      n(za1, "A&E attendances Type 1") + n(za1, "A&E attendances Booked Appointments Type 1");
    const over1 =
      n(za1, "Attendances over 4hrs Type 1") +
      n(za1, "Attendances over 4hrs Booked Appointments Type 1");
    const cols = Object.keys(za1);
    const sumOf = (re: RegExp) => cols.filter((c) => re.test(c)).reduce((s, c) => s + n(za1, c), 0);
    const attAll = sumOf(/^A&E attendances/);
    const overAll = sumOf(/^Attendances over 4hrs/);
    const admissions = sumOf(/^Emergency admissions via A&E/);
    expect(await value("ZA1", "ae_attendances_type1", "2024-03-01")).toMatchObject({
      value: att1,
      source: "ae-monthly",
    });
    expect(await value("ZA1", "ae_4hr_type1", "2024-03-01")).toMatchObject({
      numerator: att1 - over1,
      denominator: att1,
    });
    expect(await value("ZA1", "ae_4hr_all", "2024-03-01")).toMatchObject({
      numerator: attAll - overAll,
      denominator: attAll,
    });
    expect((await value("ZA1", "ae_4hr_all", "2024-03-01"))?.value).toBeCloseTo(
      ((attAll - overAll) / attAll) * 100,
      10,
    );
    expect((await value("ZA1", "ae_emergency_admissions", "2024-03-01"))?.value).toBe(admissions);
    const dta4 =
      n(za1, "Patients who have waited 4-12 hs from DTA to admission") +
      n(za1, "Patients who have waited 12+ hrs from DTA to admission");
    expect((await value("ZA1", "ae_dta_4hr_waits", "2024-03-01"))?.value).toBe(dta4);
    expect(await value("ZA1", "ae_dta_12hr_pct", "2024-03-01")).toMatchObject({
      numerator: n(za1, "Patients who have waited 12+ hrs from DTA to admission"),
      denominator: admissions,
    });
    expect(await value("ZA1", "ae_admission_conversion", "2024-03-01")).toMatchObject({
      numerator: n(za1, "Emergency admissions via A&E - Type 1"),
      denominator: att1,
    });
    // A type 3 unit has no type-1 metrics.
    expect(await value("ZB4", "ae_4hr_type1", "2024-03-01")).toBeUndefined();
    expect(await value("ZB4", "ae_4hr_all", "2024-03-01")).toBeDefined();
    // The Total row is England, and it matches the providers.
    const eng = await value("ENG", "ae_attendances_all", "2024-03-01");
    expect(eng?.value).toBe(
      (await rows("ae-monthly-2024-03.csv"))
        .filter((r) => r["Org name"] !== "Total")
        .reduce(
          (s, r) =>
            s + cols.filter((c) => /^A&E attendances/.test(c)).reduce((a, c) => a + n(r, c), 0),
          0,
        ),
    );
    expect(report.quality?.checks.national_total_mismatch).toBeUndefined();
    expect(report.unlistedOrganisations.sort()).toEqual(["ZA1", "ZA2", "ZA3", "ZB4"]);
  });

  it("reads the 2024–25 layout, whose national row's Period reads TOTAL, as England for the file's month", async () => {
    // As published from August 2024: the last row is "Total" (or "TOTAL") in every text column,
    // Period included, and the header has trailing unnamed columns.
    const file = "ae-monthly-2024-09-total-row.csv";
    const report = await importFile(t, path.join(fixtures, file));
    expect(report).toMatchObject({ status: "imported", format: "ae-monthly", rowsRead: 5 });
    const all = await rows(file);
    const total = all.find((r) => r.Period === "Total")!;
    const providers = all.filter((r) => r.Period !== "Total");
    const attendances = (r: Record<string, string>) =>
      Object.keys(r)
        .filter((c) => /^A&E attendances/.test(c))
        .reduce((s, c) => s + n(r, c), 0);
    const eng = await value("ENG", "ae_attendances_all", "2024-09-01");
    expect(eng?.value).toBe(attendances(total));
    expect(eng?.value).toBe(providers.reduce((s, r) => s + attendances(r), 0));
    expect(report.quality?.checks.national_total_mismatch).toBeUndefined();
    expect((await value("ZA2", "ae_attendances_type1", "2024-09-01"))?.value).toBe(12890 + 16);
  });

  it("maps the older column names (one >4 hours DTA column that includes the 12s)", async () => {
    const report = await importFile(t, path.join(fixtures, "ae-monthly-2019-03-old-columns.csv"));
    expect(report.format).toBe("ae-monthly");
    const za1 = (await rows("ae-monthly-2019-03-old-columns.csv")).find(
      (r) => r["Org Code"] === "ZA1",
    )!;
    const att1 = n(za1, "Number of A&E attendances Type 1");
    expect(await value("ZA1", "ae_4hr_type1", "2019-03-01")).toMatchObject({
      numerator: att1 - n(za1, "Number of attendances over 4hrs Type 1"),
      denominator: att1,
    });
    expect((await value("ZA1", "ae_dta_4hr_waits", "2019-03-01"))?.value).toBe(
      n(za1, "Number of patients spending >4 hours from decision to admit to admission"),
    );
    expect((await value("ZA1", "ae_dta_12hr_waits", "2019-03-01"))?.value).toBe(
      n(za1, "Number of patients spending >12 hours from decision to admit to admission"),
    );
    expect(await value("ENG", "ae_4hr_all", "2019-03-01")).toBeDefined();
  });

  it("flags a Total row that does not match the providers", async () => {
    const text = await fs.readFile(path.join(fixtures, "ae-monthly-2024-04.csv"), "utf8");
    const lines = text.split("\r\n");
    const total = lines[1]!.split(",");
    total[4] = String(Number(total[4]) + 5000); // type 1 attendances in the Total row
    lines[1] = total.join(",");
    const file = path.join(dir, "ae-monthly-2024-04-bad-total.csv");
    await fs.writeFile(file, lines.join("\r\n"));
    const report = await importFile(t, file);
    const mismatch = report.quality?.checks.national_total_mismatch;
    expect(
      mismatch?.examples.every((e) => e.orgCode === "ENG" && e.periodStart === "2024-04-01"),
    ).toBe(true);
    expect(mismatch?.examples.map((e) => e.metricId)).toContain("ae_attendances_all");
    // The corrected file replaces the values, keeps the history, and clears the flag.
    const fixed = await importFile(t, path.join(fixtures, "ae-monthly-2024-04.csv"));
    expect(fixed.updated).toBeGreaterThan(0);
    expect(fixed.quality?.checks.national_total_mismatch).toBeUndefined();
    const revisions = await t.db
      .selectFrom("metric_value_revisions")
      .selectAll()
      .where("org_code", "=", "ENG")
      .where("import_id", "=", fixed.importId!)
      .execute();
    expect(revisions.length).toBeGreaterThan(0);
    expect((await value("ENG", "ae_attendances_all", "2024-04-01"))?.dqFlags).toEqual([]);
  });

  it("flags a month published with the previous month's figures", async () => {
    const text = await fs.readFile(path.join(fixtures, "ae-monthly-2024-03.csv"), "utf8");
    const file = path.join(dir, "ae-monthly-2024-05-copy-of-march.csv");
    await fs.writeFile(file, text.replaceAll("MSitAE-MARCH-2024", "MSitAE-MAY-2024"));
    const report = await importFile(t, file);
    expect(report.quality?.checks.duplicate_period?.findings).toEqual([
      {
        periodType: "month",
        periodStart: "2024-05-01",
        duplicateOf: "2024-03-01",
        organisations: 5,
        reporting: 5,
      },
    ]);
    expect((await value("ZA2", "ae_4hr_all", "2024-05-01"))?.dqFlags).toContain("duplicate_period");
  });

  it("keeps both sources' values where they disagree, shows the official one and flags the other", async () => {
    const file = path.join(dir, "tidy.csv");
    await fs.writeFile(
      file,
      "org_code,metric_id,period_start,period_type,numerator,denominator,value\nZA1,ae_4hr_all,2024-03-01,month,1,2,\n",
    );
    const report = await importFile(t, file);
    expect(report.quality?.checks.source_disagreement?.examples[0]).toMatchObject({
      orgCode: "ZA1",
      source: "tidy",
    });
    expect((await value("ZA1", "ae_4hr_all", "2024-03-01"))?.source).toBe("ae-monthly");
    const tidy = await t.db
      .selectFrom("metric_values")
      .select("dq_flags")
      .where("source", "=", "tidy")
      .executeTakeFirstOrThrow();
    expect(tidy.dq_flags).toContain("source_disagreement");
  });

  it("stores through the worker-thread fast path exactly what the record-by-record parser reads", async () => {
    const file = path.join(dir, "ae-monthly-generated.csv");
    const { rows } = await writeAeMonthlyFile(file, 600_000, 3); // months of 2,000 fictional providers
    const fileName = path.basename(file);
    let header: string[] = [];
    for await (const batch of csvFileRecords(file, { fileName, batchSize: 1 })) {
      header = batch[0]!.cells;
      break;
    }
    const ctx = {
      fileName,
      problems: new Problems(fileName),
      metrics: new Map(catalogue.map((m) => [m.id, m])),
      header,
    };
    async function* data() {
      let first = true;
      for await (const batch of csvFileRecords(file, { fileName })) {
        yield first ? batch.slice(1) : batch;
        first = false;
      }
    }
    const expected = [];
    for await (const batch of aeMonthlyFormat.parse(data(), ctx)) expected.push(...batch);
    expect(ctx.problems.total).toBe(0);

    const stats = { workers: 0, ranges: 0, reparsed: 0 };
    const report = await importFile(t, file, {
      columnar: { workers: 2, inProcessBelow: 0, rangeBytes: 20_000, stats },
    });
    expect(stats).toMatchObject({ workers: 2, reparsed: 0, byWorkers: stats.ranges });
    expect(stats.ranges).toBeGreaterThan(10);
    expect(report).toMatchObject({ status: "imported", format: "ae-monthly", rowsRead: rows });
    expect(report.reader).toMatchObject({ name: "webassembly", workers: 2 });
    expect(report.reader?.wasmRecords).toBe(rows);
    expect(report.inserted).toBe(expected.length);
    const stored = await t.db
      .selectFrom("metric_values")
      .select(["org_code", "metric_id", "period_start", "numerator", "denominator", "value"])
      .where("source", "=", "ae-monthly")
      .where("period_start", "<", "1950-01-01")
      .orderBy(["org_code", "metric_id", "period_start"])
      .execute();
    const key = (v: { orgCode: string; metricId: string; periodStart: string }) =>
      `${v.orgCode} ${v.metricId} ${v.periodStart}`;
    expect(
      stored.map((r) => ({
        key: key({
          orgCode: r.org_code,
          metricId: r.metric_id,
          periodStart: String(r.period_start),
        }),
        numerator: r.numerator,
        denominator: r.denominator,
        value: r.value,
      })),
    ).toEqual(
      expected
        .map((v) => ({
          key: key(v),
          numerator: v.numerator,
          denominator: v.denominator,
          value: v.value,
        }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    );
  });

  it("reports the JavaScript reader, and why, when the WebAssembly reader is turned off", async () => {
    const file = path.join(dir, "ae-monthly-2024-03-again.csv");
    await fs.writeFile(
      file,
      (await fs.readFile(path.join(fixtures, "ae-monthly-2024-03.csv"))) + "\n",
    );
    const report = await importFile(t, file, { wasmReader: false });
    expect(report.status).toBe("imported");
    expect(report.reader).toEqual({
      name: "javascript",
      fallback: "turned off in the configuration (IMPROVE_WASM_READER=off)",
      workers: 0,
      wasmRecords: 0,
    });
  });

  it("re-importing a file is a no-op", async () => {
    expect((await importFile(t, path.join(fixtures, "ae-monthly-2024-03.csv"))).status).toBe(
      "unchanged",
    );
  });
});
