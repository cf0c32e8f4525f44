/**
 * The background jobs of one `improve serve` web process (docs/decisions/0021-jobs.md): its
 * pg-boss instance over the hub's pool, and the handlers it runs. Every web process (each cluster
 * worker) starts one; the queue's policy lets one job of a name run at a time across all of them,
 * and a schedule fires once whichever process keeps time.
 *
 * - sync-publications  every 15 minutes and once at start-up, with `serve --sync` (as the timer
 *                      it replaces): `improve sync`'s run; a publication that failed fails the
 *                      job, so it is retried with back-off and an operator sees it
 * - send-notifications every minute, and when a message is queued: drains the email outbox
 * - recompute-analytics once per data version: learning posts' verdicts on the new data (each
 *                      process still precomputes its own in-memory analytics: serve.ts)
 * - generate-report    when queued (`improve report --queue`): a report file in the data
 *                      folder's downloads/reports, one of each report at a time
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type pino from "pino";
import type { MailSender } from "../adapters/mail/sender.js";
import {
  JOB_NAMES,
  parsePayload,
  QUEUE_SETTINGS,
  type ReportJobFormat,
  SCHEDULES,
  type JobName,
} from "../jobs/definitions.js";
import type { JobHandler, JobQueue, QueueDefinition, SendOptions } from "../jobs/queue.js";
import { loadSyncConfig } from "../ingest/sync/config.js";
import { syncPublications } from "../ingest/sync/run.js";
import type { ReportSubject } from "../reports/types.js";
import type { Database } from "../storage/database.js";
import { createJobQueue } from "../storage/job-queue.js";
import type { CliContext } from "./context.js";

/** Messages the sender claims per drain; a full batch means more may be due. */
export const MAIL_BATCH = 20;

export interface ServeJobsDeps {
  ctx: CliContext;
  database: Database;
  log: pino.Logger;
  /** `serve --sync`: schedule and run the publication sync. */
  sync: boolean;
  mail: MailSender;
  /** Learning posts' verdicts recomputed on the current data. */
  refreshVerdicts: () => Promise<{ recomputed: number; changed: number }>;
  /** A report's file as the operator reads it (src/web/pages/reports/report-file.ts). */
  reportFile: (subject: ReportSubject, report: string, format: ReportJobFormat) => Promise<Buffer>;
}

/** Where generated reports go: the data folder's downloads, beside the sync's. */
export function reportsFolder(dataDir: string): string {
  return path.join(dataDir, "downloads", "reports");
}

/** The subject as it reads in a file name and a singleton key: "organisation-RDE". */
export function subjectRef(subject: ReportSubject): string {
  switch (subject.kind) {
    case "organisation":
      return `organisation-${subject.orgCode}`;
    case "network":
      return `network-${subject.networkId}`;
    case "region":
      return `region-${subject.regionCode}`;
    case "proposal":
      return `proposal-${subject.proposalId}`;
  }
}

export interface ServeJobs {
  /**
   * Creates the queues and starts working them: once the web server listens, so a process that
   * cannot (a port in use) never takes a job.
   */
  start(): Promise<void>;
  /** A message was queued: drain the outbox now rather than at the next minute. */
  wakeMail(): void;
  /** This process saw a new data version: recompute once (whichever process sends first). */
  dataVersionChanged(version: string): void;
  stop(): Promise<void>;
}

/** The process's jobs, built (so the outbox and the data version can name them) but not started. */
export function createServeJobs(deps: ServeJobsDeps): ServeJobs {
  const { ctx, database, log } = deps;
  const handlers: Record<JobName, JobHandler | undefined> = {
    "sync-publications": deps.sync
      ? async (data) => {
          parsePayload("sync-publications", data);
          const config = await loadSyncConfig(path.join("config", "sync.json"));
          const results = await syncPublications(database, config, {
            fetch: (url, init) => fetch(url, init),
            downloadDir: path.join(ctx.config.dataDir, "downloads"),
            wasmReader: ctx.config.wasmReader,
            now: ctx.now,
          });
          for (const r of results)
            if (r.status !== "not_due") log.info({ sync: r }, `sync ${r.name}: ${r.status}`);
          const failed = results.filter((r) => r.status === "failed");
          if (failed.length > 0)
            throw new Error(
              `${failed.length} of ${results.length} publications failed to sync: ${failed.map((r) => `${r.name}${r.message ? ` (${r.message})` : ""}`).join("; ")}`,
            );
        }
      : undefined,
    "send-notifications": async (data) => {
      parsePayload("send-notifications", data);
      for (;;) {
        const report = await deps.mail.drainOnce();
        if (report.sent + report.failed < MAIL_BATCH) return;
      }
    },
    "recompute-analytics": async (data) => {
      const { dataVersion } = parsePayload("recompute-analytics", data);
      const { recomputed, changed } = await deps.refreshVerdicts();
      log.info(
        `recompute-analytics (data version ${dataVersion}): ${recomputed} learning verdicts recomputed, ${changed} changed`,
      );
    },
    "generate-report": async (data) => {
      const { subject, report, format } = parsePayload("generate-report", data);
      const file = await deps.reportFile(subject, report, format);
      const folder = reportsFolder(ctx.config.dataDir);
      await mkdir(folder, { recursive: true });
      const stamp = ctx.now().toISOString().slice(0, 19).replace(/:/g, "");
      const target = path.join(folder, `${subjectRef(subject)}-${report}-${stamp}Z.${format}`);
      // Written aside and renamed: a reader of the folder never sees half a file.
      await writeFile(`${target}.partial`, file);
      await rename(`${target}.partial`, target);
      log.info(`generate-report: wrote ${target} (${file.length} bytes)`);
    },
  };
  const queue: JobQueue = createJobQueue({
    pool: database.pool,
    onError: (e) => log.warn({ err: e }, "job queue"),
    stopTimeoutMs: 20_000,
  });
  const queues: QueueDefinition[] = JOB_NAMES.map((name) => {
    const handler = handlers[name];
    const cron = name === "sync-publications" && !deps.sync ? undefined : SCHEDULES[name];
    return {
      name,
      ...QUEUE_SETTINGS[name],
      ...(handler ? { handler } : {}),
      ...(cron ? { cron } : {}),
    };
  });
  // Sends asked for before `start` (the first precompute's data version) wait for it.
  let started = false;
  const waiting: (() => void)[] = [];
  const send = (name: JobName, data: object, options: SendOptions = {}) => {
    const go = () =>
      void queue
        .send(name, data, options)
        .catch((e: unknown) => log.warn({ err: e }, `queuing ${name} failed`));
    if (started) go();
    else waiting.push(go);
  };
  return {
    async start() {
      await queue.start(queues);
      // The schedule lives in the database: a hub restarted without --sync stops syncing.
      if (!deps.sync) await queue.unschedule("sync-publications");
      started = true;
      for (const go of waiting.splice(0)) go();
      // The timer this replaces synced at start-up: once per quarter hour, however many processes.
      if (deps.sync) send("sync-publications", {}, { singletonSeconds: 15 * 60 });
      send("send-notifications", {});
    },
    wakeMail: () => send("send-notifications", {}),
    dataVersionChanged: (version) =>
      send("recompute-analytics", { dataVersion: version }, { onceKey: version }),
    stop: () => queue.stop(),
  };
}
