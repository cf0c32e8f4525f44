/**
 * Crash tests (issue 14): the built `improve` command (bin/improve.js, so `npm run build` first)
 * killed with SIGKILL at random points, either the node process alone (the OOM killer, a
 * container runtime) or its whole process group, during a first start, during imports and while
 * serving pages. The embedded PostgreSQL runs in a session of its own, so both kinds of kill
 * leave it running without the process that started it.
 *
 * After each kill the next command must recover by itself (no manual cleanup) and leave no
 * PostgreSQL running behind it, and every import must be wholly present or wholly absent (the
 * values stored under each import record are the ones it counted). The kill points come from a
 * seeded generator; the seed is printed, and `IMPROVE_CRASH_SEED=<seed>` repeats a run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachEmbedded } from "../../src/storage/embedded.js";

const bin = path.resolve("bin", "improve.js");
const seed = Number(process.env.IMPROVE_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** mulberry32: a small seeded generator, so that a failing run can be repeated. */
function generator(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(seed);
const between = (low: number, high: number) => low + random() * (high - low);

type KillKind = "node" | "group";

interface Running {
  child: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `improve …` as a real process, leading a process group of its own (as in a terminal). */
function improve(dir: string, args: string[]): Running {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, IMPROVE_DATA_DIR: dir, IMPROVE_DEMO: "off", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return { child, out: () => out, exited };
}

/** Runs `improve …` to its end, or kills it after `timeoutMs` (a hang counts as a failure). */
async function complete(dir: string, args: string[], timeoutMs = 60_000) {
  const running = improve(dir, args);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(running.child.pid!);
  }, timeoutMs);
  const { code } = await running.exited;
  clearTimeout(timer);
  return { code, out: running.out(), timedOut };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone already
  }
}

/** SIGKILL of the node process alone, or of its whole process group; false if it had exited. */
function kill(running: Running, kind: KillKind): boolean {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return false;
  if (kind === "node") running.child.kill("SIGKILL");
  else killGroup(running.child.pid!);
  return true;
}

/** Processes (not zombies) whose command line names `dir`: PostgreSQL and initdb on the folder. */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8");
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2)[0];
      if (cmdline.includes(dir) && state !== "Z" && Number(name) !== process.pid)
        pids.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** What a failed recovery needed by hand, so that the cycles after it start clean. */
