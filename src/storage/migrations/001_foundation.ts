import { sql, type Kysely } from "kysely";

/** Reference data, the metric registry, imports and metric values. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisations (
      org_code text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('country', 'region', 'icb', 'sub_icb', 'acute_trust',
        'ambulance_trust', 'mental_health_trust', 'community_trust', 'independent_provider',
        'unlisted_provider', 'other')),
      region_code text,
      icb_code text,
      postcode text,
      open_date date,
      close_date date,
      successor_code text,
      synthetic boolean NOT NULL DEFAULT false,
      source text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX organisations_region ON organisations (region_code);
    CREATE INDEX organisations_icb ON organisations (icb_code);

    CREATE TABLE networks (
      network_id text PRIMARY KEY,
      name text NOT NULL,
      region_code text NOT NULL,
      footprint text NOT NULL CHECK (footprint IN ('region', 'west_midlands', 'east_midlands')),
      focus text NOT NULL CHECK (focus IN ('uec', 'elective', 'both')),
      leads jsonb NOT NULL,
      note text,
      sort_order integer NOT NULL
    );

    CREATE TABLE network_members (
      network_id text NOT NULL REFERENCES networks ON DELETE CASCADE,
      org_code text NOT NULL REFERENCES organisations ON DELETE CASCADE,
      origin text NOT NULL CHECK (origin IN ('footprint', 'manual')),
      active boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (network_id, org_code)
    );
    CREATE INDEX network_members_org ON network_members (org_code);

    CREATE TABLE peer_groups (
      peer_group_id text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL,
      rule jsonb NOT NULL,
      owner text,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE peer_group_members (
      peer_group_id text NOT NULL REFERENCES peer_groups ON DELETE CASCADE,
      org_code text NOT NULL REFERENCES organisations ON DELETE CASCADE,
      PRIMARY KEY (peer_group_id, org_code)
    );

    CREATE TABLE metrics (
      metric_id text PRIMARY KEY,
      title text NOT NULL,
      unit text NOT NULL,
      improvement_direction text NOT NULL,
      topic text NOT NULL,
      aggregation text NOT NULL,
      definition jsonb NOT NULL,
      catalogue_version text NOT NULL
    );

    CREATE TABLE sources (
      source text PRIMARY KEY,
      title text NOT NULL,
      precedence integer NOT NULL
    );

    CREATE TABLE imports (
      import_id bigserial PRIMARY KEY,
      source text NOT NULL,
      format text NOT NULL,
      file_name text NOT NULL,
      file_path text,
      checksum text NOT NULL,
      bytes bigint NOT NULL,
      status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      rows_read integer NOT NULL DEFAULT 0,
      values_inserted integer NOT NULL DEFAULT 0,
      values_updated integer NOT NULL DEFAULT 0,
      values_unchanged integer NOT NULL DEFAULT 0,
      report jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX imports_checksum ON imports (checksum, format);

    -- Metric values carry no foreign keys: organisation and metric codes are checked against
    -- the registry inside each import's transaction (one set-based check instead of one lookup
    -- per row), which keeps bulk loads close to COPY speed. See docs/decisions/0004.
    CREATE TABLE metric_values (
      org_code text NOT NULL,
      metric_id text NOT NULL,
      period_type text NOT NULL CHECK (period_type IN ('day', 'week', 'month', 'quarter', 'financial_year')),
      period_start date NOT NULL,
      source text NOT NULL,
      numerator double precision,
      denominator double precision,
      value double precision,
      import_id bigint,
      dq_flags text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (org_code, metric_id, period_type, period_start, source)
    );
    CREATE INDEX metric_values_metric_period ON metric_values (metric_id, period_type, period_start);

    CREATE TABLE metric_value_revisions (
      revision_id bigserial PRIMARY KEY,
      org_code text NOT NULL,
      metric_id text NOT NULL,
      period_type text NOT NULL,
      period_start date NOT NULL,
      source text NOT NULL,
      old_numerator double precision,
      old_denominator double precision,
      old_value double precision,
      new_numerator double precision,
      new_denominator double precision,
      new_value double precision,
      import_id bigint NOT NULL REFERENCES imports,
      changed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX metric_value_revisions_key ON metric_value_revisions (org_code, metric_id, period_start);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE metric_value_revisions, metric_values, imports, sources, metrics,
      peer_group_members, peer_groups, network_members, networks, organisations;
  `.execute(db);
}
