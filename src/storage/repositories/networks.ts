/** Reading learning and improvement networks and their members. */
import { sql } from "kysely";
import type { MemberNetwork, NetworkSummary } from "../../metrics/directory/store.js";
import { parseNetworkFocus, parseNetworkFootprint } from "../../metrics/networks.js";
import type { Db } from "../schema.js";

export async function listNetworks(db: Db): Promise<NetworkSummary[]> {
  const rows = await db
    .selectFrom("networks as n")
    .leftJoin("organisations as r", "r.org_code", "n.region_code")
    .select([
      "n.network_id",
      "n.name",
      "n.region_code",
      "r.name as region_name",
      "n.footprint",
      "n.focus",
      "n.leads",
      "n.note",
      sql<number>`(SELECT count(*)::int FROM network_members m WHERE m.network_id = n.network_id AND m.active)`.as(
        "member_count",
      ),
      sql<number>`(SELECT count(*)::int FROM network_members m JOIN organisations o USING (org_code)
        WHERE m.network_id = n.network_id AND m.active AND o.kind <> 'icb')`.as("trust_count"),
    ])
    .orderBy("n.sort_order")
    .execute();
  return rows.map((r) => ({
    networkId: r.network_id,
    name: r.name,
    regionCode: r.region_code,
    regionName: r.region_name,
    footprint: parseNetworkFootprint(r.footprint),
    focus: parseNetworkFocus(r.focus),
    leads: r.leads,
    note: r.note,
    memberCount: r.member_count,
    trustCount: r.trust_count,
  }));
}

export async function networkMembers(db: Db, networkId: string) {
  return db
    .selectFrom("network_members as m")
    .innerJoin("organisations as o", "o.org_code", "m.org_code")
    .select(["o.org_code", "o.name", "o.kind", "o.icb_code", "m.origin"])
    .where("m.network_id", "=", networkId)
    .where("m.active", "=", true)
    .orderBy("o.kind")
    .orderBy("o.name")
    .execute();
}

/**
 * The networks an organisation is an active member of, in the networks' order, each lead's
 * organisations matched by name (ignoring case) to the open organisation the registry holds so
 * named, when exactly one is.
 */
export async function networksOf(db: Db, orgCode: string): Promise<MemberNetwork[]> {
  const rows = await db
    .selectFrom("network_members as m")
    .innerJoin("networks as n", "n.network_id", "m.network_id")
    .select(["n.network_id", "n.name", "n.focus", "n.leads"])
    .where("m.org_code", "=", orgCode)
    .where("m.active", "=", true)
    .orderBy("n.sort_order")
    .execute();
  if (rows.length === 0) return [];
  const leadOrganisations = [
    ...new Set(rows.flatMap((r) => r.leads.flatMap((l) => l.organisations))),
  ];
  const held = await db
    .selectFrom("organisations")
    .select(["org_code", "name"])
    .where(
      sql<boolean>`lower(name) = ANY(${leadOrganisations.map((n) => n.toLowerCase())}::text[])`,
    )
    .where("close_date", "is", null)
    .execute();
  const codeOf = (name: string): string | null => {
    const matches = held.filter((o) => o.name.toLowerCase() === name.toLowerCase());
    return matches.length === 1 ? matches[0]!.org_code : null;
  };
  return rows.map((r) => ({
    networkId: r.network_id,
    name: r.name,
    focus: parseNetworkFocus(r.focus),
    leads: r.leads.map((l) => ({
      name: l.name,
      organisations: l.organisations.map((name) => ({ name, orgCode: codeOf(name) })),
    })),
  }));
}
