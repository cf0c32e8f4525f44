// The send-notifications job as `improve serve` wires it (src/cli/serve-jobs.ts), in two
// processes over one database: every queued email is sent once, whichever process drains, with
// both woken by every message queued and the schedule set by both.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutbox, type MailMessage } from "../../src/accounts/mail.js";
import { createMailSender } from "../../src/adapters/mail/sender.js";
import type { MailTransport } from "../../src/adapters/mail/transport.js";
import type { CliContext } from "../../src/cli/context.js";
import { createServeJobs, type ServeJobs } from "../../src/cli/serve-jobs.js";
import { loadConfig } from "../../src/config.js";
import { connect, type Database } from "../../src/storage/database.js";
import { createJobRecords } from "../../src/storage/job-records.js";
import { createOutboxStore } from "../../src/storage/outbox-store.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
const running: ServeJobs[] = [];
const connections: ReturnType<typeof connect>[] = [];

beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  for (const jobs of running) await jobs.stop();
  for (const c of connections) await c.db.destroy();
  await t?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One `serve` process's jobs: its own pool, its own mail transport recording what it sent. */
async function serveProcess(sent: string[]): Promise<ServeJobs> {
  const connection = connect(t.url, 4);
  connections.push(connection);
  const database: Database = {
    ...connection,
    url: t.url,
    description: "test",
    close: () => connection.db.destroy(),
  };
  const transport: MailTransport = {
    kind: "log",
    send: async (m: MailMessage) => {
      await sleep(5);
      sent.push(m.to);
    },
    close: () => undefined,
  };
  const log = pino({ level: "silent" });
  const ctx = {
    config: { ...loadConfig({}), databaseUrl: t.url },
    now: () => new Date(),
  } as CliContext;
  const jobs = createServeJobs({
    ctx,
    database,
    log,
    sync: false,
    mail: createMailSender({
      store: createOutboxStore(connection.db),
      transport,
      logger: log,
      batchSize: 20,
    }),
    refreshVerdicts: async () => ({ recomputed: 0, changed: 0 }),
    reportFile: () => Promise.reject(new Error("no reports in this test")),
  });
  running.push(jobs);
  await jobs.start();
  return jobs;
}

describe("send-notifications with two serve processes", () => {
  it("sends each queued email once", async () => {
    const sentByA: string[] = [];
    const sentByB: string[] = [];
    const [a, b] = await Promise.all([serveProcess(sentByA), serveProcess(sentByB)]);
    const store = createOutboxStore(t.db);
    // Each process's outbox wakes its own jobs, as the web's does.
    const outboxes = [a!, b!].map((jobs) =>
      createOutbox({ store, now: () => new Date(), afterEnqueue: jobs.wakeMail }),
    );
    const total = 45;
    for (let i = 0; i < total; i++)
      await outboxes[i % 2]!.enqueue({
        kind: "notification",
        to: `person${i}@example.nhs.uk`,
        subject: `Notice ${i}`,
        text: "A change you follow.",
      });
    const deadline = Date.now() + 30_000;
    while (sentByA.length + sentByB.length < total && Date.now() < deadline) await sleep(200);
    await sleep(2_500);
    const sent = [...sentByA, ...sentByB];
    expect(sent).toHaveLength(total);
    expect(new Set(sent).size).toBe(total);
    const recent = await store.recent(100);
    expect(recent.every((m) => m.sentAt !== null && m.attempts === 1)).toBe(true);
    // The drains were jobs of the queue, none running now and none failed.
    const [queue] = (await createJobRecords(t.db).queues()).filter(
      (q) => q.name === "send-notifications",
    );
    expect(queue!.counts.completed).toBeGreaterThan(0);
    expect(queue!.counts.failed + queue!.counts.active).toBe(0);
  }, 60_000);
});
