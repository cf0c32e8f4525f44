/** Upserts organisations from a reference import, keeping what other sources know. */
import type { PoolClient } from "pg";

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
}

/**
 * Inserts or updates organisations. A value a source does not know (null) never erases one that
 * another source gave (a successor entered by hand, an ICB from another list). An organisation
 * first seen as an unlisted provider takes the kind the reference list gives it.
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
  };
  for (const o of organisations) {
    cols.code.push(o.orgCode);
    cols.name.push(o.name);
    cols.kind.push(o.kind);
    cols.region.push(o.regionCode);
    cols.icb.push(o.icbCode);
    cols.postcode.push(o.postcode);
    cols.open.push(o.openDate);
    cols.close.push(o.closeDate);
    cols.successor.push(o.successorCode);
  }
  const { rows } = await client.query<{ inserted: boolean }>(
    `INSERT INTO organisations AS o (org_code, name, kind, region_code, icb_code, postcode, open_date,
       close_date, successor_code, source)
     SELECT code, name, kind, region, icb, postcode, open::date, close::date, successor, $10
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[]) AS t(code, name, kind, region, icb, postcode, open, close, successor)
     ON CONFLICT (org_code) DO UPDATE SET
       name = excluded.name,
       kind = CASE WHEN excluded.kind = 'other' AND o.kind NOT IN ('unlisted_provider', 'other') THEN o.kind ELSE excluded.kind END,
       region_code = coalesce(excluded.region_code, o.region_code),
       icb_code = coalesce(excluded.icb_code, o.icb_code),
       postcode = coalesce(excluded.postcode, o.postcode),
       open_date = coalesce(excluded.open_date, o.open_date),
       close_date = coalesce(excluded.close_date, o.close_date),
       successor_code = coalesce(excluded.successor_code, o.successor_code),
       source = excluded.source,
       updated_at = now()
     WHERE (o.name, o.kind, o.region_code, o.icb_code, o.postcode, o.open_date, o.close_date, o.successor_code)
       IS DISTINCT FROM (excluded.name, excluded.kind, coalesce(excluded.region_code, o.region_code),
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
      source,
    ],
  );
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted };
}
