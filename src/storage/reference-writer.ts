/**
 * Writes a reference publication (decision 0010): trust types, successions or the Peer Finder
 * groups. A reference publication is a whole table, so an import replaces what its format wrote
 * before (a key another format gave is taken over: the newer import wins). What the rows mean
 * for organisations (their kinds, successors, the groups' names) is applied by the after-import
 * step (ingest/sources/refine-organisations.ts), whichever import comes first.
 */
import type { PoolClient } from "pg";
import { peerFinderGroupId, peerFinderGroupName } from "../metrics/reference-data.js";
import type { PeerFinderGroup, Succession, TrustType } from "../metrics/reference-data.js";
import { organisationName } from "../metrics/org-names.js";
import { addUnlistedOrganisations } from "./value-writer.js";

/** What a reference import wrote, for its report. */
export interface ReferenceWriteSummary {
  trustTypes?: {
    rows: number;
    /** Sectors counted apart (R1F1, R1F2), which type no organisation. */
    sectors: string[];
    /** Codes typed that the registry does not hold (yet). */
    notHeld: string[];
  };
  successions?: {
    rows: number;
    /** Predecessors with several successors. */
    splits: string[];
    /** Predecessors of a partial succession. */
    partial: string[];
    /** Successors the registry does not hold. */
    successorsNotHeld: string[];
  };
  peerFinderGroups?: {
    groups: number;
    members: number;
    /** Closed organisations among the groups' trusts and members (kept). */
    closed: string[];
    /** Codes the registry did not hold, added as unlisted providers. */
    unlisted: string[];
  };
}

export interface ReferenceItems {
  trustTypes: TrustType[];
  successions: Succession[];
  peerFinderGroups: PeerFinderGroup[];
}

async function notHeld(client: PoolClient, codes: string[]): Promise<string[]> {
  const { rows } = await client.query<{ code: string }>(
    `SELECT DISTINCT code FROM unnest($1::text[]) AS code
     WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.org_code = code) ORDER BY code`,
    [codes],
  );
  return rows.map((r) => r.code);
}

async function writeTrustTypes(
  client: PoolClient,
  source: string,
  importId: number,
  rows: TrustType[],
): Promise<NonNullable<ReferenceWriteSummary["trustTypes"]>> {
  await client.query(`DELETE FROM trust_types WHERE source = $1`, [source]);
  await client.query(
    `INSERT INTO trust_types (org_code, name, published_type, kind, subtype, survey_group,
       types_disagree, sector_of, source, import_id)
     SELECT *, $9, $10 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
       $6::text[], $7::boolean[], $8::text[])
     ON CONFLICT (org_code) DO UPDATE SET name = excluded.name,
       published_type = excluded.published_type, kind = excluded.kind, subtype = excluded.subtype,
       survey_group = excluded.survey_group, types_disagree = excluded.types_disagree,
       sector_of = excluded.sector_of, source = excluded.source, import_id = excluded.import_id`,
    [
      rows.map((r) => r.orgCode),
      // As NHS.UK writes them: the table names a trust the registry first saw by its code.
      rows.map((r) => organisationName(r.name)),
      rows.map((r) => r.publishedType),
      rows.map((r) => r.kind),
      rows.map((r) => r.subtype),
      rows.map((r) => r.surveyGroup),
      rows.map((r) => r.typesDisagree),
      rows.map((r) => r.sectorOf),
      source,
      importId,
    ],
  );
  const typed = rows.filter((r) => r.sectorOf === null);
  return {
    rows: rows.length,
    sectors: rows.filter((r) => r.sectorOf !== null).map((r) => r.orgCode),
    notHeld: await notHeld(
      client,
      typed.map((r) => r.orgCode),
    ),
  };
}

