/**
 * Backups of the hub's database as PostgreSQL custom-format dumps (`pg_dump -Fc`), and their
 * restore, for the embedded PostgreSQL and `DATABASE_URL` alike (docs/operations.md, "Backup and
 * restore").
 *
 * - `dumpDatabase` writes the dump beside its destination and renames it into place once pg_dump
 *   has finished and the dump reads back as a hub's, so a destination never holds half a dump.
 * - `inspectDump` reads a dump's table of contents and its migration and data-version rows
 *   (`pg_restore --list`, then the two tables' data), without touching any database.
 * - `restoreDump` replaces the `public` schema (and any other schema the dump holds) by the
 *   dump's in ONE transaction (psql `--single-transaction` over `pg_restore`'s script): the old
 *   schema is dropped and the dump's created and filled, or, on any error, nothing has changed.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { spawn } from "node:child_process";
import { sql, type Kysely } from "kysely";
import { ConflictError, NotFoundError } from "../errors.js";
import { readDataVersion } from "./data-version.js";
import { knownMigrations, migrateToLatest } from "./migrate.js";
import {
  connection,
  firstComplaint,
  programMajor,
  programPath,
  requireAtLeast,
  runProgram,
  type PgTools,
} from "./pg-tools.js";
import { seedReference } from "./reference.js";
import type { Db } from "./schema.js";

/** What a dump holds, read from the dump itself. */
export interface DumpContents {
  /** The last migration applied to the dumped database ("027_api_access"). */
  migration: string;
  /** Every migration it records, in name order. */
  migrations: string[];
  /** Its data version (src/storage/data-version.ts) when it was dumped. */
  dataVersion: string;
  /** Tables whose rows it holds. */
  tables: number;
  /** Schemas besides `public` it creates (an operator's own, say): a restore replaces them too. */
  otherSchemas: string[];
}

/** The server's major version (PostgreSQL 15.18 → 15). */
export async function serverMajor(db: Db): Promise<number> {
  const { rows } = await sql<{
    v: string;
  }>`SELECT current_setting('server_version_num') AS v`.execute(db);
  return Math.floor(Number(rows[0]?.v ?? 0) / 10000);
}

/**
 * The rows of one table in a `pg_restore` script's `COPY public.<table> (…) FROM stdin;` block,
 * each a record of column → text (COPY's escapes are left as they are: names and numbers only).
 */
function copyRows(script: string, table: string): Record<string, string>[] {
  const lines = script.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`COPY public.${table} (`));
  if (start < 0) return [];
  const columns = /\(([^)]*)\)/
    .exec(lines[start]!)![1]!
    .split(",")
    .map((c) => c.trim().replace(/^"|"$/g, ""));
  const rows: Record<string, string>[] = [];
  for (let i = start + 1; i < lines.length && lines[i] !== "\\."; i++) {
    const fields = lines[i]!.split("\t");
    rows.push(Object.fromEntries(columns.map((c, j) => [c, fields[j] ?? ""])));
  }
  return rows;
}

/**
 * Checks that `file` is a custom-format dump of an Improvement Hub database and says what it
 * holds; a missing file, another kind of file or another database's dump is an error naming the
 * file and what is wrong.
 */
