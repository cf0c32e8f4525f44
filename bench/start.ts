/**
 * Start-up time, as a person meets it: `node bin/improve.js serve` (the built command `npm start`
 * runs) spawned on a data folder, timed from the spawn to the first 200 answer of `/`.
 *
 * - cold: a fresh data folder with the synthetic demo (IMPROVE_DEMO=synthetic): PostgreSQL's
 *   initdb, migrations, reference data, the demo's values and the first precompute;
 * - warm: the same folder started a second time (target: under 5 s);
 * - real: a fresh folder loading the real shared data (IMPROVE_DEMO=auto with
 *   IMPROVE_SHARED_DATA), only when the folder is given and present: it takes minutes
 *   (target: under 60 s on a 2-core machine).
 *
 * Baseline, in the same run: spawning `node -e ""` (Node's own start), the median of 5.
 * Run from the repository's root after `npm run build` (as `npm run bench -- start` does).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";

const WARM_TARGET_SECONDS = 5;
const REAL_TARGET_SECONDS = 60;

const secondsSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Node's own start: `node -e ""` spawned and exited, the median of `runs`, in seconds. */
async function nodeStartSeconds(runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
      child.once("error", reject);
      child.once("exit", () => resolve());
    });
    times.push(secondsSince(start));
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

/**
 * Spawns the server on `dataDir`, polls `/` until it answers 200, stops the server (SIGTERM) and
 * waits for it to exit. Returns the seconds from spawn to that first 200.
 */
async function timeToFirstPage(
  dataDir: string,
  env: Record<string, string>,
  timeoutSeconds: number,
): Promise<number> {
  const port = await freePort();
  const start = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    ["bin/improve.js", "serve", "--port", String(port), "--host", "127.0.0.1"],
    {
      env: { ...process.env, IMPROVE_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code;
      resolve();
    }),
  );
  try {
    for (;;) {
      if (exitCode !== undefined)
        throw new Error(`the server exited (${exitCode}) before answering:\n${output}`);
      if (secondsSince(start) > timeoutSeconds)
        throw new Error(`no 200 from / within ${timeoutSeconds} s:\n${output}`);
      const status = await fetch(`http://127.0.0.1:${port}/`, {
        signal: AbortSignal.timeout(10_000),
      }).then(
        async (r) => (await r.arrayBuffer(), r.status),
        () => 0,
      );
      if (status === 200) return secondsSince(start);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    if (exitCode === undefined) {
      child.kill("SIGTERM");
      await exited;
    }
  }
}

export async function benchStart(options: {
  workDir: string;
  /** The real data's folder: measured only when given and present. */
  sharedDataDir: string | undefined;
}): Promise<Record<string, unknown>[]> {
  const node = await nodeStartSeconds();
  const row = (name: string, data: string, seconds: number, targetSeconds?: number) => ({
    name,
    data,
    seconds: +seconds.toFixed(3),
    nodeStartSeconds: +node.toFixed(3),
    ratioToNodeStart: +(seconds / node).toFixed(1),
    ...(targetSeconds === undefined ? {} : { targetSeconds }),
  });
  const out: Record<string, unknown>[] = [];
  const dataDir = path.join(options.workDir, "start-synthetic");
  try {
    const synthetic = { IMPROVE_DEMO: "synthetic" };
    out.push(row("start_cold", "synthetic demo", await timeToFirstPage(dataDir, synthetic, 600)));
    out.push(
      row(
        "start_warm",
        "synthetic demo",
        await timeToFirstPage(dataDir, synthetic, 120),
        WARM_TARGET_SECONDS,
      ),
    );
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  const shared = options.sharedDataDir;
  if (shared !== undefined && existsSync(shared)) {
    const realDir = path.join(options.workDir, "start-real");
    try {
      const timing = await timeToFirstPage(
        realDir,
        { IMPROVE_DEMO: "auto", IMPROVE_SHARED_DATA: shared },
        1800,
      );
      out.push(row("start_real_cold", "shared NHS data", timing, REAL_TARGET_SECONDS));
    } finally {
      await fs.rm(realDir, { recursive: true, force: true });
    }
  }
  return out;
}
