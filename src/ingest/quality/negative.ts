/**
 * `negative`: a count, numerator or denominator below zero. No catalogue metric can be negative
 * (attendances, beds, patients, minutes), so a negative is a keying or export error upstream.
 */
import type { PoolClient } from "pg";
import { flagValues, type CheckResult } from "./flag.js";

export const NEGATIVE = "negative";

export function checkNegative(client: PoolClient, source: string): Promise<CheckResult> {
  return flagValues(
    client,
    NEGATIVE,
    `SELECT org_code, metric_id, period_type, period_start, source,
       concat_ws(' ', 'numerator ' || numerator, 'denominator ' || denominator, 'value ' || value) AS detail
     FROM metric_values WHERE source = $1 AND (numerator < 0 OR denominator < 0 OR value < 0)`,
    [source],
  );
}
