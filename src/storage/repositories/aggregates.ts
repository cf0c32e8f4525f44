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
  // Summed in numeric, not double precision: values stored before any import check (two of
  // 1e308) overflowed the double sum, and PostgreSQL's error took down every page of the group.
  // A sum too large for a double (or a NaN or infinity stored as a value) comes back as text and
  // marks that period's aggregate unavailable, with the reason, instead (issue 14).
  const { rows } = await sql<{
    period_start: string;
    num: string | null;
    den: string | null;
    total: string | null;
    reporting: number;
  }>`
    WITH preferred AS (
      SELECT v.org_code, v.period_start, v.numerator, v.denominator, v.value
      FROM preferred_values v
      WHERE v.metric_id = ${metricId} AND v.period_type = ${periodType} AND v.org_code IN (${members})
    )
    SELECT period_start::text,
      sum(numerator::numeric) FILTER (WHERE numerator IS NOT NULL AND denominator IS NOT NULL)::text AS num,
      sum(denominator::numeric) FILTER (WHERE numerator IS NOT NULL AND denominator IS NOT NULL)::text AS den,
      sum(value::numeric)::text AS total,
      count(*) FILTER (WHERE ${ratio ? sql`numerator IS NOT NULL AND denominator IS NOT NULL` : sql`value IS NOT NULL`})::int AS reporting
    FROM preferred GROUP BY period_start ORDER BY period_start`.execute(db);
  return rows.map((r) => aggregatePoint(r, ratio, multiplier));
}

/** Why a period's aggregate is not shown when its members' figures add up to no finite number. */
const aggregateUnavailable =
  "the members' figures add up to a number too large to hold: a stored value is implausible";

/** One period's aggregate from its numeric sums (as text), or unavailable with the reason. */
function aggregatePoint(
  r: {
    period_start: string;
    num: string | null;
    den: string | null;
    total: string | null;
    reporting: number;
  },
  ratio: boolean,
  multiplier: number,
): AggregatePoint {
  const num = r.num === null ? null : Number(r.num);
  const den = r.den === null ? null : Number(r.den);
  const total = r.total === null ? null : Number(r.total);
  const value = ratio ? (num !== null && den ? (num / den) * multiplier : null) : total;
  const finite = (x: number | null) => x === null || Number.isFinite(x);
  if (!finite(value) || (ratio && (!finite(num) || !finite(den))))
    return {
      periodStart: r.period_start,
      numerator: null,
      denominator: null,
      value: null,
      reporting: r.reporting,
      unavailable: aggregateUnavailable,
    };
  return {
    periodStart: r.period_start,
    numerator: ratio ? num : null,
    denominator: ratio ? den : null,
    value,
    reporting: r.reporting,
  };
}
