/**
 * `npm run load` (bench/load.ts) as one benchmark of the suite: runs the built load test in a
 * process of its own (it starts its own server on the synthetic demo in a temporary folder),
 * its table going to stderr so stdout stays JSON lines, and returns one row per phase from the
 * JSON it writes. Full: 200 connections, 10 s a phase; --quick: 50 connections, 2 s a phase.
 * Each phase carries its ratios to the static file served by the same server in the same run.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PhaseResult } from "./load.js";

interface LoadJson {
  mode: string;
  connections: number;
  seconds: number;
  data: string;
  phases: PhaseResult[];
  missed: string[];
}

export async function benchLoad(options: {
  workDir: string;
  quick: boolean;
}): Promise<Record<string, unknown>[]> {
  const json = path.join(options.workDir, "load-result.json");
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "load.js");
  const args = [script, "--json", json, ...(options.quick ? ["--quick"] : [])];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    child.stdout.pipe(process.stderr);
    child.once("error", reject);
    child.once("exit", resolve);
  });
  // load.js exits 1 when a target is missed: the JSON says which; without it, the run failed.
  const text = await fs.readFile(json, "utf8").catch(() => undefined);
  if (text === undefined) throw new Error(`the load test exited ${code} without results`);
  const result = JSON.parse(text) as LoadJson;
  await fs.rm(json, { force: true });
  await fs.rm(json.replace(/\.json$/, "") + ".server.log", { force: true });
  return result.phases.map((p) => ({
    name: `load_${p.phase.replace(/[^a-z]+/g, "_").replace(/_$/, "")}`,
    mode: result.mode,
    data: result.data,
    connections: result.connections,
    seconds: result.seconds,
    ...p,
    ...(p.phase === "mix" ? { target: ">= 0.5 of static's throughput" } : {}),
    ...(p.phase.startsWith("page:") ? { target: "p95 <= 3 x static's" } : {}),
  }));
}
