/**
 * What every CLI command receives. Side effects (output streams, database, clock) come in here
 * so that tests run commands with fakes and capture their output.
 */
import type { Command } from "commander";
import type { Config } from "../config.js";
import type { Database } from "../storage/database.js";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stdout is a terminal (progress bars, colours). */
  isTTY: boolean;
  /** All of standard input (`users create --password-stdin`); default: the process's. */
  readStdin?: () => Promise<string>;
}

export interface CliContext {
  config: Config;
  io: CliIo;
  /**
   * Opens (and, unless `migrate` is false, migrates) the database; the CLI closes it after the
   * command.
   */
  database: (options?: { migrate?: boolean }) => Promise<Database>;
  /** Current time; tests pass a fixed clock. */
  now: () => Date;
  /** Resolves with the signal name when SIGINT or SIGTERM arrives (long-running commands await it). */
  shutdown: Promise<string>;
}

/** A command module: `src/cli/commands/<name>.ts` exports `register`. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;
