import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbedded } from "../../src/storage/embedded.js";

/**
 * The embedded database's lifecycle on a real PostgreSQL 15: start, data kept across a restart,
 * and a second process refused while the first owns the data folder.
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

  it("starts PostgreSQL 15 on 127.0.0.1, keeps data across a restart and releases its lock", async () => {
    const first = await startEmbedded({ dataDir: dir, unsafeFast: true });
    expect(first.url).toMatch(/@127\.0\.0\.1:\d+\//);
    const [version] = await query(first.url, "SHOW server_version");
    expect(String(version.server_version)).toMatch(/^15\./);
    await query(first.url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
    await first.stop();
    await expect(fs.access(path.join(dir, "improve.lock"))).rejects.toThrow();

    const second = await startEmbedded({ dataDir: dir, unsafeFast: true });
    try {
      expect(await query(second.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    } finally {
      await second.stop();
    }
  });

  it("refuses a second process on the same data folder with a clear message", async () => {
    const owner = await startEmbedded({ dataDir: dir, unsafeFast: true });
    try {
      // Another process (not this one) tries the same folder.
      const script = `
        import { startEmbedded } from ${JSON.stringify(path.resolve("src/storage/embedded.ts"))};
        try { await startEmbedded({ dataDir: ${JSON.stringify(dir)} }); console.log("STARTED"); process.exit(0); }
        catch (e) { console.log(e.constructor.name + ": " + e.message); process.exit(3); }`;
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(out).toContain("ConflictError");
      expect(out).toMatch(/in use by another Improvement Hub process \(pid \d+\)/);
      expect(code).toBe(3);
      // The owner is unaffected.
      expect(await query(owner.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    } finally {
      await owner.stop();
    }
  });

  it("takes over a lock left by a process that died", async () => {
    await fs.writeFile(path.join(dir, "improve.lock"), "999999");
    const server = await startEmbedded({ dataDir: dir, unsafeFast: true });
    try {
      expect((await fs.readFile(path.join(dir, "improve.lock"), "utf8")).trim()).toBe(
        String(process.pid),
      );
      expect(await query(server.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    } finally {
      await server.stop();
    }
  });
});
