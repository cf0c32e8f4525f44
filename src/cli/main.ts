/**
 * `improve`: the command line. Each command lives in `commands/<name>.ts` and registers itself on
 * the program. Errors users can cause (AppError) print one line and exit 1 (2 for usage); any
 * other error is a bug and prints its stack.
 */
import { Command, CommanderError } from "commander";
import { loadConfig, type Config } from "../config.js";
import { AppError, InputError, type InputProblem } from "../errors.js";
import { openDatabase, type Database } from "../storage/database.js";
import type { CliContext, CliIo } from "./context.js";
import { operatorName } from "./operator.js";
import { register as guides } from "./commands/guides.js";
import { register as analytics } from "./commands/analytics.js";
import { register as backup } from "./commands/backup.js";
import { register as dbCommands } from "./commands/db.js";
import { register as demo } from "./commands/demo.js";
import { register as exportCommand } from "./commands/export.js";
import { register as importCommand } from "./commands/import.js";
import { register as jobs } from "./commands/jobs.js";
import { register as listings } from "./commands/listings.js";
import { register as peerGroups } from "./commands/peer-groups.js";
import { register as report } from "./commands/report.js";
import { register as serve } from "./commands/serve.js";
import { register as spc } from "./commands/spc.js";
import { register as sync } from "./commands/sync.js";
import { register as users } from "./commands/users.js";

export interface MainOptions {
  config?: Config;
  io?: CliIo;
  now?: () => Date;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command("improve")
    .description("Improvement Hub: NHS improvement guides, analytics and learning networks")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
  for (const register of [
    serve,
    importCommand,
    demo,
    dbCommands,
    backup,
    listings,
    exportCommand,
    spc,
    analytics,
    sync,
    jobs,
    peerGroups,
    report,
    users,
    guides,
  ])
    register(program, ctx);
  // Sub-commands inherit the output and exit behaviour.
  const configure = (cmd: Command) => {
    cmd
      .exitOverride()
      .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const io: CliIo = options.io ?? {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  };
  let database: Database | undefined;
  // SIGINT/SIGTERM: `serve` awaits `shutdown` and stops gracefully; any other command is
  // interrupted, and the database (embedded PostgreSQL included) is still stopped cleanly below.
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const shutdown = new Promise<string>((resolve) => (onSignal = resolve));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const config = options.config ?? loadConfig();
    const ctx: CliContext = {
      config,
      io,
      now: options.now ?? (() => new Date()),
      shutdown,
      database: async (options) => {
        database ??= await openDatabase({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          migrate: options?.migrate,
          applicationName: `improve ${argv[2] ?? ""} (${operatorName()})`,
        });
        return database;
      },
    };
    const run = buildProgram(ctx)
      .parseAsync(argv)
      .then(() => undefined);
    const stopping = argv[2] === "serve" ? new Promise<never>(() => undefined) : shutdown;
    const signal = await Promise.race([run, stopping]);
    if (signal !== undefined) {
      io.err(`interrupted (${signal}): stopping\n`);
      return signal === "SIGINT" ? 130 : 143;
    }
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage mistakes exit 2 (commander already printed the message).
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof AppError) {
      io.err(`error: ${e.message}\n`);
      if (e instanceof InputError) for (const p of e.problems) io.err(`  ${describeProblem(p)}\n`);
      return e.exitCode;
    }
    io.err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await database?.close();
  }
}

/** "uec-acute-flow/1.0.md:12: status: not one of … (draft)" */
function describeProblem(p: InputProblem): string {
  const where = [p.file, p.line].filter((x) => x !== undefined).join(":");
  return `${where ? `${where}: ` : ""}${p.column ? `${p.column}: ` : ""}${p.reason}${p.value === undefined ? "" : ` (${p.value})`}`;
}
