/**
 * What the registry learns from an import beyond its values (step 1 of the after-import pipeline,
 * after-import.ts, run inside the import's transaction after the merge):
 *
 * - Fixed organisations a format stores values under (autospc's anonymised hospital ANON1, kind
 *   "other"), so they are never left as "unlisted provider".
 * - Trust kinds, best founded first (decision 0010): the trust-type table where a row is held
 *   (kind source `trust_types`, with the acute subtype); otherwise activity (`activity`): a trust
 *   named like a mental health or community trust (shared/trust-kind.ts) that reports type 1 A&E
 *   attendances or general and acute beds is acute, and a trust named like an acute trust that
 *   reports only KH03 mental illness or learning disability beds (no type 1 A&E, no general and
 *   acute beds) is a mental health trust; otherwise the name (`name`). Activity is read from
 *   publications only: an upload (metrics/sources.ts OWN_DATA_SOURCES) is an organisation's own
 *   data and cannot reclassify another trust.
 *   Decided afresh after every import, organisation lists and reference tables included, so the
 *   order of imports does not matter and re-importing ODS (which classifies by name again) does
 *   not undo a type.
 * - Successors: a predecessor with exactly one successor, not partial, gets it as
 *   `successor_code` (a split or partial succession has no single successor; its rows stay in
 *   org_successions for the history).
 * - Names: an organisation first seen in a values file, named by its code (the care trust TAF
 *   in KH03), takes the trust-type table's name.
 * - The Peer Finder groups are named after their trust as the registry names it.
 */
import type { PoolClient } from "pg";
import {
  providerKinds,
  type AcuteSubtype,
  type KindSource,
  type OrgKind,
} from "../../metrics/organisations.js";
import { peerFinderGroupName } from "../../metrics/reference-data.js";
import { OWN_DATA_SOURCES } from "../../metrics/sources.js";
import { upsertOrganisations } from "../../storage/organisation-writer.js";
import type { OrganisationInput } from "../format.js";
import { ANONYMISED_HOSPITAL } from "./autospc/index.js";
import { NAME_CLASSIFYING_LISTS, trustKindFromName } from "./shared/trust-kind.js";

const fixedOrganisations: Record<string, OrganisationInput[]> = {
  autospc: [ANONYMISED_HOSPITAL],
};

/** An organisation whose kind this step changed. */
export interface KindChange {
  orgCode: string;
  from: string;
  to: OrgKind;
  subtype: AcuteSubtype | null;
  kindSource: KindSource;
}

export interface RefineSummary {
  /** Trusts reclassified as acute by their activity in this import. */
  refinedToAcute: string[];
  /** Every kind, subtype or kind source changed in this import. */
  kindsChanged: KindChange[];
  /** Organisations given a successor in this import. */
  successorsSet: number;
}

export async function refineOrganisations(
  client: PoolClient,
  formatId: string,
): Promise<RefineSummary> {
  const fixed = fixedOrganisations[formatId];
  if (fixed) await upsertOrganisations(client, fixed, formatId);
  const kindsChanged = await resolveKinds(client);
  // A code first seen in a values file is named by its code (TAF in KH03): the table names it.
  await client.query(
    `UPDATE organisations o SET name = t.name, updated_at = now()
     FROM trust_types t
     WHERE t.org_code = o.org_code AND t.sector_of IS NULL AND o.name = o.org_code
       AND o.kind_source = 'trust_types'`,
  );
  const successorsSet = await setSuccessors(client);
  await client.query(
    `UPDATE peer_groups g SET name = o.name || $1
     FROM organisations o
     WHERE g.kind = 'peer_finder' AND o.org_code = g.rule->>'orgCode' AND g.name IS DISTINCT FROM o.name || $1`,
    [peerFinderGroupName("")],
  );
  return {
    refinedToAcute: kindsChanged
      .filter((c) => c.kindSource === "activity" && c.to === "acute_trust" && c.from !== c.to)
      .map((c) => c.orgCode),
    kindsChanged,
    successorsSet,
  };
}

interface Candidate {
  org_code: string;
  name: string;
  kind: string;
  subtype: string | null;
  kind_source: string;
  source: string;
  type_kind: OrgKind | null;
  type_subtype: AcuteSubtype | null;
  /** Type 1 A&E attendances or general and acute beds (null where a type is held). */
  acute_activity: boolean | null;
  /** KH03 mental illness or learning disability beds (null where a type is held). */
  mental_health_beds: boolean | null;
}

