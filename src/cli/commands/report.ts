/**
 * `improve report`: a subject's integrated performance report (issue 18; docs/reports.md) as PDF,
 * standalone HTML, Excel or CSV, through the same function as the site's downloads
 * (src/web/pages/reports/report-file.ts), for a board pack built by a script:
 *
 *   improve report --org RDE --format pdf --out rde.pdf            (the first ready-made report)
 *   improve report --network london-uec --report topic-uec --format html --out uec.html
 *   improve report --region Y56 --list                             (the reports' keys and titles)
 *   improve report --org RDE --report board --format xlsx --out board.xlsx   (the board summary)
 *
 * The operator runs it, so the file carries the commentary. `--report board` (organisations
 * only) writes the board summary (src/web/pages/organisation/board-document.ts), as before.
 * `--queue` (instead of `--out`) queues the `generate-report` job: a running `improve serve`
 * writes the file to the data folder's downloads/reports (docs/operations.md, "Jobs").
 */
import { writeFile } from "node:fs/promises";
import { NotFoundError, UsageError } from "../../errors.js";
import type { ReportSubject } from "../../reports/types.js";
import { composeServices } from "../../web/compose.js";
import {
  BOARD_FORMATS,
  boardSummaryFile,
  type BoardFormat,
} from "../../web/pages/organisation/board-document.js";
import {
  REPORT_FORMATS,
  reportFile,
  type ReportFormat,
} from "../../web/pages/reports/report-file.js";
import type { RegisterCommand } from "../context.js";
import { parsePayload, QUEUE_SETTINGS } from "../../jobs/definitions.js";
import type { Database } from "../../storage/database.js";
import { createJobQueue } from "../../storage/job-queue.js";
import { reportsFolder, subjectRef } from "../serve-jobs.js";
import { operator } from "../operator.js";

interface ReportOptions {
  org?: string;
  network?: string;
  region?: string;
  proposal?: string;
  report?: string;
  list?: boolean;
  format?: string;
  out?: string;
  peers?: string;
  queue?: boolean;
}

/** The one subject the options name (exactly one of --org, --network, --region, --proposal). */
function subjectOf(opts: ReportOptions): ReportSubject {
  const given = [
    opts.org !== undefined && ({ kind: "organisation", orgCode: opts.org.toUpperCase() } as const),
    opts.network !== undefined && ({ kind: "network", networkId: opts.network } as const),
    opts.region !== undefined &&
      ({ kind: "region", regionCode: opts.region.toUpperCase() } as const),
    opts.proposal !== undefined &&
      ({ kind: "proposal", proposalId: Number(opts.proposal) } as const),
  ].filter((s) => s !== false);
  if (given.length !== 1)
    throw new UsageError(
      "Name one subject: --org CODE, --network ID, --region CODE or --proposal ID",
    );
  const subject = given[0]!;
  if (
    subject.kind === "proposal" &&
    !(Number.isInteger(subject.proposalId) && subject.proposalId > 0)
  )
    throw new UsageError(`--proposal must be a proposal's number, not "${opts.proposal ?? ""}"`);
  return subject;
}

