/**
 * `improve serve` (what `npm start` runs): open the database, seed the reference data, load data
 * on first start (the real shared data when present, otherwise the synthetic demo), and serve the
 * web application until SIGINT or SIGTERM, then stop cleanly (server, pool, embedded PostgreSQL).
 */
import pino from "pino";
import { createMailSender } from "../../adapters/mail/sender.js";
import { createOutbox } from "../../accounts/mail.js";
import { createMailTransport } from "../../adapters/mail/transport.js";
import { devMailboxEnabled, type Config } from "../../config.js";
import { loadFirstStartData } from "../../ingest/first-start.js";
import { importShippedGuides } from "./guides.js";
import { createAnalyticsService, type AnalyticsService } from "../../metrics/service.js";
import { createAccountStore } from "../../storage/accounts-store.js";
import { createAnalyticsStore } from "../../storage/analytics-store.js";
import { createOutboxStore } from "../../storage/outbox-store.js";
import { composeServices, createAppFromDatabase } from "../../web/compose.js";
import { createServeJobs, MAIL_BATCH } from "../serve-jobs.js";
import type { Services } from "../../web/context.js";
import { reportFile } from "../../web/pages/reports/report-file.js";
import { operator } from "../operator.js";
import { createOidcProvider } from "../../adapters/oidc.js";
import { UsageError } from "../../errors.js";
import { intOption } from "../options.js";
import { sessionSettings } from "../session-secret.js";
import os from "node:os";
import { accountSettingsOf } from "../account-settings.js";
import type { CliContext, RegisterCommand } from "../context.js";
import type { Database } from "../../storage/database.js";
import { createReadRouter, type ReadRouter } from "../../storage/replica.js";
import { isWorker, primaryAsksToStop, superviseWorkers, tellPrimaryListening } from "../workers.js";

/**
 * Precomputes now, then checks the data version every 15 s and precomputes after a change. Each
 * process holds its own precomputed analytics (in memory), so this is not a job: every process
 * must do it. What is stored from the analytics is recomputed once, by a job (`onNewVersion`).
 */
