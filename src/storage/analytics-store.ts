/**
 * The PostgreSQL side of the analytics engine: implements the `AnalyticsStore` port of
 * src/metrics/analytics. One query per metric reads every organisation's values into a dense
 * matrix (typed arrays, NaN = missing). Where several sources give the same organisation, metric
 * and period, the one with the lowest precedence number is kept, as in the view
 * `preferred_values` (migration 005): the rows come from the view `ranked_values` (each value with
 * its source's precedence) and the lowest is kept in JavaScript while filling the matrix, so
 * PostgreSQL never sorts millions of rows.
 */
import { sql } from "kysely";
import { to as copyTo } from "pg-copy-streams";
import { NotFoundError } from "../errors.js";
import type { MetricDefinition } from "../metrics/catalogue/types.js";
import type {
  AnalyticsStore,
  GroupRefText as GroupRef,
  MetricMatrix,
  PeerGroupInfo,
} from "../metrics/analytics/types.js";
import type { PeriodType } from "../metrics/values.js";
import type { AppliedDecision } from "../metrics/analytics/baseline.js";
import type { Database, QueryPool } from "./database.js";
import { readDataVersion } from "./data-version.js";
import { groupMembersSql } from "./repositories/groups.js";
import type { Organisation } from "../metrics/organisations.js";
import type { Succession } from "../metrics/reference-data.js";
import { organisationFromRow } from "./repositories/organisations.js";

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
  /** Read with COPY … TO STDOUT (default true); false: an ordinary query per metric. */
  copy?: boolean;
}

