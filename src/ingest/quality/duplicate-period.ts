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
 *
 * The signature is a 64-bit set hash, computed in one parallel hash aggregation: each value's
 * metric, numerator, denominator and value are hashed (PostgreSQL's hashtextextended and
 * hashfloat8extended, each field with its own random seed, a missing field as its own random
 * constant), the four combined and mixed again (hashint8extended), and an organisation-period's
 * values XORed together (the set has one element per metric, so no element cancels another).
 * Equal values always give equal signatures (numbers are compared as numbers: -0 = 0). Different
 * ones give the same signature with probability 2⁻⁶⁴, and a false finding needs that to happen
 * for more than half of a period's organisations at once: impossible in practice. (An md5 of the
 * values as text, the earlier signature, cost five times as much: every number formatted, every
 * group sorted.)
 */
import type { PoolClient } from "pg";
import { collect } from "./flag.js";

export const DUPLICATE_PERIOD = "duplicate_period";

export interface DuplicatePeriodFinding {
  periodType: string;
  periodStart: string;
  duplicateOf: string;
  organisations: number;
  reporting: number;
}

// Random 64-bit seeds and stand-ins for a missing field, one pair per field, so that fields
// cannot stand in for one another (zero hashes to its seed); no subset of them XORs to zero.
const SIGNATURE = `hashint8extended(
  hashtextextended(metric_id, 3174438953838952514)
  # coalesce(hashfloat8extended(numerator, -4642194167960078273), -4537953028660067244)
  # coalesce(hashfloat8extended(denominator, -5674212051998818239), 3214947557785552608)
  # coalesce(hashfloat8extended(value, 9135492044756169178), 1626034724350830083), 0)`;

export async function checkDuplicatePeriod(
  client: PoolClient,
  source: string,
): Promise<{ findings: DuplicatePeriodFinding[] }> {
  const periodic = await client.query(
    "SELECT 1 FROM dq_series WHERE period_type IN ('month', 'quarter', 'financial_year') LIMIT 1",
  );
  if (!periodic.rowCount) return { findings: [] };
  await client.query("DROP TABLE IF EXISTS pg_temp.dq_signatures");
  // CREATE TABLE AS (unlike INSERT … SELECT) may read metric_values with parallel workers.
  await client.query(
    `CREATE TEMP TABLE dq_signatures ON COMMIT DROP AS
     SELECT org_code, period_type, period_start, bit_xor(${SIGNATURE}) AS sig
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
     ORDER BY p.period_type, p.period_start, p.organisations DESC, p.duplicate_of`,
  );
  const findings: DuplicatePeriodFinding[] = rows.map((r) => ({
    periodType: r.period_type,
    periodStart: r.period_start,
    duplicateOf: r.duplicate_of,
    organisations: r.organisations,
    reporting: r.reporting,
  }));
  if (findings.length === 0) return { findings };
  // The organisations whose later period matches, with the series they have; then every value
  // of theirs in that period (missing ones too), looked up by key.
  await client.query("DROP TABLE IF EXISTS pg_temp.dq_duplicates");
  await client.query(
    `CREATE TEMP TABLE dq_duplicates ON COMMIT DROP AS
     SELECT s.org_code, s.metric_id, s.period_type, a.period_start, d.duplicate_of
     FROM unnest($1::text[], $2::date[], $3::date[]) AS d(period_type, period_start, duplicate_of)
     JOIN dq_signatures a ON a.period_type = d.period_type AND a.period_start = d.period_start
     JOIN dq_signatures b ON b.org_code = a.org_code AND b.period_type = a.period_type AND b.period_start = d.duplicate_of AND b.sig = a.sig
     JOIN dq_series s ON s.org_code = a.org_code AND s.period_type = a.period_type`,
    [
      findings.map((f) => f.periodType),
      findings.map((f) => f.periodStart),
      findings.map((f) => f.duplicateOf),
    ],
  );
  await client.query("ANALYZE dq_duplicates");
  await collect(
    client,
    DUPLICATE_PERIOD,
    `SELECT v.org_code, v.metric_id, v.period_type, v.period_start, v.source, 'same as ' || d.duplicate_of AS detail
     FROM dq_duplicates d
     JOIN metric_values v ON v.org_code = d.org_code AND v.metric_id = d.metric_id AND v.period_type = d.period_type
       AND v.period_start = d.period_start AND v.source = $1`,
    [source],
  );
  return { findings };
}
