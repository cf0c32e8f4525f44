/**
 * The PostgreSQL side of the analytics engine: implements the `AnalyticsStore` port of
 * src/metrics/analytics. One query per metric reads every organisation's values into a dense
 * matrix (typed arrays, NaN = missing). Where several sources give the same organisation, metric
 * and period, the one with the lowest precedence number is kept, as in `series()` — decided in
 * JavaScript while filling the matrix, so PostgreSQL never sorts millions of rows.
 */
import { sql } from "kysely";
import { NotFoundError } from "../errors.js";
import type { MetricDefinition } from "../metrics/catalogue/types.js";
import type {
  AnalyticsStore,
  GroupRef,
  MetricMatrix,
  OrganisationInfo,
  PeerGroupInfo,
} from "../metrics/analytics/types.js";
import type { PeriodType } from "../metrics/values.js";
import type { Database } from "./database.js";
import { groupMembersSql } from "./repositories/groups.js";

const DEFAULT_PRECEDENCE = 500;

/** Row as read with rowMode "array": org_code, period_start, numerator, denominator, value, precedence, dq_flags. */
type ValueRow = [
  string,
  string,
  number | null,
  number | null,
  number | null,
  number,
  string[] | null,
];

/** Builds a dense matrix from unordered rows, keeping the preferred source per cell. */
export function buildMatrix(
  metricId: string,
  periodType: PeriodType,
  rows: readonly ValueRow[],
): MetricMatrix {
  const orgSet = new Set<string>();
  const periodSet = new Set<string>();
  for (const r of rows) {
    orgSet.add(r[0]);
    periodSet.add(r[1]);
  }
  const orgCodes = [...orgSet].sort();
  const periods = [...periodSet].sort();
  const orgIndex = new Map(orgCodes.map((o, i) => [o, i]));
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const P = periods.length;
  const size = orgCodes.length * P;
  const numerator = new Float64Array(size).fill(NaN);
  const denominator = new Float64Array(size).fill(NaN);
  const value = new Float64Array(size).fill(NaN);
  const precedence = new Int32Array(size).fill(0x7fffffff);
  let dqFlags: Map<number, readonly string[]> | undefined;
  for (const r of rows) {
    const cell = orgIndex.get(r[0])! * P + periodIndex.get(r[1])!;
    if (r[5] >= precedence[cell]!) continue;
    precedence[cell] = r[5];
    numerator[cell] = r[2] ?? NaN;
    denominator[cell] = r[3] ?? NaN;
    value[cell] = r[4] ?? NaN;
    if (r[6] && r[6].length > 0) (dqFlags ??= new Map()).set(cell, r[6]);
    else dqFlags?.delete(cell);
  }
  const matrix: MetricMatrix = {
    metricId,
    periodType,
    orgCodes,
    periods,
    numerator,
    denominator,
    value,
  };
  if (dqFlags) matrix.dqFlags = dqFlags;
  return matrix;
}

export interface AnalyticsStoreOptions {
  /** Concurrent queries in `loadAllMetrics` (default 4). */
  concurrency?: number;
}

export function createAnalyticsStore(
  database: Database,
  options: AnalyticsStoreOptions = {},
): AnalyticsStore {
  const { db, pool } = database;
  const concurrency = options.concurrency ?? 4;

  async function loadMetric(metricId: string, periodType: PeriodType): Promise<MetricMatrix> {
    const result = await pool.query<ValueRow>({
      text: `SELECT v.org_code, v.period_start::text, v.numerator, v.denominator, v.value,
               coalesce(s.precedence, ${DEFAULT_PRECEDENCE}), CASE WHEN cardinality(v.dq_flags) > 0 THEN v.dq_flags END
             FROM metric_values v LEFT JOIN sources s ON s.source = v.source
             WHERE v.metric_id = $1 AND v.period_type = $2`,
      values: [metricId, periodType],
      rowMode: "array",
    });
    return buildMatrix(metricId, periodType, result.rows);
  }

  async function metricDefinitions(): Promise<MetricDefinition[]> {
    const rows = await db
      .selectFrom("metrics")
      .select(["metric_id", "definition"])
      .orderBy("metric_id")
      .execute();
    return rows.map((r) => ({ ...(r.definition as MetricDefinition), id: r.metric_id }));
  }

  return {
    async dataVersion() {
      const { rows } = await sql<{
        imports: string;
        groups: string | null;
        networks: string | null;
      }>`
        SELECT (SELECT coalesce(max(import_id), 0) || '.' || count(*) FROM imports) AS imports,
               (SELECT md5(string_agg(peer_group_id || ':' || org_code, ',' ORDER BY peer_group_id, org_code)) FROM peer_group_members) AS groups,
               (SELECT md5(string_agg(network_id || ':' || org_code, ',' ORDER BY network_id, org_code)) FROM network_members WHERE active) AS networks`.execute(
        db,
      );
      const r = rows[0];
      return `${r?.imports ?? "0.0"}-${(r?.groups ?? "").slice(0, 8)}-${(r?.networks ?? "").slice(0, 8)}`;
    },

    async organisations(): Promise<OrganisationInfo[]> {
      const rows = await db
        .selectFrom("organisations")
        .select(["org_code", "name", "kind", "region_code", "icb_code", "close_date", "synthetic"])
        .orderBy("org_code")
        .execute();
      return rows.map((r) => ({
        orgCode: r.org_code,
        name: r.name,
        kind: r.kind,
        regionCode: r.region_code,
        icbCode: r.icb_code,
        closeDate: r.close_date,
        synthetic: r.synthetic,
      }));
    },

    async peerGroups(): Promise<PeerGroupInfo[]> {
      const rows = await db
        .selectFrom("peer_groups")
        .select(["peer_group_id", "name", "kind"])
        .orderBy("peer_group_id")
        .execute();
      return rows.map((r) => ({ peerGroupId: r.peer_group_id, name: r.name, kind: r.kind }));
    },

    async groupMembers(groupRef: GroupRef): Promise<string[]> {
      const known = await db
        .selectFrom("peer_groups")
        .select("peer_group_id")
        .where("peer_group_id", "=", groupRef)
        .executeTakeFirst();
      if (!known) throw new NotFoundError(`No peer group "${groupRef}"`);
      const members = await groupMembersSql(db, { kind: "peer_group", peerGroupId: groupRef });
      const { rows } = await sql<{
        org_code: string;
      }>`SELECT DISTINCT org_code FROM (${members}) m ORDER BY org_code`.execute(db);
      return rows.map((r) => r.org_code);
    },

    loadMetric,

    async loadAllMetrics(periodType: PeriodType): Promise<Map<string, MetricMatrix>> {
      const ids = (await metricDefinitions()).map((m) => m.id);
      const out = new Map<string, MetricMatrix>();
      let next = 0;
      const worker = async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          const m = await loadMetric(id, periodType);
          if (m.orgCodes.length > 0) out.set(id, m);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
      // Keep the definitions' order, whatever order the queries finished in.
      return new Map(ids.filter((id) => out.has(id)).map((id) => [id, out.get(id)!]));
    },

    metricDefinitions,
  };
}
