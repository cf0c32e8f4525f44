/** Reading learning and improvement networks and their members. */
import { sql } from "kysely";
import type { NetworkSummary } from "../../metrics/directory/store.js";
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
