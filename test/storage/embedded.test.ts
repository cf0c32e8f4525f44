import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, processStart } from "../../src/storage/folder-lock.js";
import { ConflictError } from "../../src/errors.js";
import { attachEmbedded } from "../../src/storage/embedded.js";

/**
 * The embedded database's lifecycle on a real PostgreSQL 15, across processes: start, data kept
 * across a restart, other processes joining the running server, the last one out stopping it,
 * and two processes racing on an idle folder starting one server.
 */
describe("embedded PostgreSQL", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-embedded-"));
    await fs.chmod(dir, 0o755);
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const query = async (url: string, text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  };
  const postmasterPid = async () =>
    Number((await fs.readFile(path.join(dir, "pg", "postmaster.pid"), "utf8")).split("\n")[0]);
  // A stopped postmaster whose starter has exited may stay a zombie (where init does not reap):
  // exited all the same.
  const alive = isAlive;

  /** Another process that attaches, says what it found, and leaves when told. */
  interface Other {
    attached: Promise<{ started: boolean; url: string; rows: unknown[] }>;
    leave(): Promise<number | null>;
    /** SIGKILL: no exit listener runs, the server it started keeps running. */
    kill(): Promise<unknown>;
  }
  function otherProcess(): Other {
    const script = `
      import { createInterface } from "node:readline";
      import pg from "pg";
      import { attachEmbedded } from ${JSON.stringify(path.resolve("src/storage/embedded.ts"))};
      const server = await attachEmbedded({ dataDir: ${JSON.stringify(dir)}, unsafeFast: true });
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      await client.query("CREATE TABLE IF NOT EXISTS kept (n int)");
      const { rows } = await client.query("SELECT n FROM kept ORDER BY n");
      await client.end();
      console.log(JSON.stringify({ started: server.started, url: server.url, rows }));
      for await (const line of createInterface({ input: process.stdin })) break;
      await server.stop();
      process.exit(0);`;
    const child: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    let errors = "";
    child.stderr.on("data", (d) => (errors += d));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const attached = (async () => {
      for await (const line of createInterface({ input: child.stdout })) return JSON.parse(line);
      throw new Error(`the other process exited: ${errors}`);
    })();
    return {
      attached,
      async leave() {
        child.stdin.end("leave\n");
        return closed;
      },
      async kill() {
        child.kill("SIGKILL");
        return closed;
      },
    };
  }

  it("starts PostgreSQL 15 on 127.0.0.1, keeps data across a restart, and stops when its last user leaves", async () => {
    const first = await attachEmbedded({ dataDir: dir, unsafeFast: true });
    expect(first.started).toBe(true);
    expect(first.url).toMatch(/@127\.0\.0\.1:\d+\//);
    const [version] = await query(first.url, "SHOW server_version");
    expect(String(version.server_version)).toMatch(/^15\./);
    await query(first.url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
    // Where it listens and how to log in are readable by their owner only.
    for (const file of ["instance.json", "pg-password"])
      expect((await fs.stat(path.join(dir, file))).mode & 0o777).toBe(0o600);
    const pid = await postmasterPid();
    await first.stop();
    expect(alive(pid)).toBe(false);
    await expect(fs.access(path.join(dir, "improve.lock"))).rejects.toThrow();
    await expect(fs.access(path.join(dir, "instance.json"))).rejects.toThrow();

    const second = await attachEmbedded({ dataDir: dir, unsafeFast: true });
    try {
      expect(second.started).toBe(true);
      expect(await query(second.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    } finally {
      await second.stop();
    }
  });

  it("lets another process join the running server, and keeps it running when that one leaves", async () => {
    const owner = await attachEmbedded({ dataDir: dir, unsafeFast: true });
    try {
      const other = otherProcess();
      const seen = await other.attached;
      expect(seen).toMatchObject({ started: false, url: owner.url, rows: [{ n: 42 }] });
      expect(await other.leave()).toBe(0);
      // Still running for the first process.
      expect(await query(owner.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    } finally {
      await owner.stop();
    }
  });

  it("keeps the server running for the others when the process that started it leaves", async () => {
    const starter = otherProcess();
    expect((await starter.attached).started).toBe(true);
    const joined = await attachEmbedded({ dataDir: dir, unsafeFast: true });
    expect(joined.started).toBe(false);
    const pid = await postmasterPid();
    expect(await starter.leave()).toBe(0);
    expect(await query(joined.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    await joined.stop();
    expect(alive(pid)).toBe(false);
  });

  it("starts one server when two processes start at once on an idle folder", async () => {
    const a = otherProcess();
    const b = otherProcess();
    const [seenA, seenB] = await Promise.all([a.attached, b.attached]);
    expect([seenA.started, seenB.started].sort()).toEqual([false, true]);
    expect(seenA.url).toBe(seenB.url);
    const pid = await postmasterPid();
    expect(await Promise.all([a.leave(), b.leave()])).toEqual([0, 0]);
    expect(alive(pid)).toBe(false);
  });

  it("takes over a lock, a registration and an instance record left by processes that died", async () => {
    await fs.writeFile(path.join(dir, "improve.lock"), "999999");
    await fs.writeFile(path.join(dir, "instance.json"), JSON.stringify({ port: 1, pid: 999999 }));
    await fs.writeFile(path.join(dir, "clients", "999999-dead"), "");
    const server = await attachEmbedded({ dataDir: dir, unsafeFast: true });
    try {
      expect(server.started).toBe(true);
      expect(await query(server.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    } finally {
      await server.stop();
    }
    expect(await fs.readdir(path.join(dir, "clients"))).toEqual([]);
  });

  it("does not take a reused pid for a registered process or for the server; rotates its log", async () => {
    // Records left by processes that died, whose pids the system has given to a live process
    // since (this one): same pid, another start time.
    const start = processStart(process.pid);
    if (start === null) return; // no /proc: identity by pid alone
    const otherStart = String(Number(start) + 1);
    await fs.writeFile(
      path.join(dir, "instance.json"),
      JSON.stringify({ port: 1, pid: process.pid, start: otherStart }),
    );
    await fs.writeFile(path.join(dir, "clients", `${process.pid}-reused`), otherStart);
    // And a server log grown past 10 MB: the start moves it aside rather than appending forever.
    await fs.writeFile(path.join(dir, "postgres.log"), Buffer.alloc(10 * 1024 * 1024 + 1, 46));
    const server = await attachEmbedded({ dataDir: dir, unsafeFast: true });
    const pid = await postmasterPid();
    expect((await fs.stat(path.join(dir, "postgres.log.1"))).size).toBe(10 * 1024 * 1024 + 1);
    expect((await fs.stat(path.join(dir, "postgres.log"))).size).toBeLessThan(1024 * 1024);
    await server.stop();
    // The stale registration did not keep the server running, and this process was not signalled.
    expect(alive(pid)).toBe(false);
    expect(await fs.readdir(path.join(dir, "clients"))).toEqual([]);
  });
  it("joins a PostgreSQL left running by a process killed before it recorded it, and stops it when last", async () => {
    const starter = otherProcess();
    expect((await starter.attached).started).toBe(true);
    const pid = await postmasterPid();
    await starter.kill();
    // Killed between starting the server and recording it: nothing names the server but
    // postmaster.pid, which makes PostgreSQL refuse a second one.
    await fs.rm(path.join(dir, "instance.json"));
    for (const name of await fs.readdir(path.join(dir, "clients")))
      await fs.rm(path.join(dir, "clients", name));
    const server = await attachEmbedded({ dataDir: dir, unsafeFast: true });
    expect(server.started).toBe(false);
    expect(await postmasterPid()).toBe(pid);
    expect(await query(server.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    await server.stop();
    expect(alive(pid)).toBe(false);
  });

  it("removes a killed first start's temporary cluster and a postmaster.pid naming no live server", async () => {
    await fs.mkdir(path.join(dir, "pg.init-killed", "global"), { recursive: true });
    await fs.writeFile(path.join(dir, "pg.init-killed", "PG_VERSION"), "15\n");
    await fs.writeFile(
      path.join(dir, "pg", "postmaster.pid"),
      `999999\n${path.join(dir, "pg")}\n1700000000\n1\n\n127.0.0.1\n0 0\nready\n`,
    );
    const server = await attachEmbedded({ dataDir: dir, unsafeFast: true });
    try {
      expect(server.started).toBe(true);
      expect(await query(server.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
      expect((await fs.readdir(dir)).filter((f) => f.startsWith("pg.init"))).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it("refuses at once, in one sentence, a cluster an interrupted initdb left half-made", async () => {
    const broken = await fs.mkdtemp(path.join(os.tmpdir(), "improve-embedded-broken-"));
    try {
      await fs.mkdir(path.join(broken, "pg"));
      await fs.writeFile(path.join(broken, "pg", "PG_VERSION"), "15\n");
      const attaching = attachEmbedded({ dataDir: broken, unsafeFast: true });
      await expect(attaching).rejects.toThrow(ConflictError);
      await expect(attaching).rejects.toThrow(
        `The PostgreSQL cluster in ${path.join(broken, "pg")} is incomplete`,
      );
      await expect(fs.access(path.join(broken, "improve.lock"))).rejects.toThrow();
    } finally {
      await fs.rm(broken, { recursive: true, force: true });
    }
  });
});
