/**
 * Groups of organisations: England, a region, an ICB, a network's members or a peer group. One
 * definition used by aggregates, benchmarks and dashboards, so "the organisations of X" means the
 * same everywhere. Aggregates are over NHS providers (trusts); regions and ICBs themselves are not
 * counted twice.
 */
import { sql, type RawBuilder } from "kysely";
import { NotFoundError, UsageError } from "../../errors.js";
import type { GroupRef } from "../../metrics/group-ref.js";
import { providerKinds } from "../../metrics/organisations.js";
import type { Db, PeerGroupRule } from "../schema.js";

/**
 * SQL for the set of member organisation codes of a group (a sub-select). Recommended peers are
 * chosen by the analytics service (similarity of size and mix), not stored: a UsageError here.
 */
export async function groupMembersSql(db: Db, group: GroupRef): Promise<RawBuilder<unknown>> {
  const providers = sql.join(providerKinds.map((k) => sql.lit(k)));
  switch (group.kind) {
    case "org_kind":
      return sql`SELECT org_code FROM organisations WHERE kind = ${group.orgKind}`;
    case "orgs":
      return group.orgCodes.length === 0
        ? sql`SELECT org_code FROM organisations WHERE false`
        : sql`SELECT org_code FROM organisations WHERE org_code IN (${sql.join([...group.orgCodes])})`;
    case "recommended":
      throw new UsageError(
        `Recommended peers of ${group.orgCode} are chosen by the analytics service, not stored`,
      );
    case "england":
      return sql`SELECT org_code FROM organisations WHERE kind IN (${providers})`;
    case "region":
      return sql`SELECT org_code FROM organisations WHERE kind IN (${providers}) AND region_code = ${group.regionCode}`;
    case "icb":
      return sql`SELECT org_code FROM organisations WHERE kind IN (${providers}) AND icb_code = ${group.icbCode}`;
    case "network":
      return sql`SELECT m.org_code FROM network_members m JOIN organisations o USING (org_code)
        WHERE m.network_id = ${group.networkId} AND m.active AND o.kind IN (${providers})`;
    case "peer_group": {
      const row = await db
        .selectFrom("peer_groups")
        .select(["rule"])
        .where("peer_group_id", "=", group.peerGroupId)
        .executeTakeFirst();
      if (!row) throw new NotFoundError(`No peer group "${group.peerGroupId}"`);
      return ruleSql(group.peerGroupId, row.rule, providers);
    }
  }
}

function ruleSql(
  peerGroupId: string,
  rule: PeerGroupRule,
  providers: RawBuilder<unknown>,
): RawBuilder<unknown> {
  switch (rule.kind) {
    case "acute_trusts":
      return sql`SELECT org_code FROM organisations WHERE kind = 'acute_trust'`;
    case "region":
      return sql`SELECT org_code FROM organisations WHERE kind = 'acute_trust' AND region_code = ${rule.regionCode ?? ""}`;
    case "icb":
      return sql`SELECT org_code FROM organisations WHERE kind = 'acute_trust' AND icb_code = ${rule.icbCode ?? ""}`;
    case "network":
      return sql`SELECT m.org_code FROM network_members m JOIN organisations o USING (org_code)
        WHERE m.network_id = ${rule.networkId ?? ""} AND m.active AND o.kind IN (${providers})`;
    case "custom":
    case "peer_finder":
      return sql`SELECT org_code FROM peer_group_members WHERE peer_group_id = ${peerGroupId}`;
  }
}
