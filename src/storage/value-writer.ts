/**
 * Bulk writing of metric values inside an import's transaction.
 *
 * Values stream into a temporary staging table with COPY (PostgreSQL's fastest way in), then one
 * set-based statement merges them into `metric_values`: new keys are inserted, changed values
 * replace the old ones (the old ones are kept in `metric_value_revisions`), identical values are
 * left alone. That makes a re-import of the same data a no-op and keeps the cost per row close to
 * COPY's own.
 */
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { MetricValueInput } from "../metrics/values.js";

export interface MergeCounts {
  staged: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Organisation codes that were not in the registry and were added as unlisted providers. */
  unlistedOrganisations: string[];
}

export interface DuplicateKey {
  orgCode: string;
  metricId: string;
  periodType: string;
  periodStart: string;
  lines: number[];
}

const num = (n: number | null) => (n === null || !Number.isFinite(n) ? "\\N" : String(n));
const flags = (f: string[] | undefined) => (f && f.length > 0 ? `{${f.join(",")}}` : "{}");

/** One COPY text-format line. Codes are validated upstream and never contain tabs or backslashes. */
function copyLine(v: MetricValueInput): string {
  return `${v.orgCode}\t${v.metricId}\t${v.periodType}\t${v.periodStart}\t${num(v.numerator)}\t${num(v.denominator)}\t${num(v.value)}\t${flags(v.dqFlags)}\t${v.line ?? 0}\n`;
}

/** Creates the staging table (dropped at commit) and copies every batch into it. */
export async function stageValues(
  client: PoolClient,
  batches: AsyncIterable<MetricValueInput[]>,
): Promise<number> {
  await client.query(`
    CREATE TEMP TABLE staged_values (
      org_code text NOT NULL, metric_id text NOT NULL, period_type text NOT NULL,
      period_start date NOT NULL, numerator double precision, denominator double precision,
      value double precision, dq_flags text[] NOT NULL, line integer NOT NULL
    ) ON COMMIT DROP`);
  let count = 0;
  async function* lines() {
    for await (const batch of batches) {
      let text = "";
      for (const v of batch) text += copyLine(v);
      count += batch.length;
      if (text) yield text;
    }
  }
  const copy = client.query(copyFrom("COPY staged_values FROM STDIN"));
  await pipeline(Readable.from(lines()), copy);
  return count;
}

/**
 * Registers organisation codes the registry does not know as `unlisted_provider` (name = code),
 * so every value names a known organisation. Returns the codes added.
 */
export async function addUnlistedOrganisations(
  client: PoolClient,
  orgCodes: string[],
  source: string,
): Promise<string[]> {
  if (orgCodes.length === 0) return [];
  const { rows } = await client.query<{ org_code: string }>(
    `INSERT INTO organisations (org_code, name, kind, source)
     SELECT code, code, 'unlisted_provider', $2 FROM unnest($1::text[]) AS code
     ON CONFLICT DO NOTHING
     RETURNING org_code`,
    [orgCodes, source],
  );
  return rows.map((r) => r.org_code).sort();
}

/** Of these organisation codes, those the registry does not hold (sorted). */
export async function newOrganisationCodes(
  client: PoolClient,
  orgCodes: string[],
): Promise<string[]> {
  const { rows } = await client.query<{ code: string }>(
    `SELECT code FROM unnest($1::text[]) AS code
     WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.org_code = code)
     ORDER BY code`,
    [orgCodes],
  );
  return rows.map((r) => r.code);
}

/**
 * Whether any key (organisation, metric, period) is staged more than once. Looked for explicitly
 * (one hashed pass) rather than left to the merge: the merge skips a copy equal to the stored
 * value, so a later, different copy of the key would win silently.
 */
export async function stagedHasDuplicateKeys(client: PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ any: boolean }>(`
    SELECT EXISTS (
      SELECT 1 FROM staged_values
      GROUP BY org_code, metric_id, period_type, period_start
      HAVING count(*) > 1) AS any`);
  return rows[0]?.any ?? false;
}

/** Keys given more than once in the staged data with different values (first 20). */
export async function conflictingDuplicates(client: PoolClient): Promise<DuplicateKey[]> {
  const { rows } = await client.query<{
    org_code: string;
    metric_id: string;
    period_type: string;
    period_start: string;
    lines: number[];
  }>(`
    SELECT org_code, metric_id, period_type, period_start, array_agg(line ORDER BY line) AS lines
    FROM staged_values
    GROUP BY org_code, metric_id, period_type, period_start
    HAVING count(DISTINCT (numerator, denominator, value)) > 1
    ORDER BY min(line)
    LIMIT 20`);
  return rows.map((r) => ({
    orgCode: r.org_code,
    metricId: r.metric_id,
    periodType: r.period_type,
    periodStart: r.period_start,
    lines: r.lines,
  }));
}

