/**
 * `withTransaction`: the one way storage and the importers open a transaction. The function runs
 * inside it; the transaction commits when the function resolves and rolls back when it throws
 * (the error is rethrown). Two handles, one rule:
 *
 * - given the `Database` (or its pool): `fn` gets one pg client holding the transaction, for
 *   COPY streams and savepoints (imports, the demo loader); the client is released afterwards;
 * - given a Kysely `Db`: `fn` gets a Kysely handle on the transaction (Kysely's own transaction);
 *   given a handle that is already a transaction, `fn` joins it (Kysely cannot nest them).
 */
import { Kysely } from "kysely";
import type { Pool, PoolClient } from "pg";
import type { Db } from "./schema.js";

export async function withTransaction<T>(
  database: { pool: Pool },
  fn: (client: PoolClient) => Promise<T>,
): Promise<T>;
export async function withTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T>;
export async function withTransaction<T>(
  handle: Db | { pool: Pool },
  fn: ((client: PoolClient) => Promise<T>) | ((trx: Db) => Promise<T>),
): Promise<T> {
  if (handle instanceof Kysely)
    return handle.isTransaction
      ? (fn as (trx: Db) => Promise<T>)(handle)
      : handle.transaction().execute(fn as (trx: Db) => Promise<T>);
  const client = await handle.pool.connect();
  try {
    await client.query("BEGIN");
    const result = await (fn as (client: PoolClient) => Promise<T>)(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