async function keepPrecomputed(
  analytics: AnalyticsService,
  dataVersion: () => Promise<string>,
  log: pino.Logger,
  onNewVersion: (version: string) => void,
): Promise<() => void> {
  let done = "";
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const version = await dataVersion();
      if (version === done) return;
      const report = await analytics.precomputeAll();
      done = report.dataVersion;
      onNewVersion(report.dataVersion);
      log.info(
        `analytics: ${report.metrics} metrics × ${report.organisations} organisations computed in ${report.loadMs + report.computeMs} ms (data version ${report.dataVersion})`,
      );
    } catch (e) {
      log.error({ err: e }, "analytics precompute failed");
    } finally {
      running = false;
    }
  };
  await run();
  const timer = setInterval(() => void run(), 15_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** A hub nobody can sign in to yet says how to make its first administrator. */
async function hintFirstAdministrator(
  ctx: CliContext,
  database: Database,
  log: pino.Logger,
): Promise<void> {
  const { total } = await createAccountStore(database.db).users({ limit: 1, offset: 0 });
  if (total > 0) return;
  log.info(
    'no accounts yet: create the first administrator with `npm run improve -- users create --admin --email you@example.nhs.uk --name "Your Name" --password-stdin` (or set up single sign-on: docs/accounts.md)',
  );
}

/** Where mail goes, for the start-up log: the SMTP server without its credentials. */
function mailDescription(config: Config): string {
  if (!config.smtpUrl) {
    const where = devMailboxEnabled(config) ? " and at /dev/mailbox" : "";
    return `mail: not sent (SMTP_URL is not set): written to the log${where}`;
  }
  const url = new URL(config.smtpUrl);
  return `mail: ${url.protocol}//${url.host} as ${config.mailFrom}`;
}

interface ServeOptions {
  port?: number;
  host?: string;
  sync?: boolean;
  workers?: number;
}

/**
 * The web application in this process, on an open database: precomputed analytics kept fresh,
 * listening until `stop` resolves. Returns the port, through `onListening`, once it listens.
 */
async function runWebApp(
  ctx: CliContext,
  database: Database,
  opts: ServeOptions,
  log: pino.Logger,
  onListening: (port: number) => void,
  stop: Promise<string>,
): Promise<void> {
  // DATABASE_REPLICA_URL: the read-only pages and the analytics engine read from the replica.
  const replica: ReadRouter | undefined = ctx.config.databaseReplicaUrl
    ? createReadRouter({
        primary: database.pool,
        replicaUrl: ctx.config.databaseReplicaUrl,
        windowMs: ctx.config.readYourWritesMs,
        logger: { warn: (m) => log.warn(m), info: (m) => log.info(m) },
        applicationName: "improve serve (replica reads)",
      })
    : undefined;
  if (replica) log.info(`reads: the replica at ${new URL(ctx.config.databaseReplicaUrl!).host}`);
  const store = createAnalyticsStore(replica?.shared ?? database);
  const analytics = createAnalyticsService(store);
  // The mail sender drains the outbox when the `send-notifications` job runs (every minute, and
  // as soon as a message is queued): claiming with FOR UPDATE SKIP LOCKED
  // (src/storage/outbox-store.ts) means no message is sent twice, whichever process runs the job.
  const outboxStore = createOutboxStore(database.db);
  const transport = createMailTransport(ctx.config, log);
  const mail = createMailSender({
    store: outboxStore,
    transport,
    clock: ctx.now,
    logger: log,
    batchSize: MAIL_BATCH,
  });
  const accountSettings = accountSettingsOf(ctx.config);
  // The services the jobs use (built on first use: most processes never generate a report).
  let composed: Services | undefined;
  const jobServices = () =>
    (composed ??= composeServices({
      db: database.db,
      analytics,
      logger: log,
      now: ctx.now,
      accountSettings,
    }));
  const jobs = createServeJobs({
    ctx,
    database,
    log,
    sync: opts.sync ?? false,
    mail,
    refreshVerdicts: () => jobServices().learning.refreshVerdicts(),
    // As `improve report` writes it: the operator's report, commentary included.
    reportFile: (subject, report, format) =>
      reportFile(jobServices(), operator(), subject, report, format, { generatedAt: ctx.now() }),
  });
  const app = await createAppFromDatabase({
    db: database.db,
    analytics,
    logger: log,
    sessions: await sessionSettings(ctx.config),
    ...(ctx.config.oidc
      ? {
          sso: {
            provider: createOidcProvider(ctx.config.oidc),
            publicUrl: ctx.config.publicUrl,
            createAccounts: ctx.config.oidc.createAccounts,
          },
        }
      : {}),
    trustProxy: ctx.config.trustProxy,
    devMailbox: devMailboxEnabled(ctx.config),
    // Links in account emails (reset, verification) point at the site's public address.
    accountSettings,
    outbox: createOutbox({ store: outboxStore, now: ctx.now, afterEnqueue: jobs.wakeMail }),
    onDataVersion: jobs.dataVersionChanged,
    // The open API's limits (its callers and counts come from the services: personal tokens,
    // counts held in PostgreSQL).
    api: { limits: ctx.config.apiRateLimits },
    ...(replica ? { replica } : {}),
  });
  // Compute every comparison now, not on the first visitor's request; and again whenever an
  // import (from this process, `improve import` or the sync) changes the data.
  const stopPrecompute = await keepPrecomputed(
    analytics,
    store.dataVersion,
    log,
    jobs.dataVersionChanged,
  );
  const port = opts.port ?? ctx.config.port;
  const host = opts.host ?? ctx.config.host;
  try {
    await app.listen({ port, host });
  } catch (e) {
    stopPrecompute();
    transport.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES")
      throw new UsageError(
        code === "EADDRINUSE"
          ? `port ${port} on ${host} is already in use: stop the other server, or choose another port with --port or PORT`
          : `this user may not listen on port ${port}: choose a port above 1023 with --port or PORT`,
      );
    throw e;
  }
  // The jobs, started once listening (a port in use ends the process first). Every web process
  // works every queue (with --workers, each worker): a worker that dies takes nothing with it.
  await jobs.start();
  const address = app.server.address();
  onListening(typeof address === "object" && address ? address.port : port);
  const signal = await stop;
  log.info(`${signal}: shutting down`);
  stopPrecompute();
  await app.close();
  // Running jobs finish (up to 20 s; then they are failed, and retried by another process).
  await jobs.stop();
  transport.close();
  await replica?.close();
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command("serve")
    .description("Run the web platform (embedded PostgreSQL unless DATABASE_URL is set)")
    .option("--port <port>", "port to listen on (PORT)", intOption("--port", 0, 65535))
    .option("--host <host>", "interface to listen on (HOST)")
    .option(
      "--workers <n>",
      "web processes, one per core by default (IMPROVE_WORKERS)",
      intOption("--workers", 1, 64),
    )
    .option(
      "--sync",
      "also run `improve sync` as a job, at start-up and every 15 minutes (config/sync.json)",
    )
    .action(async (opts: ServeOptions) => {
      const log = pino({ level: ctx.config.logLevel });
      // A cluster worker (./workers.ts): joins the database the primary opened (the same attach
      // path as any other command on the folder, without migrating again) and serves.
      if (isWorker()) {
        const database = await ctx.database({ migrate: false });
        const stop = Promise.race([ctx.shutdown, primaryAsksToStop()]);
        await runWebApp(ctx, database, opts, log, tellPrimaryListening, stop);
        return;
      }
      const database = await ctx.database();
      log.info(`database: ${database.description}`);
      log.info(mailDescription(ctx.config));
      await loadFirstStartData(database, ctx.config, {
        info: (message) => log.info(message),
        warn: (message, err) => log.warn({ err }, message),
      });
      await importShippedGuides(database, ctx.config, {
        info: (message) => log.info(message),
        warn: (message) => log.warn(message),
      });
      // Before any worker starts: a missing production secret stops here, and the folder's own
      // secret exists before the workers read it.
      await sessionSettings(ctx.config);
      await hintFirstAdministrator(ctx, database, log);
      const workers = opts.workers ?? ctx.config.workers ?? os.availableParallelism();
      const running = (port: number, detail = "") =>
        ctx.io.out(`Improvement Hub is running at http://localhost:${port}${detail}\n`);
      // The jobs (the sync with --sync, the mail sender, recomputation) run in the web
      // processes (src/cli/serve-jobs.ts); with workers, the primary only supervises.
      if (workers === 1) {
        await runWebApp(ctx, database, opts, log, (port) => running(port), ctx.shutdown);
        return;
      }
      const supervisor = superviseWorkers(workers, log);
      const signal = await Promise.race([
        ctx.shutdown,
        supervisor.listening.then((port) => {
          running(port, ` (${workers} worker processes)`);
          return ctx.shutdown;
        }),
      ]);
      log.info(`${signal}: stopping ${workers} workers`);
      await supervisor.stop();
    });
};
