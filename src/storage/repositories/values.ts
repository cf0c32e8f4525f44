/** Reading metric values: one series, latest periods, counts. */
import { sql } from "kysely";
import type { MetricCoverage } from "../../metrics/data-coverage/store.js";
import type { Db } from "../schema.js";

export interface SeriesPoint {
  periodStart: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  source: string;
  dqFlags: string[];
}

export interface SeriesQuery {
  orgCode: string;
  metricId: string;
  periodType?: string;
  from?: string;
  to?: string;
}

/**
 * One organisation's series for one metric, one value per period: where several sources give
 * the period, the source with the lowest precedence number wins (the view `preferred_values`, migration
 * 005; docs/data-sources.md).
 */
export async function series(db: Db, q: SeriesQuery): Promise<SeriesPoint[]> {
  let query = db
    .selectFrom("preferred_values as v")
    .select(["v.period_start", "v.numerator", "v.denominator", "v.value", "v.source", "v.dq_flags"])
    .where("v.org_code", "=", q.orgCode)
    .where("v.metric_id", "=", q.metricId)
    .where("v.period_type", "=", q.periodType ?? "month");
  if (q.from) query = query.where("v.period_start", ">=", q.from);
  if (q.to) query = query.where("v.period_start", "<=", q.to);
  const rows = await query.orderBy("v.period_start").execute();
  return rows.map((r) => ({
    periodStart: r.period_start,
    numerator: r.numerator,
    denominator: r.denominator,
    value: r.value,
    source: r.source,
    dqFlags: r.dq_flags,
  }));
}

/** Per metric and period type: first and latest period, how many values and organisations. */
export async function coverage(db: Db): Promise<MetricCoverage[]> {
  const rows = await db
    .selectFrom("metric_values")
    .select([
      "metric_id",
      "period_type",
      sql<string>`min(period_start)::text`.as("first_period"),
      sql<string>`max(period_start)::text`.as("latest_period"),
      // The newest period an organisation reported, England and regions apart (the home page
      // says how fresh each level is: a national series can run years past the trusts').
      sql<
        string | null
      >`(max(period_start) FILTER (WHERE org_code IN (SELECT org_code FROM organisations WHERE kind NOT IN ('country', 'region'))))::text`.as(
        "latest_org_period",
      ),
      sql<number>`count(*)::int`.as("n"),
      sql<number>`count(DISTINCT org_code)::int`.as("orgs"),
      sql<Date | null>`(SELECT finished_at FROM imports i WHERE i.import_id = max(metric_values.import_id))`.as(
        "last_imported_at",
      ),
    ])
    .groupBy(["metric_id", "period_type"])
    .orderBy("metric_id")
    .execute();
  return rows.map((r) => ({
    metricId: r.metric_id,
    periodType: r.period_type,
    firstPeriod: r.first_period,
    latestPeriod: r.latest_period,
    latestOrganisationPeriod: r.latest_org_period,
    values: r.n,
    organisations: r.orgs,
    lastImportedAt: r.last_imported_at,
  }));
}

export async function countValues(db: Db): Promise<number> {
  // The planner's estimate is instant on 10M rows; exact counts only for small tables.
  const est = await sql<{
    n: number;
  }>`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'metric_values'`.execute(db);
  const estimate = Number(est.rows[0]?.n ?? 0);
  if (estimate > 2_000_000) return estimate;
  const exact = await db
    .selectFrom("metric_values")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirst();
  return exact?.n ?? 0;
}
