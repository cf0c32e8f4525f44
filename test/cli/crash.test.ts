/**
 * Crash tests (issue 14): the built `improve` command (bin/improve.js; compiled first if needed)
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
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachEmbedded } from "../../src/storage/embedded.js";

const bin = path.resolve("bin", "improve.js");
const run = promisify(execFile);
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

/**
 * The points of a start at which a kill is aimed, whatever the machine's speed: `initdb` writing
 * the cluster (PG_VERSION is written early, the cluster is complete only at the end), the
 * postmaster starting (its log appears), the server recorded (`instance.json`: migrations, then
 * the command's own work), and, on a folder used before, the command attached to the server.
 */
type Stage = "initdb" | "postmaster" | "recorded" | "attached";
function reached(dir: string, stage: Stage, pid: number): boolean {
  // The command has found or started the server and registered itself as its client.
  if (stage === "attached")
    return (
      existsSync(path.join(dir, "clients")) &&
      readdirSync(path.join(dir, "clients")).some((n) => n.startsWith(`${pid}-`))
    );
  const names = readdirSync(dir);
  if (stage === "recorded") return names.includes("instance.json");
  if (stage === "postmaster") return names.includes("postgres.log");
  return names.some((n) => n.startsWith("pg") && existsSync(path.join(dir, n, "PG_VERSION")));
}

/** Waits until `stage` is reached or the command has exited (false). */
async function waitFor(dir: string, stage: Stage, running: Running): Promise<boolean> {
  while (running.child.exitCode === null && running.child.signalCode === null) {
    if (reached(dir, stage, running.child.pid!)) return true;
    await sleep(15);
  }
  return false;
}
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
    // The built command runs the compiled dist/: compile what changed (a few seconds when
    // nothing did), so that the crash tests never run stale code.
    await run(process.execPath, [
      path.resolve("node_modules", "typescript", "bin", "tsc"),
      "-b",
      "tsconfig.build.json",
    ]);
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

  /**
   * One kill, aimed by `aim` (a stage, then a random delay), of the node process or its group.
   * With `recover`, the next command is `improve status`, run to its end; without, the next
   * command is the next cycle's, which must reach its own kill point (a command that cannot
   * recover exits with an error before it).
   */
  async function killCycle(
    dir: string,
    what: string,
    running: Running,
    aim: () => Promise<boolean>,
    recover: boolean,
  ): Promise<boolean> {
    const kind: KillKind = random() < 0.5 ? "node" : "group";
    const t0 = Date.now();
    if (!(await aim()) || !kill(running, kind)) {
      const { code } = await running.exited;
      if (code === 0) console.log(`  ${what}: finished before the kill, not counted`);
      else {
        const tail = running.out().trim().split("\n").slice(-3).join(" | ");
        failures.push(`${what}: the command after kill ${kills} exited ${code}: ${tail}`);
        cleanUpByHand(dir);
      }
      return false;
    }
    const at = Date.now() - t0;
    await running.exited;
    kills++;
    const label = `${what}, ${kind} kill at ${at} ms`;
    if (!recover) {
      console.log(`  kill ${kills}: ${label}`);
      return true;
    }
    const r0 = Date.now();
    const ok = await recovers(dir, label);
    console.log(
      `  kill ${kills}: ${label}: ${ok ? "recovered" : "NOT RECOVERED"} in ${Date.now() - r0} ms`,
    );
    return true;
  }

  it("first start: killed while initdb writes the cluster, while PostgreSQL starts, and after", async () => {
    const stages: Stage[] = ["initdb", "initdb", "initdb", "postmaster", "postmaster", "recorded"];
    let done = 0;
    for (let attempt = 0; done < 5 && attempt < 10; attempt++) {
      const dir = await fs.mkdtemp(path.join(root, "first-"));
      await fs.chmod(dir, 0o755);
      const stage = stages[Math.floor(random() * stages.length)]!;
      const extra = between(0, stage === "initdb" ? 600 : 300);
      const running = improve(dir, ["status"]);
      const aim = async () => (await waitFor(dir, stage, running)) && (await sleep(extra), true);
      if (
        await killCycle(dir, `first start, ${stage} + ${Math.round(extra)} ms`, running, aim, true)
      ) {
        done++;
        // Later starts find a complete cluster: no temporary folders left behind.
        if (existsSync(path.join(dir, "pg", "PG_VERSION")))
          expect(readdirSync(dir).filter((f) => f.startsWith("pg.init"))).toEqual([]);
      }
      await fs.rm(dir, { recursive: true, force: true });
    }
    expect(done).toBe(5);
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
    for (let cycle = 0; done < 8 && cycle < 16; cycle++) {
      // Two new months per cycle, so that every cycle imports (never "unchanged").
      const files = [0, 1].map((k) => path.join(dir, `ae-${cycle}-${k}.csv`));
      for (const [k, file] of files.entries())
        await fs.writeFile(file, aeMonthly(header, 2000 + cycle, k * 6, 400));
      // From the moment it has attached: migrations, then the two imports.
      const extra = between(0, 1500);
      const args = ["import", ...files];
      const running = improve(dir, args);
      const aim = async () =>
        (await waitFor(dir, "attached", running)) && (await sleep(extra), true);
      const what = `import, attached + ${Math.round(extra)} ms`;
      if (await killCycle(dir, what, running, aim, false)) done++;
    }
    // The last kill's next command; then every import record holds all its values, and the
    // files left unimported by the kills import in full.
    expect(await recovers(dir, "imports, after the last kill")).toBe(true);
    await check("after the kills");
    const all = readdirSync(dir).filter((f) => f.endsWith(".csv"));
    expect((await complete(dir, ["import", ...all.map((f) => path.join(dir, f))])).code).toBe(0);
    expect(done).toBe(8);
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
      const extra = between(0, 1500);
      const running = improve(dir, ["serve", "--port", "0"]);
      // Once it serves, ask for pages until the kill; a third of the kills come while it starts
      // (attached: migrations, the web application starting).
      const whileStarting = random() < 0.33;
      const aim = async () => {
        if (whileStarting)
          return (await waitFor(dir, "attached", running)) && (await sleep(extra / 3), true);
        let url: string | undefined;
        while (!url && running.child.exitCode === null) {
          url = /running at (http:\/\/localhost:\d+)/.exec(running.out())?.[1];
          await sleep(20);
        }
        const deadline = Date.now() + extra;
        while (url && Date.now() < deadline)
          await Promise.all(
            ["/", "/org/ZA1", "/org/ZA1/metric/ae_4hr_all"].map((p) =>
              fetch(new URL(p, url), { signal: AbortSignal.timeout(2000) }).catch(() => undefined),
            ),
          );
        return Boolean(url);
      };
      const what = whileStarting
        ? `serve starting + ${Math.round(extra / 3)} ms`
        : `serving pages + ${Math.round(extra)} ms`;
      if (await killCycle(dir, what, running, aim, false)) done++;
    }
    expect(await recovers(dir, "serve, after the last kill")).toBe(true);
    expect(done).toBe(7);
    expect(failures).toEqual([]);
  }, 180_000);
});
