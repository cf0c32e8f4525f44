/**
 * Secrets only from the environment: `improve serve` in production (NODE_ENV=production) refuses
 * to start without SESSION_SECRET, with a short one or with a placeholder, saying why without
 * repeating it; with a good one it starts, and the secret appears nowhere in what it logs (at
 * the most verbose level), nor in its answers. Real processes over the test database.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;
let dir: string;
let script: string;

beforeAll(async () => {
  t = await testDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-secret-"));
  script = path.join(dir, "improve.mts");
  await fs.writeFile(
    script,
    `import { main } from ${JSON.stringify(path.resolve("src/cli/main.ts"))};
process.exit(await main(["node", "improve", ...process.argv.slice(2)]));\n`,
  );
}, 60_000);

afterAll(async () => {
  await t?.drop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  output: string;
  answers: string;
}

/**
 * `improve serve` in production with `secret` (undefined: unset). If it starts, asks it for a
 * few pages, then stops it with SIGTERM.
 */
function serve(secret: string | undefined): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: t.url,
    IMPROVE_DATA_DIR: path.join(dir, "data"),
    IMPROVE_DEMO: "off",
    LOG_LEVEL: "trace",
  };
  delete env.SESSION_SECRET;
  if (secret !== undefined) env.SESSION_SECRET = secret;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", script, "serve", "--port", "0", "--host", "127.0.0.1", "--workers", "1"],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  let answers = "";
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`improve serve neither started nor stopped in 90 s:\n${output}`));
    }, 90_000);
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      output += line + "\n";
      const match = /running at http:\/\/localhost:(\d+)/.exec(line);
      if (!match) return;
      void (async () => {
        for (const p of ["/", "/networks", "/no-such-page", "/healthz"]) {
          const res = await fetch(`http://127.0.0.1:${match[1]}${p}`);
          answers += JSON.stringify([...res.headers]) + (await res.text());
        }
        child.kill("SIGTERM");
      })().catch(reject);
    });
    void exited.then(async (code) => {
      clearTimeout(timer);
      resolve({ code, output, answers });
    });
  });
}

describe("improve serve in production", () => {
  it("refuses to start without a session secret, with a short one or a placeholder", async () => {
    const cases = {
      unset: undefined,
      empty: "",
      short: "Vq3x9TzP0aLmN4",
      placeholder: "changeme-changeme-changeme-changeme-now",
      secret: "secretsecretsecretsecretsecretsecret",
    };
    const runs = await Promise.all(Object.values(cases).map((secret) => serve(secret)));
    Object.keys(cases).forEach((name, i) => {
      const run = runs[i]!;
      expect(run.code, `${name}: ${run.output}`).not.toBe(0);
      expect(run.code, name).not.toBeNull();
      expect(run.output, name).toContain("SESSION_SECRET must");
      expect(run.output, name).not.toContain("running at");
      const secret = Object.values(cases)[i];
      if (secret) expect(run.output, `${name} repeats the secret`).not.toContain(secret);
    });
  }, 180_000);

  it("starts with a good one, and never logs or sends it", async () => {
    const secret = "pQ7vX2mK9rT4wZ8nB3cF6hJ1sD5gL0yA-e_u";
    const run = await serve(secret);
    expect(run.output).toContain("running at");
    expect(run.code).toBe(0);
    expect(run.answers).toContain("Strict-Transport-Security".toLowerCase());
    for (const text of [run.output, run.answers]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(0, 16));
    }
  }, 120_000);
});
