import { sql, type Kysely } from "kysely";

/**
 * One data version for the whole database, read by the web cache and the analytics engine
 * (storage/data-version.ts): a counter that moves once per committed transaction that changed
 * data any page shows, whichever process made the change (`improve serve`, `improve import`,
 * `improve peer-groups create`, the sync).
 *
 * How: a trigger on each data table notes "this transaction changed data" by inserting its
 * transaction id into `data_changes` (once per transaction: a transaction-local setting says it
 * is noted). A deferred constraint trigger on that table runs at COMMIT and bumps
 * `data_version.version`, so the counter moves exactly when the change becomes visible: a reader
 * never sees the new version before the new data, and a rolled-back import moves nothing. The
 * counter's row is locked only for the moment of each commit, so concurrent imports never wait
 * for each other's whole transaction on it.
 *
 * `metric_values` has a statement-level trigger (an import writes millions of rows); the other
 * tables have row-level ones that skip updates changing nothing, so the reference seed that every
 * command runs on start leaves the version alone. The counter starts at the creation time in
 * milliseconds, so a database reset and migrated again never repeats a version a running process
 * has cached.
 */
const rowTables = [
  "imports",
  "organisations",
  "networks",
  "network_members",
  "peer_groups",
  "peer_group_members",
  "metrics",
  "sources",
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE data_version (
      one boolean PRIMARY KEY DEFAULT true CHECK (one),
      version bigint NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO data_version (version) VALUES ((extract(epoch FROM clock_timestamp()) * 1000)::bigint);
    CREATE TABLE data_changes (xid bigint PRIMARY KEY);

    CREATE FUNCTION note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF coalesce(current_setting('improve.data_change_noted', true), '') <> 'yes' THEN
        PERFORM set_config('improve.data_change_noted', 'yes', true);
        INSERT INTO data_changes (xid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
      END IF;
      RETURN NULL;
    END $$;

    CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE data_version SET version = version + 1, changed_at = now();
      DELETE FROM data_changes WHERE xid = NEW.xid;
      RETURN NULL;
    END $$;

    CREATE CONSTRAINT TRIGGER data_version_at_commit AFTER INSERT ON data_changes
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();

    CREATE TRIGGER data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_values
      FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
  `.execute(db);
  for (const table of rowTables) {
    const t = sql.table(table);
    await sql`
      CREATE TRIGGER data_change AFTER INSERT OR DELETE ON ${t}
        FOR EACH ROW EXECUTE FUNCTION note_data_change();
      CREATE TRIGGER data_change_update AFTER UPDATE ON ${t}
        FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION note_data_change();
      CREATE TRIGGER data_change_truncate AFTER TRUNCATE ON ${t}
        FOR EACH STATEMENT EXECUTE FUNCTION note_data_change();
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...rowTables, "metric_values"]) {
    const t = sql.table(table);
    await sql`
      DROP TRIGGER IF EXISTS data_change ON ${t};
      DROP TRIGGER IF EXISTS data_change_update ON ${t};
      DROP TRIGGER IF EXISTS data_change_truncate ON ${t};
    `.execute(db);
  }
  await sql`
    DROP TABLE IF EXISTS data_changes;
    DROP TABLE IF EXISTS data_version;
    DROP FUNCTION IF EXISTS bump_data_version();
    DROP FUNCTION IF EXISTS note_data_change();
  `.execute(db);
}
