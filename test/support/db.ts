/**
 * A fresh, migrated database for one test file: `const t = await testDatabase()` in beforeAll,
 * `await t.drop()` in afterAll. Real PostgreSQL, never a fake.
 */
import { randomBytes } from "node:crypto";
import { Kysely } from "kysely";
import pg from "pg";
import { inject } from "vitest";
import { loadDemo, type LoadDemoOptions } from "../../src/ingest/load-demo.js";
import { connect, type Database } from "../../src/storage/database.js";
import { migrateToLatest } from "../../src/storage/migrate.js";
import { seedReference } from "../../src/storage/reference.js";

export interface TestDatabase extends Database {
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("adminDatabaseUrl") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function testDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `improve_test_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(inject("adminDatabaseUrl"), name);
  const { db, pool } = connect(url, 5);
  if (options.migrate !== false) await migrateToLatest(db as Kysely<unknown>);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await db.destroy();
  };
  return {
    db,
    pool,
    url,
    name,
    description: `test database ${name}`,
    close,
    async drop() {
      await close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * A fresh database holding the reference data and a synthetic demo (deterministic per seed), the
 * starting point of most service, CLI and browser tests.
 */
export async function demoDatabase(demo: LoadDemoOptions): Promise<TestDatabase> {
  const t = await testDatabase();
  await seedReference(t.db);
  await loadDemo(t, demo);
  return t;
}
