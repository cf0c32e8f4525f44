/**
 * Optional test prerequisites (real shared NHS data, Debian's Chromium, PostgreSQL's client
 * programs, Debian's PostgreSQL 15 server for the read replica's test).
 *
 * Locally a missing prerequisite skips its tests with a clear message. In CI,
 * `IMPROVE_REQUIRE_ALL=1` turns every such skip into a failure, so CI always runs everything.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const requireAll = process.env.IMPROVE_REQUIRE_ALL === "1";

export const sharedDataDir = path.resolve(
  process.env.IMPROVE_SHARED_DATA ?? path.join(process.cwd(), "..", "shared", "data"),
);

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Returns a reason to skip, or null when the prerequisite is present. Throws under IMPROVE_REQUIRE_ALL. */
function check(present: boolean, what: string): string | null {
  if (present) return null;
  if (requireAll) throw new Error(`IMPROVE_REQUIRE_ALL=1 but ${what} is missing`);
  console.warn(`SKIPPED: ${what} is missing`);
  return what;
}

export const sharedDataMissing = (): string | null =>
  check(existsSync(path.join(sharedDataDir, "README.md")), `shared NHS data at ${sharedDataDir}`);

export const chromiumMissing = (): string | null =>
  check(existsSync(chromiumPath), `Chromium at ${chromiumPath} (apt-get install chromium)`);

export const spcCasesDir = path.resolve(
  process.env.IMPROVE_SPC_CASES ?? path.join(process.cwd(), "..", "shared", "spc-cases"),
);

export const spcCasesMissing = (): string | null =>
  check(existsSync(path.join(spcCasesDir, "index.json")), `SPC reference cases at ${spcCasesDir}`);

/** pg_dump, pg_restore and psql (`improve backup` and `improve restore`), on IMPROVE_PG_BIN or the PATH. */
export const pgClientMissing = (): string | null =>
  check(
    ["pg_dump", "pg_restore", "psql"].every(
      (program) =>
        spawnSync(
          process.env.IMPROVE_PG_BIN ? path.join(process.env.IMPROVE_PG_BIN, program) : program,
          ["--version"],
        ).status === 0,
    ),
    "PostgreSQL's client programs pg_dump, pg_restore and psql (apt-get install postgresql-client)",
  );

/** Debian's PostgreSQL 15 server programs (postgres, initdb, pg_ctl, pg_basebackup): IMPROVE_PG_SERVER_BIN or Debian's folder. */
export const pgServerBin = process.env.IMPROVE_PG_SERVER_BIN ?? "/usr/lib/postgresql/15/bin";

/** The server programs a primary and its streaming replica are made with (test/support/streaming-replica.ts). */
export const pgServerMissing = (): string | null =>
  check(
    ["postgres", "initdb", "pg_ctl", "pg_basebackup"].every((program) =>
      existsSync(path.join(pgServerBin, program)),
    ),
    `PostgreSQL 15's server programs in ${pgServerBin} (apt-get install postgresql-15)`,
  );
