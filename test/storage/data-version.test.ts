/**
 * The one data version (migration 004, storage/data-version.ts): it moves at the commit of a
 * change to any table a page shows, once per transaction, never for a rollback or an update that
 * changes nothing, and a reader on another connection never sees it before the data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDataVersion } from "../../src/storage/data-version.js";
import { refreshNetworkMembership, seedReference } from "../../src/storage/reference.js";
import {
  createCustomPeerGroup,
  deleteCustomPeerGroup,
} from "../../src/storage/repositories/peer-groups.js";
import { withTransaction } from "../../src/storage/transaction.js";
import { DataVersionCache } from "../../src/web/cache.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
const version = () => readDataVersion(t.db);

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
});
afterAll(async () => {
  await t.drop();
});

describe("data version", () => {
  it("starts at the creation time in milliseconds, not 0, so a reset database never repeats one", async () => {
    expect(Number(await version())).toBeGreaterThan(Date.UTC(2024, 0, 1));
  });

  it("leaves the version alone when the reference seed changes nothing", async () => {
    const v0 = await version();
    await seedReference(t.db);
    await refreshNetworkMembership(t.db);
    expect(await version()).toBe(v0);
  });

  it("moves once per committed transaction, at commit, and not for a rollback", async () => {
    const v0 = Number(await version());
    let inside = "";
    await withTransaction(t, async (client) => {
      await client.query(
        `INSERT INTO organisations (org_code, name, kind, source) VALUES ('ZZ901', 'Test trust', 'acute_trust', 'test')`,
      );
      await client.query(
        `INSERT INTO metric_values (org_code, metric_id, period_type, period_start, source, value)
         VALUES ('ZZ901', 'ae_4hr_all', 'month', '2025-01-01', 'test', 90), ('ZZ901', 'ae_4hr_all', 'month', '2025-02-01', 'test', 91)`,
      );
      await client.query(`UPDATE metric_values SET value = 92 WHERE org_code = 'ZZ901'`);
      // Another connection still reads the old version: the data is not committed yet.
      inside = await version();
    });
    expect(inside).toBe(String(v0));
    expect(Number(await version())).toBe(v0 + 1);

    await expect(
      withTransaction(t, async (client) => {
        await client.query(`DELETE FROM metric_values WHERE org_code = 'ZZ901'`);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow(/changed my mind/);
    expect(Number(await version())).toBe(v0 + 1);
  });

  it("moves for peer groups, their members and network membership", async () => {
    const v0 = await version();
    await createCustomPeerGroup(t.db, { name: "Data version peers", orgCodes: ["ZZ901"] });
    const v1 = await version();
    expect(v1).not.toBe(v0);
    await deleteCustomPeerGroup(t.db, "custom-data-version-peers");
    const v2 = await version();
    expect(v2).not.toBe(v1);
    await t.pool.query(
      `UPDATE network_members SET active = false WHERE ctid = (SELECT ctid FROM network_members LIMIT 1)`,
    );
    expect(await version()).not.toBe(v2);
  });

  it("empties the web cache when the version moves", async () => {
    const cache = new DataVersionCache(version);
    let computed = 0;
    const get = () => cache.get("k", async () => ++computed);
    expect(await get()).toBe(1);
    expect(await get()).toBe(1);
    await createCustomPeerGroup(t.db, { name: "Cache peers", orgCodes: ["ZZ901"] });
    expect(await get()).toBe(2);
  });
});
