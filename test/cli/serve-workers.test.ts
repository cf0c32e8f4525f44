/**
 * `improve serve --workers 2` as a real process tree (docs/decisions/0013-cluster-workers.md):
 * the primary attaches the embedded PostgreSQL once and the workers join it; a worker that dies
 * is replaced; SIGTERM stops the workers, then the database.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("improve serve with cluster workers", () => {
  let dir: string;
  let server: ChildProcessByStdio<null, Readable, Readable>;
  let baseUrl = "";
  let output = "";

  /** The pids registered as clients of the embedded server (src/storage/embedded.ts). */
  const clients = async () =>
    (await fs.readdir(path.join(dir, "clients"))).map((name) => Number(name.split("-")[0]));
  const workers = async () => (await clients()).filter((pid) => pid !== server.pid);
  // A new connection each time: a kept-alive one may belong to the worker the test kills.
  const ready = () =>
    new Promise<number>((resolve, reject) => {
      const request = http
        .get(`${baseUrl}/readyz`, { agent: false }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on("error", reject);
      request.setTimeout(5000, () => request.destroy(new Error("no answer in 5 s")));
    });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-workers-"));
    await fs.chmod(dir, 0o755);
    // A script file, not `-e`: cluster workers run the primary's script with its Node flags.
    const script = path.join(dir, "improve.mts");
    await fs.writeFile(
      script,
      `import { main } from ${JSON.stringify(path.resolve("src/cli/main.ts"))};
process.exit(await main(["node", "improve", ...process.argv.slice(2)]));\n`,
    );
    server = spawn(
      process.execPath,
      ["--import", "tsx", script, "serve", "--port", "0", "--host", "127.0.0.1", "--workers", "2"],
      {
        env: { ...process.env, IMPROVE_DATA_DIR: dir, IMPROVE_DEMO: "off", LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    server.stderr.on("data", (d) => (output += d));
    for await (const line of createInterface({ input: server.stdout })) {
      output += line + "\n";
      const match = /running at (http:\/\/localhost:\d+) \(2 worker processes\)/.exec(line);
      if (match) {
        baseUrl = match[1]!;
        break;
      }
    }
    if (!baseUrl) throw new Error(`the server did not start:\n${output}`);
  }, 120_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.on("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("runs two workers on one embedded PostgreSQL, attached by the primary", async () => {
    expect(await ready()).toBe(200);
    expect(await clients()).toContain(server.pid);
    expect(await workers()).toHaveLength(2);
    // One server: the one instance.json names, started by the primary.
    const instance = JSON.parse(readFileSync(path.join(dir, "instance.json"), "utf8")) as {
      pid: number;
    };
    expect(alive(instance.pid)).toBe(true);
  });

  it("replaces a worker that dies, and serves on", async () => {
    const [victim, survivor] = await workers();
    process.kill(victim!, "SIGKILL");
    let replaced: number[] = [];
    for (let i = 0; i < 240 && replaced.length === 0; i++) {
      // A connection the primary handed to the worker as it died is lost with it (no answer).
      await ready().catch(() => 0);
      await sleep(250);
      replaced = (await workers()).filter((pid) => pid !== victim && pid !== survivor);
    }
    expect(replaced).toHaveLength(1);
    // The newcomer serves too: a burst of requests reaches both workers' servers without error.
    for (let i = 0; i < 20; i++) expect(await ready()).toBe(200);
  }, 120_000);

  it("stops the workers, then the database, on SIGTERM", async () => {
    const instance = JSON.parse(readFileSync(path.join(dir, "instance.json"), "utf8")) as {
      pid: number;
    };
    const pids = await workers();
    const exited = new Promise<number | null>((resolve) => server.on("exit", resolve));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(alive(instance.pid)).toBe(false);
    await expect(fs.access(path.join(dir, "instance.json"))).rejects.toThrow();
    await expect(fs.readdir(path.join(dir, "clients"))).resolves.toEqual([]);
  }, 60_000);
});
