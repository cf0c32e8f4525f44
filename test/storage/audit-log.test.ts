// The audit log (migrations 012 and 013): append-only for the application, and written by the
// database for every change to data, whichever way it came.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "../../src/ingest/import-file.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { deleteCustomPeerGroup } from "../../src/storage/repositories/peer-groups.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-audit-"));
});
afterAll(async () => {
  await t?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

const entries = (action: string) => createAccountStore(t.db).auditLog({ action, limit: 50 });

describe("the audit log", () => {
  it("records a successful import, once, with its counts", async () => {
    const file = path.join(dir, "tidy.csv");
    await fs.writeFile(
      file,
      "org_code,metric_id,period_start,period_type,numerator,denominator,value\n" +
        "ZG191,ae_4hr_all,2024-01-01,month,90,120,\nZG191,ae_4hr_all,2024-02-01,month,95,120,\n",
    );
    await importFile(t, file);
    const [entry, ...rest] = await entries("data.imported");
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      actorLabel: expect.stringMatching(/^system: /),
      outcome: "success",
      targetKind: "import",
      details: { file: "tidy.csv", inserted: 2, updated: 0 },
    });
    // The same file again changes nothing and records nothing.
    await importFile(t, file);
    expect(await entries("data.imported")).toHaveLength(1);
  });

  it("records a person's peer list, and who made it when the application says", async () => {
    // What the application does for a person's change: the setting, then the change, on one
    // connection (here a session-level setting on a single-connection handle).
    const client = await t.pool.connect();
    try {
      await client.query("SELECT set_config('hub.actor', 'ada@example.nhs.uk', false)");
      await client.query(
        "INSERT INTO peer_groups (peer_group_id, name, kind, rule, owner) VALUES ('custom-ours', 'Our peers', 'custom', '{\"kind\":\"custom\"}', 'ada')",
      );
    } finally {
      await client.query("RESET hub.actor");
      client.release();
    }
    const [created] = await entries("peer_list.insert");
    expect(created).toMatchObject({ actorLabel: "ada@example.nhs.uk", targetKind: "peer_group" });
    await deleteCustomPeerGroup(t.db, created!.targetRef!);
    expect(await entries("peer_list.delete")).toHaveLength(1);
    // Re-seeding the predefined groups is not a person's change.
    await seedReference(t.db);
    expect(await entries("peer_list.")).toHaveLength(2);
  });

  it("cannot be changed or emptied by the application's connection", async () => {
    const store = createAccountStore(t.db);
    await store.audit({
      actorUserId: null,
      actorLabel: "test",
      action: "test.event",
      outcome: "success",
    });
    await expect(sql`UPDATE audit_log SET action = 'rewritten'`.execute(t.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    expect(await entries("test.event")).toHaveLength(1);
  });
});