export function createAnalyticsStore(
  database: Pick<Database, "db"> & { pool: QueryPool },
  options: AnalyticsStoreOptions = {},
): AnalyticsStore {
  const { db, pool } = database;

  async function loadMetric(metricId: string, periodType: PeriodType): Promise<MetricMatrix> {
    if (options.copy !== false) {
      const m = (await copyInto(pool, copyQuery(periodType, metricId), periodType)).get(metricId);
      return m ?? buildMatrix(metricId, periodType, []);
    }
    const result = await pool.query<ValueRow>({
      text: `SELECT v.org_code, v.period_start::text, v.numerator, v.denominator, v.value,
               v.precedence, CASE WHEN cardinality(v.dq_flags) > 0 THEN v.dq_flags END
             FROM ranked_values v
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
    /** The one data version (./data-version.ts), shared with the web cache. */
    dataVersion: () => readDataVersion(db),

    async organisations(): Promise<Organisation[]> {
      const rows = await db.selectFrom("organisations").selectAll().orderBy("org_code").execute();
      return rows.map(organisationFromRow);
    },

    async peerGroups(): Promise<PeerGroupInfo[]> {
      const rows = await db
        .selectFrom("peer_groups")
        .select(["peer_group_id", "name", "kind"])
        .orderBy("peer_group_id")
        .execute();
      return rows.map((r) => ({ peerGroupId: r.peer_group_id, name: r.name, kind: r.kind }));
    },

    async successions(): Promise<Succession[]> {
      const rows = await db
        .selectFrom("org_successions")
        .selectAll()
        .orderBy("predecessor_code")
        .orderBy("successor_code")
        .execute();
      return rows.map((r) => ({
        predecessorCode: r.predecessor_code,
        successorCode: r.successor_code,
        effectiveDate: r.effective_date,
        orgLevel: r.org_level === "icb" ? "icb" : "trust",
        partial: r.partial,
        successorName: r.successor_name,
        note: r.note,
      }));
    },

    /** Current (not withdrawn) rebase decisions (migration 023): a few rows, read per version. */
    async rebaseDecisions(): Promise<AppliedDecision[]> {
      const rows = await db
        .selectFrom("rebase_decisions")
        .select(["decision_id", "org_code", "metric_id", "period_start", "reason", "recorded_at"])
        .where("withdrawn_at", "is", null)
        .orderBy("decision_id")
        .execute();
      return rows.map((r) => ({
        decisionId: Number(r.decision_id),
        orgCode: r.org_code,
        metricId: r.metric_id,
        period: r.period_start,
        reason: r.reason,
        // The day in England it was recorded, as pages name days.
        recordedOn: r.recorded_at.toLocaleDateString("en-CA", { timeZone: "Europe/London" }),
      }));
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
      const all = await copyInto(pool, copyQuery(periodType, null), periodType);
      // The definitions' order; values of metrics no longer defined are left out.
      return new Map(ids.filter((id) => all.has(id)).map((id) => [id, all.get(id)!]));
    },

    metricDefinitions,
  };
}

// ---------------------------------------------------------------------------------------------
// Bulk reading with COPY … TO STDOUT: bytes parsed straight into typed arrays
// ---------------------------------------------------------------------------------------------

const TAB = 9;
const NL = 10;
const BACKSLASH = 92;

/** Growable columns of one metric's rows before they become a dense matrix. */
class MatrixBuilder {
  readonly orgIndex = new Map<string, number>();
  readonly periodIndex = new Map<number, number>();
  private size = 0;
  private org = new Int32Array(1024);
  private period = new Int32Array(1024);
  private num = new Float64Array(1024);
  private den = new Float64Array(1024);
  private val = new Float64Array(1024);
  private prec = new Int32Array(1024);
  private flags: Map<number, string[]> | undefined;

  constructor(readonly metricId: string) {}

  orgOf(code: string): number {
    let i = this.orgIndex.get(code);
    if (i === undefined) this.orgIndex.set(code, (i = this.orgIndex.size));
    return i;
  }

  periodOf(key: number): number {
    let i = this.periodIndex.get(key);
    if (i === undefined) this.periodIndex.set(key, (i = this.periodIndex.size));
    return i;
  }

  push(
    org: number,
    period: number,
    num: number,
    den: number,
    val: number,
    prec: number,
    flags: string[] | null,
  ): void {
    if (this.size === this.org.length) this.grow();
    const k = this.size++;
    this.org[k] = org;
    this.period[k] = period;
    this.num[k] = num;
    this.den[k] = den;
    this.val[k] = val;
    this.prec[k] = prec;
    if (flags) (this.flags ??= new Map()).set(k, flags);
  }

  private grow(): void {
    const n = this.org.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.org = g(this.org);
    this.period = g(this.period);
    this.num = g(this.num);
    this.den = g(this.den);
    this.val = g(this.val);
    this.prec = g(this.prec);
  }

  build(periodType: PeriodType): MetricMatrix {
    const orgCodes = [...this.orgIndex.keys()].sort();
    const orgRemap = new Int32Array(orgCodes.length);
    const orgSorted = new Map(orgCodes.map((c, i) => [c, i]));
    for (const [c, i] of this.orgIndex) orgRemap[i] = orgSorted.get(c)!;
    const keys = [...this.periodIndex.keys()].sort((a, b) => a - b);
    const periodRemap = new Int32Array(keys.length);
    const keySorted = new Map(keys.map((k, i) => [k, i]));
    for (const [k, i] of this.periodIndex) periodRemap[i] = keySorted.get(k)!;
    const periods = keys.map(dateText);
    const P = periods.length;
    const cells = orgCodes.length * P;
    const numerator = new Float64Array(cells).fill(NaN);
    const denominator = new Float64Array(cells).fill(NaN);
    const value = new Float64Array(cells).fill(NaN);
    const precedence = new Int32Array(cells).fill(0x7fffffff);
    let dqFlags: Map<number, readonly string[]> | undefined;
    for (let k = 0; k < this.size; k++) {
      const cell = orgRemap[this.org[k]!]! * P + periodRemap[this.period[k]!]!;
      const pr = this.prec[k]!;
      if (pr >= precedence[cell]!) continue;
      precedence[cell] = pr;
      numerator[cell] = this.num[k]!;
      denominator[cell] = this.den[k]!;
      value[cell] = this.val[k]!;
      const f = this.flags?.get(k);
      if (f) (dqFlags ??= new Map()).set(cell, f);
      else dqFlags?.delete(cell);
    }
    const matrix: MetricMatrix = {
      metricId: this.metricId,
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
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
function dateText(key: number): string {
  return `${Math.floor(key / 10000)}-${pad2(Math.floor(key / 100) % 100)}-${pad2(key % 100)}`;
}

/** A COPY text field as a number: \N → NaN; plain decimals parsed from the bytes, anything else by Number(). */
function fieldNumber(buf: Buffer, start: number, end: number): number {
  if (end - start === 2 && buf[start] === BACKSLASH) return NaN;
  if (end - start > 16) return Number(buf.toString("latin1", start, end));
  let v = 0;
  let i = start;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  }
  for (; i < end; i++) {
    const c = buf[i]! - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (i < end && buf[i] === 46) {
    // N / 10^k with N < 2^53 and k ≤ 15: one IEEE division, so exactly the correctly rounded
    // value Number() would give for the same text.
    let n = v;
    let scale = 1;
    let j = i + 1;
    for (; j < end && j - i <= 15; j++) {
      const c = buf[j]! - 48;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
      scale *= 10;
    }
    if (j === end && n <= Number.MAX_SAFE_INTEGER) return (neg ? -n : n) / scale;
    return Number(buf.toString("latin1", start, end));
  }
  if (i === end) return neg ? -v : v;
  return Number(buf.toString("latin1", start, end));
}

function fieldDateKey(buf: Buffer, start: number): number {
  const d = (k: number) => buf[start + k]! - 48;
  return (
    (d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)) * 10000 +
    (d(5) * 10 + d(6)) * 100 +
    d(8) * 10 +
    d(9)
  );
}

/**
 * Streams `COPY (query) TO STDOUT` rows of (metric_id, org_code, period_start, numerator,
 * denominator, value, precedence, flags) into one builder per metric.
 */
async function copyInto(
  pool: QueryPool,
  query: string,
  periodType: PeriodType,
): Promise<Map<string, MetricMatrix>> {
  const client = await pool.connect();
  const builders = new Map<string, MatrixBuilder>();
  try {
    const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
    let rest: Buffer | null = null;
    let lastMetric = "";
    let lastMetricBytes = Buffer.alloc(0);
    let builder: MatrixBuilder | null = null;
    let lastOrgBytes = Buffer.alloc(0);
    let lastOrg = -1;
    const ends = new Int32Array(8);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      let lineStart = 0;
      for (;;) {
        const nl = buf.indexOf(NL, lineStart);
        if (nl < 0) break;
        // Field boundaries.
        let f = 0;
        for (let i = lineStart; i < nl && f < 7; i++) if (buf[i] === TAB) ends[f++] = i;
        ends[f] = nl;
        const metricEnd = ends[0]!;
        if (
          !builder ||
          metricEnd - lineStart !== lastMetricBytes.length ||
          buf.compare(lastMetricBytes, 0, lastMetricBytes.length, lineStart, metricEnd) !== 0
        ) {
          lastMetric = buf.toString("utf8", lineStart, metricEnd);
          lastMetricBytes = Buffer.from(buf.subarray(lineStart, metricEnd));
          builder = builders.get(lastMetric) ?? null;
          if (!builder) builders.set(lastMetric, (builder = new MatrixBuilder(lastMetric)));
          lastOrg = -1;
        }
        const orgStart = metricEnd + 1;
        const orgEnd = ends[1]!;
        if (
          lastOrg < 0 ||
          orgEnd - orgStart !== lastOrgBytes.length ||
          buf.compare(lastOrgBytes, 0, lastOrgBytes.length, orgStart, orgEnd) !== 0
        ) {
          lastOrgBytes = Buffer.from(buf.subarray(orgStart, orgEnd));
          lastOrg = builder.orgOf(buf.toString("utf8", orgStart, orgEnd));
        }
        const period = builder.periodOf(fieldDateKey(buf, ends[1]! + 1));
        const num = fieldNumber(buf, ends[2]! + 1, ends[3]!);
        const den = fieldNumber(buf, ends[3]! + 1, ends[4]!);
        const val = fieldNumber(buf, ends[4]! + 1, ends[5]!);
        const prec = fieldNumber(buf, ends[5]! + 1, ends[6]!);
        const flagsStart = ends[6]! + 1;
        const flags =
          nl - flagsStart === 2 && buf[flagsStart] === BACKSLASH
            ? null
            : buf.toString("utf8", flagsStart, nl).split("|");
        builder.push(lastOrg, period, num, den, val, prec, flags);
        lineStart = nl + 1;
      }
      rest = lineStart < buf.length ? buf.subarray(lineStart) : null;
    }
  } finally {
    client.release();
  }
  const out = new Map<string, MetricMatrix>();
  for (const [id, b] of builders) out.set(id, b.build(periodType));
  return out;
}

function copyQuery(periodType: PeriodType, metricId: string | null): string {
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return `SELECT v.metric_id, v.org_code, v.period_start, v.numerator, v.denominator, v.value,
      v.precedence, CASE WHEN cardinality(v.dq_flags) > 0 THEN array_to_string(v.dq_flags, '|') END
    FROM ranked_values v
    WHERE v.period_type = ${lit(periodType)}${metricId === null ? "" : ` AND v.metric_id = ${lit(metricId)}`}`;
}
