/**
 * The data-quality checks (step 4 of the after-import pipeline, after-import.ts), run set-based in
 * SQL inside the import's transaction, after the merge, over every value
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
 *
 * How the work is shared, so that a big import pays for a few passes over its values rather
 * than several per check:
 *
 * 1. One pass (series.ts) groups the source's values by series into the temporary table
 *    `dq_series`: each series' periods and values as arrays, a few aggregates, whether it is
 *    provably gap-free, and the periods of the rare values a row rule (negative, numerator
 *    above denominator) may flag or that carry flags already. gap_before and outlier_vs_history
 *    work from it series by series; the row rules look up only the marked values; checks that
 *    cannot apply (no England values, no monthly data, no other source) return at once.
 * 2. duplicate_period hashes each organisation-period in one parallel aggregation of its own.
 * 3. Checks only collect what they flag (key and detail, into `dq_found`); one UPDATE at the end
 *    (flag.ts) writes the flags, only on values whose flags change.
 *
 * work_mem is at least 256 MB for the duration (set locally, restored), so that a source of
 * millions of values is aggregated in memory. `timings` gives each check's
 * milliseconds, plus `prepare` (statistics and the shared pass) and `write_flags`, so that they
 * add up to `durationMs`.
 */
import type { PoolClient } from "pg";
import { checkDuplicatePeriod, DUPLICATE_PERIOD } from "./duplicate-period.js";
import { createFlagTables, writeFlags, type CheckResult } from "./flag.js";
import { checkGapBefore, GAP_BEFORE } from "./gap-before.js";
import { checkNationalTotalMismatch, NATIONAL_TOTAL_MISMATCH } from "./national-total-mismatch.js";
import { checkNegative, NEGATIVE, negativeRule } from "./negative.js";
import {
  checkNumeratorExceedsDenominator,
  NUMERATOR_EXCEEDS_DENOMINATOR,
  numeratorExceedsDenominatorRule,
} from "./numerator-exceeds-denominator.js";
import { checkOutlierVsHistory, OUTLIER_VS_HISTORY } from "./outlier-vs-history.js";
import { buildSeries } from "./series.js";
import { withSettings } from "./settings.js";
import { checkSourceDisagreement, SOURCE_DISAGREEMENT } from "./source-disagreement.js";

export type { CheckResult } from "./flag.js";

type Check = (client: PoolClient, source: string) => Promise<{ findings?: unknown[] } | void>;

/** In check order: a value's quality flags are listed in this order. */
const checks: readonly [string, Check][] = [
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

/** Checks that judge each value alone: the shared pass marks their candidates. */
const rowRules = [negativeRule, numeratorExceedsDenominatorRule];

export interface QualitySummary {
  /** Flagged value counts per check, with examples and findings; checks that flagged nothing are omitted. */
  checks: Record<string, CheckResult>;
  /** Milliseconds each check took, and the shared steps (to see what an import's time goes on). */
  timings: Record<string, number>;
  durationMs: number;
}

export interface QualityScope {
  /** The values' source (metric_values.source) whose flags are recomputed. */
  source: string;
  /** Values this import inserted or changed (decides whether statistics need refreshing). */
  written?: number;
}

/** Imports writing at least this many values refresh the planner's statistics before the checks. */
const ANALYZE_AFTER = 5000;
const WORK_MEM = "256MB";
/** Dropped when the checks are done (they would be at commit anyway). */
const TEMPORARY_TABLES = [
  "dq_series",
  "dq_found",
  "dq_touch",
  "dq_new",
  "dq_signatures",
  "dq_duplicates",
  "dq_pairs",
]
  .map((t) => `pg_temp.${t}`)
  .join(", ");

/**
 * Memory for the checks' aggregations, raised for the duration (never lowered). The shared pass
 * holds every value of the source in arrays, about 50 bytes a value: 300 MB for the 6.6 million
 * of a 100 MB A&E file. With the default 32 MB it spilled 540 MB to disk and took 17 s; with
 * 256 MB (hash tables get twice that) 10 s.
 */
async function checkSettings(client: PoolClient): Promise<Record<string, string>> {
  const { rows } = await client.query<{ raise: boolean }>(
    "SELECT pg_size_bytes(current_setting('work_mem')) < pg_size_bytes($1) AS raise",
    [WORK_MEM],
  );
  return rows[0]?.raise ? { work_mem: WORK_MEM } : {};
}

export async function runQualityChecks(
  client: PoolClient,
  scope: QualityScope,
): Promise<QualitySummary> {
  const started = Date.now();
  const summary: QualitySummary = { checks: {}, timings: {}, durationMs: 0 };
  const source = scope.source;
  let stepStarted = started;
  const step = (name: string) => {
    const now = Date.now();
    summary.timings[name] = now - stepStarted;
    stepStarted = now;
  };
  await withSettings(client, await checkSettings(client), async () => {
    // Fresh statistics after a bulk load, so the checks' joins are planned for the real sizes.
    if ((scope.written ?? ANALYZE_AFTER) >= ANALYZE_AFTER)
      await client.query("ANALYZE metric_values");
    await createFlagTables(client);
    const values = await buildSeries(client, source, rowRules);
    step("prepare");
    const findings: Record<string, unknown[]> = {};
    for (const [flag, check] of checks) {
      const result = await check(client, source);
      if (result?.findings) findings[flag] = result.findings;
      step(flag);
    }
    const flagged = await writeFlags(client, source, values, qualityFlags, [SOURCE_DISAGREEMENT]);
    for (const [flag] of checks) {
      const result = flagged[flag];
      const found = findings[flag];
      if (result || (found && found.length > 0))
        summary.checks[flag] = {
          ...(result ?? { flagged: 0, examples: [] }),
          ...(found ? { findings: found } : {}),
        };
    }
    await client.query(`DROP TABLE IF EXISTS ${TEMPORARY_TABLES}`);
  });
  step("write_flags");
  summary.durationMs = Date.now() - started;
  return summary;
}
