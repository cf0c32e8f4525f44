/**
 * `improve backup --out FILE` and `improve restore --in FILE --yes`: the hub's database as a
 * PostgreSQL custom-format dump, and back (src/storage/backup.ts; docs/operations.md, "Backup and
 * restore"). Both work on the embedded PostgreSQL and on `DATABASE_URL` alike.
 */
import { existsSync } from "node:fs";
import { actorLabel } from "../../accounts/actor.js";
import type { Config } from "../../config.js";
import { ConflictError, UsageError } from "../../errors.js";
import {
  dumpDatabase,
  inspectDump,
  otherHubSessions,
  requireKnownMigrations,
  restoreDump,
} from "../../storage/backup.js";
import { otherProcessesOn } from "../../storage/embedded.js";
import type { PgTools } from "../../storage/pg-tools.js";
import type { RegisterCommand } from "../context.js";
import { operator } from "../operator.js";

const tools = (config: Config): PgTools => ({ bin: config.pgBin });

/** "1.2 MB (1,234,567 bytes)" */
function size(bytes: number): string {
  const units = ["bytes", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const short = unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
  return unit === 0 ? short : `${short} (${bytes.toLocaleString("en-GB")} bytes)`;
}

/** Where the data lives, before the database is opened: for the confirmation message. */
function where(config: Config): string {
  return config.databaseUrl
    ? `PostgreSQL at ${new URL(config.databaseUrl).host}`
    : `the embedded PostgreSQL in ${config.dataDir}`;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command("backup")
    .description("Write the hub's database to a file (PostgreSQL custom-format dump)")
    .requiredOption("--out <file>", "the dump file to write")
    .option("--force", "replace the file if it exists")
    .action(async (opts: { out: string; force?: boolean }) => {
      if (!opts.force && existsSync(opts.out))
        throw new ConflictError(`${opts.out} already exists: add --force to replace it.`);
      // As it is: a backup taken before an upgrade must not have been migrated by it.
      const database = await ctx.database({ migrate: false });
      const { bytes, contents } = await dumpDatabase(
        tools(ctx.config),
        database.db,
        database.url,
        opts.out,
        Boolean(opts.force),
      );
      ctx.io.out(
        `Wrote ${opts.out}: ${size(bytes)}, ${contents.tables} tables of ${database.description} at migration ${contents.migration}, data version ${contents.dataVersion}.\n`,
      );
    });

  program
    .command("restore")
    .description("Replace ALL data by a dump made with improve backup")
    .requiredOption("--in <file>", "the dump file to restore")
    .option("--yes", "confirm: every table is replaced by the dump's")
    .action(async (opts: { in: string; yes?: boolean }) => {
      const contents = await inspectDump(tools(ctx.config), opts.in);
      requireKnownMigrations(opts.in, contents);
      const held = `migration ${contents.migration}, data version ${contents.dataVersion}`;
      if (!opts.yes)
        throw new UsageError(
          `improve restore replaces ALL data in ${where(ctx.config)} by ${opts.in}'s (${held}); add --yes to confirm.`,
        );
      const database = await ctx.database({ migrate: false });
      if (!ctx.config.databaseUrl) {
        const others = otherProcessesOn(ctx.config.dataDir);
        if (others.length > 0)
          throw new ConflictError(
            `${ctx.config.dataDir} is in use by process ${others.join(", ")} (improve serve, or another command): stop it and run improve restore again. Nothing was changed.`,
          );
      }
      const sessions = await otherHubSessions(database.db);
      if (sessions.length > 0)
        throw new ConflictError(
          `${database.description} is in use by ${sessions.map((s) => `"${s.name}" (server process ${s.pid})`).join(", ")}: stop it and run improve restore again. Nothing was changed.`,
        );
      const result = await restoreDump(
        tools(ctx.config),
        database.db,
        database.url,
        opts.in,
        contents,
        actorLabel(operator()),
      );
      ctx.io.out(
        `Restored ${opts.in} (${held}) into ${database.description}` +
          (result.applied.length ? `; applied ${result.applied.join(", ")}` : "") +
          `; data version now ${result.dataVersion}.\n`,
      );
    });
};
