import { sql, type Kysely } from "kysely";

/**
 * Every change to data reaches the audit log (issue 15), whichever way it came (first start,
 * `improve import`, the scheduled sync, an upload, the CLI): the database writes the entry in
 * the same transaction as the change, so none can be missed or forged by a new entry point.
 *
 * - a successful import: one entry naming the file, its source, format and counts;
 * - a person's peer list created, changed or deleted (`custom` groups; predefined groups are
 *   reference data, re-seeded at every start, and imported Peer Finder groups come with their
 *   import's entry);
 * - a network's membership changed by a person (`manual` rows, or a footprint member removed or
 *   restored).
 *
 * The entry's actor is the transaction's `hub.actor` setting when the application sets it
 * (`SET LOCAL hub.actor = …`), else "system: " and the connection's application name (the CLI
 * names its connections "improve import (alice)": the command and who ran it), else the role.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION audit_actor() RETURNS text LANGUAGE sql STABLE AS $$
      SELECT coalesce(nullif(current_setting('hub.actor', true), ''),
        'system: ' || coalesce(nullif(current_setting('application_name'), ''), session_user))
    $$;

    -- Deferred to the commit, and reading the row then: an import records its counts after it
    -- marks itself succeeded, in the same transaction.
    CREATE FUNCTION audit_import() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO audit_log (actor_label, action, outcome, target_kind, target_ref, details)
      SELECT audit_actor(), 'data.imported', 'success', 'import', i.import_id::text,
        jsonb_build_object('file', i.file_name, 'source', i.source, 'format', i.format,
          'inserted', i.values_inserted, 'updated', i.values_updated,
          'unchanged', i.values_unchanged)
      FROM imports i WHERE i.import_id = NEW.import_id AND i.status = 'succeeded';
      RETURN NULL;
    END $$;
    CREATE CONSTRAINT TRIGGER imports_audit AFTER INSERT OR UPDATE OF status ON imports
      DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.status = 'succeeded') EXECUTE FUNCTION audit_import();

    CREATE FUNCTION audit_peer_group() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      row_ peer_groups;
    BEGIN
      IF TG_OP = 'DELETE' THEN row_ := OLD; ELSE row_ := NEW; END IF;
      INSERT INTO audit_log (actor_label, action, outcome, target_kind, target_ref, details)
      VALUES (audit_actor(), 'peer_list.' || lower(TG_OP), 'success', 'peer_group',
        row_.peer_group_id, jsonb_build_object('name', row_.name, 'owner', row_.owner));
      RETURN NULL;
    END $$;
    CREATE TRIGGER peer_groups_audit_insert AFTER INSERT ON peer_groups
      FOR EACH ROW WHEN (NEW.kind = 'custom') EXECUTE FUNCTION audit_peer_group();
    CREATE TRIGGER peer_groups_audit_update AFTER UPDATE ON peer_groups
      FOR EACH ROW WHEN (NEW.kind = 'custom' AND OLD IS DISTINCT FROM NEW)
      EXECUTE FUNCTION audit_peer_group();
    CREATE TRIGGER peer_groups_audit_delete AFTER DELETE ON peer_groups
      FOR EACH ROW WHEN (OLD.kind = 'custom') EXECUTE FUNCTION audit_peer_group();

    CREATE FUNCTION audit_network_member() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      row_ network_members;
    BEGIN
      IF TG_OP = 'DELETE' THEN row_ := OLD; ELSE row_ := NEW; END IF;
      INSERT INTO audit_log (actor_label, action, outcome, target_kind, target_ref, org_code,
        network_id, details)
      VALUES (audit_actor(), 'network_member.' || lower(TG_OP), 'success', 'network_member',
        row_.network_id || '/' || row_.org_code, row_.org_code, row_.network_id,
        jsonb_build_object('origin', row_.origin, 'active', row_.active));
      RETURN NULL;
    END $$;
    CREATE TRIGGER network_members_audit_insert AFTER INSERT ON network_members
      FOR EACH ROW WHEN (NEW.origin = 'manual') EXECUTE FUNCTION audit_network_member();
    CREATE TRIGGER network_members_audit_update AFTER UPDATE ON network_members
      FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.origin IS DISTINCT FROM NEW.origin)
      EXECUTE FUNCTION audit_network_member();
    CREATE TRIGGER network_members_audit_delete AFTER DELETE ON network_members
      FOR EACH ROW WHEN (OLD.origin = 'manual') EXECUTE FUNCTION audit_network_member()`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER imports_audit ON imports;
    DROP TRIGGER peer_groups_audit_insert ON peer_groups;
    DROP TRIGGER peer_groups_audit_update ON peer_groups;
    DROP TRIGGER peer_groups_audit_delete ON peer_groups;
    DROP TRIGGER network_members_audit_insert ON network_members;
    DROP TRIGGER network_members_audit_update ON network_members;
    DROP TRIGGER network_members_audit_delete ON network_members;
    DROP FUNCTION audit_import(), audit_peer_group(), audit_network_member(), audit_actor()`.execute(
    db,
  );
}