/** Sends the generate-report job (one of each report waits at a time); says where it will be. */
async function queueReport(
  database: Database,
  subject: ReportSubject,
  report: string,
  format: ReportFormat,
  dataDir: string,
): Promise<string> {
  const queue = createJobQueue({ pool: database.pool, onError: () => undefined, worker: false });
  try {
    await queue.start([{ name: "generate-report", ...QUEUE_SETTINGS["generate-report"] }]);
    const data = parsePayload("generate-report", { subject, report, format });
    const id = await queue.send("generate-report", data, {
      singletonKey: `${subjectRef(subject)}:${report}:${format}`,
    });
    const where = reportsFolder(dataDir);
    return id
      ? `queued job ${id}: a running \`improve serve\` writes the report to ${where} (see \`improve jobs\`)\n`
      : `this report is already waiting to be made: it will be in ${where} (see \`improve jobs\`)\n`;
  } finally {
    await queue.stop();
  }
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command("report")
    .description(
      "A subject's integrated performance report (or an organisation's board summary) as PDF, HTML, Excel or CSV",
    )
    .option("--org <code>", "an organisation's ODS code, e.g. RJ1")
    .option("--network <id>", "a learning and improvement network's id, e.g. london-uec")
    .option("--region <code>", "an NHS England region's code, e.g. Y56")
    .option("--proposal <id>", "a test-at-scale proposal's number")
    .option(
      "--report <key>",
      "which report (see --list); default the first ready-made one; board: the board summary (--org)",
    )
    .option("--list", "list the subject's reports (key and title) and write nothing")
    .option("--format <format>", REPORT_FORMATS.join(", "))
    .option("--out <file>", "where to write it")
    .option("--peers <group>", "the board summary's peer group (as on the organisation page)")
    .option(
      "--queue",
      "queue the generate-report job instead (improve serve writes it to the data folder's downloads/reports)",
    )
    .action(async (opts: ReportOptions) => {
      const subject = subjectOf(opts);
      if (!opts.list) {
        if (!opts.format || (!opts.out && !opts.queue))
          throw new UsageError(
            "Give --format and --out, or --queue (or --list to see the reports)",
          );
        if (opts.queue && opts.report === "board")
          throw new UsageError("--queue makes a report, not the board summary: give --out");
        if (!REPORT_FORMATS.some((f) => f === opts.format))
          throw new UsageError(
            `--format must be one of ${REPORT_FORMATS.join(", ")}, not "${opts.format}"`,
          );
      }
      const database = await ctx.database();
      const services = composeServices({ db: database.db, pool: database.pool });
      const actor = operator();
      const info = await services.reports.describe(actor, subject).catch((error: unknown) => {
        if (error instanceof NotFoundError && subject.kind === "organisation")
          throw new NotFoundError(
            `Unknown organisation "${opts.org ?? ""}" (see \`improve orgs --search\`)`,
          );
        throw error;
      });
      const definitions = await services.reports.definitions(actor, subject);
      if (opts.list) {
        for (const d of definitions) ctx.io.out(`${d.key}\t${d.title}\n`);
        if (subject.kind === "organisation")
          ctx.io.out("board\tBoard summary (every metric of the dashboard)\n");
        return;
      }
      const format = opts.format as ReportFormat;
      const out = opts.out!;
      if (opts.report === "board") {
        if (subject.kind !== "organisation")
          throw new UsageError(
            "--report board is an organisation's board summary: use it with --org",
          );
        const boardFormat = BOARD_FORMATS.find((f) => f === format) as BoardFormat | undefined;
        if (!boardFormat)
          throw new UsageError(
            `The board summary is written as ${BOARD_FORMATS.join(", ")}, not "${format}"`,
          );
        const organisation = (
          await services.analytics.organisationDashboard(subject.orgCode, opts.peers)
        ).organisation;
        const file = await boardSummaryFile(services, organisation, opts.peers, boardFormat, {
          generatedAt: ctx.now(),
        });
        await writeFile(out, file);
        ctx.io.err(
          `Wrote ${organisation.name}'s board summary (${format}, ${file.length} bytes) to ${out}\n`,
        );
        return;
      }
      const key =
        opts.report ?? definitions.find((d) => d.origin !== "saved")?.key ?? definitions[0]?.key;
      if (!key) throw new NotFoundError(`${info.name} has no report to write`);
      if (!definitions.some((d) => d.key === key))
        throw new NotFoundError(
          `${info.name} has no report "${key}" (see \`improve report --list\`: ${definitions.map((d) => d.key).join(", ")})`,
        );
      if (opts.queue) {
        ctx.io.out(await queueReport(database, subject, key, format, ctx.config.dataDir));
        return;
      }
      const file = await reportFile(services, actor, subject, key, format, {
        generatedAt: ctx.now(),
      });
      await writeFile(out, file);
      ctx.io.err(
        `Wrote ${info.name}'s report "${key}" (${format}, ${file.length} bytes) to ${out}\n`,
      );
    });
};