/**
 * Merges the staged values for `source` into metric_values, recording revisions. Call after
 * `conflictingDuplicates` returned none: exact duplicates are collapsed here when
 * `collapseDuplicates` (`stagedHasDuplicateKeys` said there are some).
 */
export async function mergeStaged(
  client: PoolClient,
  source: string,
  importId: number,
  staged: number,
  /** Collapse exact duplicate keys (slower: a sort). Needed only when the staged data has any. */
  collapseDuplicates = false,
): Promise<MergeCounts> {
  const { rows: codes } = await client.query<{ org_code: string }>(
    `SELECT DISTINCT org_code FROM staged_values`,
  );
  const unlisted = await addUnlistedOrganisations(
    client,
    codes.map((r) => r.org_code),
    source,
  );
  // Revisions are only possible when this source already has values; skipping the join on a
  // first load keeps it at COPY speed.
  const existing = await client.query(`SELECT 1 FROM metric_values WHERE source = $1 LIMIT 1`, [
    source,
  ]);
  let updated = 0;
  if (existing.rowCount) {
    const rev = await client.query(
      `INSERT INTO metric_value_revisions (org_code, metric_id, period_type, period_start, source,
         old_numerator, old_denominator, old_value, new_numerator, new_denominator, new_value, import_id)
       SELECT DISTINCT v.org_code, v.metric_id, v.period_type, v.period_start, v.source,
         v.numerator, v.denominator, v.value, s.numerator, s.denominator, s.value, $2::bigint
       FROM staged_values s
       JOIN metric_values v ON v.org_code = s.org_code AND v.metric_id = s.metric_id
         AND v.period_type = s.period_type AND v.period_start = s.period_start AND v.source = $1
       WHERE (v.numerator, v.denominator, v.value) IS DISTINCT FROM (s.numerator, s.denominator, s.value)`,
      [source, importId],
    );
    updated = rev.rowCount ?? 0;
  }
  const merged = await client.query(
    `INSERT INTO metric_values (org_code, metric_id, period_type, period_start, source,
       numerator, denominator, value, import_id, dq_flags)
     SELECT ${collapseDuplicates ? "DISTINCT ON (org_code, metric_id, period_type, period_start)" : ""}
       org_code, metric_id, period_type, period_start, $1, numerator, denominator, value, $2::bigint, dq_flags
     FROM staged_values
     ${collapseDuplicates ? "ORDER BY org_code, metric_id, period_type, period_start, line" : ""}
     ON CONFLICT (org_code, metric_id, period_type, period_start, source) DO UPDATE
       SET numerator = excluded.numerator, denominator = excluded.denominator, value = excluded.value,
           import_id = excluded.import_id, dq_flags = excluded.dq_flags
       -- Values only: data-quality flags are set after the merge by the checks, so comparing them
       -- would rewrite (and count as changed) every flagged value on a re-import.
       WHERE (metric_values.numerator, metric_values.denominator, metric_values.value)
         IS DISTINCT FROM (excluded.numerator, excluded.denominator, excluded.value)`,
    [source, importId],
  );
  const written = merged.rowCount ?? 0;
  const inserted = Math.max(0, written - updated);
  return {
    staged,
    inserted,
    updated,
    // Exact duplicates within the file count as unchanged.
    unchanged: Math.max(0, staged - written),
    unlistedOrganisations: unlisted,
  };
}

/**
 * COPYs values straight into metric_values, with no staging or merge: only for data known to be
 * new and unique (the synthetic demo after its old rows were deleted, benchmarks' baseline).
 */
export async function copyValuesDirect(
  client: PoolClient,
  source: string,
  importId: number | null,
  batches: AsyncIterable<MetricValueInput[]> | Iterable<MetricValueInput[]>,
): Promise<number> {
  let count = 0;
  const tail = `\t${importId ?? "\\N"}`;
  async function* lines() {
    for await (const batch of batches) {
      let text = "";
      for (const v of batch) {
        text += `${v.orgCode}\t${v.metricId}\t${v.periodType}\t${v.periodStart}\t${source}\t${num(v.numerator)}\t${num(v.denominator)}\t${num(v.value)}${tail}\t${flags(v.dqFlags)}\n`;
      }
      count += batch.length;
      if (text) yield text;
    }
  }
  const copy = client.query(
    copyFrom(
      "COPY metric_values (org_code, metric_id, period_type, period_start, source, numerator, denominator, value, import_id, dq_flags) FROM STDIN",
    ),
  );
  await pipeline(Readable.from(lines()), copy);
  return count;
}
