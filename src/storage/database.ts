/**
 * The one way to reach PostgreSQL: `openDatabase` connects to `DATABASE_URL` or to the embedded
 * server on the data folder (joining the one running there, or starting it: embedded.ts), runs
 * migrations, and returns a `Database` handle that the rest of the system passes around. Closing
 * it closes the pool and leaves the embedded server (the last process to leave stops it).
 */
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { attachEmbedded, type EmbeddedServer } from "./embedded.js";
import { migrateToLatest } from "./migrate.js";
import { seedReference } from "./reference.js";
import type { Db, Tables } from "./schema.js";

// Dates stay 'YYYY-MM-DD' text (periods are calendar dates, never instants); bigint counts fit in
// a double for every table we have.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface Database {
  db: Db;
  pool: pg.Pool;
  /** Connection string in use (password included: never log it). */
  url: string;
  /** Where the data lives, for messages: "embedded PostgreSQL in .data/pg" or the host. */
  description: string;
  close(): Promise<void>;
}

/** What reads need of a pool: `connect` (a client, COPY) and `query` (src/storage/replica.ts routes both). */
export type QueryPool = Pick<pg.Pool, "connect" | "query">;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Apply pending migrations and (re)seed the reference data (default true). */
  migrate?: boolean;
  poolSize?: number;
  /**
   * Names the connections (PostgreSQL's application_name): `pg_stat_activity` shows it, and the
   * audit log names it as the actor of data changes no person made (migration 013).
   */
  applicationName?: string;
}

export function connect(
  url: string,
  poolSize = 10,
  applicationName?: string,
  more: Omit<pg.PoolConfig, "connectionString" | "max" | "application_name"> = {},
): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    ...more,
    connectionString: url,
    max: poolSize,
    ...(applicationName ? { application_name: applicationName.slice(0, 63) } : {}),
  });
  // An idle client error (server restart) must not crash the process.
  pool.on("error", () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}

/**
 * Kysely over one client that is already in a transaction (an import's), so that storage
 * functions written for Kysely run inside that transaction. The client stays the caller's: this
 * never releases it, and needs no closing.
 */
export function onClient(client: pg.PoolClient): Db {
  const borrowed = {
    query: client.query.bind(client),
    release: () => undefined,
  };
  const pool = { connect: () => Promise.resolve(borrowed), end: () => Promise.resolve() };
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let url = options.databaseUrl;
  let description: string;
  if (url) {
    description = `PostgreSQL at ${new URL(url).host}`;
  } else {
    embedded = await attachEmbedded({ dataDir: options.dataDir });
    url = embedded.urlFor("postgres");
    description = `embedded PostgreSQL in ${options.dataDir}`;
  }
  const { db, pool } = connect(url, options.poolSize, options.applicationName);
  const close = async () => {
    await db.destroy();
    await embedded?.stop();
  };
  try {
    if (options.migrate !== false) {
      await migrateToLatest(db as Kysely<unknown>);
      await seedReference(db);
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { db, pool, url, description, close };
}