export async function inspectDump(tools: PgTools, file: string): Promise<DumpContents> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat) throw new NotFoundError(`${file} does not exist.`);
  if (!stat.isFile()) throw new ConflictError(`${file} is not a file.`);
  const list = await runProgram(tools, "pg_restore", ["--list", file]);
  if (list.code !== 0) {
    const head = Buffer.alloc(5);
    const handle = await fs.open(file, "r");
    await handle.read(head, 0, 5, 0).finally(() => handle.close());
    throw new ConflictError(
      head.toString("latin1") === "PGDMP"
        ? `${file} is a PostgreSQL custom-format dump that cannot be read (pg_restore: ${firstComplaint(list)}): it is damaged or cut short.`
        : `${file} is not a PostgreSQL custom-format dump (pg_restore: ${firstComplaint(list)}); make one with improve backup.`,
    );
  }
  const toc = list.stdout.toString("utf8");
  const tables = toc.split("\n").filter((l) => / TABLE DATA public /.test(l)).length;
  for (const table of ["kysely_migration", "data_version"])
    if (!new RegExp(` TABLE DATA public ${table} `).test(toc))
      throw new ConflictError(
        `${file} is a PostgreSQL dump but not of an Improvement Hub database (it has no ${table} table).`,
      );
  const data = await runProgram(tools, "pg_restore", [
    ...["--data-only", "--file=-", "--table=kysely_migration", "--table=data_version", file],
  ]);
  if (data.code !== 0)
    throw new ConflictError(`${file} could not be read (pg_restore: ${firstComplaint(data)}).`);
  const script = data.stdout.toString("utf8");
  const migrations = copyRows(script, "kysely_migration")
    .map((r) => r.name ?? "")
    .sort();
  const dataVersion = copyRows(script, "data_version")[0]?.version;
  const migration = migrations.at(-1);
  if (!migration || !dataVersion)
    throw new ConflictError(
      `${file} is a dump of an Improvement Hub database that holds no ${migration ? "data version" : "migrations"}: it cannot be restored.`,
    );
  const otherSchemas = [...toc.matchAll(/^\d+; \d+ \d+ SCHEMA - (\S+) /gm)]
    .map((m) => m[1]!)
    .filter((name) => name !== "public");
  return { migration, migrations, dataVersion, tables, otherSchemas };
}

/** Refuses a dump made by a newer version of the hub (migrations this code does not know). */
export function requireKnownMigrations(file: string, contents: DumpContents): void {
  const known = new Set(knownMigrations());
  const unknown = contents.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0)
    throw new ConflictError(
      `${file} was made by a newer version of Improvement Hub: it holds migration ${unknown.join(", ")}, which this version does not know (its latest is ${knownMigrations().at(-1)}). Restore it with that version or later.`,
    );
}

/**
 * Dumps the database at `url` to `file` (pg_dump custom format), written beside it and renamed
 * into place; `force` replaces an existing file. Returns the size and what the dump holds.
 */
export async function dumpDatabase(
  tools: PgTools,
  db: Db,
  url: string,
  file: string,
  force: boolean,
): Promise<{ bytes: number; contents: DumpContents }> {
  await requireAtLeast(tools, "pg_dump", await serverMajor(db));
  const target = path.resolve(file);
  if (!(await fs.stat(path.dirname(target)).catch(() => undefined))?.isDirectory())
    throw new NotFoundError(
      `${file} cannot be written: the folder ${path.dirname(target)} does not exist.`,
    );
  const partial = path.join(
    path.dirname(target),
    `.${path.basename(target)}.partial-${randomBytes(4).toString("hex")}`,
  );
  const { args, env } = connection(url);
  try {
    const run = await runProgram(
      tools,
      "pg_dump",
      ["--format=custom", `--file=${partial}`, ...args],
      { env },
    );
    if (run.code !== 0)
      throw new ConflictError(`pg_dump could not dump the database: ${firstComplaint(run)}`);
    const contents = await inspectDump(tools, partial).catch((e: unknown) => {
      throw new ConflictError(
        `${programPath(tools, "pg_dump")} finished but its dump does not read back as the hub's (${e instanceof Error ? e.message : String(e)}).`,
      );
    });
    if (!force && (await fs.stat(target).catch(() => undefined)))
      throw new ConflictError(`${file} already exists: add --force to replace it.`);
    const { size } = await fs.stat(partial);
    await fs.rename(partial, target);
    return { bytes: size, contents };
  } finally {
    await fs.rm(partial, { force: true });
  }
}

/**
 * Replaces everything in the database's `public` schema (and in the other schemas the dump
 * holds) by the dump's, in one transaction, then
 * applies the migrations this code has and the dump lacks, re-seeds the reference data, moves
 * the data version past both the one before the restore and the dump's (so that no cache serves
 * a page of the data that was replaced) and records the restore in the audit log.
 */
