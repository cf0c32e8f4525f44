/**
 * User-defined peer groups: a named list of organisations (`peer_groups.kind = 'custom'` with rows
 * in `peer_group_members`). Predefined groups (acute, region-…, icb-…, network-…) are seeded by
 * reference.ts and cannot be edited or deleted here.
 */
import { sql } from "kysely";
import { ConflictError, NotFoundError, UsageError } from "../../errors.js";
import type { Db } from "../schema.js";
import { withTransaction } from "../transaction.js";

export interface PeerGroupSummary {
  peerGroupId: string;
  name: string;
  kind: string;
  owner: string | null;
  members: number;
  createdAt: Date;
}

export interface CustomPeerGroup extends PeerGroupSummary {
  orgCodes: string[];
}

export interface NewCustomPeerGroup {
  /** lower-case letters, digits and hyphens, starting "custom-" when omitted from the name. */
  peerGroupId?: string;
  name: string;
  orgCodes: readonly string[];
  owner?: string | null;
}

const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50);
  return `custom-${s || "group"}`;
}

/** Creates a custom peer group. Every code must be a known organisation; duplicates are merged. */
export async function createCustomPeerGroup(
  db: Db,
  group: NewCustomPeerGroup,
): Promise<CustomPeerGroup> {
  const name = group.name.trim();
  if (!name) throw new UsageError("A peer group needs a name");
  const id = group.peerGroupId ?? slug(name);
  if (!ID.test(id))
    throw new UsageError(
      `Peer group id "${id}" must be 2–63 lower-case letters, digits or hyphens`,
    );
  const codes = [
    ...new Set(group.orgCodes.map((c) => c.trim().toUpperCase()).filter(Boolean)),
  ].sort();
  if (codes.length === 0) throw new UsageError("A peer group needs at least one organisation");
  const known = await db
    .selectFrom("organisations")
    .select("org_code")
    .where("org_code", "in", codes)
    .execute();
  const knownSet = new Set(known.map((k) => k.org_code));
  const unknown = codes.filter((c) => !knownSet.has(c));
  if (unknown.length > 0)
    throw new UsageError(
      `Unknown organisation${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`,
    );
  return withTransaction(db, async (trx) => {
    const exists = await trx
      .selectFrom("peer_groups")
      .select("peer_group_id")
      .where("peer_group_id", "=", id)
      .executeTakeFirst();
    if (exists) throw new ConflictError(`A peer group "${id}" already exists`);
    const row = await trx
      .insertInto("peer_groups")
      .values({
        peer_group_id: id,
        name,
        kind: "custom",
        rule: JSON.stringify({ kind: "custom" }),
        owner: group.owner ?? null,
      })
      .returning(["created_at"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("peer_group_members")
      .values(codes.map((org_code) => ({ peer_group_id: id, org_code })))
      .execute();
    return {
      peerGroupId: id,
      name,
      kind: "custom",
      owner: group.owner ?? null,
      members: codes.length,
      createdAt: row.created_at,
      orgCodes: codes,
    };
  });
}

/** Every peer group (predefined and custom) with its member count; custom groups' counts are their lists. */
export async function listPeerGroups(
  db: Db,
  filter: { kind?: "predefined" | "custom"; owner?: string } = {},
): Promise<PeerGroupSummary[]> {
  let q = db
    .selectFrom("peer_groups as g")
    .select([
      "g.peer_group_id",
      "g.name",
      "g.kind",
      "g.owner",
      "g.created_at",
      sql<number>`(SELECT count(*)::int FROM peer_group_members m WHERE m.peer_group_id = g.peer_group_id)`.as(
        "members",
      ),
    ]);
  if (filter.kind) q = q.where("g.kind", "=", filter.kind);
  if (filter.owner) q = q.where("g.owner", "=", filter.owner);
  const rows = await q.orderBy("g.kind").orderBy("g.peer_group_id").execute();
  return rows.map((r) => ({
    peerGroupId: r.peer_group_id,
    name: r.name,
    kind: r.kind,
    owner: r.owner,
    members: r.members,
    createdAt: r.created_at,
  }));
}

export async function getCustomPeerGroup(
  db: Db,
  peerGroupId: string,
): Promise<CustomPeerGroup | undefined> {
  const g = await db
    .selectFrom("peer_groups")
    .select(["peer_group_id", "name", "kind", "owner", "created_at"])
    .where("peer_group_id", "=", peerGroupId)
    .where("kind", "=", "custom")
    .executeTakeFirst();
  if (!g) return undefined;
  const members = await db
    .selectFrom("peer_group_members")
    .select("org_code")
    .where("peer_group_id", "=", peerGroupId)
    .orderBy("org_code")
    .execute();
  return {
    peerGroupId: g.peer_group_id,
    name: g.name,
    kind: g.kind,
    owner: g.owner,
    createdAt: g.created_at,
    members: members.length,
    orgCodes: members.map((m) => m.org_code),
  };
}

/** Deletes a custom group (its members go with it). Predefined groups cannot be deleted. */
export async function deleteCustomPeerGroup(db: Db, peerGroupId: string): Promise<void> {
  const g = await db
    .selectFrom("peer_groups")
    .select(["kind"])
    .where("peer_group_id", "=", peerGroupId)
    .executeTakeFirst();
  if (!g) throw new NotFoundError(`No peer group "${peerGroupId}"`);
  if (g.kind !== "custom")
    throw new UsageError(`Peer group "${peerGroupId}" is predefined and cannot be deleted`);
  await db.deleteFrom("peer_groups").where("peer_group_id", "=", peerGroupId).execute();
}
