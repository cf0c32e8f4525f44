/**
 * The job queue over pg-boss (the port: src/jobs/queue.ts; docs/decisions/0021-jobs.md), in the
 * hub's own database, schema `pgboss`, through the hub's pool: the embedded server and
 * DATABASE_URL alike, with no second set of connections to configure.
 *
 * One instance per process. pg-boss creates its schema on first start (under an advisory lock,
 * so processes starting together do not race) and keeps time for the schedules in one process
 * at a time (it claims each cron check in its `version` table and sends each scheduled job with
 * a minute's singleton key), so a schedule fires once however many processes set it.
 */
import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import type pg from "pg";
import type { JobQueue, QueueDefinition, SendOptions } from "../jobs/queue.js";

export const JOB_SCHEMA = "pgboss";

/** The advisory lock under which processes create or update the queues, one at a time. */
const QUEUES_LOCK = 7_216_305_019;

/** How often to look for work and for schedules (tests shorten them). */
export interface QueueTiming {
  /** Each queue's worker polls this often (default 2 s). */
  pollingIntervalSeconds?: number;
  /** How often a process checks whether a schedule is due (default 30 s). */
  cronMonitorIntervalSeconds?: number;
  /** How soon a due schedule's job is queued (default 5 s). */
  cronWorkerIntervalSeconds?: number;
}

export interface JobQueueDeps {
  pool: pg.Pool;
  /** pg-boss's own errors (a poll that failed): logged, never thrown. */
  onError: (e: Error) => void;
  timing?: QueueTiming;
  /** How long `stop` waits for running jobs before failing them (default 30 s). */
  stopTimeoutMs?: number;
  /**
   * False: only sends (a command such as `improve report --queue`): keeps no time for schedules
   * and does no maintenance (archiving, expiring), which the serving processes do.
   */
  worker?: boolean;
}

/** A job id (a UUID) that a key always gives, so a second send of the same key adds nothing. */
function idOfKey(key: string): string {
  const h = createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createJobQueue(deps: JobQueueDeps): JobQueue {
  const timing = deps.timing ?? {};
  const boss = new PgBoss({
    schema: JOB_SCHEMA,
    ...(deps.worker === false ? { schedule: false, supervise: false } : {}),
    db: {
      executeSql: (text: string, values: unknown[]) => deps.pool.query(text, values),
    },
    ...(timing.cronMonitorIntervalSeconds
      ? { cronMonitorIntervalSeconds: timing.cronMonitorIntervalSeconds }
      : {}),
    ...(timing.cronWorkerIntervalSeconds
      ? { cronWorkerIntervalSeconds: timing.cronWorkerIntervalSeconds }
      : {}),
  });
  boss.on("error", deps.onError);
  let started = false;

  return {
    async start(queues) {
      await boss.start();
      started = true;
      // Creating a queue makes its partition and indexes: two processes doing it at once
      // deadlock, so processes take turns (a session advisory lock on a connection of our own).
      const client = await deps.pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [QUEUES_LOCK]);
        for (const q of queues) await createQueue(q);
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [QUEUES_LOCK]).catch(() => undefined);
        client.release();
      }
      for (const q of queues) {
        if (q.cron) await boss.schedule(q.name, q.cron, {}, { tz: "UTC" });
        const handler = q.handler;
        if (handler)
          await boss.work(
            q.name,
            { batchSize: 1, pollingIntervalSeconds: timing.pollingIntervalSeconds ?? 2 },
            async (jobs) => {
              for (const job of jobs) await handler(job.data);
            },
          );
      }
    },

    send: (name, data, options: SendOptions = {}) =>
      boss.send(name, data, {
        ...(options.onceKey ? { id: idOfKey(`${name}:${options.onceKey}`) } : {}),
        ...(options.singletonSeconds ? { singletonSeconds: options.singletonSeconds } : {}),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      }),

    unschedule: (name) => boss.unschedule(name),

    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, close: false, timeout: deps.stopTimeoutMs ?? 30_000 });
    },
  };

  /** Creates the queue, or brings an existing one's settings up to date. */
  async function createQueue(q: QueueDefinition): Promise<void> {
    const settings = {
      name: q.name,
      policy: "stately" as const,
      retryLimit: q.retryLimit,
      retryDelay: q.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: q.expireInSeconds,
    };
    if (await boss.getQueue(q.name)) await boss.updateQueue(q.name, settings);
    else await boss.createQueue(q.name, settings);
  }
}
