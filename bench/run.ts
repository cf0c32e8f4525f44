/**
 * `npm run bench`: every benchmark, each beside a baseline measured in the same run, printed as
 * one JSON object per line (machine-readable). Runs on its own embedded PostgreSQL in a
 * temporary folder (or DATABASE_URL), so it never touches development data.
 *
 *   npm run bench                 all benchmarks
 *   npm run bench -- tidy spc     only those named
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDatabase, type Database } from "../src/storage/database.js";
import { benchTidyImport } from "./tidy-import.js";

type Bench = {
  name: string;
  run: (ctx: {
    database: () => Promise<Database>;
    workDir: string;
  }) => Promise<Record<string, unknown> | Record<string, unknown>[]>;
};

const sharedDataDir = path.resolve(
  process.env.IMPROVE_SHARED_DATA ?? path.join("..", "shared", "data"),
);

// Order matters: the tidy import runs first, on an empty database (as its COPY baseline does);
// the analytics benchmark reports peak memory, so it runs before the import benchmarks fill the
// heap; the web benchmark replaces the synthetic data with the real shared data.
const benches: Bench[] = [
  { name: "spc", run: async () => (await import("./spc.js")).benchSpc() },
  {
    name: "tidy",
    run: async ({ database, workDir }) => benchTidyImport(await database(), workDir),
  },
  {
    name: "analytics",
    run: async ({ database }) => (await import("./analytics.js")).benchAnalytics(await database()),
  },
  {
    name: "import",
    run: async ({ database, workDir }) =>
      (await import("./import.js")).benchImport(await database(), {
        sharedDataDir,
        workDir,
        gigabytes: Number(process.env.BENCH_IMPORT_GB ?? 1),
        importGigabytes: Number(process.env.BENCH_IMPORT_FULL_GB ?? 0.1),
      }),
  },
  {
    name: "web",
    run: async ({ database }) =>
      (await import("./web.js")).benchWeb(await database(), { sharedDataDir }),
  },
];

async function main(): Promise<void> {
  const only = new Set(process.argv.slice(2));
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-bench-"));
  await fs.chmod(workDir, 0o755);
  let database: Database | undefined;
  const getDatabase = async () =>
    (database ??= await openDatabase({
      databaseUrl: process.env.DATABASE_URL,
      dataDir: path.join(workDir, "db"),
    }));
  let failed = false;
  try {
    for (const bench of benches) {
      if (only.size > 0 && !only.has(bench.name)) continue;
      try {
        const result = await bench.run({ database: getDatabase, workDir });
        for (const r of Array.isArray(result) ? result : [result]) console.log(JSON.stringify(r));
      } catch (e) {
        failed = true;
        console.log(
          JSON.stringify({ name: bench.name, error: e instanceof Error ? e.message : String(e) }),
        );
      }
    }
  } finally {
    await database?.close();
    await fs.rm(workDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

await main();