export async function restoreDump(
  tools: PgTools,
  db: Db,
  url: string,
  file: string,
  /** What `inspectDump` found in the file. */
  { otherSchemas }: DumpContents,
  /** Who restores, as the audit log names them ("operator alice"). */
  actorLabel: string,
): Promise<{ applied: string[]; dataVersion: string }> {
  const major = await serverMajor(db);
  await requireAtLeast(tools, "pg_restore", major);
  await programMajor(tools, "psql"); // a missing psql is told before anything starts
  const before = await readDataVersion(db).catch(() => "0");
  const { args, env } = connection(url);

  // pg_restore writes the dump as a SQL script; psql runs it after the preamble, all in one
  // transaction that any error rolls back (ON_ERROR_STOP). psql commits when its input ends, so
  // the input ends only once pg_restore has written the whole dump; if pg_restore fails, psql is
  // killed instead, and the server rolls the unfinished transaction back.
  const script = new PassThrough();
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  script.write(
    [
      "SET lock_timeout = '60s';",
      "SET client_min_messages = warning;",
      ...["public", ...otherSchemas].map(
        (name) => `DROP SCHEMA IF EXISTS ${quoted(name)} CASCADE;`,
      ),
      "CREATE SCHEMA public;\n",
    ].join("\n"),
  );
  const reader = spawn(
    programPath(tools, "pg_restore"),
    ["--file=-", "--no-owner", "--no-privileges", file],
    { env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let readerErr = "";
  reader.stderr.on("data", (chunk: Buffer) => (readerErr += chunk.toString("utf8")));
  const abort = new AbortController();
  const readerDone = new Promise<number>((resolve) => {
    reader.on("error", () => {
      abort.abort();
      resolve(127);
    });
    reader.on("close", (code) => {
      if (code === 0) script.end();
      else abort.abort();
      resolve(code ?? 1);
    });
  });
  reader.stdout.pipe(script, { end: false });
  const applied = await runProgram(
    tools,
    "psql",
    [
      ...["--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"],
      ...["--file=-", ...args],
    ],
    { env, stdin: script, signal: abort.signal },
  ).catch((e: unknown) => {
    reader.kill();
    throw e;
  });
  // psql stopped first (an error): pg_restore, blocked on a full pipe, is stopped too.
  const psqlFailedFirst = reader.exitCode === null && reader.signalCode === null;
  if (psqlFailedFirst) {
    reader.stdout.unpipe(script);
    reader.stdout.resume();
    reader.kill();
  }
  const readerCode = await readerDone;
  if (readerCode !== 0 && !psqlFailedFirst)
    throw new ConflictError(
      `${file} could not be read to its end (pg_restore: ${readerErr.trim().split("\n")[0]}); nothing was changed.`,
    );
  if (applied.code !== 0)
    throw new ConflictError(
      `${file} could not be restored (${firstComplaint(applied)}); nothing was changed.`,
    );

  const migrations = await migrateToLatest(db as Kysely<unknown>);
  await seedReference(db);
  await sql`UPDATE data_version
    SET version = greatest(version, ${before}::bigint, (extract(epoch FROM clock_timestamp()) * 1000)::bigint) + 1,
        changed_at = now()`.execute(db);
  // The audit log is now the dump's (the one it replaced went with the old schema): it records
  // the restore, and the data version it replaced.
  await db
    .insertInto("audit_log")
    .values({
      actor_user_id: null,
      actor_label: actorLabel,
      action: "data.restored",
      outcome: "success",
      target_kind: "backup",
      target_ref: path.resolve(file),
      details: JSON.stringify({ replacedDataVersion: before, migrationsApplied: migrations }),
    })
    .execute();
  return { applied: migrations, dataVersion: await readDataVersion(db) };
}

/**
 * Other Improvement Hub processes connected to this database now (their connections are named
 * `improve <command> (<user>)`, src/cli/main.ts), the restoring process's own excepted.
 */
export async function otherHubSessions(db: Db): Promise<{ pid: number; name: string }[]> {
  const { rows } = await sql<{ pid: number; name: string }>`
    SELECT pid, application_name AS name FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND application_name LIKE 'improve %'
      AND application_name <> current_setting('application_name')
    ORDER BY pid`.execute(db);
  return rows;
}