function cleanUpByHand(dir: string): void {
  for (const pid of processesIn(dir))
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const months =
  "JANUARY FEBRUARY MARCH APRIL MAY JUNE JULY AUGUST SEPTEMBER OCTOBER NOVEMBER DECEMBER";

/** A monthly A&E file in the published layout for one month: `rows` fictional trusts. */
function aeMonthly(header: string, year: number, month: number, rows: number): string {
  const period = `MSitAE-${months.split(" ")[month]}-${year}`;
  const lines = [
    header,
    `${period},-,-,Total,${Array(18)
      .fill(rows * 10)
      .join(",")}`,
  ];
  for (let i = 0; i < rows; i++) {
    const n = 1000 + ((i * 37 + month) % 500);
    lines.push(
      `${period},ZC${String(i).padStart(3, "0")},NHS ENGLAND MIDLANDS,CRASH TEST TRUST ${i},` +
        `${n},0,${n >> 1},1,0,2,${n >> 2},0,${n >> 4},0,0,0,${n >> 5},${n >> 6},${n >> 3},0,1,${n >> 3}`,
    );
  }
  return lines.join("\n") + "\n";
}

describe("crashes: SIGKILL at random points, then the next command recovers by itself", () => {
  let root: string;
  const failures: string[] = [];
  let kills = 0;
  const started = Date.now();

  beforeAll(async () => {
    const entry = path.resolve("dist", "src", "storage", "embedded.js");
    const source = path.resolve("src", "storage", "embedded.ts");
    if (!existsSync(entry) || statSync(entry).mtimeMs < statSync(source).mtimeMs)
      throw new Error("the crash tests run the built command: run `npm run build` first");
    console.log(`crash tests: seed ${seed} (IMPROVE_CRASH_SEED=${seed} repeats this run)`);
    root = await fs.mkdtemp(path.join(os.tmpdir(), "improve-crash-"));
    await fs.chmod(root, 0o755);
  });

  afterAll(async () => {
    cleanUpByHand(root);
    await fs.rm(root, { recursive: true, force: true });
    console.log(
      `crash tests: ${kills} kills, ${failures.length} not recovered, ${Math.round((Date.now() - started) / 1000)} s`,
    );
  });

  /** The command after a kill: must succeed by itself and leave nothing running when done. */
  async function recovers(dir: string, what: string, args = ["status"]): Promise<boolean> {
    const result = await complete(dir, args);
    const left = processesIn(dir);
    if (result.code === 0 && !result.timedOut && left.length === 0) return true;
    const tail = result.out.trim().split("\n").slice(-3).join(" | ");
    failures.push(
      `${what}: next \`improve ${args.join(" ")}\` ${result.timedOut ? "hung" : `exited ${result.code}`}` +
        `${left.length ? `, left ${left.length} processes running` : ""}: ${tail}`,
    );
    cleanUpByHand(dir);
    return false;
  }

  it("first start: killed while initialising and starting PostgreSQL", async () => {
    let done = 0;
    for (let attempt = 0; done < 8 && attempt < 16; attempt++) {
      const dir = await fs.mkdtemp(path.join(root, "first-"));
      await fs.chmod(dir, 0o755);
      const kind: KillKind = random() < 0.5 ? "node" : "group";
      const delay = between(300, 3000);
      const running = improve(dir, ["status"]);
      await sleep(delay);
      if (!kill(running, kind)) continue; // finished first: not a kill
      await running.exited;
      kills++;
      done++;
      if (!(await recovers(dir, `first start, ${kind} kill at ${Math.round(delay)} ms`))) {
        await fs.rm(dir, { recursive: true, force: true });
        continue;
      }
      // Later starts find a complete cluster: no temporary folders left behind.
      expect(readdirSync(dir).filter((f) => f.startsWith("pg.init"))).toEqual([]);
      await fs.rm(dir, { recursive: true, force: true });
    }
    expect(done).toBe(8);
    expect(failures).toEqual([]);
  }, 180_000);

  it("imports: killed during imports; each import is wholly present or wholly absent", async () => {
    const dir = path.join(root, "imports");
    await fs.mkdir(dir, { mode: 0o755 });
    const header = readFileSync(
      path.resolve("test", "fixtures", "ae-monthly", "ae-monthly-2024-03.csv"),
      "utf8",
    ).split("\n")[0]!;
    expect((await complete(dir, ["status"])).code).toBe(0);

    const check = async (what: string) => {
      const server = await attachEmbedded({ dataDir: dir });
      const client = new pg.Client({ connectionString: server.url });
      try {
        await client.connect();
        const { rows } = await client.query<{
          id: number;
          status: string;
          counted: number;
          n: string;
        }>(
          `SELECT i.import_id AS id, i.status, i.values_inserted AS counted,
             (SELECT count(*) FROM metric_values v WHERE v.import_id = i.import_id) AS n
           FROM imports i WHERE i.format = 'ae-monthly'`,
        );
        for (const row of rows)
          if (row.status !== "succeeded" || Number(row.n) !== row.counted || row.counted === 0)
            failures.push(
              `${what}: import ${row.id} ${row.status}, ${row.n} of ${row.counted} values`,
            );
        return rows.length;
      } finally {
        await client.end().catch(() => undefined);
        await server.stop();
      }
    };

    let done = 0;
    for (let cycle = 0; done < 7 && cycle < 14; cycle++) {
      // Two new months per cycle, so that every cycle imports (never "unchanged").
      const files = [0, 1].map((k) => path.join(dir, `ae-${cycle}-${k}.csv`));
      for (const [k, file] of files.entries())
        await fs.writeFile(file, aeMonthly(header, 2000 + cycle, k * 6, 400));
      const kind: KillKind = random() < 0.5 ? "node" : "group";
      const delay = between(200, 2500);
      const running = improve(dir, ["import", ...files]);
      await sleep(delay);
      if (!kill(running, kind)) continue;
      await running.exited;
      kills++;
      done++;
      const what = `import, ${kind} kill at ${Math.round(delay)} ms`;
      if (await recovers(dir, what)) await check(what);
    }
    // The files left unimported by the kills import in full afterwards.
    const all = readdirSync(dir).filter((f) => f.endsWith(".csv"));
    expect((await complete(dir, ["import", ...all.map((f) => path.join(dir, f))])).code).toBe(0);
    expect(done).toBe(7);
    expect(await check("after the kills")).toBe(all.length);
    expect(failures).toEqual([]);
  }, 180_000);

  it("serving: killed while starting and while serving pages", async () => {
    const dir = path.join(root, "serve");
    await fs.mkdir(dir, { mode: 0o755 });
    const fixture = path.resolve("test", "fixtures", "ae-monthly", "ae-monthly-2024-03.csv");
    expect((await complete(dir, ["import", fixture])).code).toBe(0);
    let done = 0;
    for (let attempt = 0; done < 7 && attempt < 14; attempt++) {
      const kind: KillKind = random() < 0.5 ? "node" : "group";
      const delay = between(300, 3500);
      const running = improve(dir, ["serve", "--port", "0"]);
      const deadline = Date.now() + delay;
      // Ask for pages as soon as the server says where it runs, until the kill.
      while (Date.now() < deadline) {
        const url = /running at (http:\/\/localhost:\d+)/.exec(running.out())?.[1];
        if (url)
          await Promise.all(
            ["/", "/org/ZA1", "/org/ZA1/metric/ae_4hr_all"].map((p) =>
              fetch(new URL(p, url), { signal: AbortSignal.timeout(2000) }).catch(() => undefined),
            ),
          );
        else await sleep(50);
      }
      if (!kill(running, kind)) continue;
      await running.exited;
      kills++;
      done++;
      await recovers(dir, `serve, ${kind} kill at ${Math.round(delay)} ms`);
    }
    expect(done).toBe(7);
    expect(failures).toEqual([]);
  }, 180_000);
});
