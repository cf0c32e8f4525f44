/**
 * `numerator_exceeds_denominator`: a percentage whose numerator is larger than its denominator
 * (more patients seen within 4 hours than attended; more beds occupied than available). Only
 * percentages: rates and mean times (ctr_rate, amb_cat2_mean) legitimately exceed their
 * denominators. Occupied beds above available beds do occur in escalation, so the flag asks for
 * a look rather than saying the figure is wrong. A row rule (series.ts), like `negative`.
 */
import type { PoolClient } from "pg";
import { catalogue } from "../../metrics/catalogue/index.js";
import { collectRowRule, type RowRule } from "./series.js";

export const NUMERATOR_EXCEEDS_DENOMINATOR = "numerator_exceeds_denominator";

const percentageMetrics = catalogue.filter((m) => m.unit === "percentage").map((m) => m.id);

export const numeratorExceedsDenominatorRule: RowRule = {
  flag: NUMERATOR_EXCEEDS_DENOMINATOR,
  // The cheap comparison first: the metric is looked up only when it holds.
  condition: (bind) =>
    `v.numerator > v.denominator AND v.metric_id = ANY (${bind(percentageMetrics)}::text[])`,
  detail: "v.numerator || ' > ' || v.denominator",
};

export async function checkNumeratorExceedsDenominator(
  client: PoolClient,
  source: string,
): Promise<void> {
  await collectRowRule(client, source, numeratorExceedsDenominatorRule);
}
