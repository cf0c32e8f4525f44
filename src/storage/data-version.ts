/**
 * The data version: one counter in the database that moves at the commit of every transaction
 * that changed data a page shows (imports, metric values, organisations, networks and their
 * members, peer groups and their members, metrics, sources), whichever process made the change.
 * Migration 004 keeps it; the analytics engine (through the store's `dataVersion`) and the web
 * cache both follow it, so a peer group created by `improve peer-groups create` in another
 * terminal is on the pages at the next version check.
 */
import { sql } from "kysely";
import type { Db } from "./schema.js";

/** The current data version, as text (e.g. "1764743000123"). One primary-key read. */
export async function readDataVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ version: string }>`SELECT version::text FROM data_version`.execute(
    db,
  );
  return rows[0]?.version ?? "0";
}
