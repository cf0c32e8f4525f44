/**
 * Two `improve` commands started at once on an idle data folder (embedded PostgreSQL, no server
 * running): one starts PostgreSQL, the other waits for it and joins, both succeed, and the last
 * to finish stops it.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("two commands racing on an idle data folder", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-racing-"));
    await fs.chmod(dir, 0o755);
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const improve = (...args: string[]) => {
    const script = `
      import { main } from ${JSON.stringify(path.resolve("src/cli/main.ts"))};
      process.exit(await main(["node", "improve", ...process.argv.slice(1)]));`;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script, ...args],
      {
        env: { ...process.env, IMPROVE_DATA_DIR: dir, IMPROVE_DEMO: "off", LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    return new Promise<{ code: number | null; out: string }>((resolve) =>
      child.on("close", (code) => resolve({ code, out })),
    );
  };

  it("starts one server between them; both succeed; the last out stops it", async () => {
    const [status, networks] = await Promise.all([improve("status"), improve("networks")]);
    expect(status.out).toContain("Networks:");
    expect(status.code).toBe(0);
    expect(networks.code).toBe(0);
    // postgres.log gains one start's messages per server started on the folder.
    const log = await fs.readFile(path.join(dir, "postgres.log"), "utf8");
    expect(log.match(/database system is ready to accept connections/g)).toHaveLength(1);
    expect(log).toContain("database system is shut down");
    await expect(fs.access(path.join(dir, "pg", "postmaster.pid"))).rejects.toThrow();
    await expect(fs.readdir(path.join(dir, "clients"))).resolves.toEqual([]);
  });
});
