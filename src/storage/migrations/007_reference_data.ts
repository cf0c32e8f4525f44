import { sql, type Kysely } from "kysely";

/**
 * Reference data as data (issue 12, decision 0010): organisation kinds from NHS England's trust
 * types, successions between organisations, and where each organisation's kind comes from.
 *
 * - `organisations.subtype`: the NHS Oversight Framework 2025/26 acute subtype (teaching, large,
 *   medium, small, multi_service, specialist: metrics/organisations.ts acuteSubtypes).
 * - `organisations.kind_source`: trust_types, activity, name or list (metrics/organisations.ts
 *   kindSources). Existing rows: trusts from the ODS lists (ods, trusts-reference) were
 *   classified by name; an acute trust among them whose name reads as mental health or community
 *   (the name rule of ingest/sources/shared/trust-kind.ts as it stood) can only have become acute
 *   by its activity. Everything else was given its kind by the list that holds it.
 * - `trust_types`: the trust-type table as published, one row per code (sectors such as the Isle
 *   of Wight's R1F1 and R1F2 are rows with `sector_of`), and the kind it gives.
 * - `org_successions`: predecessor → successor with the effective date; several rows for one
 *   predecessor are a split, `partial` a succession that took only part of the services.
 *
 * Both new tables carry the data-change triggers of migration 004, so an import that changes
 * them moves the data version.
 */
const tables = ["trust_types", "org_successions"];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE organisations
      ADD COLUMN subtype text CHECK (subtype IN ('teaching', 'large', 'medium', 'small',
        'multi_service', 'specialist')),
      ADD COLUMN kind_source text NOT NULL DEFAULT 'list' CHECK (kind_source IN ('trust_types',
        'activity', 'name', 'list'));

    UPDATE organisations SET kind_source = 'name'
    WHERE source IN ('ods', 'trusts-reference')
      AND kind IN ('acute_trust', 'ambulance_trust', 'mental_health_trust', 'community_trust');
    UPDATE organisations SET kind_source = 'activity'
    WHERE kind_source = 'name' AND kind = 'acute_trust' AND upper(name) !~ 'AMBULANCE'
      AND upper(name) ~ '(MENTAL|PSYCHIATRIC|TAVISTOCK|LEARNING DISABILIT|COMMUNITY|PARTNERSHIP|\\mCARE\\M)';

    CREATE TABLE trust_types (
      org_code text PRIMARY KEY,
      name text NOT NULL,
      published_type text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('acute_trust', 'ambulance_trust', 'mental_health_trust',
        'community_trust')),
      subtype text CHECK (subtype IN ('teaching', 'large', 'medium', 'small', 'multi_service',
        'specialist')),
      survey_group text,
      types_disagree boolean NOT NULL DEFAULT false,
      sector_of text,
      source text NOT NULL,
      import_id bigint
    );

    CREATE TABLE org_successions (
      predecessor_code text NOT NULL,
      successor_code text NOT NULL,
      effective_date date NOT NULL,
      org_level text NOT NULL CHECK (org_level IN ('trust', 'icb')),
      partial boolean NOT NULL DEFAULT false,
      successor_name text,
      note text,
      source text NOT NULL,
      import_id bigint,
      PRIMARY KEY (predecessor_code, successor_code),
      CHECK (predecessor_code <> successor_code)
    );
    CREATE INDEX org_successions_successor ON org_successions (successor_code);
  `.execute(db);
  for (const table of tables) {
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
  await sql`
    DROP TABLE org_successions, trust_types;
    ALTER TABLE organisations DROP COLUMN kind_source, DROP COLUMN subtype;
  `.execute(db);
}
