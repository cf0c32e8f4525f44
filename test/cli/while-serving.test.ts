/**
 * The CLI while `improve serve` runs on the same data folder (embedded PostgreSQL): a second
 * process joins the running database instead of being refused, and the pages show what it
 * changed once the data version is next checked (at most a second later).
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { loadConfig } from "../../src/config.js";
import { pgClientMissing } from "../support/requirements.js";

const fixture = path.resolve("test", "fixtures", "ae-monthly", "ae-monthly-2024-03.csv");

describe("the CLI while the server runs", () => {
  let dir: string;
  let server: ChildProcessByStdio<null, Readable, Readable>;
  let baseUrl: string;
  let serverOutput = "";

  /** `improve …` in this process, on the same data folder as the server. */
  const run = async (...args: string[]) => {
    let out = "";
    let err = "";
    const code = await main(["node", "improve", ...args], {
      config: { ...loadConfig({}), databaseUrl: undefined, dataDir: dir },
      io: { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false },
    });
    return { code, out, err };
  };
  const page = async (urlPath: string) => {
    const response = await fetch(new URL(urlPath, baseUrl));
    return { status: response.status, html: await response.text() };
  };
  // The server checks the data version at most once a second.
  const nextCheck = () => new Promise((resolve) => setTimeout(resolve, 1100));

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-while-serving-"));
    await fs.chmod(dir, 0o755);
    const script = `
      import { main } from ${JSON.stringify(path.resolve("src/cli/main.ts"))};
      process.exit(await main(["node", "improve", ...process.argv.slice(1)]));`;
    server = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script, "serve", "--port", "0"],
      {
        env: { ...process.env, IMPROVE_DATA_DIR: dir, IMPROVE_DEMO: "off", LOG_LEVEL: "warn" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    server.stderr.on("data", (d) => (serverOutput += d));
    for await (const line of createInterface({ input: server.stdout })) {
      serverOutput += line + "\n";
      const match = /running at (http:\/\/localhost:\d+)/.exec(line);
      if (match) {
        baseUrl = match[1]!;
        break;
      }
    }
    if (!baseUrl) throw new Error(`the server did not start:\n${serverOutput}`);
  }, 120_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.on("exit", resolve));
      server.kill("SIGINT");
      await exited;
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  it("reports status, imports and creates a peer group, and the pages show the changes", async () => {
    expect((await page("/org/ZA1")).status).toBe(404);

    const status = await run("status");
    expect(status.err).toBe("");
    expect(status.code).toBe(0);

    const imported = await run("import", fixture);
    expect(imported.err).toBe("");
    expect(imported.code).toBe(0);
    await nextCheck();
    const org = await page("/org/ZA1");
    expect(org.status).toBe(200);
    // The monthly A&E file names providers it reports (not an organisation list): shown by code.
    expect(/<h1[^>]*>([^<]*)/.exec(org.html)?.[1]).toBe("ZA1");
    expect(org.html).toContain("4-hour performance");

    const selector = "/org/ZA1/metric/ae_4hr_all";
    expect((await page(selector)).html).not.toContain("Fellside friends");
    const created = await run(
      "peer-groups",
      "create",
      "--name",
      "Fellside friends",
      "--orgs",
      "ZA1,ZA2,ZA3",
      "--id",
      "fellside-friends",
    );
    expect(created.code).toBe(0);
    await nextCheck();
    expect((await page(selector)).html).toContain("Fellside friends");

    expect((await run("peer-groups", "delete", "fellside-friends")).code).toBe(0);
    await nextCheck();
    expect((await page(selector)).html).not.toContain("Fellside friends");
  }, 120_000);

  it.skipIf(pgClientMissing() !== null)(
    "backs up while serving, and refuses to restore under the server",
    async () => {
      const file = path.join(dir, "while-serving.dump");
      const backup = await run("backup", "--out", file);
      expect(backup.err).toBe("");
      expect(backup.code).toBe(0);
      const restore = await run("restore", "--in", file, "--yes");
      expect(restore.code).toBe(1);
      expect(restore.err).toMatch(
        new RegExp(`^error: ${dir} is in use by process [\\d, ]*\\b${server.pid}\\b`),
      );
      expect(restore.err).toContain("Nothing was changed.");
      expect((await page("/org/ZA1")).status).toBe(200);
    },
    60_000,
  );

  it("stops the server cleanly, and with it the database it was the last to use", async () => {
    const exited = new Promise<number | null>((resolve) => server.on("exit", resolve));
    server.kill("SIGINT");
    expect(await exited).toBe(0);
    await expect(fs.access(path.join(dir, "instance.json"))).rejects.toThrow();
    await expect(fs.readdir(path.join(dir, "clients"))).resolves.toEqual([]);
  }, 60_000);
});
