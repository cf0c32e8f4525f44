/**
 * Vitest global setup: one PostgreSQL server for the whole run. `DATABASE_URL` when set (CI may
 * point it at a real server), otherwise an embedded PostgreSQL 15 in a temporary folder. Each test
 * file then creates its own database on it (see test/support/db.ts), so files never share state.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { attachEmbedded, type EmbeddedServer } from "../../src/storage/embedded.js";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

let server: EmbeddedServer | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-test-pg-"));
    await fs.chmod(dir, 0o755);
    server = await attachEmbedded({ dataDir: dir, unsafeFast: true });
    url = server.url;
  }
  project.provide("adminDatabaseUrl", url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}
