/**
 * A publication's own banding and control limits for its values (published_limits, migration
 * 006) and where it places them among its peers (`standing`, migration 008: the NHS Oversight
 * Framework's median, quartiles, rank and score), written inside the import that writes the
 * values and read back beside them. Keyed as
 * metric_values (organisation, metric, period type, period start, source): a later import of the
 * source replaces an organisation-period's banding and limits, as it replaces the value.
 */
import type { PoolClient } from "pg";
import type {
  MetricValueInput,
  PublishedAssessment,
  PublishedJudgement,
  PublishedLimit,
  PublishedStanding,
} from "../metrics/values.js";
import type { Db } from "./schema.js";

/** Upserts the assessments of the values that carry one; returns how many were written or changed. */
export async function writePublishedLimits(
  client: PoolClient,
  source: string,
  importId: number,
  values: readonly MetricValueInput[],
): Promise<number> {
  const rows = values.filter(
    (v): v is MetricValueInput & { published: PublishedAssessment } => v.published !== undefined,
  );
  if (rows.length === 0) return 0;
  const { rowCount } = await client.query(
    `INSERT INTO published_limits (org_code, metric_id, period_type, period_start, source, banding,
       banding_label, limits, standing, import_id)
     SELECT o, m, t, s::date, $1, b, l, j::jsonb, st::jsonb, $2::bigint
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[]) AS r(o, m, t, s, b, l, j, st)
     ON CONFLICT (org_code, metric_id, period_type, period_start, source) DO UPDATE
       SET banding = excluded.banding, banding_label = excluded.banding_label,
           limits = excluded.limits, standing = excluded.standing, import_id = excluded.import_id
       WHERE (published_limits.banding, published_limits.banding_label, published_limits.limits,
              published_limits.standing)
         IS DISTINCT FROM (excluded.banding, excluded.banding_label, excluded.limits,
              excluded.standing)`,
    [
      source,
      importId,
      rows.map((v) => v.orgCode),
      rows.map((v) => v.metricId),
      rows.map((v) => v.periodType),
      rows.map((v) => v.periodStart),
      rows.map((v) => v.published.banding),
      rows.map((v) => v.published.bandingLabel),
      rows.map((v) => JSON.stringify(v.published.limits)),
      rows.map((v) => (v.published.standing ? JSON.stringify(v.published.standing) : null)),
    ],
  );
  return rowCount ?? 0;
}

/**
 * One organisation's published banding, limits and standing for a metric, by period, from the source its
 * value is shown from (the preferred source: a banding is the judgement of the value it sits with).
 */
export async function publishedLimits(
  db: Db,
  q: { orgCode: string; metricId: string; periodType: string },
): Promise<PublishedJudgement[]> {
  const rows = await db
    .selectFrom("published_limits as l")
    .innerJoin("preferred_values as v", (join) =>
      join
        .onRef("v.org_code", "=", "l.org_code")
        .onRef("v.metric_id", "=", "l.metric_id")
        .onRef("v.period_type", "=", "l.period_type")
        .onRef("v.period_start", "=", "l.period_start")
        .onRef("v.source", "=", "l.source"),
    )
    .select([
      "l.period_start",
      "l.source",
      "l.banding",
      "l.banding_label",
      "l.limits",
      "l.standing",
    ])
    .where("l.org_code", "=", q.orgCode)
    .where("l.metric_id", "=", q.metricId)
    .where("l.period_type", "=", q.periodType)
    .orderBy("l.period_start")
    .execute();
  return rows.map((r) => ({
    periodStart: r.period_start,
    source: r.source,
    banding: r.banding,
    bandingLabel: r.banding_label,
    limits: r.limits as PublishedLimit[],
    ...(r.standing ? { standing: r.standing as PublishedStanding } : {}),
  }));
}
