/**
 * Group aggregates of a metric per period, always from numerators and denominators (never an
 * average of percentages): for a ratio metric, value = Σ numerator / Σ denominator × multiplier
 * over the members that reported both; for a count, Σ value. Where several sources give an
 * organisation's period, the preferred source (lowest precedence) is used, as in `series`.
 */
import { sql } from "kysely";
import { NotFoundError } from "../../errors.js";
import type { Db } from "../schema.js";
import type { AggregatePoint } from "../../metrics/dashboards/store.js";
import type { GroupRef } from "../../metrics/group-ref.js";
import { groupMembersSql } from "./groups.js";

export async function aggregateSeries(
  db: Db,
  metricId: string,
  group: GroupRef,
  periodType = "month",
): Promise<AggregatePoint[]> {
  const metric = await db
    .selectFrom("metrics")
    .select(["aggregation", "definition"])
    .where("metric_id", "=", metricId)
    .executeTakeFirst();
  if (!metric) throw new NotFoundError(`No metric "${metricId}"`);
  if (metric.aggregation === "not_aggregable") return [];
  const multiplier = Number((metric.definition as { multiplier?: number }).multiplier ?? 1);
  const members = await groupMembersSql(db, group);
  const ratio = metric.aggregation === "sum_ratio" || metric.aggregation === "weighted_mean";
  const { rows } = await sql<{
    period_start: string;
    num: number | null;
    den: number | null;
    total: number | null;
    reporting: number;
  }>`
    WITH preferred AS (
      SELECT v.org_code, v.period_start, v.numerator, v.denominator, v.value
      FROM preferred_values v
      WHERE v.metric_id = ${metricId} AND v.period_type = ${periodType} AND v.org_code IN (${members})
    )
    SELECT period_start::text,
      sum(numerator) FILTER (WHERE numerator IS NOT NULL AND denominator IS NOT NULL) AS num,
      sum(denominator) FILTER (WHERE numerator IS NOT NULL AND denominator IS NOT NULL) AS den,
      sum(value) AS total,
      count(*) FILTER (WHERE ${ratio ? sql`numerator IS NOT NULL AND denominator IS NOT NULL` : sql`value IS NOT NULL`})::int AS reporting
    FROM preferred GROUP BY period_start ORDER BY period_start`.execute(db);
  return rows.map((r) => ({
    periodStart: r.period_start,
    numerator: ratio ? r.num : null,
    denominator: ratio ? r.den : null,
    value: ratio ? (r.num !== null && r.den ? (r.num / r.den) * multiplier : null) : r.total,
    reporting: r.reporting,
  }));
}
