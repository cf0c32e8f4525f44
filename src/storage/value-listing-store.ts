/**
 * The PostgreSQL side of the value listing (src/metrics/value-listing): values of some
 * organisations and metrics in (orgCode, metricId, period) order, paged by key. Without a source,
 * the preferred source's row of each period (`preferred_values`, migration 005); with one, that
 * source's rows of `metric_values` as stored.
 */
import { sql, type Expression, type SqlBool } from "kysely";
import type { ValueListingStore } from "../metrics/value-listing/store.js";
import type { Db } from "./schema.js";

export function createValueListingStore(db: Db): ValueListingStore {
  return {
    async list(q) {
      // Each metric at its own period type: grouped, one condition per period type.
      const byType = new Map<string, string[]>();
      for (const m of q.metrics)
        byType.set(m.periodType, [...(byType.get(m.periodType) ?? []), m.metricId]);
      let query = (
        q.source === undefined
          ? db.selectFrom("preferred_values as v")
          : db.selectFrom("metric_values as v")
      )
        .select([
          "v.org_code",
          "v.metric_id",
          "v.period_start",
          "v.source",
          "v.numerator",
          "v.denominator",
          "v.value",
          "v.dq_flags",
        ])
        .where((eb) =>
          eb.or(
            [...byType].map(([periodType, ids]) =>
              eb.and([eb("v.period_type", "=", periodType), eb("v.metric_id", "in", ids)]),
            ),
          ),
        )
        .where("v.value", "is not", null);
      if (q.orgCodes) query = query.where("v.org_code", "in", q.orgCodes);
      if (q.source !== undefined) query = query.where("v.source", "=", q.source);
      if (q.from) query = query.where("v.period_start", ">=", q.from);
      if (q.to) query = query.where("v.period_start", "<=", q.to);
      if (q.after) {
        const a = q.after;
        const after: Expression<SqlBool> = sql<boolean>`(v.org_code COLLATE "C", v.metric_id COLLATE "C", v.period_start) > (${a.orgCode} COLLATE "C", ${a.metricId} COLLATE "C", ${a.period}::date)`;
        query = query.where(after);
      }
      const rows = await query
        .orderBy(sql`v.org_code COLLATE "C"`)
        .orderBy(sql`v.metric_id COLLATE "C"`)
        .orderBy("v.period_start")
        .limit(q.limit)
        .execute();
      return rows.map((r) => ({
        orgCode: r.org_code,
        metricId: r.metric_id,
        period: r.period_start,
        value: r.value,
        numerator: r.numerator,
        denominator: r.denominator,
        source: r.source,
        dqFlags: r.dq_flags,
      }));
    },
  };
}
