import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDownAll, migrateToLatest, migrator } from "../../src/storage/migrate.js";
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

  it("009 gives names a folder imported before holds in capitals as NHS.UK writes them", async () => {
    await migrateToLatest(t.db as Kysely<unknown>);
    await migrator(t.db as Kysely<unknown>).migrateTo("008_published_standing");
    await sql`
      INSERT INTO organisations (org_code, name, kind, source) VALUES
        ('RDE', 'EAST SUFFOLK AND NORTH ESSEX NHS FOUNDATION TRUST', 'acute_trust', 'trusts-reference'),
        ('RJ1', 'GUY''S AND ST THOMAS'' NHS FOUNDATION TRUST', 'acute_trust', 'ods'),
        ('QMF', 'NHS North East London Integrated Care Board', 'icb', 'reference'),
        ('NT428', 'NT428', 'unlisted_provider', 'dm01'),
        ('AXG', 'AXG', 'unlisted_provider', 'dm01');
      INSERT INTO trust_types (org_code, name, published_type, kind, source)
        VALUES ('RDE', 'EAST SUFFOLK AND NORTH ESSEX NHS FOUNDATION TRUST', 'acute', 'acute_trust', 'trust-types');
      INSERT INTO org_successions (predecessor_code, successor_code, effective_date, org_level, successor_name, source)
        VALUES ('RQ8', 'RDE', '2020-04-01', 'trust', 'EAST SUFFOLK AND NORTH ESSEX NHS FOUNDATION TRUST', 'org-successions');
      INSERT INTO peer_groups (peer_group_id, name, kind, rule)
        VALUES ('peer-finder-RDE', 'EAST SUFFOLK AND NORTH ESSEX NHS FOUNDATION TRUST''s Peer Finder group',
          'peer_finder', '{"kind":"peer_finder","orgCode":"RDE"}')`.execute(t.db);
    expect(await migrateToLatest(t.db as Kysely<unknown>)).toContain("009_organisation_names");
    const names = await sql<{ org_code: string; name: string }>`
      SELECT org_code, name FROM organisations ORDER BY org_code`.execute(t.db);
    expect(names.rows).toEqual([
      { org_code: "AXG", name: "AXG" },
      { org_code: "NT428", name: "NT428" },
      { org_code: "QMF", name: "NHS North East London Integrated Care Board" },
      { org_code: "RDE", name: "East Suffolk and North Essex NHS Foundation Trust" },
      { org_code: "RJ1", name: "Guy's and St Thomas' NHS Foundation Trust" },
    ]);
    const other = await sql<{ name: string }>`
      SELECT name FROM trust_types UNION ALL SELECT successor_name FROM org_successions
      UNION ALL SELECT name FROM peer_groups WHERE kind = 'peer_finder'`.execute(t.db);
    expect(other.rows.map((r) => r.name)).toEqual([
      "East Suffolk and North Essex NHS Foundation Trust",
      "East Suffolk and North Essex NHS Foundation Trust",
      "East Suffolk and North Essex NHS Foundation Trust's Peer Finder group",
    ]);
  });
});
