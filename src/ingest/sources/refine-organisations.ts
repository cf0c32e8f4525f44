/**
 * What the registry learns from an import beyond its values (step 1 of the after-import pipeline,
 * after-import.ts, run inside the import's transaction after the merge):
 *
 * - Fixed organisations a format stores values under (autospc's anonymised hospital ANON1, kind
 *   "other"), so they are never left as "unlisted provider".
 * - Trust kinds refined by activity: a trust classified by name as mental health or community
 *   (shared/trust-kind.ts) that reports type 1 A&E attendances or general and acute beds is an
 *   acute trust. Run after every import, organisation lists included, so re-importing ODS
 *   (which classifies by name again) does not undo it.
 */
import type { PoolClient } from "pg";
import { upsertOrganisations } from "../../storage/organisation-writer.js";
import type { OrganisationInput } from "../format.js";
import { ANONYMISED_HOSPITAL } from "./autospc/index.js";

const fixedOrganisations: Record<string, OrganisationInput[]> = {
  autospc: [ANONYMISED_HOSPITAL],
};

export async function refineOrganisations(
  client: PoolClient,
  formatId: string,
): Promise<{ refinedToAcute: string[] }> {
  const fixed = fixedOrganisations[formatId];
  if (fixed) await upsertOrganisations(client, fixed, formatId);
  const { rows } = await client.query<{ org_code: string }>(
    `UPDATE organisations o SET kind = 'acute_trust', updated_at = now()
     WHERE o.kind IN ('mental_health_trust', 'community_trust') AND EXISTS (
       SELECT 1 FROM metric_values v WHERE v.org_code = o.org_code
         AND ((v.metric_id = 'ae_attendances_type1' AND v.value > 0) OR (v.metric_id = 'ga_occupancy' AND v.denominator > 0)))
     RETURNING o.org_code`,
  );
  return { refinedToAcute: rows.map((r) => r.org_code).sort() };
}
