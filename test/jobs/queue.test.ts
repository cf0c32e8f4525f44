// The job queue (pg-boss, src/storage/job-queue.ts) as two processes would use it: two queue
// instances, each with its own pool, over one database. A schedule fires once, a stately queue
// runs one job at a time, a failing job is retried with back-off and ends failed, visible in
// `improve jobs`, and `improve jobs retry` runs it again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config.js";
import type { JobQueue, QueueDefinition } from "../../src/jobs/queue.js";
import { connect } from "../../src/storage/database.js";
import { createJobQueue } from "../../src/storage/job-queue.js";
import { createJobRecords } from "../../src/storage/job-records.js";
import { grantOf } from "../../src/accounts/roles.js";
import { createAccountStore } from "../../src/storage/accounts-store.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { appWithSessions, signedInPerson } from "../support/signed-in-app.js";

let t: TestDatabase;
const pools: ReturnType<typeof connect>[] = [];
const queues: JobQueue[] = [];

beforeAll(async () => {
  t = await testDatabase();
  await seedReference(t.db);
});
afterAll(async () => {
  for (const q of queues) await q.stop();
  for (const p of pools) await p.db.destroy();
  await t?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A queue instance with its own pool: another process, as far as PostgreSQL can tell. */
async function instance(definitions: QueueDefinition[]): Promise<JobQueue> {
  const connection = connect(t.url, 4);
  pools.push(connection);
  const queue = createJobQueue({
    pool: connection.pool,
    onError: () => undefined,
    timing: {
      pollingIntervalSeconds: 0.5,
      cronMonitorIntervalSeconds: 1,
      cronWorkerIntervalSeconds: 1,
    },
    stopTimeoutMs: 5_000,
  });
  queues.push(queue);
  await queue.start(definitions);
  return queue;
}

async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(200);
  }
}

const settings = { retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 60 };

async function run(args: string[]) {
  let out = "";
  let err = "";
  const code = await main(["node", "improve", "jobs", ...args], {
    config: { ...loadConfig({}), databaseUrl: t.url },
    io: { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false },
  });
  return { code, out, err };
}

describe("job queue across two instances", () => {
  it("fires a schedule set by both instances once", async () => {
    // Within one minute: every minute would rightly fire again.
    const second = new Date().getUTCSeconds();
    if (second > 40) await sleep((61 - second) * 1000);
    const runs: string[] = [];
    const scheduled = (who: string): QueueDefinition => ({
      name: "test-scheduled",
      ...settings,
      cron: "* * * * *",
      handler: async () => void runs.push(who),
    });
    await Promise.all([instance([scheduled("a")]), instance([scheduled("b")])]);
    await until(() => runs.length > 0, 15_000);
    await sleep(4_000);
    expect(runs).toHaveLength(1);
    const records = createJobRecords(t.db);
    const jobs = (await records.recent(50)).filter((j) => j.name === "test-scheduled");
    expect(jobs.map((j) => j.state)).toEqual(["completed"]);
  }, 60_000);

  it("runs one job of a stately queue at a time, and a keyed job once", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const busy: QueueDefinition = {
      name: "test-busy",
      ...settings,
      handler: async () => {
        running++;
        most = Math.max(most, running);
        runs++;
        await sleep(700);
        running--;
      },
    };
    const [a, b] = await Promise.all([instance([busy]), instance([busy])]);
    const sent: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      sent.push(
        (await a!.send("test-busy", {})) !== null,
        (await b!.send("test-busy", {})) !== null,
      );
      await sleep(150);
    }
    await until(() => runs > 0 && running === 0, 10_000);
    await sleep(1_500);
    expect(most).toBe(1);
    // Sends while one waited were dropped: fewer runs than sends, as many as were accepted.
    expect(runs).toBe(sent.filter(Boolean).length);
    expect(runs).toBeLessThan(sent.length);

    const before = runs;
    expect(await a!.send("test-busy", {}, { onceKey: "v1" })).not.toBeNull();
    expect(await b!.send("test-busy", {}, { onceKey: "v1" })).toBeNull();
    await until(() => runs === before + 1 && running === 0, 10_000);
    await sleep(1_500);
    expect(await a!.send("test-busy", {}, { onceKey: "v1" })).toBeNull();
    expect(runs).toBe(before + 1);
  }, 60_000);

  it("retries a failing job with back-off, ends it failed, shows it, and retries it on request", async () => {
    const attempts: number[] = [];
    const failing = (): QueueDefinition => ({
      name: "test-failing",
      ...settings,
      handler: async () => {
        attempts.push(Date.now());
        throw new Error(`mail server refused (attempt ${attempts.length})`);
      },
    });
    const [a] = await Promise.all([instance([failing()]), instance([failing()])]);
    expect(await a!.send("test-failing", {})).not.toBeNull();
    const records = createJobRecords(t.db);
    const failed = async () =>
      (await records.recent(50)).find((j) => j.name === "test-failing" && j.state === "failed");
    await until(async () => (await failed()) !== undefined, 20_000);
    // The first run and two retries, the second retry's delay at least twice the first's 1 s.
    expect(attempts).toHaveLength(3);
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(1_000);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(2_000);
    const job = (await failed())!;
    expect(job).toMatchObject({ retries: 2, retryLimit: 2 });
    expect(job.lastError).toBe("mail server refused (attempt 3)");

    const listing = await run([]);
    expect(listing.code).toBe(0);
    expect(listing.out).toMatch(/test-failing\s+0\s+0\s+0\s+0\s+1\s+0/);
    expect(listing.out).toContain(job.id);
    expect(listing.out).toMatch(/failed .* 2\/2 .*mail server refused \(attempt 3\)/);
    const json = JSON.parse((await run(["--format", "json"])).out) as {
      jobs: { id: string; state: string }[];
    };
    expect(json.jobs.find((j) => j.id === job.id)?.state).toBe("failed");

    const retried = await run(["retry", job.id]);
    expect(retried).toMatchObject({ code: 0, out: `job ${job.id} will run again\n` });
    await until(() => attempts.length === 4, 10_000);
    await until(async () => (await failed()) !== undefined, 10_000);
    expect((await failed())!).toMatchObject({ retries: 3, retryLimit: 3 });
    // The administration page lists the same, for national administrators only.
    const app = await appWithSessions(t, {});
    try {
      const store = createAccountStore(t.db);
      const admin = await signedInPerson(
        store,
        { email: "ops@example.nhs.uk", displayName: "Ops" },
        [grantOf("national_admin", "")],
      );
      const page = await app.inject({ url: "/admin/jobs", headers: { cookie: admin.cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.headers["cache-control"]).toBe("private, no-store");
      expect(page.body).toContain("test-failing");
      expect(page.body).toContain(job.id);
      expect(page.body).toContain("3 of 3");
      expect(page.body).toContain("mail server refused (attempt 4)");
      const member = await signedInPerson(
        store,
        { email: "member@example.nhs.uk", displayName: "Member" },
        [grantOf("organisation_member", "RR8")],
      );
      const refused = await app.inject({ url: "/admin/jobs", headers: { cookie: member.cookie } });
      expect(refused.statusCode).toBe(403);
    } finally {
      await app.close();
    }
    // Only a failed job can be retried.
    expect((await run(["retry", "00000000-0000-4000-8000-000000000000"])).code).not.toBe(0);
  }, 60_000);
});
