/** The PostgreSQL side of the account of the data held: implements `CoverageStore` of src/metrics/coverage. */
import { sql } from "kysely";
import type { CoverageStore } from "../metrics/data-coverage/store.js";
import type { Db } from "./schema.js";
import { coverage, series } from "./repositories/values.js";
import { publishedLimits } from "./published-limits.js";

export function createCoverageStore(db: Db): CoverageStore {
  return {
    async sources() {
      const { rows } = await sql<{
        source: string;
        title: string;
        precedence: number;
        values: number;
        metrics: number;
        organisations: number;
        first_period: string | null;
        latest_period: string | null;
        last_import: Date | null;
        imports: number;
      }>`
        SELECT s.source, s.title, s.precedence,
          coalesce(v.n, 0)::int AS values, coalesce(v.metrics, 0)::int AS metrics, coalesce(v.orgs, 0)::int AS organisations,
          v.first_period::text, v.latest_period::text, i.last_import, coalesce(i.n, 0)::int AS imports
        FROM sources s
        LEFT JOIN (SELECT source, count(*) AS n, count(DISTINCT metric_id) AS metrics, count(DISTINCT org_code) AS orgs,
                     min(period_start) AS first_period, max(period_start) AS latest_period
                   FROM metric_values GROUP BY source) v USING (source)
        LEFT JOIN (SELECT source, max(finished_at) AS last_import, count(*) AS n FROM imports WHERE status = 'succeeded' GROUP BY source) i USING (source)
        ORDER BY s.precedence`.execute(db);
      return rows.map((s) => ({
        source: s.source,
        title: s.title,
        precedence: s.precedence,
        values: s.values,
        metrics: s.metrics,
        organisations: s.organisations,
        firstPeriod: s.first_period,
        latestPeriod: s.latest_period,
        lastImport: s.last_import,
        imports: s.imports,
      }));
    },
    async qualityFlags() {
      const { rows } = await sql<{ source: string; flag: string; n: number }>`
        SELECT source, flag, count(*)::int AS n FROM metric_values, unnest(dq_flags) AS flag
        GROUP BY source, flag ORDER BY source, n DESC`.execute(db);
      return rows.map((r) => ({ source: r.source, flag: r.flag, count: r.n }));
    },
    async recentImports(limit) {
      const rows = await db
        .selectFrom("imports")
        .select([
          "import_id",
          "file_name",
          "format",
          "source",
          "finished_at",
          "rows_read",
          "values_inserted",
          "values_updated",
          "values_unchanged",
        ])
        .where("status", "=", "succeeded")
        .orderBy("import_id", "desc")
        .limit(limit)
        .execute();
      return rows.map((i) => ({
        importId: i.import_id,
        fileName: i.file_name,
        format: i.format,
        source: i.source,
        finishedAt: i.finished_at,
        rowsRead: i.rows_read,
        valuesInserted: i.values_inserted,
        valuesUpdated: i.values_updated,
        valuesUnchanged: i.values_unchanged,
      }));
    },
    metricCoverage: () => coverage(db),
    async series(orgCode, metricId) {
      const points = await series(db, { orgCode, metricId });
      return points.map((p) => ({ periodStart: p.periodStart, value: p.value }));
    },
    publishedJudgements: (orgCode, metricId, periodType) =>
      publishedLimits(db, { orgCode, metricId, periodType }),
  };
}
