/**
 * `numerator_exceeds_denominator`: a percentage whose numerator is larger than its denominator
 * (more patients seen within 4 hours than attended; more beds occupied than available). Only
 * percentages: rates and mean times (ctr_rate, amb_cat2_mean) legitimately exceed their
 * denominators. Occupied beds above available beds do occur in escalation, so the flag asks for
 * a look rather than saying the figure is wrong.
 */
import type { PoolClient } from "pg";
import { catalogue } from "../../metrics/catalogue/index.js";
import { flagValues, type CheckResult } from "./flag.js";

export const NUMERATOR_EXCEEDS_DENOMINATOR = "numerator_exceeds_denominator";

const percentageMetrics = catalogue.filter((m) => m.unit === "percentage").map((m) => m.id);

export function checkNumeratorExceedsDenominator(
  client: PoolClient,
  source: string,
): Promise<CheckResult> {
  return flagValues(
    client,
    NUMERATOR_EXCEEDS_DENOMINATOR,
    `SELECT org_code, metric_id, period_type, period_start, source, numerator || ' > ' || denominator AS detail
     FROM metric_values WHERE source = $1 AND metric_id = ANY ($2::text[]) AND numerator > denominator`,
    [source, percentageMetrics],
  );
}
