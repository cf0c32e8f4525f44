/**
 * Reading what the reference publications say about one organisation (decision 0010): its trust
 * type (with the sectors counted apart), its history (successions both ways, plus a successor
 * known only from an organisation list, as the demo records), its Peer Finder group, and the
 * learning and improvement networks it belongs to (NHS England letter PRN01435, annex A).
 */
import { sql } from "kysely";
import type {
  HistoryLink,
  OrganisationReference,
  PeerFinderSummary,
  TrustTypeEntry,
} from "../../metrics/directory/store.js";
import { parseAcuteSubtype, parseOrgKind } from "../../metrics/organisations.js";
import { peerFinderGroupId } from "../../metrics/reference-data.js";
import type { Db } from "../schema.js";
import { networksOf } from "./networks.js";

async function trustType(db: Db, orgCode: string): Promise<TrustTypeEntry | null> {
  const rows = await db
    .selectFrom("trust_types")
    .selectAll()
    .where((eb) => eb.or([eb("org_code", "=", orgCode), eb("sector_of", "=", orgCode)]))
    .orderBy("org_code")
    .execute();
  const own = rows.find((r) => r.org_code === orgCode && r.sector_of === null);
  if (!own) return null;
  return {
    publishedType: own.published_type,
    subtype: parseAcuteSubtype(own.subtype),
    surveyGroup: own.survey_group,
    typesDisagree: own.types_disagree,
    sectors: rows
      .filter((r) => r.sector_of === orgCode)
      .map((r) => ({ orgCode: r.org_code, name: r.name, publishedType: r.published_type })),
  };
}

interface LinkRow {
  code: string;
  given_name: string | null;
  held_name: string | null;
  held_kind: string | null;
  effective_date: string | null;
  partial: boolean;
  split: boolean;
  note: string | null;
}

const link = (r: LinkRow): HistoryLink => ({
  orgCode: r.code,
  name: r.held_name ?? r.given_name,
  kind: r.held_kind === null ? null : parseOrgKind(r.held_kind),
  effectiveDate: r.effective_date,
  partial: r.partial,
  split: r.split,
  note: r.note,
});

async function history(
  db: Db,
  orgCode: string,
): Promise<Pick<OrganisationReference, "predecessors" | "successors">> {
  const splits = sql<boolean>`(SELECT count(*) > 1 FROM org_successions x WHERE x.predecessor_code = s.predecessor_code)`;
  const predecessors = await sql<LinkRow>`
    SELECT s.predecessor_code AS code, NULL AS given_name, o.name AS held_name, o.kind AS held_kind,
      s.effective_date, s.partial, ${splits} AS split, s.note
    FROM org_successions s LEFT JOIN organisations o ON o.org_code = s.predecessor_code
    WHERE s.successor_code = ${orgCode}
    ORDER BY s.effective_date, s.predecessor_code`.execute(db);
  // A successor known only from an organisation list (organisations.successor_code, e.g. the
  // demo's merged trusts) is listed too, without a date.
  const successors = await sql<LinkRow>`
    SELECT s.successor_code AS code, s.successor_name AS given_name, o.name AS held_name,
      o.kind AS held_kind, s.effective_date, s.partial, ${splits} AS split, s.note
    FROM org_successions s LEFT JOIN organisations o ON o.org_code = s.successor_code
    WHERE s.predecessor_code = ${orgCode}
    UNION ALL
    SELECT o.org_code, NULL, o.name, o.kind, NULL, false, false, NULL
    FROM organisations p JOIN organisations o ON o.org_code = p.successor_code
    WHERE p.org_code = ${orgCode} AND NOT EXISTS (SELECT 1 FROM org_successions s
      WHERE s.predecessor_code = p.org_code AND s.successor_code = p.successor_code)
    ORDER BY effective_date, code`.execute(db);
  return { predecessors: predecessors.rows.map(link), successors: successors.rows.map(link) };
}

async function peerFinder(db: Db, orgCode: string): Promise<PeerFinderSummary | null> {
  const id = peerFinderGroupId(orgCode);
  const group = await db
    .selectFrom("peer_groups")
    .select("name")
    .where("peer_group_id", "=", id)
    .where("kind", "=", "peer_finder")
    .executeTakeFirst();
  if (!group) return null;
  const members = await db
    .selectFrom("peer_group_members as m")
    .innerJoin("organisations as o", "o.org_code", "m.org_code")
    .select(["m.org_code", "o.close_date"])
    .where("m.peer_group_id", "=", id)
    .orderBy("m.org_code")
    .execute();
  return {
    peerGroupId: id,
    name: group.name,
    members: members.length,
    closedMembers: members.filter((m) => m.close_date !== null).map((m) => m.org_code),
    includesItself: members.some((m) => m.org_code === orgCode),
  };
}

export async function organisationReference(
  db: Db,
  orgCode: string,
): Promise<OrganisationReference> {
  const [type, links, group, networks] = await Promise.all([
    trustType(db, orgCode),
    history(db, orgCode),
    peerFinder(db, orgCode),
    networksOf(db, orgCode),
  ]);
  return { trustType: type, ...links, peerFinder: group, networks };
}
