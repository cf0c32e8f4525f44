/**
 * A short exclusive lock between processes on one machine, for the embedded database's critical
 * sections ("find or start the server", "leave it and stop it if last"): a file created with
 * O_EXCL (`wx`) that holds the holder's pid. Waiters retry every 50–100 ms.
 *
 * A lock whose holder died (its pid no longer runs) is stale and is removed, but only by the one
 * waiter that also creates `<lock>.breaking` exclusively and still reads the same dead pid, so
 * two waiters can never both remove it (one of them removing the other's fresh lock). A lock
 * file that is still empty was created an instant ago and its pid is being written: it is left
 * alone for 5 s (removing it would let two processes hold the lock, both start a server).
 */
import fs from "node:fs";
import path from "node:path";
import { ConflictError } from "../errors.js";

/** The fields of /proc/<pid>/stat after the command name (state first), or null. */
function statFields(pid: number): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/**
 * True when a process with this pid runs (EPERM: it runs as another user). A zombie (exited, not
 * yet reaped: a server orphaned by a killed parent, where init does not reap) does not run.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return statFields(pid)?.[0] !== "Z";
}

/**
 * When the process with this pid started (Linux: field 22 of /proc/<pid>/stat, clock ticks
 * since boot), or null where that cannot be read. With the pid it names one process for good: a
 * pid the system has since given to another process has another start time.
 */
export function processStart(pid: number): string | null {
  // State is field 3, so starttime (field 22) is the 20th field after the command name.
  return statFields(pid)?.[19] ?? null;
}

/**
 * True when the process recorded as (pid, start) still runs: alive, and not a reused pid. A
 * record without a start time (written where /proc is missing) falls back to the pid alone.
 */
export function isSameProcess(pid: number, start: string | null): boolean {
  if (!isAlive(pid)) return false;
  if (!start) return true;
  const now = processStart(pid);
  return now === null || now === start;
}

/** A lock file written but not yet holding a pid is given this long before it counts as stale. */
const UNWRITTEN_GRACE_MS = 5000;

function tryCreate(lockFile: string): boolean {
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: "wx", mode: 0o600 });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

function readHolder(lockFile: string): { text: string; ageMs: number } | undefined {
  try {
    const text = fs.readFileSync(lockFile, "utf8").trim();
    const ageMs = Date.now() - fs.statSync(lockFile).mtimeMs;
    return { text, ageMs };
  } catch {
    return undefined; // released in the meantime
  }
}

function isStale(holder: { text: string; ageMs: number }): boolean {
  const pid = Number(holder.text);
  if (holder.text === "" || !Number.isInteger(pid) || pid <= 0)
    return holder.ageMs > UNWRITTEN_GRACE_MS;
  return pid !== process.pid && !isAlive(pid);
}

/** Removes the lock if it still holds `seen` (a dead holder), guarded by `<lock>.breaking`. */
function breakStale(lockFile: string, seen: string): void {
  const breaking = `${lockFile}.breaking`;
  try {
    fs.writeFileSync(breaking, String(process.pid), { flag: "wx" });
  } catch {
    // Another waiter is breaking it; a breaker that died mid-way leaves an old file behind.
    const old = readHolder(breaking);
    if (old && old.ageMs > UNWRITTEN_GRACE_MS) fs.rmSync(breaking, { force: true });
    return;
  }
  try {
    if (readHolder(lockFile)?.text === seen) fs.rmSync(lockFile, { force: true });
  } finally {
    fs.rmSync(breaking, { force: true });
  }
}

/** One attempt: takes the lock (breaking a stale one first) and returns its release, or undefined. */
export function tryLock(lockFile: string): (() => void) | undefined {
  if (!tryCreate(lockFile)) {
    const holder = readHolder(lockFile);
    if (!holder || !isStale(holder)) return undefined;
    breakStale(lockFile, holder.text);
    if (!tryCreate(lockFile)) return undefined;
  }
  return () => fs.rmSync(lockFile, { force: true });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` holding the lock; waits up to `timeoutMs` for it (ConflictError after that). */
export async function withFolderLock<T>(
  lockFile: string,
  fn: () => Promise<T>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let release = tryLock(lockFile);
  while (!release) {
    if (Date.now() > deadline) {
      const holder = readHolder(lockFile)?.text ?? "?";
      throw new ConflictError(
        `The data folder ${path.dirname(lockFile)} has been locked by process ${holder} for ${Math.round(timeoutMs / 1000)} s. ` +
          `If that process is stuck, stop it; or set IMPROVE_DATA_DIR to another folder, or DATABASE_URL to a PostgreSQL server.`,
      );
    }
    await sleep(50 + Math.random() * 50);
    release = tryLock(lockFile);
  }
  try {
    return await fn();
  } finally {
    release();
  }
}

/** As `withFolderLock` but synchronous, for `process.on("exit")`; gives up after `waitMs`. */
export function withFolderLockSync(lockFile: string, fn: () => void, waitMs: number): boolean {
  const deadline = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let release = tryLock(lockFile);
  while (!release) {
    if (Date.now() > deadline) return false;
    Atomics.wait(pause, 0, 0, 50);
    release = tryLock(lockFile);
  }
  try {
    fn();
  } finally {
    release();
  }
  return true;
}
