/**
 * The job queue's ports (implemented over pg-boss in src/storage/job-queue.ts and
 * src/storage/job-records.ts): the domain names jobs and reads their records, never pg-boss.
 */
import type { QueueSettings } from "./definitions.js";

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export const JOB_STATES: readonly JobState[] = [
  "created",
  "retry",
  "active",
  "completed",
  "cancelled",
  "failed",
];

/** One job's handler: throws to fail the run (it is then retried with back-off). */
export type JobHandler = (data: unknown) => Promise<void>;

/** A queue: its name, its retry settings and, when this process works it, its handler. */
export interface QueueDefinition extends QueueSettings {
  name: string;
  /** Absent: this process sends to the queue but does not run its jobs. */
  handler?: JobHandler;
  /** A cron expression (UTC): the job is sent on that schedule, once whichever process keeps time. */
  cron?: string;
}

export interface SendOptions {
  /**
   * A key that names this job for ever: a second send with the same key (from any process) adds
   * nothing while the first is kept (one recomputation per data version).
   */
  onceKey?: string;
  /** At most one such job per this many seconds (the start-up sync). */
  singletonSeconds?: number;
  /**
   * Jobs of one queue with different keys wait and run side by side; with the same key, one at a
   * time (one report file of a kind at once, different reports together).
   */
  singletonKey?: string;
}

export interface JobQueue {
  /** Creates the queues (and the schema on first use), sets the schedules, starts working. */
  start(queues: readonly QueueDefinition[]): Promise<void>;
  /** Queues a job: its id, or null when the queue already holds one waiting (the policy dropped it). */
  send(name: string, data: object, options?: SendOptions): Promise<string | null>;
  /** Removes a queue's schedule (the sync, when `serve` runs without --sync). */
  unschedule(name: string): Promise<void>;
  /** Stops polling and waits (up to a limit) for the running jobs to finish. */
  stop(): Promise<void>;
}

/** A queue's jobs by state (finished ones for 12 hours: then pg-boss archives them, for 7 days). */
export interface QueueCounts {
  name: string;
  counts: Record<JobState, number>;
}

export interface JobRecord {
  id: string;
  name: string;
  state: JobState;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  /** Retries so far (the first run is not one). */
  retries: number;
  retryLimit: number;
  /** When a job waiting to retry runs next. */
  startAfter: Date;
  /** The last failure's message (a failed or retrying job). */
  lastError: string | null;
}

/** What an operator sees of the queues, and the one thing they may do: retry a failed job. */
export interface JobRecords {
  /** Every queue, with its jobs counted by state (empty before the queue first started). */
  queues(): Promise<QueueCounts[]>;
  /** The latest jobs, newest first, archived ones included. */
  recent(limit: number): Promise<JobRecord[]>;
  /** Puts a failed job back to retry; false when there is no failed job with that id. */
  retry(id: string): Promise<boolean>;
}
