/**
 * A PostgreSQL postmaster found on a cluster folder without the process that started it: the
 * process was killed (SIGKILL by the OOM killer or a container runtime) and the postmaster, in a
 * session of its own, kept running with its `postmaster.pid` (docs/decisions/0008). PostgreSQL
 * refuses a second postmaster on the folder while that one runs, or while the pid it recorded
 * names a zombie (an exited process nobody reaped, as where init does not reap).
 *
 * `postmasterOn` finds it (the pid recorded in `postmaster.pid`, checked to be a postgres process
 * whose data directory is this folder, so a pid since given to another process is never taken
 * for it); `stopPostmaster` stops it, escalating fast → immediate → SIGKILL, each with a
 * deadline; `removeStalePidFile` removes a `postmaster.pid` whose pid is no postmaster of ours.
 */
import fs from "node:fs";
import path from "node:path";
import { isAlive, isSameProcess, processStart } from "./folder-lock.js";

export interface Postmaster {
  pid: number;
  /** When it started (`processStart`), so a pid reused since is never signalled. */
  start: string | null;
  port: number;
  /** `postmaster.pid`'s status line: starting, ready, stopping or standby ("" if not yet written). */
  status: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function realpath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

/** The recorded pid and port (lines 1 and 4 of postmaster.pid) and status (line 8). */
function readPidFile(pgDir: string): { pid: number; port: number; status: string } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port: Number.isInteger(port) ? port : 0, status: (lines[7] ?? "").trim() };
}

/**
 * True when `pid` is a postgres process on the cluster in `pgDir`: its working directory is the
 * cluster (a postmaster changes into its data directory), or its command line is
 * `postgres -D <pgDir>`. Where /proc cannot be read, a live pid is taken for it, as PostgreSQL
 * itself does.
 */
function isPostgresOn(pid: number, pgDir: string): boolean {
  if (!isAlive(pid)) return false;
  if (!fs.existsSync(`/proc/${pid}`)) return true;
  const cluster = realpath(pgDir);
  let cwd: string | undefined;
  try {
    cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    // not ours to read
  }
  let args: string[];
  try {
    args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return false; // exited meanwhile
  }
  if (path.basename(args[0] ?? "") !== "postgres") return false;
  if (cwd !== undefined) return cwd === cluster;
  const dir = args[args.indexOf("-D") + 1];
  return args.includes("-D") && dir !== undefined && realpath(dir) === cluster;
}

/** The postmaster running on the cluster in `pgDir`, if one does. */
export function postmasterOn(pgDir: string): Postmaster | undefined {
  const recorded = readPidFile(pgDir);
  if (!recorded || !isPostgresOn(recorded.pid, pgDir)) return undefined;
  return { ...recorded, start: processStart(recorded.pid) };
}

/**
 * Removes `postmaster.pid` when the pid it records is no postgres on this cluster (dead, a
 * zombie, or a pid given to another process since), which PostgreSQL would take for a live
 * server. Call only while holding the folder's lock, after `postmasterOn` found none.
 */
export function removeStalePidFile(pgDir: string): void {
  const recorded = readPidFile(pgDir);
  if (recorded && !isPostgresOn(recorded.pid, pgDir))
    fs.rmSync(path.join(pgDir, "postmaster.pid"), { force: true });
}

/** How long each step of stopping waits before the next, harder signal. */
const STOP_STEPS: [NodeJS.Signals, number][] = [
  ["SIGINT", 15_000], // fast shutdown: consistent data
  ["SIGQUIT", 5_000], // immediate shutdown: its backends too; recovery at the next start
  ["SIGKILL", 5_000],
];

/**
 * Stops the postmaster (pid and start time: never a process that has its pid since) and waits
 * until it has gone, at most about 25 s in all; true when it has gone.
 */
export async function stopPostmaster(pid: number, start: string | null): Promise<boolean> {
  for (const [signal, waitMs] of STOP_STEPS) {
    if (!isSameProcess(pid, start)) return true;
    try {
      process.kill(pid, signal);
    } catch {
      return true; // gone already
    }
    const deadline = Date.now() + waitMs;
    while (isSameProcess(pid, start) && Date.now() < deadline) await sleep(50);
  }
  return !isSameProcess(pid, start);
}
