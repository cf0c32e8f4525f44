/**
 * `improve report --org CODE --format pdf|xlsx|csv --out FILE`: an organisation's board summary
 * (the Making Data Count summary table of its dashboard) as the site's downloads make it, through
 * the same function (src/web/pages/organisation/board-document.ts), for a board pack built by a
 * script.
 */
import { writeFile } from "node:fs/promises";
import { NotFoundError, UsageError } from "../../errors.js";
import { createCoverageService } from "../../metrics/data-coverage/service.js";
import { createAnalyticsService } from "../../metrics/service.js";
import { createAnalyticsStore } from "../../storage/analytics-store.js";
import { createCoverageStore } from "../../storage/coverage-store.js";
import {
  BOARD_FORMATS,
  boardSummaryFile,
  type BoardFormat,
} from "../../web/pages/organisation/board-document.js";
import type { RegisterCommand } from "../context.js";

export const register: RegisterCommand = (program, ctx) => {
  program
    .command("report")
    .description("An organisation's board summary as PDF, Excel or CSV")
    .requiredOption("--org <code>", "organisation ODS code, e.g. RJ1")
    .requiredOption("--format <format>", BOARD_FORMATS.join(", "))
    .requiredOption("--out <file>", "where to write it")
    .option("--peers <group>", "peer group (as on the organisation page), e.g. acute")
    .action(async (opts: { org: string; format: string; out: string; peers?: string }) => {
      const format = BOARD_FORMATS.find((f) => f === opts.format) as BoardFormat | undefined;
      if (!format)
        throw new UsageError(
          `--format must be one of ${BOARD_FORMATS.join(", ")}, not "${opts.format}"`,
        );
      const database = await ctx.database();
      const analytics = createAnalyticsService(createAnalyticsStore(database));
      const coverage = createCoverageService(createCoverageStore(database.db));
      const code = opts.org.toUpperCase();
      const organisation = await analytics
        .organisationDashboard(code, opts.peers)
        .then((d) => d.organisation)
        .catch((error: unknown) => {
          if (error instanceof NotFoundError)
            throw new NotFoundError(
              `Unknown organisation "${opts.org}" (see \`improve orgs --search\`)`,
            );
          throw error;
        });
      const file = await boardSummaryFile(
        { analytics, coverage },
        organisation,
        opts.peers,
        format,
        {
          generatedAt: ctx.now(),
        },
      );
      await writeFile(opts.out, file);
      ctx.io.err(
        `Wrote ${organisation.name}'s board summary (${format}, ${file.length} bytes) to ${opts.out}\n`,
      );
    });
};
