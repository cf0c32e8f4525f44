/** Upserts organisations from a reference import, keeping what other sources know. */
import type { PoolClient } from "pg";
import { organisationName } from "../metrics/org-names.js";

export interface OrganisationRecord {
  orgCode: string;
  name: string;
  kind: string;
  regionCode: string | null;
  icbCode: string | null;
  postcode: string | null;
  openDate: string | null;
  closeDate: string | null;
  successorCode: string | null;
  /** `name` when the list guessed the kind from the name (ODS trusts); `list` by default. */
  kindSource?: "name" | "list";
}

/**
 * When an organisation keeps the kind it has: a list's "other" (a hub, a fixed organisation)
 * never overrides a known kind, and a kind guessed from a name never overrides one from the
 * trust-type table or from activity.
 */
const keepsKind = `(excluded.kind = 'other' AND o.kind NOT IN ('unlisted_provider', 'other'))
  OR (excluded.kind_source = 'name' AND o.kind_source IN ('trust_types', 'activity'))`;

/**
 * Inserts or updates organisations. Names are stored as NHS.UK writes them
 * (metrics/org-names.ts): a name in capitals, as ODS publishes it, in title case; a mixed-case
 * name as given; a name that is only the code stays the code. A value a source does not know
 * (null) never erases one that another source gave (a successor entered by hand, an ICB from
 * another list). An organisation first seen as an unlisted provider takes the kind the reference
 * list gives it. A kind guessed from a name never replaces a kind from the trust-type table or
 * from activity (the after-import step, ingest/sources/refine-organisations.ts, decides those
 * again anyway).
 */
export async function upsertOrganisations(
  client: PoolClient,
  organisations: OrganisationRecord[],
  source: string,
): Promise<{ inserted: number; updated: number }> {
  if (organisations.length === 0) return { inserted: 0, updated: 0 };
  const cols = {
    code: [] as string[],
    name: [] as string[],
    kind: [] as string[],
    region: [] as (string | null)[],
    icb: [] as (string | null)[],
    postcode: [] as (string | null)[],
    open: [] as (string | null)[],
    close: [] as (string | null)[],
    successor: [] as (string | null)[],
    kindSource: [] as string[],
  };
  for (const o of organisations) {
    cols.code.push(o.orgCode);
    cols.name.push(o.name === o.orgCode ? o.name : organisationName(o.name));
    cols.kind.push(o.kind);
    cols.region.push(o.regionCode);
    cols.icb.push(o.icbCode);
    cols.postcode.push(o.postcode);
    cols.open.push(o.openDate);
    cols.close.push(o.closeDate);
    cols.successor.push(o.successorCode);
    cols.kindSource.push(o.kindSource ?? "list");
  }
  const { rows } = await client.query<{ inserted: boolean }>(
    `INSERT INTO organisations AS o (org_code, name, kind, region_code, icb_code, postcode, open_date,
       close_date, successor_code, kind_source, source)
     SELECT code, name, kind, region, icb, postcode, open::date, close::date, successor, kind_source, $11
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::text[])
       AS t(code, name, kind, region, icb, postcode, open, close, successor, kind_source)
     ON CONFLICT (org_code) DO UPDATE SET
       name = excluded.name,
       kind = CASE WHEN ${keepsKind} THEN o.kind ELSE excluded.kind END,
       subtype = CASE WHEN ${keepsKind} THEN o.subtype END,
       kind_source = CASE WHEN ${keepsKind} THEN o.kind_source ELSE excluded.kind_source END,
       region_code = coalesce(excluded.region_code, o.region_code),
       icb_code = coalesce(excluded.icb_code, o.icb_code),
       postcode = coalesce(excluded.postcode, o.postcode),
       open_date = coalesce(excluded.open_date, o.open_date),
       close_date = coalesce(excluded.close_date, o.close_date),
       successor_code = coalesce(excluded.successor_code, o.successor_code),
       source = excluded.source,
       updated_at = now()
     WHERE (o.name, o.kind, o.kind_source, o.region_code, o.icb_code, o.postcode, o.open_date,
         o.close_date, o.successor_code)
       IS DISTINCT FROM (excluded.name,
         CASE WHEN ${keepsKind} THEN o.kind ELSE excluded.kind END,
         CASE WHEN ${keepsKind} THEN o.kind_source ELSE excluded.kind_source END,
         coalesce(excluded.region_code, o.region_code),
         coalesce(excluded.icb_code, o.icb_code), coalesce(excluded.postcode, o.postcode),
         coalesce(excluded.open_date, o.open_date), coalesce(excluded.close_date, o.close_date),
         coalesce(excluded.successor_code, o.successor_code))
     RETURNING (xmax = 0) AS inserted`,
    [
      cols.code,
      cols.name,
      cols.kind,
      cols.region,
      cols.icb,
      cols.postcode,
      cols.open,
      cols.close,
      cols.successor,
      cols.kindSource,
      source,
    ],
  );
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted };
}