/** The kind an organisation should have now, from its trust type, activity or name. */
function resolve(c: Candidate): Omit<KindChange, "orgCode" | "from"> {
  if (c.type_kind) return { to: c.type_kind, subtype: c.type_subtype, kindSource: "trust_types" };
  // A trust whose type row is gone: an organisation no list classifies by name (first seen in a
  // values file) is an unlisted provider again.
  if (c.kind_source === "trust_types" && !NAME_CLASSIFYING_LISTS.includes(c.source))
    return { to: "unlisted_provider", subtype: null, kindSource: "list" };
  const byName = trustKindFromName(c.name);
  if ((byName === "mental_health_trust" || byName === "community_trust") && c.acute_activity)
    return { to: "acute_trust", subtype: null, kindSource: "activity" };
  // Named like an acute trust, but only mental illness or learning disability beds and no acute
  // activity (G6V2S North London NHS FT, opened November 2024, is in no trust-type source).
  if (byName === "acute_trust" && c.mental_health_beds && c.acute_activity === false)
    return { to: "mental_health_trust", subtype: null, kindSource: "activity" };
  return { to: byName, subtype: null, kindSource: "name" };
}

async function resolveKinds(client: PoolClient): Promise<KindChange[]> {
  // Candidates: trusts classified by name, activity or type, and any provider (or unlisted
  // provider) with a trust type. Activity is looked up only where no type is held.
  const { rows } = await client.query<Candidate>(
    `SELECT o.org_code, o.name, o.kind, o.subtype, o.kind_source, o.source,
       t.kind AS type_kind, t.subtype AS type_subtype,
       CASE WHEN t.org_code IS NULL THEN EXISTS (
         SELECT 1 FROM metric_values v WHERE v.org_code = o.org_code AND v.source <> ALL($2::text[])
           AND ((v.metric_id = 'ae_attendances_type1' AND v.value > 0)
             OR (v.metric_id IN ('ga_occupancy', 'kh03_occupancy_ga') AND v.denominator > 0)))
       END AS acute_activity,
       CASE WHEN t.org_code IS NULL THEN EXISTS (
         SELECT 1 FROM metric_values v WHERE v.org_code = o.org_code AND v.source <> ALL($2::text[])
           AND v.metric_id IN ('kh03_occupancy_mental_illness', 'kh03_occupancy_learning_disabilities')
           AND v.denominator > 0) END AS mental_health_beds
     FROM organisations o
     LEFT JOIN trust_types t ON t.org_code = o.org_code AND t.sector_of IS NULL
     WHERE NOT o.synthetic AND (o.kind_source IN ('name', 'activity', 'trust_types')
       OR (t.org_code IS NOT NULL AND o.kind = ANY($1::text[])))
     ORDER BY o.org_code`,
    [[...providerKinds, "unlisted_provider"], OWN_DATA_SOURCES],
  );
  const changes: KindChange[] = [];
  for (const c of rows) {
    const r = resolve(c);
    if (r.to !== c.kind || r.subtype !== c.subtype || r.kindSource !== c.kind_source)
      changes.push({ orgCode: c.org_code, from: c.kind, ...r });
  }
  if (changes.length > 0)
    await client.query(
      `UPDATE organisations o SET kind = t.kind, subtype = t.subtype, kind_source = t.kind_source,
         updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(org_code, kind, subtype, kind_source)
       WHERE o.org_code = t.org_code`,
      [
        changes.map((c) => c.orgCode),
        changes.map((c) => c.to),
        changes.map((c) => c.subtype),
        changes.map((c) => c.kindSource),
      ],
    );
  return changes;
}

/** Clean successions (one successor, not partial) as organisations' successor_code. */
async function setSuccessors(client: PoolClient): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE organisations o SET successor_code = s.successor_code, updated_at = now()
     FROM (SELECT predecessor_code, min(successor_code) AS successor_code FROM org_successions
           GROUP BY predecessor_code HAVING count(*) = 1 AND NOT bool_or(partial)) s
     WHERE o.org_code = s.predecessor_code AND o.successor_code IS DISTINCT FROM s.successor_code`,
  );
  return rowCount ?? 0;
}
