/** `improve import <file|folder>...` and `improve formats`. */
import { InputError } from "../../errors.js";
import { renderRows, parseFormat } from "../format.js";
import { importPaths } from "../../ingest/import-paths.js";
import { formats } from "../../ingest/sources/index.js";
import { progress } from "../progress.js";
import type { RegisterCommand } from "../context.js";

export const register: RegisterCommand = (program, ctx) => {
  program
    .command("import")
    .description(
      "Import CSV files, ZIP archives of CSVs, or folders of them (format detected from the header, or --format)",
    )
    .argument("<paths...>", "files or folders to import")
    .option("--format <id>", "force a format (see `improve formats`)")
    .option("--json", "print the import reports as JSON")
    .option(
      "--force",
      "import even files already imported (their values become the newest revision)",
    )
    .action(async (paths: string[], opts: { format?: string; json?: boolean; force?: boolean }) => {
      const database = await ctx.database();
      const bar = progress(ctx.io, "Importing");
      const result = await importPaths(database, paths, {
        format: opts.format,
        force: opts.force,
        wasmReader: ctx.config.wasmReader,
        now: ctx.now,
        onProgress: (n) => bar.update(n),
        onFile: (line) => {
          bar.finish();
          if (!opts.json) ctx.io.out(line + "\n");
        },
      });
      bar.finish();
      if (opts.json) ctx.io.out(JSON.stringify(result, null, 2) + "\n");
      if (result.failed.length > 0) {
        for (const f of result.failed) ctx.io.err(`${f.message}\n`);
        const total = result.imported.length + result.failed.length;
        throw new InputError(
          `${result.failed.length} of ${total} recognised file${total === 1 ? "" : "s"} failed to import; those files changed nothing`,
        );
      }
    });

  program
    .command("formats")
    .description("List the file formats `improve import` reads")
    .option("--format <format>", "table, json or csv", "table")
    .action((opts: { format: string }) => {
      ctx.io.out(
        renderRows(
          formats.map((f) => ({ id: f.id, kind: f.kind, description: f.description })),
          parseFormat(opts.format),
        ),
      );
    });
};
