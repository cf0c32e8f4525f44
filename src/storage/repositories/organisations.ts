/** Reading organisations. */
import { sql } from "kysely";
import {
  parseAcuteSubtype,
  parseKindSource,
  parseOrgKind,
  type Organisation,
} from "../../metrics/organisations.js";
import type { Db, OrganisationRow } from "../schema.js";

/** A stored organisation as the domain's Organisation (the kind checked against the vocabulary). */
export const organisationFromRow = (r: OrganisationRow): Organisation => ({
  orgCode: r.org_code,
  name: r.name,
  kind: parseOrgKind(r.kind),
  subtype: parseAcuteSubtype(r.subtype),
  kindSource: parseKindSource(r.kind_source),
  regionCode: r.region_code,
  icbCode: r.icb_code,
  closeDate: r.close_date,
  successorCode: r.successor_code,
  synthetic: r.synthetic,
});

export interface OrganisationFilter {
  kind?: string;
  regionCode?: string;
  icbCode?: string;
  /** Matches name or code, case-insensitive. */
  search?: string;
  includeClosed?: boolean;
}

export async function listOrganisations(
  db: Db,
  filter: OrganisationFilter = {},
): Promise<OrganisationRow[]> {
  let q = db.selectFrom("organisations").selectAll();
  if (filter.kind) q = q.where("kind", "=", filter.kind);
  if (filter.regionCode) q = q.where("region_code", "=", filter.regionCode);
  if (filter.icbCode) q = q.where("icb_code", "=", filter.icbCode);
  if (!filter.includeClosed) q = q.where("close_date", "is", null);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb("name", "ilike", like), eb("org_code", "ilike", like)]));
  }
  return q.orderBy("kind").orderBy("name").execute();
}

export async function getOrganisation(
  db: Db,
  orgCode: string,
): Promise<OrganisationRow | undefined> {
  return db
    .selectFrom("organisations")
    .selectAll()
    .where("org_code", "=", orgCode.toUpperCase())
    .executeTakeFirst();
}

export async function countOrganisationsByKind(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom("organisations")
    .select(["kind", sql<number>`count(*)::int`.as("n")])
    .groupBy("kind")
    .execute();
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}
