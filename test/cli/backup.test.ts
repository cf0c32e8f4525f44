/**
 * `improve backup` and `improve restore` (src/storage/backup.ts): a round trip through a dump
 * gives back every table's rows (count and checksum of the ordered rows) and the same pages,
 * after the data was changed in between, with the data version moved past both so that no cache
 * serves the replaced data; files that are not a hub's dump, a missing file, an existing output,
 * a restore without --yes and a hub in use are refused, changing nothing.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import fs, { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config.js";
import { connect } from "../../src/storage/database.js";
import { attachEmbedded } from "../../src/storage/embedded.js";
import { knownMigrations } from "../../src/storage/migrate.js";
import { connection, runProgram } from "../../src/storage/pg-tools.js";
import type { Db } from "../../src/storage/schema.js";
import { createAppFromDatabase } from "../../src/web/compose.js";
import { cliRunner, type CliRun } from "../support/cli.js";
import { demoDatabase, testDatabase, type TestDatabase } from "../support/db.js";
import { pgClientMissing } from "../support/requirements.js";
import { TEST_SESSION_SECRET } from "../support/sessions.js";

/** Row count and md5 of the ordered rows of every table but the data version (which moves). */
async function checksums(db: Db): Promise<Record<string, string>> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'data_version'
    ORDER BY table_name`.execute(db);
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ n: number; sum: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS sum
      FROM ${sql.table(name)} t`.execute(db);
    sums[name] = `${rows[0]!.n} ${rows[0]!.sum ?? "-"}`;
  }
  return sums;
}

async function dataVersion(db: Db): Promise<bigint> {
  const { rows } = await sql<{ v: string }>`SELECT version::text AS v FROM data_version`.execute(
    db,
  );
  return BigInt(rows[0]!.v);
}

