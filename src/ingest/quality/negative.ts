/**
 * `negative`: a count, numerator or denominator below zero. No catalogue metric can be negative
 * (attendances, beds, patients, minutes), so a negative is a keying or export error upstream.
 * A row rule: the shared pass (series.ts) marks the candidates, so this costs no scan of its own.
 */
import type { PoolClient } from "pg";
import { collectRowRule, type RowRule } from "./series.js";

export const NEGATIVE = "negative";

export const negativeRule: RowRule = {
  flag: NEGATIVE,
  condition: () => "v.numerator < 0 OR v.denominator < 0 OR v.value < 0",
  detail: `concat_ws(' ', 'numerator ' || v.numerator, 'denominator ' || v.denominator, 'value ' || v.value)`,
};

export async function checkNegative(client: PoolClient, source: string): Promise<void> {
  await collectRowRule(client, source, negativeRule);
}
