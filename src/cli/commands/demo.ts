/** `improve demo`: (re)generate the synthetic demo data set. */
import { loadDemo } from "../../ingest/load-demo.js";
import { intOption } from "../options.js";
import { progress } from "../progress.js";
import type { RegisterCommand } from "../context.js";
import { registerDemoAccounts } from "./demo-accounts.js";

export const register: RegisterCommand = (program, ctx) => {
  const demo = program.command("demo");
  // `improve demo accounts`: fictional people to sign in as (./demo-accounts.ts).
  registerDemoAccounts(demo, ctx);
  demo
    .description(
      "Replace the synthetic demo data: fictional organisations in the real regions, realistic series",
    )
    .option("--orgs <n>", "number of fictional organisations", intOption("--orgs", 1, 5000), 60)
    .option("--months <n>", "months of history", intOption("--months", 1, 600), 48)
    .option(
      "--seed <n>",
      "random seed (same seed, same data)",
      intOption("--seed", 0, 2 ** 31 - 1),
      1,
    )
    .option(
      "--metric-multiplier <k>",
      "clone each metric k times (scale tests)",
      intOption("--metric-multiplier", 1, 100),
      1,
    )
    .action(
      async (opts: { orgs: number; months: number; seed: number; metricMultiplier: number }) => {
        const database = await ctx.database();
        const bar = progress(ctx.io, "Generating");
        const result = await loadDemo(database, {
          ...opts,
          onProgress: (n, total) => bar.update(n, total),
        });
        bar.finish();
        ctx.io.out(
          `Demo data: ${result.organisations} fictional organisations, ${result.metrics} metrics, ` +
            `${result.values.toLocaleString("en-GB")} values (seed ${opts.seed}) in ${result.durationMs} ms.\n`,
        );
      },
    );
};
