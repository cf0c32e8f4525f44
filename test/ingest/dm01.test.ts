/**
 * The DM01 traps (src/ingest/sources/dm01, dm01-by-test), pinned on the golden inputs
 * (test/fixtures/golden/dm01 and dm01-by-test) and small variants of them: each provider's Total
 * row (diagnostic_id 16) is checked but never stored, so tests are not counted twice; a Total row
 * that is not the sum of its tests, or an unknown test id, is refused with file, line, column and
 * value; the two sheets are told apart by their columns; independent providers are kept; the
 * official series and the May 2022 snapshot fill the one diag_6wk_pct, the official file winning.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { normaliseHeader } from "../../src/ingest/format.js";
import { importFile } from "../../src/ingest/import-file.js";
import { detectFormat } from "../../src/ingest/sources/index.js";
import { dm01Tests } from "../../src/metrics/catalogue/diagnostic-tests.js";
import { getMetric } from "../../src/metrics/catalogue/index.js";
import { seedReference } from "../../src/storage/reference.js";
import { series } from "../../src/storage/repositories/values.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const golden = path.join(process.cwd(), "test", "fixtures", "golden");
const providerInput = path.join(golden, "dm01", "input.csv");
const byTestInput = path.join(golden, "dm01-by-test", "input.csv");
const lines = (file: string) => fs.readFileSync(file, "utf8").trimEnd().split("\n");

describe("DM01 import", () => {
  let t: TestDatabase;
  let tmp: string;
  const write = (name: string, content: string[]) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, content.join("\n") + "\n");
    return file;
  };
  const countValues = async (source: string) =>
    Number(
      (
        await t.db
          .selectFrom("metric_values")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("source", "=", source)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dm01-"));
    await importFile(t, providerInput);
    await importFile(t, byTestInput);
  });
  afterAll(async () => {
    await t?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("tells the Provider and Provider by Test sheets apart by the diagnostic_id column", () => {
    const header = (file: string) => normaliseHeader(lines(file)[0]!.replace(/"/g, "").split(","));
    expect(detectFormat(header(providerInput))?.id).toBe("dm01");
    expect(detectFormat(header(byTestInput))?.id).toBe("dm01-by-test");
  });

  it("never stores the Total row (16): per-test lists add up to the provider's list once", async () => {
    const byTest = await t.db
      .selectFrom("metric_values")
      .select(["metric_id", "numerator", "denominator"])
      .where("source", "=", "dm01-by-test")
      .where("org_code", "=", "ZG101")
      .where("period_start", "=", "2024-08-01")
      .execute();
    // Two tests (MRI and ultrasound) and no third row for the Total.
    expect(byTest.map((r) => r.metric_id).sort()).toEqual([
      "diag_6wk_pct_mri",
      "diag_6wk_pct_ultrasound",
    ]);
    const listed = byTest.reduce((s, r) => s + r.denominator!, 0);
    const over6 = byTest.reduce((s, r) => s + r.numerator!, 0);
    const [provider] = await series(t.db, {
      orgCode: "ZG101",
      metricId: "diag_6wk_pct",
      from: "2024-08-01",
      to: "2024-08-01",
    });
    expect([over6, listed]).toEqual([provider!.numerator, provider!.denominator]); // 30 of 200
    // Only the per-test metrics come from the by-test sheet; totals come from the Provider sheet.
    const metrics = await t.db
      .selectFrom("metric_values")
      .select("metric_id")
      .distinct()
      .where("source", "=", "dm01-by-test")
      .execute();
    for (const { metric_id } of metrics) expect(metric_id).toMatch(/^diag_6wk_pct_[a-z_]+$/);
  });

  it("has one catalogue metric per DM01 test, 1 to 15", () => {
    expect(dm01Tests.map((d) => d.diagnosticId)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    ]);
    for (const test of dm01Tests)
      expect(getMetric(`diag_6wk_pct_${test.slug}`)?.unit, test.slug).toBe("percentage");
  });

  it("refuses a Total row that is not the sum of the provider's tests, naming its line, column and value", async () => {
    const rows = lines(byTestInput);
    // Line 4 is ZG101's Total: say 31 waiting 6+ weeks where its tests add up to 30.
    const bad = rows.map((l, i) =>
      i === 3 ? l.replace('"Total",200,30,5', '"Total",200,31,5') : l,
    );
    expect(bad[3]).toContain('"Total",200,31,5');
    const before = await countValues("dm01-by-test");
    const error = (await importFile(t, write("bad-total.csv", bad)).catch(
      (e: unknown) => e,
    )) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.problems).toEqual([
      expect.objectContaining({
        line: 4,
        column: "waiting_6_plus_weeks",
        value: "31",
        reason: expect.stringMatching(
          /Total row \(diagnostic_id 16\).*sum of its tests 1 to 15.*\(30\)/,
        ),
      }),
    ]);
    expect(await countValues("dm01-by-test")).toBe(before);
  });

  it("refuses a diagnostic_id that is no DM01 test", async () => {
    const rows = lines(byTestInput);
    const bad = rows.map((l, i) => (i === 1 ? l.replace('"1","Magnetic', '"17","Magnetic') : l));
    const error = (await importFile(t, write("bad-id.csv", bad)).catch(
      (e: unknown) => e,
    )) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.problems[0]).toMatchObject({
      line: 2,
      column: "diagnostic_id",
      value: "17",
      reason: expect.stringMatching(/not a DM01 diagnostic test id/),
    });
  });

  it("keeps independent providers as unlisted providers, and a provider with nothing on its list as zero counts and a missing share", async () => {
    const orgs = await t.db
      .selectFrom("organisations")
      .select(["org_code", "kind"])
      .where("org_code", "in", ["ZGX9K", "ZGX8L"])
      .orderBy("org_code")
      .execute();
    expect(orgs).toEqual([
      { org_code: "ZGX8L", kind: "unlisted_provider" },
      { org_code: "ZGX9K", kind: "unlisted_provider" },
    ]);
    const [list] = await series(t.db, { orgCode: "ZGX8L", metricId: "diag_waiting_list" });
    const [share] = await series(t.db, { orgCode: "ZGX8L", metricId: "diag_6wk_pct" });
    expect(list?.value).toBe(0);
    expect(share).toMatchObject({ numerator: 0, denominator: 0, value: null });
  });

  it("extends diag_6wk_pct: the May 2022 snapshot and the official monthly file fill one series, the official file winning where both give a month", async () => {
    await importFile(t, path.join(golden, "snapshot-dm01", "input.csv"));
    // ZG141 in May 2022: 5,000 of 20,000 in the snapshot; the official file says 4,900.
    const header = lines(providerInput)[0]!;
    const official = write("dm01-may-2022.csv", [
      header,
      '"2022-05-01","Y62","North West Commissioning Region","ZG141","Northvale Hospitals NHS Trust",20000,4900,1500,0.245,' +
        "4000,3000,3000,2500,1500,1100,1000,900,800,700,500,300,200,1500,0,0,0",
      '"2022-06-01","Y62","North West Commissioning Region","ZG141","Northvale Hospitals NHS Trust",19000,4000,1200,0.21,' +
        "4000,3000,3000,2500,1500,1000,900,700,600,500,400,400,300,1200,0,0,0",
    ]);
    await importFile(t, official);
    const points = await series(t.db, { orgCode: "ZG141", metricId: "diag_6wk_pct" });
    expect(points.map((p) => [p.periodStart, p.source, p.numerator, p.denominator])).toEqual([
      ["2022-05-01", "dm01", 4900, 20000],
      ["2022-06-01", "dm01", 4000, 19000],
    ]);
    // The snapshot's value stays stored beneath it.
    const snapshot = await t.db
      .selectFrom("metric_values")
      .select("numerator")
      .where("source", "=", "snapshot-dm01")
      .where("org_code", "=", "ZG141")
      .executeTakeFirstOrThrow();
    expect(snapshot.numerator).toBe(5000);
  });
});