/** The web application over the test database, as `improve serve` composes it. */
async function webApp(): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const { db, pool } = connect(t.url, 3);
  const app = await createAppFromDatabase({
    db,
    pool,
    sessions: {
      secret: TEST_SESSION_SECRET,
      idleMs: 30 * 60_000,
      absoluteMs: 12 * 3_600_000,
      production: false,
    },
  });
  return {
    app,
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

/** The analytics engine trusts its data version reading for a second (metrics/analytics/state.ts). */
const pastVersionCheck = () => new Promise((resolve) => setTimeout(resolve, 1100));

let t: TestDatabase;
const missing = pgClientMissing();

describe.skipIf(missing !== null)("improve backup and improve restore", () => {
  let improve: (...args: string[]) => Promise<CliRun>;
  let dir: string;
  let pages: string[];

  /**
   * The pages' HTML, in `pages` order, from the web application `app` (one kept across the
   * test: its caches follow the data version) or, by default, a fresh one (nothing cached). The
   * pages carry no generation time or per-request token, so they are compared as they are.
   */
  async function fetchPages(app?: FastifyInstance): Promise<string[]> {
    const fresh = app ? undefined : await webApp();
    try {
      const html: string[] = [];
      for (const url of pages) {
        const res = await (app ?? fresh!.app).inject({ method: "GET", url });
        expect(res.statusCode, url).toBe(200);
        html.push(res.body);
      }
      return html;
    } finally {
      await fresh?.close();
    }
  }

  beforeAll(async () => {
    t = await demoDatabase({ orgs: 5, months: 24, seed: 9 });
    improve = cliRunner(t);
    dir = await mkdtemp(path.join(os.tmpdir(), "improve-backup-"));
    const org = (
      await t.db
        .selectFrom("organisations")
        .select("org_code")
        .where("kind", "=", "acute_trust")
        .orderBy("org_code")
        .executeTakeFirstOrThrow()
    ).org_code;
    pages = [`/org/${org}`, `/org/${org}/metric/ae_4hr_all`, `/org/${org}/peers`, "/organisations"];
  }, 120_000);
  afterAll(async () => t?.drop());

  it("gives back every table's rows and the same pages after the data changed", async () => {
    const sums = await checksums(t.db);
    expect(Object.keys(sums).length).toBeGreaterThan(20);
    expect(sums.metric_values).toMatch(/^[1-9]\d* [0-9a-f]{32}$/);
    const serving = await webApp();
    try {
      const html = await fetchPages(serving.app);
      const versionAtBackup = await dataVersion(t.db);
      const file = path.join(dir, "hub.dump");

      const backup = await improve("backup", "--out", file);
      expect(backup.err).toBe("");
      expect(backup.code).toBe(0);
      expect(backup.out).toMatch(
        new RegExp(
          `^Wrote ${file}: [\\d.]+ [kM]B \\([\\d,]+ bytes\\), \\d+ tables of .+ at migration ${knownMigrations().at(-1)}, data version ${versionAtBackup}\\.\\n$`,
        ),
      );
      expect(readFileSync(file).subarray(0, 5).toString("latin1")).toBe("PGDMP");

      // Change what the pages show: one organisation renamed, another's values gone.
      const [a, b] = await t.db
        .selectFrom("organisations")
        .select("org_code")
        .where("kind", "=", "acute_trust")
        .orderBy("org_code")
        .limit(2)
        .execute();
      await t.db
        .updateTable("organisations")
        .set({ name: "Renamed after the backup" })
        .where("org_code", "=", a!.org_code)
        .execute();
      await t.db.deleteFrom("metric_values").where("org_code", "=", b!.org_code).execute();
      expect(await checksums(t.db)).not.toEqual(sums);
      await pastVersionCheck();
      const changed = await fetchPages(serving.app);
      expect(changed).not.toEqual(html);
      const versionChanged = await dataVersion(t.db);

      const restore = await improve("restore", "--in", file, "--yes");
      expect(restore.err).toBe("");
      expect(restore.code).toBe(0);
      expect(restore.out).toMatch(
        /^Restored .+ \(migration 0\d\d_\w+, data version \d+\) into .+; data version now \d+\.\n$/,
      );
      // Every table as it was, but the audit log: the dump's, with the restore recorded last.
      const restored = await checksums(t.db);
      expect(restored).toEqual({ ...sums, audit_log: restored.audit_log });
      const last = await t.db
        .selectFrom("audit_log")
        .selectAll()
        .orderBy("audit_id", "desc")
        .executeTakeFirstOrThrow();
      expect(last).toMatchObject({
        action: "data.restored",
        outcome: "success",
        target_ref: file,
        actor_label: expect.stringMatching(/^operator /),
        details: { replacedDataVersion: String(versionChanged), migrationsApplied: [] },
      });
      expect(Number(restored.audit_log!.split(" ")[0])).toBe(
        Number(sums.audit_log!.split(" ")[0]) + 1,
      );
      expect(await dataVersion(t.db)).toBeGreaterThan(versionChanged);

      // A dump of a restored database restores in turn.
      const again = path.join(dir, "hub-again.dump");
      expect((await improve("backup", "--out", again)).code).toBe(0);
      expect((await improve("restore", "--in", again, "--yes")).code).toBe(0);
      const twice = await checksums(t.db);
      expect(twice).toEqual({ ...sums, audit_log: twice.audit_log });
      // The running application's caches follow the moved data version; a fresh one agrees.
      await pastVersionCheck();
      expect(await fetchPages(serving.app)).toEqual(html);
      expect(await fetchPages()).toEqual(html);
    } finally {
      await serving.close();
    }
  }, 120_000);

  it("refuses a file that is not a dump, a missing file and another database's dump", async () => {
    const sums = await checksums(t.db);
    const text = path.join(dir, "notes.txt");
    writeFileSync(text, "not a dump\n");
    const notDump = await improve("restore", "--in", text, "--yes");
    expect(notDump.code).toBe(1);
    expect(notDump.err).toContain(`${text} is not a PostgreSQL custom-format dump`);

    const absent = path.join(dir, "absent.dump");
    const gone = await improve("restore", "--in", absent, "--yes");
    expect(gone.code).toBe(1);
    expect(gone.err).toContain(`${absent} does not exist`);

    const other = await testDatabase({ migrate: false });
    const foreign = path.join(dir, "foreign.dump");
    try {
      await other.db.schema.createTable("patients").addColumn("id", "integer").execute();
      const { args, env } = connection(other.url);
      const run = await runProgram(
        { bin: process.env.IMPROVE_PG_BIN },
        "pg_dump",
        ["--format=custom", `--file=${foreign}`, ...args],
        { env },
      );
      expect(run.code).toBe(0);
    } finally {
      await other.drop();
    }
    const notHub = await improve("restore", "--in", foreign, "--yes");
    expect(notHub.code).toBe(1);
    expect(notHub.err).toContain(
      `${foreign} is a PostgreSQL dump but not of an Improvement Hub database (it has no kysely_migration table)`,
    );
    expect(await checksums(t.db)).toEqual(sums);
  }, 60_000);

  it("changes nothing when a dump cannot be read to its end", async () => {
    const whole = path.join(dir, "whole.dump");
    expect((await improve("backup", "--out", whole)).code).toBe(0);
    const bytes = readFileSync(whole);
    const cut = path.join(dir, "cut.dump");
    // Its table of contents whole (at the start), the last tables' data cut off.
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.95)));
    const sums = await checksums(t.db);
    const version = await dataVersion(t.db);
    const truncated = await improve("restore", "--in", cut, "--yes");
    expect(truncated.code).toBe(1);
    expect(truncated.err).toMatch(
      new RegExp(
        `^error: ${cut} could not be read to its end \\(pg_restore: .+\\); nothing was changed\\.\\n$`,
      ),
    );
    expect(await checksums(t.db)).toEqual(sums);
    expect(await dataVersion(t.db)).toBe(version);
  }, 60_000);

  it("replaces the other schemas a dump holds too", async () => {
    await sql`CREATE SCHEMA reporting`.execute(t.db);
    await sql`CREATE TABLE reporting.notes AS SELECT 'kept' AS note`.execute(t.db);
    try {
      const file = path.join(dir, "schemas.dump");
      expect((await improve("backup", "--out", file)).code).toBe(0);
      await sql`UPDATE reporting.notes SET note = 'changed'`.execute(t.db);
      const restore = await improve("restore", "--in", file, "--yes");
      expect(restore.err).toBe("");
      const { rows } = await sql<{ note: string }>`SELECT note FROM reporting.notes`.execute(t.db);
      expect(rows).toEqual([{ note: "kept" }]);
    } finally {
      await sql`DROP SCHEMA reporting CASCADE`.execute(t.db);
    }
  }, 60_000);

  it("refuses a dump from a newer version of the hub", async () => {
    const file = path.join(dir, "newer.dump");
    await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('999_from_the_future', now())`.execute(
      t.db,
    );
    try {
      expect((await improve("backup", "--out", file)).code).toBe(0);
    } finally {
      await sql`DELETE FROM kysely_migration WHERE name = '999_from_the_future'`.execute(t.db);
    }
    const sums = await checksums(t.db);
    const newer = await improve("restore", "--in", file, "--yes");
    expect(newer.code).toBe(1);
    expect(newer.err).toContain(
      `${file} was made by a newer version of Improvement Hub: it holds migration 999_from_the_future`,
    );
    expect(await checksums(t.db)).toEqual(sums);
  }, 60_000);

  it("refuses to overwrite without --force, and to restore without --yes or while the hub is in use", async () => {
    const file = path.join(dir, "twice.dump");
    expect((await improve("backup", "--out", file)).code).toBe(0);
    const first = readFileSync(file);
    const again = await improve("backup", "--out", file);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`${file} already exists: add --force to replace it`);
    expect(readFileSync(file).equals(first)).toBe(true);
    const forced = await improve("backup", "--out", file, "--force");
    expect(forced.code).toBe(0);
    const nowhere = path.join(dir, "no-such-folder", "hub.dump");
    const noFolder = await improve("backup", "--out", nowhere);
    expect(noFolder.code).toBe(1);
    expect(noFolder.err).toBe(
      `error: ${nowhere} cannot be written: the folder ${path.dirname(nowhere)} does not exist.\n`,
    );

    const sums = await checksums(t.db);
    const unconfirmed = await improve("restore", "--in", file);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toMatch(
      /replaces ALL data in .+ by .+'s \(migration .+\); add --yes to confirm/,
    );

    const serving = connect(t.url, 1, "improve serve (a test)");
    try {
      await sql`SELECT 1`.execute(serving.db);
      const inUse = await improve("restore", "--in", file, "--yes");
      expect(inUse.code).toBe(1);
      expect(inUse.err).toMatch(
        /is in use by "improve serve \(a test\)" \(server process \d+\): stop it/,
      );
    } finally {
      await serving.db.destroy();
    }
    expect(await checksums(t.db)).toEqual(sums);
    expect(existsSync(file)).toBe(true);
  }, 60_000);
});

describe("improve backup with PostgreSQL's client programs missing or too old", () => {
  let t: TestDatabase;
  let bin: string;
  const run = async (...args: string[]): Promise<CliRun> => {
    let out = "";
    let err = "";
    const code = await main(["node", "improve", ...args], {
      config: { ...loadConfig({}), databaseUrl: t.url, pgBin: bin },
      io: { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false },
    });
    return { code, out, err };
  };

  beforeAll(async () => {
    t = await testDatabase();
    bin = await mkdtemp(path.join(os.tmpdir(), "improve-pg-bin-"));
  });
  afterAll(async () => t?.drop());

  it("names the folder it looked in, then the versions of an older pg_dump and the server", async () => {
    const out = path.join(bin, "never.dump");
    const absent = await run("backup", "--out", out);
    expect(absent.code).toBe(1);
    expect(absent.err).toBe(
      `error: pg_dump was not found in IMPROVE_PG_BIN (${bin}): install PostgreSQL's client programs (Debian and Ubuntu: apt-get install postgresql-client) or set IMPROVE_PG_BIN to the folder holding them.\n`,
    );
    // A pg_dump that says it is PostgreSQL 14, older than any server the hub supports.
    writeFileSync(path.join(bin, "pg_dump"), '#!/bin/sh\necho "pg_dump (PostgreSQL) 14.13"\n', {
      mode: 0o755,
    });
    const old = await run("backup", "--out", out);
    expect(old.code).toBe(1);
    expect(old.err).toMatch(
      /^error: pg_dump in IMPROVE_PG_BIN \(.+\) is PostgreSQL 14, older than the server \(PostgreSQL (1[5-9]|[2-9]\d)\): install the client programs of PostgreSQL \1 or later/,
    );
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe.skipIf(missing !== null)(
  "improve backup and improve restore on the embedded PostgreSQL",
  () => {
    let root: string;
    /** `improve …` in this process on a data folder, as without DATABASE_URL. */
    const run = async (dataDir: string, ...args: string[]): Promise<CliRun> => {
      let out = "";
      let err = "";
      const code = await main(["node", "improve", ...args], {
        config: { ...loadConfig({}), databaseUrl: undefined, dataDir },
        io: { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false },
      });
      return { code, out, err };
    };
    /** Every table's checksum in the data folder's database (the audit log apart). */
    const checksumsIn = async (dataDir: string) => {
      const server = await attachEmbedded({ dataDir });
      const { db } = connect(server.urlFor("postgres"), 2);
      try {
        const { audit_log: _, ...sums } = await checksums(db);
        return sums;
      } finally {
        await db.destroy();
        await server.stop();
      }
    };

    beforeAll(async () => {
      root = await mkdtemp(path.join(os.tmpdir(), "improve-backup-embedded-"));
      await fs.chmod(root, 0o755);
    });
    afterAll(async () => fs.rm(root, { recursive: true, force: true }));

    it("round-trips the data folder's database, and fills a new data folder from the dump", async () => {
      const dataDir = path.join(root, "hub");
      expect(
        (await run(dataDir, "demo", "--orgs", "4", "--months", "12", "--seed", "3")).code,
      ).toBe(0);
      const file = path.join(root, "embedded.dump");
      // No server runs between commands: backup starts one, and stops it as it leaves.
      const backup = await run(dataDir, "backup", "--out", file);
      expect(backup.err).toBe("");
      expect(backup.out).toContain(`tables of embedded PostgreSQL in ${dataDir} at migration`);
      expect(existsSync(path.join(dataDir, "instance.json"))).toBe(false);

      const server = await attachEmbedded({ dataDir });
      const { db } = connect(server.urlFor("postgres"), 2);
      let sums: Record<string, string>;
      try {
        sums = await checksums(db);
        expect(sums.metric_values).toMatch(/^[1-9]\d* [0-9a-f]{32}$/);
        await db.deleteFrom("metric_values").execute();
        expect(await checksums(db)).not.toEqual(sums);
        // This process is attached too: only other processes count as using the folder.
        const restore = await run(dataDir, "restore", "--in", file, "--yes");
        expect(restore.err).toBe("");
        expect(restore.out).toContain(`into embedded PostgreSQL in ${dataDir}`);
        const restored = await checksums(db);
        expect(restored).toEqual({ ...sums, audit_log: restored.audit_log });
      } finally {
        await db.destroy();
        await server.stop();
      }

      // A new machine: a data folder never used before, its cluster made by the restore.
      const fresh = path.join(root, "new-machine");
      const restore = await run(fresh, "restore", "--in", file, "--yes");
      expect(restore.err).toBe("");
      expect(restore.code).toBe(0);
      const { audit_log: _, ...expected } = sums;
      expect(await checksumsIn(fresh)).toEqual(expected);
    }, 180_000);
  },
);
