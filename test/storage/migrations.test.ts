import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDownAll, migrateToLatest } from "../../src/storage/migrate.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

describe("migrations", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await testDatabase({ migrate: false });
  });
  afterAll(async () => t.drop());

  const tables = async () =>
    (
      await sql<{ table_name: string }>`
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%' ORDER BY table_name`.execute(
        t.db,
      )
    ).rows.map((r) => r.table_name);

  it("creates every table on an empty database, and a second run applies nothing", async () => {
    expect(await tables()).toEqual([]);
    const applied = await migrateToLatest(t.db as Kysely<unknown>);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toEqual(
      expect.arrayContaining([
        "organisations",
        "networks",
        "network_members",
        "metrics",
        "metric_values",
        "imports",
      ]),
    );
    expect(await migrateToLatest(t.db as Kysely<unknown>)).toEqual([]);
  });

  it("rolls all the way down and up again", async () => {
    await migrateDownAll(t.db as Kysely<unknown>);
    expect(await tables()).toEqual([]);
    await migrateToLatest(t.db as Kysely<unknown>);
    expect((await tables()).length).toBeGreaterThanOrEqual(10);
  });
});
