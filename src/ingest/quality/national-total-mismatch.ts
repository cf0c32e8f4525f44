/**
 * `national_total_mismatch`: where a file has a national row (stored under "ENG": the CWT
 * "Total" row, the official A&E monthly "Total" row), the England figure must equal the sum of
 * the file's providers for the same metric and period: numerators and denominators for ratios,
 * values for counts. A difference of more than 0.1% (and more than 1) flags the England value;
 * it means providers are missing from the file, or the total was computed differently. Sources
 * without England values (known from the shared pass, series.ts) are not read at all. Metrics
 * that do not add up (`not_aggregable`, e.g. an AmbSYS 90th centile: England's is not the sum
 * of the trusts') are not compared.
 */
import type { PoolClient } from "pg";
import { catalogue } from "../../metrics/catalogue/index.js";
import { ENGLAND } from "../../metrics/organisations.js";
import { collect } from "./flag.js";

export const NATIONAL_TOTAL_MISMATCH = "national_total_mismatch";

const notAggregable = catalogue.filter((m) => m.aggregation === "not_aggregable").map((m) => m.id);

export async function checkNationalTotalMismatch(
  client: PoolClient,
  source: string,
): Promise<void> {
  const national = await client.query("SELECT 1 FROM dq_series WHERE org_code = $1 LIMIT 1", [
    ENGLAND,
  ]);
  if (!national.rowCount) return;
  await collect(
    client,
    NATIONAL_TOTAL_MISMATCH,
    `WITH nat AS (
       SELECT org_code, metric_id, period_type, period_start, source, numerator, denominator, value
       FROM metric_values WHERE source = $1 AND org_code = $2 AND metric_id <> ALL ($3::text[])
     ),
     providers AS (
       SELECT v.metric_id, v.period_type, v.period_start, sum(v.numerator) AS n, sum(v.denominator) AS d, sum(v.value) AS total
       FROM metric_values v JOIN organisations o ON o.org_code = v.org_code
       WHERE v.source = $1 AND v.org_code <> $2 AND o.kind NOT IN ('country', 'region', 'icb', 'sub_icb')
         AND v.metric_id IN (SELECT metric_id FROM nat)
       GROUP BY 1, 2, 3
     )
     SELECT nat.org_code, nat.metric_id, nat.period_type, nat.period_start, nat.source,
       CASE WHEN nat.numerator IS NOT NULL
         THEN 'England ' || nat.numerator || '/' || nat.denominator || ', providers sum to ' || p.n || '/' || p.d
         ELSE 'England ' || nat.value || ', providers sum to ' || p.total END AS detail
     FROM nat JOIN providers p USING (metric_id, period_type, period_start)
     WHERE CASE WHEN nat.numerator IS NOT NULL AND nat.denominator IS NOT NULL
       THEN abs(nat.numerator - p.n) > greatest(1, 0.001 * abs(nat.numerator)) OR abs(nat.denominator - p.d) > greatest(1, 0.001 * abs(nat.denominator))
       ELSE abs(nat.value - p.total) > greatest(1, 0.001 * abs(nat.value)) END`,
    [source, ENGLAND, notAggregable],
  );
}
