/**
 * The after-import pipeline: what every import runs once its values (or organisations) are
 * written, inside the import's transaction, whoever imports. There is one entry, `afterImport`,
 * so no importer can skip or reorder a step:
 *
 *   1. refine organisations  sources/refine-organisations.ts: fixed organisations a format needs,
 *                            trust kinds (trust types, else activity, else name), successors,
 *                            the Peer Finder groups' names
 *   2. network membership    storage/reference.ts refreshNetworkMembership: each open provider
 *                            and ICB joins the networks whose footprint holds it (the import
 *                            may have added organisations, step 1 changed kinds)
 *   3. derivations           derive/index.ts: derived metrics whose inputs the source holds
 *   4. quality checks        quality/index.ts: the source's data-quality flags, recomputed
 *   5. data version          the import's record is marked succeeded, the last write before
 *                            commit; the data version that the web cache and the analytics
 *                            engine follow (storage/data-version.ts, migration 004) moves at
 *                            that commit, once for the whole import
 *
 * Who calls it: `importFile` (import-file.ts), which `improve import`, the first start
 * (first-start.ts), `improve sync` and uploads (upload.ts) all go through, and the synthetic
 * demo loader (load-demo.ts). An organisation list runs steps 1, 2 and 5 (it has no values to
 * derive from or check); so does a reference publication (trust types, successions, peer groups).
 */
import type { PoolClient } from "pg";
import { onClient } from "../storage/database.js";
import { refreshNetworkMembership } from "../storage/reference.js";
import type { DeriveCounts } from "./derive/ctr-rate.js";
import { runDerivations } from "./derive/index.js";
import { runQualityChecks, type CheckResult } from "./quality/index.js";
import { refineOrganisations, type KindChange } from "./sources/refine-organisations.js";

/** What was imported, for the steps that depend on it. */
export interface ImportScope {
  /** The `imports` row of this import (inserted, status running, in this transaction). */
  importId: number;
  /** Format id (or "demo"). */
  formatId: string;
  kind: "values" | "organisations" | "reference";
  /** The values' source (metric_values.source); organisation lists have none. */
  source?: string;
  /** Values this import inserted or changed (decides whether statistics need refreshing). */
  written?: number;
}

/**
 * What the pipeline did. Stored in the import report as `quality` (the name it had when the
 * checks were the only visible step), so earlier reports read the same.
 */
export interface AfterImportSummary {
  /** Data-quality flags by check, with examples and findings; checks that flagged nothing are omitted. */
  checks: Record<string, CheckResult>;
  /** Trusts reclassified as acute by their activity. */
  refinedToAcute: string[];
  /** Organisations whose kind, subtype or kind source changed (trust types, activity, name). */
  kindsChanged: KindChange[];
  /** Organisations given a successor from the successions. */
  successorsSet: number;
  /** Network memberships added (organisations new to a network's footprint). */
  networkMembersAdded: number;
  /** Derived metrics recomputed, by metric. */
  derived: Record<string, DeriveCounts>;
  /** Milliseconds of each step, and of each quality check within step 4. */
  timings: Record<string, number>;
  durationMs: number;
}

export async function afterImport(
  client: PoolClient,
  scope: ImportScope,
): Promise<AfterImportSummary> {
  const started = Date.now();
  let stepStarted = started;
  const timings: Record<string, number> = {};
  const step = (name: string) => {
    const now = Date.now();
    timings[name] = now - stepStarted;
    stepStarted = now;
  };
  const source = scope.kind === "values" ? scope.source : undefined;

  const { refinedToAcute, kindsChanged, successorsSet } = await refineOrganisations(
    client,
    scope.formatId,
  );
  step("refine_organisations");
  const networkMembersAdded = await refreshNetworkMembership(onClient(client));
  step("network_membership");
  const derived = source ? await runDerivations(client, source) : {};
  step("derivations");
  let checks: Record<string, CheckResult> = {};
  if (source) {
    const quality = await runQualityChecks(client, { source, written: scope.written });
    checks = quality.checks;
    Object.assign(timings, quality.timings);
  }
  stepStarted = Date.now();
  await recordDataVersion(client, scope.importId);
  step("data_version");
  return {
    checks,
    refinedToAcute,
    kindsChanged,
    successorsSet,
    networkMembersAdded,
    derived,
    timings,
    durationMs: Date.now() - started,
  };
}

/**
 * Step 5. The import's record marked succeeded: migration 004's triggers note the change and the
 * data version (storage/data-version.ts) moves when the import's transaction commits, with
 * everything steps 1–4 wrote, so readers never see a half-finished import's version.
 */
async function recordDataVersion(client: PoolClient, importId: number): Promise<void> {
  await client.query(
    `UPDATE imports SET status = 'succeeded', finished_at = now() WHERE import_id = $1`,
    [importId],
  );
}
