/**
 * The after-import pipeline: what follows every import, whoever imports (first start,
 * `improve import`, sync, the demo loader, uploads), stated once so that no entry point can skip
 * a step.
 *
 * In each file's transaction, after its values or organisations are merged (`afterFileImport`):
 *   1. refine organisations: fixed organisations a format stores values under, trust kinds
 *      refined by activity (sources/post-import.ts);
 *   2. derive the metrics whose inputs the import changed (derive/);
 *   3. data-quality checks over the source's values (quality/).
 * Once a batch of files is in (`afterImports`):
 *   4. network membership: each open provider and ICB joins the networks whose footprint holds
 *      it (storage/reference.ts), so a network's dashboard lists the trusts just imported.
 *
 * The data version that the web cache and the analytics engine follow (storage/data-version.ts)
 * moves at each commit that changed data: each file's transaction (steps 1–3) and step 4 when it
 * added members.
 */
import type { PoolClient } from "pg";
import type { Database } from "../storage/database.js";
import { refreshNetworkMembership } from "../storage/reference.js";
import { deriveAfterImport } from "./derive/index.js";
import { runQualityChecks, type QualityScope, type QualitySummary } from "./quality/index.js";
import { refineOrganisations } from "./sources/post-import.js";

/** What steps 1–3 did to one file's import (`quality` in its import report). */
export interface AfterFileImportSummary extends QualitySummary {
  /** Trusts reclassified as acute by their activity (step 1). */
  refinedToAcute: string[];
}

/** Steps 1–3, inside the import's transaction (`client` holds it open). */
export async function afterFileImport(
  client: PoolClient,
  scope: QualityScope,
): Promise<AfterFileImportSummary> {
  const started = Date.now();
  const { refinedToAcute } = await refineOrganisations(client, scope.formatId);
  await deriveAfterImport(client, scope.formatId);
  const refineAndDeriveMs = Date.now() - started;
  const quality = await runQualityChecks(client, scope);
  return {
    checks: quality.checks,
    refinedToAcute,
    // `post_import`: steps 1 and 2, listed first, so the timings add up to `durationMs`.
    timings: { post_import: refineAndDeriveMs, ...quality.timings },
    durationMs: refineAndDeriveMs + quality.durationMs,
  };
}

/** Step 4, after a batch of imports has committed. Returns the network memberships added. */
export async function afterImports(database: Pick<Database, "db">): Promise<number> {
  return refreshNetworkMembership(database.db);
}
