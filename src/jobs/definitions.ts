/**
 * The hub's background jobs (issue 19, part 3; docs/decisions/0021-jobs.md): their names, the
 * payload each carries (checked with zod when a handler receives it) and how each is retried.
 *
 * Every queue is "stately": at most one job of a name waits, one waits to retry and one runs, in
 * every process on every machine together (the queue's unique indexes in PostgreSQL decide, not
 * any one process). A failed run is retried after `retryDelaySeconds`, then twice that, four
 * times… (exponential back-off, with jitter), and after `retryLimit` retries it stays failed,
 * with its error, for an operator to see (`improve jobs`, /admin/jobs) and retry.
 */
import { z } from "zod";

export const JOB_NAMES = [
  "sync-publications",
  "send-notifications",
  "recompute-analytics",
  "generate-report",
] as const;

export type JobName = (typeof JOB_NAMES)[number];

/** A report's subject (src/reports/types.ts `ReportSubject`). */
const reportSubjectSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("organisation"), orgCode: z.string().regex(/^[A-Z0-9]{2,10}$/) }),
  z.object({ kind: z.literal("network"), networkId: z.string().regex(/^[a-z0-9-]{1,100}$/) }),
  z.object({ kind: z.literal("region"), regionCode: z.string().regex(/^[A-Z0-9]{2,10}$/) }),
  z.object({ kind: z.literal("proposal"), proposalId: z.number().int().positive() }),
]);

/** The report file formats (those of the site's downloads and `improve report`). */
export const REPORT_JOB_FORMATS = ["pdf", "xlsx", "csv", "html"] as const;

export type ReportJobFormat = (typeof REPORT_JOB_FORMATS)[number];

/** What each job's payload holds. */
export const payloadSchemas = {
  /** The configured publications that are due (each on its own schedule: config/sync.json). */
  "sync-publications": z.object({}).strict(),
  /** The email outbox's due messages, drained (each message's own retries stay the outbox's). */
  "send-notifications": z.object({}).strict(),
  /** What is stored from the analytics after the data version moved: learning posts' verdicts. */
  "recompute-analytics": z.object({ dataVersion: z.string().min(1).max(200) }).strict(),
  /** A subject's report written to the data folder's downloads/reports, as the operator reads it. */
  "generate-report": z
    .object({
      subject: reportSubjectSchema,
      /** The report's key (`improve report --list`). */
      report: z.string().regex(/^[a-z0-9-]{1,100}$/),
      format: z.enum(REPORT_JOB_FORMATS),
    })
    .strict(),
} satisfies Record<JobName, z.ZodType>;

export type JobPayload<N extends JobName> = z.infer<(typeof payloadSchemas)[N]>;

/** A queue's retry policy and its time limit for one run. */
export interface QueueSettings {
  /** Retries after the first failure (so `retryLimit + 1` runs at most). */
  retryLimit: number;
  /** The first retry's delay; each later one doubles it (pg-boss adds up to as much again). */
  retryDelaySeconds: number;
  /** A run still active after this long is failed (and retried), as if it had thrown. */
  expireInSeconds: number;
}

export const QUEUE_SETTINGS: Record<JobName, QueueSettings> = {
  // A download that failed is tried again within the quarter hour the timer used to wait.
  "sync-publications": { retryLimit: 3, retryDelaySeconds: 60, expireInSeconds: 2 * 3600 },
  "send-notifications": { retryLimit: 5, retryDelaySeconds: 15, expireInSeconds: 15 * 60 },
  "recompute-analytics": { retryLimit: 5, retryDelaySeconds: 30, expireInSeconds: 3600 },
  "generate-report": { retryLimit: 2, retryDelaySeconds: 30, expireInSeconds: 15 * 60 },
};

/**
 * The repeating jobs, as cron expressions in UTC (pg-boss's finest step is a minute). The sync
 * keeps the timer's 15 minutes; the outbox is drained every minute, and at once when a message
 * is queued (the enqueue sends a job).
 */
export const SCHEDULES: Partial<Record<JobName, string>> = {
  "sync-publications": "*/15 * * * *",
  "send-notifications": "* * * * *",
};

/** The payload, checked: a job whose data does not match its name fails (and is not retried into success). */
export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return payloadSchemas[name].parse(data ?? {}) as JobPayload<N>;
}
