// The generate-report job: `improve report --queue` sends it, a serving process's handler (wired
// as `improve serve` wires it) writes the report into the data folder's downloads/reports, and
// `improve jobs` shows it completed.
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailSender } from "../../src/adapters/mail/sender.js";
import type { CliContext } from "../../src/cli/context.js";
import { main } from "../../src/cli/main.js";
import { operator } from "../../src/cli/operator.js";
import { createServeJobs, type ServeJobs } from "../../src/cli/serve-jobs.js";
import { loadConfig } from "../../src/config.js";
import { createOutboxStore } from "../../src/storage/outbox-store.js";
import { composeServices } from "../../src/web/compose.js";
import { reportFile } from "../../src/web/pages/reports/report-file.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
let dataDir: string;
let org: string;
let jobs: ServeJobs | undefined;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 5, months: 24, seed: 9 });
  dataDir = await mkdtemp(path.join(os.tmpdir(), "improve-report-job-"));
  org = (
    await t.db
      .selectFrom("organisations")
      .select("org_code")
      .where("kind", "=", "acute_trust")
      .orderBy("org_code")
      .executeTakeFirstOrThrow()
  ).org_code;
}, 120_000);
afterAll(async () => {
  await jobs?.stop();
  await t?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const config = () => ({ ...loadConfig({}), databaseUrl: t.url, dataDir });

async function improve(...args: string[]) {
  let out = "";
  let err = "";
  const code = await main(["node", "improve", ...args], {
    config: config(),
    io: { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false },
  });
  return { code, out, err };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("generate-report", () => {
  it("is queued by improve report --queue and written by a serving process", async () => {
    const folder = path.join(dataDir, "downloads", "reports");
    const queued = await improve(
      "report",
      "--org",
      org,
      "--report",
      "topic-uec",
      "--format",
      "csv",
      "--queue",
    );
    expect(queued.code).toBe(0);
    expect(queued.out).toMatch(
      /^queued job [0-9a-f-]{36}: a running `improve serve` writes the report to /,
    );
    expect(queued.out).toContain(folder);
    // The same report, still waiting, is not queued twice.
    const again = await improve(
      "report",
      "--org",
      org,
      "--report",
      "topic-uec",
      "--format",
      "csv",
      "--queue",
    );
    expect(again.out).toMatch(/^this report is already waiting to be made/);

    const log = pino({ level: "silent" });
    const services = composeServices({ db: t.db, pool: t.pool });
    jobs = createServeJobs({
      ctx: { config: config(), now: () => new Date() } as CliContext,
      database: t,
      log,
      sync: false,
      mail: createMailSender({
        store: createOutboxStore(t.db),
        transport: { kind: "log", send: async () => undefined, close: () => undefined },
        logger: log,
      }),
      refreshVerdicts: async () => ({ recomputed: 0, changed: 0 }),
      reportFile: (subject, report, format) =>
        reportFile(services, operator(), subject, report, format, { generatedAt: new Date() }),
    });
    await jobs.start();
    const deadline = Date.now() + 30_000;
    const files = () => {
      try {
        return readdirSync(folder);
      } catch {
        return [];
      }
    };
    while (files().length === 0 && Date.now() < deadline) await sleep(250);
    await sleep(1_000);
    expect(files()).toHaveLength(1);
    const name = files()[0]!;
    expect(name).toMatch(
      new RegExp(`^organisation-${org}-topic-uec-\\d{4}-\\d{2}-\\d{2}T\\d{6}Z\\.csv$`),
    );
    const direct = await improve(
      "report",
      "--org",
      org,
      "--report",
      "topic-uec",
      "--format",
      "csv",
      "--out",
      path.join(dataDir, "direct.csv"),
    );
    expect(direct.code).toBe(0);
    // The job's file is the command's, but for the moment each was made.
    const body = (f: string) => readFileSync(f, "utf8").replace(/^.*Generated.*$/gm, "");
    expect(body(path.join(folder, name))).toBe(body(path.join(dataDir, "direct.csv")));

    const listing = await improve("jobs");
    expect(listing.out).toMatch(/generate-report\s+0\s+0\s+0\s+1\s+0\s+0/);
  }, 120_000);
});
