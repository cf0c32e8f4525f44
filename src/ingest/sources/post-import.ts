/**
 * What the registry learns from an import beyond its values, run inside the import's
 * transaction after the merge (from quality/index.ts):
 *
 * - Fixed organisations a format stores values under (autospc's anonymised hospital ANON1, kind
 *   "other"), so they are never left as "unlisted provider".
 * - Trust kinds refined by activity: a trust classified by name as mental health or community
 *   (shared/trust-kind.ts) that reports type 1 A&E attendances or general and acute beds is an
 *   acute trust. Run after every import, organisation lists included, so re-importing ODS
 *   (which classifies by name again) does not undo it.
 * - Derived metrics recomputed from what the import changed: `ctr_rate` (derive/ctr-rate.ts)
 *   after any import whose source holds one of its inputs (criteria-to-reside patients or
 *   occupied adult G&A beds), whichever of the two arrives first.
 */
import type { PoolClient } from "pg";
import { upsertOrganisations } from "../../storage/organisation-writer.js";
import { deriveCtrRate, feedsCtrRate } from "../derive/ctr-rate.js";
import type { OrganisationInput } from "../format.js";
import { ANONYMISED_HOSPITAL } from "./autospc/index.js";
import { formatById } from "./index.js";

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
  const format = formatById(formatId);
  if (format?.kind === "values" && (await feedsCtrRate(client, format.source)))
    await deriveCtrRate(client);
  return { refinedToAcute: rows.map((r) => r.org_code).sort() };
}
