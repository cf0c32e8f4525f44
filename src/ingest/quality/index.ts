/**
 * The post-import step: organisation refinements (sources/post-import.ts), then the data-quality
 * checks, run set-based in SQL inside the import's transaction, after the merge, over every value
 * of the import's source (flags depend on the whole series, so they are recomputed for the
 * source, never accumulated). Flags are written to metric_values.dq_flags and summarised in the
 * import report; they never block an import. One file per check:
 *
 *   duplicate_period               duplicate-period.ts
 *   gap_before                     gap-before.ts
 *   numerator_exceeds_denominator  numerator-exceeds-denominator.ts
 *   negative                       negative.ts
 *   outlier_vs_history             outlier-vs-history.ts
 *   national_total_mismatch        national-total-mismatch.ts
 *   source_disagreement            source-disagreement.ts
 */
import type { PoolClient } from "pg";
import { refineOrganisations } from "../sources/post-import.js";
import { checkDuplicatePeriod, DUPLICATE_PERIOD } from "./duplicate-period.js";
import type { CheckResult } from "./flag.js";
import { checkGapBefore, GAP_BEFORE } from "./gap-before.js";
import { checkNationalTotalMismatch, NATIONAL_TOTAL_MISMATCH } from "./national-total-mismatch.js";
import { checkNegative, NEGATIVE } from "./negative.js";
import {
  checkNumeratorExceedsDenominator,
  NUMERATOR_EXCEEDS_DENOMINATOR,
} from "./numerator-exceeds-denominator.js";
import { checkOutlierVsHistory, OUTLIER_VS_HISTORY } from "./outlier-vs-history.js";
import { checkSourceDisagreement, SOURCE_DISAGREEMENT } from "./source-disagreement.js";

export type { CheckResult, FlagExample } from "./flag.js";

const checks: readonly [string, (client: PoolClient, source: string) => Promise<CheckResult>][] = [
  [DUPLICATE_PERIOD, checkDuplicatePeriod],
  [GAP_BEFORE, checkGapBefore],
  [NUMERATOR_EXCEEDS_DENOMINATOR, checkNumeratorExceedsDenominator],
  [NEGATIVE, checkNegative],
  [OUTLIER_VS_HISTORY, checkOutlierVsHistory],
  [NATIONAL_TOTAL_MISMATCH, checkNationalTotalMismatch],
  [SOURCE_DISAGREEMENT, checkSourceDisagreement],
];

/** Every flag the checks own (and recompute); other flags an importer sets are left alone. */
export const qualityFlags: readonly string[] = checks.map(([flag]) => flag);

export interface QualitySummary {
  /** Flagged value counts per check, with examples and findings; checks that flagged nothing are omitted. */
  checks: Record<string, CheckResult>;
  /** Trusts reclassified as acute by their activity. */
  refinedToAcute: string[];
  /** Milliseconds each check took (to see what an import's time goes on). */
  timings: Record<string, number>;
  durationMs: number;
}

export interface QualityScope {
  formatId: string;
  kind: "values" | "organisations";
  /** The values' source (metric_values.source); absent for organisation lists. */
  source?: string;
  /** Values this import inserted or changed (decides whether statistics need refreshing). */
  written?: number;
}

/** Imports writing at least this many values refresh the planner's statistics before the checks. */
const ANALYZE_AFTER = 5000;

export async function runQualityChecks(
  client: PoolClient,
  scope: QualityScope,
): Promise<QualitySummary> {
  const started = Date.now();
  const { refinedToAcute } = await refineOrganisations(client, scope.formatId);
  const summary: QualitySummary = { checks: {}, refinedToAcute, timings: {}, durationMs: 0 };
  if (scope.kind === "values" && scope.source) {
    // Fresh statistics after a bulk load, so the checks' joins are planned for the real sizes.
    if ((scope.written ?? ANALYZE_AFTER) >= ANALYZE_AFTER)
      await client.query("ANALYZE metric_values");
    await client.query(
      `UPDATE metric_values SET dq_flags = ARRAY(SELECT f FROM unnest(dq_flags) AS f WHERE NOT (f = ANY ($2::text[])))
       WHERE source = $1 AND dq_flags && $2::text[]`,
      [scope.source, qualityFlags],
    );
    for (const [flag, check] of checks) {
      const checkStarted = Date.now();
      const result = await check(client, scope.source);
      summary.timings[flag] = Date.now() - checkStarted;
      if (result.flagged > 0 || (result.findings && result.findings.length > 0))
        summary.checks[flag] = result;
    }
  }
  summary.durationMs = Date.now() - started;
  return summary;
}
