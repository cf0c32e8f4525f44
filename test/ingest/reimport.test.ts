// Importing a file again (issue 14, defects 6 and 7): an older version of a file, re-imported
// after a newer one, says so instead of a bare "already imported", and --force applies it as the
// newest revision; the same content imported twice at once is recorded once. Against the real
// test database.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../../src/ingest/import-file.js";
import { seedReference } from "../../src/storage/reference.js";
import { cliRunner } from "../support/cli.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const TIDY = "org_code,metric_id,period_start,period_type,numerator,denominator,value";

describe("importing a file again", () => {
  let t: TestDatabase;
  let dir: string;
  let run: ReturnType<typeof cliRunner>;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    run = cliRunner(t);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-reimport-"));
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const stored = async (org: string) =>
    (
      await t.db
        .selectFrom("metric_values")
        .select("numerator")
        .where("org_code", "=", org)
        .where("metric_id", "=", "ae_4hr_all")
        .executeTakeFirstOrThrow()
    ).numerator;
  const importsOf = async (checksum: string) =>
    Number(
      (
        await t.db
          .selectFrom("imports")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("checksum", "=", checksum)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("says an older version was imported and newer values are kept; --force applies it", async () => {
    const v1 = path.join(dir, "zg301-v1.csv");
    const v2 = path.join(dir, "zg301-v2.csv");
    await fs.writeFile(v1, `${TIDY}\nZG301,ae_4hr_all,2024-03-01,month,50,100,\n`);
    await fs.writeFile(v2, `${TIDY}\nZG301,ae_4hr_all,2024-03-01,month,60,100,\n`);
    expect((await importFile(t, v1)).status).toBe("imported");
    expect((await importFile(t, v2)).updated).toBe(1);
    expect(await stored("ZG301")).toBe(60);

    const again = await importFile(t, v1);
    expect(again.status).toBe("unchanged");
    expect(again.supersededBy).toMatchObject({ file: "zg301-v2.csv", valuesChanged: 1 });
    const cli = await run("import", v1);
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(
      /zg301-v1\.csv: already imported \(tidy\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC, but later imports of the same publication changed 1 stored value since \(the latest: zg301-v2\.csv on \d{4}-\d\d-\d\d \d\d:\d\d UTC\); if they revised this file's values, the newer ones are kept\. Nothing was imported: to apply this file's values again as the newest revision, import it with --force/,
    );
    expect(await stored("ZG301")).toBe(60);

    const forced = await run("import", v1, "--force");
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/zg301-v1\.csv: tidy: 1 rows, 0 values added, 1 changed/);
    expect(await stored("ZG301")).toBe(50);
  });

  it("still says plainly 'already imported' when nothing later changed a value", async () => {
    const file = path.join(dir, "zg302.csv");
    await fs.writeFile(file, `${TIDY}\nZG302,ae_4hr_all,2024-03-01,month,5,10,\n`);
    await importFile(t, file);
    const again = await importFile(t, file);
    expect(again.status).toBe("unchanged");
    expect(again.supersededBy).toBeUndefined();
    expect((await run("import", file)).out).toMatch(
      /zg302\.csv: already imported \(tidy\), nothing to do/,
    );
  });

  it("records the same content imported twice at once only once", async () => {
    const a = path.join(dir, "zg303.csv");
    const b = path.join(dir, "zg303-copy.csv");
    const rows = Array.from(
      { length: 200 },
      // Ten organisations × twenty months: one tidy file may add at most 20 new organisations.
      (_, i) =>
        `ZG3${i % 10}X,ae_4hr_all,${2022 + Math.floor(i / 10 / 12)}-${String((((i / 10) | 0) % 12) + 1).padStart(2, "0")}-01,month,5,10,`,
    );
    const text = `${TIDY}\n${rows.join("\n")}\n`;
    await fs.writeFile(a, text);
    await fs.writeFile(b, text);
    const reports = await Promise.all([importFile(t, a), importFile(t, b), importFile(t, a)]);
    expect(reports.map((r) => r.status).sort()).toEqual(["imported", "unchanged", "unchanged"]);
    expect(await importsOf(reports[0]!.checksum)).toBe(1);
  });
});
