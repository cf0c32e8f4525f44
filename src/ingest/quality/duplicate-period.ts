/**
 * `duplicate_period`: a period whose values repeat another period's exactly for most
 * organisations. A real month never matches another month to the last attendance for most
 * trusts; when it does, a publication or a copy has pasted one month over another (the shared
 * data has two: A&E February and March 2025 in the uncleaned file repeat February and March 2024,
 * beds August 2022 repeats July 2022).
 *
 * Each organisation's period gets a signature (a hash of every metric's numerator, denominator
 * and value in this source); a period P is a duplicate of an earlier period Q when more than half
 * of P's organisations (at least 3) have the same signature in Q. The later period's values are
 * flagged (the earlier one is usually the real one; the report names both so a person can
 * decide). Monthly, quarterly and yearly data only: daily counts coincide by chance too often for
 * the rule to mean anything.
 */
import type { PoolClient } from "pg";
import { flagValues, type CheckResult } from "./flag.js";

export const DUPLICATE_PERIOD = "duplicate_period";

export interface DuplicatePeriodFinding {
  periodType: string;
  periodStart: string;
  duplicateOf: string;
  organisations: number;
  reporting: number;
}

export async function checkDuplicatePeriod(
  client: PoolClient,
  source: string,
): Promise<CheckResult> {
  await client.query("DROP TABLE IF EXISTS dq_signatures");
  await client.query(
    "CREATE TEMP TABLE dq_signatures (org_code text, period_type text, period_start date, sig text) ON COMMIT DROP",
  );
  await client.query(
    `INSERT INTO dq_signatures
     SELECT org_code, period_type, period_start,
       md5(string_agg(metric_id || '=' || coalesce(numerator::text, '') || '/' || coalesce(denominator::text, '') || '/' || coalesce(value::text, ''), ',' ORDER BY metric_id)) AS sig
     FROM metric_values
     WHERE source = $1 AND period_type IN ('month', 'quarter', 'financial_year')
     GROUP BY org_code, period_type, period_start
     -- All-missing or all-zero periods are alike for dull reasons, not duplicates.
     HAVING bool_or(coalesce(value, 0) <> 0)`,
    [source],
  );
  await client.query("ANALYZE dq_signatures");
  const { rows } = await client.query<{
    period_type: string;
    period_start: string;
    duplicate_of: string;
    organisations: number;
    reporting: number;
  }>(
    `WITH sizes AS (SELECT period_type, period_start, count(*)::int AS reporting FROM dq_signatures GROUP BY 1, 2),
     pairs AS (
       SELECT a.period_type, a.period_start, b.period_start AS duplicate_of, count(*)::int AS organisations
       FROM dq_signatures a JOIN dq_signatures b
         ON b.org_code = a.org_code AND b.period_type = a.period_type AND b.sig = a.sig AND b.period_start < a.period_start
       GROUP BY 1, 2, 3
     )
     SELECT DISTINCT ON (p.period_type, p.period_start) p.period_type, p.period_start::text, p.duplicate_of::text, p.organisations, s.reporting
     FROM pairs p JOIN sizes s USING (period_type, period_start)
     WHERE s.reporting >= 3 AND p.organisations * 2 > s.reporting
     ORDER BY p.period_type, p.period_start, p.organisations DESC`,
  );
  const findings: DuplicatePeriodFinding[] = rows.map((r) => ({
    periodType: r.period_type,
    periodStart: r.period_start,
    duplicateOf: r.duplicate_of,
    organisations: r.organisations,
    reporting: r.reporting,
  }));
  if (findings.length === 0) return { flagged: 0, examples: [], findings };
  const result = await flagValues(
    client,
    DUPLICATE_PERIOD,
    `SELECT v.org_code, v.metric_id, v.period_type, v.period_start, v.source, 'same as ' || d.duplicate_of AS detail
     FROM unnest($2::text[], $3::date[], $4::date[]) AS d(period_type, period_start, duplicate_of)
     JOIN dq_signatures a ON a.period_type = d.period_type AND a.period_start = d.period_start
     JOIN dq_signatures b ON b.org_code = a.org_code AND b.period_type = a.period_type AND b.period_start = d.duplicate_of AND b.sig = a.sig
     JOIN metric_values v ON v.org_code = a.org_code AND v.period_type = a.period_type AND v.period_start = a.period_start AND v.source = $1`,
    [
      source,
      findings.map((f) => f.periodType),
      findings.map((f) => f.periodStart),
      findings.map((f) => f.duplicateOf),
    ],
  );
  return { ...result, findings };
}