async function writeSuccessions(
  client: PoolClient,
  source: string,
  importId: number,
  rows: Succession[],
): Promise<NonNullable<ReferenceWriteSummary["successions"]>> {
  await client.query(`DELETE FROM org_successions WHERE source = $1`, [source]);
  await client.query(
    `INSERT INTO org_successions (predecessor_code, successor_code, effective_date, org_level,
       partial, successor_name, note, source, import_id)
     SELECT p, s, d::date, l, pa, n, note, $8, $9 FROM unnest($1::text[], $2::text[], $3::text[],
       $4::text[], $5::boolean[], $6::text[], $7::text[]) AS t(p, s, d, l, pa, n, note)
     ON CONFLICT (predecessor_code, successor_code) DO UPDATE SET
       effective_date = excluded.effective_date, org_level = excluded.org_level,
       partial = excluded.partial, successor_name = excluded.successor_name, note = excluded.note,
       source = excluded.source, import_id = excluded.import_id`,
    [
      rows.map((r) => r.predecessorCode),
      rows.map((r) => r.successorCode),
      rows.map((r) => r.effectiveDate),
      rows.map((r) => r.orgLevel),
      rows.map((r) => r.partial),
      rows.map((r) => (r.successorName === null ? null : organisationName(r.successorName))),
      rows.map((r) => r.note),
      source,
      importId,
    ],
  );
  const successors = new Map<string, number>();
  for (const r of rows)
    successors.set(r.predecessorCode, (successors.get(r.predecessorCode) ?? 0) + 1);
  return {
    rows: rows.length,
    splits: [...successors]
      .filter(([, n]) => n > 1)
      .map(([code]) => code)
      .sort(),
    partial: rows
      .filter((r) => r.partial)
      .map((r) => r.predecessorCode)
      .sort(),
    successorsNotHeld: await notHeld(
      client,
      rows.map((r) => r.successorCode),
    ),
  };
}

async function writePeerFinderGroups(
  client: PoolClient,
  source: string,
  groups: PeerFinderGroup[],
): Promise<NonNullable<ReferenceWriteSummary["peerFinderGroups"]>> {
  const codes = [...new Set(groups.flatMap((g) => [g.orgCode, ...g.members]))].sort();
  const unlisted = await addUnlistedOrganisations(client, codes, source);
  // The groups are this publication's: replaced as a whole (their members go with them).
  await client.query(`DELETE FROM peer_groups WHERE kind = 'peer_finder'`);
  await client.query(
    `INSERT INTO peer_groups (peer_group_id, name, kind, rule)
     SELECT id, name, 'peer_finder', rule::jsonb FROM unnest($1::text[], $2::text[], $3::text[])
       AS t(id, name, rule)`,
    [
      groups.map((g) => peerFinderGroupId(g.orgCode)),
      // Named after the trust's code until the after-import step gives it the trust's name.
      groups.map((g) => peerFinderGroupName(g.orgCode)),
      groups.map((g) => JSON.stringify({ kind: "peer_finder", orgCode: g.orgCode })),
    ],
  );
  const members = groups.flatMap((g) => g.members.map((m) => [peerFinderGroupId(g.orgCode), m]));
  await client.query(
    `INSERT INTO peer_group_members (peer_group_id, org_code)
     SELECT * FROM unnest($1::text[], $2::text[])`,
    [members.map((m) => m[0]), members.map((m) => m[1])],
  );
  const { rows } = await client.query<{ org_code: string }>(
    `SELECT org_code FROM organisations WHERE org_code = ANY($1::text[]) AND close_date IS NOT NULL
     ORDER BY org_code`,
    [codes],
  );
  return {
    groups: groups.length,
    members: members.length,
    closed: rows.map((r) => r.org_code),
    unlisted,
  };
}

/** Writes each kind of item the publication holds, replacing what its format wrote before. */
export async function writeReference(
  client: PoolClient,
  source: string,
  importId: number,
  items: ReferenceItems,
): Promise<ReferenceWriteSummary> {
  const summary: ReferenceWriteSummary = {};
  if (items.trustTypes.length > 0)
    summary.trustTypes = await writeTrustTypes(client, source, importId, items.trustTypes);
  if (items.successions.length > 0)
    summary.successions = await writeSuccessions(client, source, importId, items.successions);
  if (items.peerFinderGroups.length > 0)
    summary.peerFinderGroups = await writePeerFinderGroups(client, source, items.peerFinderGroups);
  return summary;
}
