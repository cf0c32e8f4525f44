/**
 * The jobs as an operator reads them (the port: src/jobs/queue.ts `JobRecords`): pg-boss's own
 * tables in the `pgboss` schema (job, and archive for jobs finished more than 12 hours ago), read
 * with SQL. Before the queue first started (no `pgboss` schema) there is nothing to read.
 *
 * Retrying does what pg-boss's `retry` does (a failed job back to "retry" with one more retry
 * allowed), due at once, without starting a queue instance in the reading process.
 */
import { sql } from "kysely";
import { JOB_STATES, type JobRecord, type JobRecords, type JobState } from "../jobs/queue.js";
import type { Db } from "./schema.js";
import { JOB_SCHEMA } from "./job-queue.js";

/** pg-boss's internal queues (the schedules' sender) are its business, not an operator's. */
const INTERNAL = "__pgboss__%";

interface JobRow {
  id: string;
  name: string;
  state: JobState;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  retry_count: number;
  retry_limit: number;
  start_after: Date;
  output: unknown;
}

/** The failure's message: pg-boss keeps a thrown error, serialised, as the job's output. */
function errorOf(row: JobRow): string | null {
  if (row.state !== "failed" && row.state !== "retry") return null;
  const output = row.output as { message?: unknown; value?: { message?: unknown } } | null;
  const message = output?.message ?? output?.value?.message;
  return typeof message === "string" ? message : null;
}

export function createJobRecords(db: Db): JobRecords {
  const installed = async () => {
    const { rows } = await sql<{
      t: string | null;
    }>`SELECT to_regclass(${`${JOB_SCHEMA}.job`})::text AS t`.execute(db);
    return rows[0]?.t != null;
  };
  const table = (name: string) => sql.table(`${JOB_SCHEMA}.${name}`);

  return {
    async queues() {
      if (!(await installed())) return [];
      const { rows } = await sql<{ name: string; state: JobState | null; n: number }>`
        SELECT q.name, j.state::text AS state, count(j.id)::int AS n
        FROM ${table("queue")} q LEFT JOIN ${table("job")} j ON j.name = q.name
        WHERE q.name NOT LIKE ${INTERNAL}
        GROUP BY q.name, j.state ORDER BY q.name`.execute(db);
      const byName = new Map<string, Record<JobState, number>>();
      for (const r of rows) {
        const counts =
          byName.get(r.name) ??
          (Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>);
        if (r.state) counts[r.state] = r.n;
        byName.set(r.name, counts);
      }
      return [...byName].map(([name, counts]) => ({ name, counts }));
    },

    async recent(limit) {
      if (!(await installed())) return [];
      const columns = sql`id::text AS id, name, state::text AS state, created_on, started_on,
        completed_on, retry_count, retry_limit, start_after, output`;
      const { rows } = await sql<JobRow>`
        SELECT * FROM (
          SELECT ${columns} FROM ${table("job")} WHERE name NOT LIKE ${INTERNAL}
          UNION ALL
          SELECT ${columns} FROM ${table("archive")} WHERE name NOT LIKE ${INTERNAL}
        ) jobs ORDER BY created_on DESC, id LIMIT ${limit}`.execute(db);
      return rows.map((r): JobRecord => ({
        id: r.id,
        name: r.name,
        state: r.state,
        createdAt: r.created_on,
        startedAt: r.started_on,
        completedAt: r.completed_on,
        retries: r.retry_count,
        retryLimit: r.retry_limit,
        startAfter: r.start_after,
        lastError: errorOf(r),
      }));
    },

    async retry(id) {
      if (!/^[0-9a-f-]{36}$/i.test(id) || !(await installed())) return false;
      const result = await sql`
        UPDATE ${table("job")}
        SET state = 'retry', retry_limit = retry_limit + 1, start_after = now()
        WHERE id = ${id}::uuid AND state = 'failed'`.execute(db);
      return Number(result.numAffectedRows ?? 0) > 0;
    },
  };
}
