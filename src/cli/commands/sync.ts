/** `improve sync`: download the configured official publications that are due and import them. */
import path from "node:path";
import { loadSyncConfig } from "../../ingest/sync/config.js";
import { syncPublications } from "../../ingest/sync/run.js";
import { InputError } from "../../errors.js";
import type { RegisterCommand } from "../context.js";

export const register: RegisterCommand = (program, ctx) => {
  program
    .command("sync")
    .description(
      "Download the publications in config/sync.json that are due (conditional requests, retries) and import them",
    )
    .option("--config <file>", "sync configuration", path.join("config", "sync.json"))
    .option("--force", "check every publication now, whatever its schedule")
    .option("--only <names...>", "only these publications")
    .option("--json", "print the results as JSON")
    .action(async (opts: { config: string; force?: boolean; only?: string[]; json?: boolean }) => {
      const config = await loadSyncConfig(opts.config);
      const database = await ctx.database();
      const results = await syncPublications(database, config, {
        fetch: (url, init) => fetch(url, init),
        downloadDir: path.join(ctx.config.dataDir, "downloads"),
        wasmReader: ctx.config.wasmReader,
        now: ctx.now,
        ...(opts.force ? { force: true } : {}),
        ...(opts.only ? { only: opts.only } : {}),
      });
      if (opts.json) ctx.io.out(JSON.stringify(results, null, 2) + "\n");
      else
        for (const r of results) {
          ctx.io.out(
            `${r.name}: ${r.status.replace("_", " ")}${r.url ? ` (${r.url})` : ""}${r.message ? `: ${r.message}` : ""}\n`,
          );
          // A zipped publication: what happened to each file inside it.
          for (const e of r.entries ?? [])
            ctx.io.out(`  ${e.entry}: ${e.status}${e.reason ? ` (${e.reason})` : ""}\n`);
        }
      const failed = results.filter((r) => r.status === "failed");
      if (failed.length > 0)
        throw new InputError(
          `${failed.length} of ${results.length} publication${results.length === 1 ? "" : "s"} failed to sync`,
        );
    });
};
