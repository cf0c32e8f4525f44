/**
 * `improve jobs` and `improve jobs retry ID`: the background jobs (docs/operations.md, "Jobs"),
 * read from the queue's tables in the hub's database: each queue's jobs by state, then the latest
 * jobs with their retries and last error. The command acts as the operator, who may see them.
 */
import { InputError } from "../../errors.js";
import type { JobRecord, QueueCounts } from "../../jobs/queue.js";
import { createJobRecords } from "../../storage/job-records.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { intOption } from "../options.js";
import { parseFormat, renderRows } from "../format.js";

const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace("T", " ") : "");

const queueRow = (q: QueueCounts) => ({
  queue: q.name,
  waiting: q.counts.created,
  retry: q.counts.retry,
  running: q.counts.active,
  completed: q.counts.completed,
  failed: q.counts.failed,
  cancelled: q.counts.cancelled,
});

const jobRow = (j: JobRecord) => ({
  id: j.id,
  name: j.name,
  state: j.state,
  created: iso(j.createdAt),
  started: iso(j.startedAt),
  completed: iso(j.completedAt),
  retries: `${j.retries}/${j.retryLimit}`,
  next_try: j.state === "retry" ? iso(j.startAfter) : "",
  last_error: (j.lastError ?? "").replace(/\s+/g, " ").slice(0, 200),
});

/** The listing: queues, then recent jobs (times UTC). */
async function jobsListing(ctx: CliContext, limit: number, format: string): Promise<string> {
  const f = parseFormat(format, ["table", "json"]);
  const records = createJobRecords((await ctx.database()).db);
  const [queues, recent] = await Promise.all([records.queues(), records.recent(limit)]);
  if (f === "json")
    return (
      JSON.stringify({ queues: queues.map(queueRow), jobs: recent.map(jobRow) }, null, 2) + "\n"
    );
  if (queues.length === 0)
    return "No job queues yet: `improve serve` creates them when it first starts.\n";
  return [
    "Queues (jobs by state; finished ones for 12 hours, then archived)",
    renderRows(queues.map(queueRow), "table"),
    `Recent jobs, newest first (UTC; archived ones for 7 days)`,
    recent.length === 0 ? "No jobs yet.\n" : renderRows(recent.map(jobRow), "table"),
  ].join("\n");
}

export const register: RegisterCommand = (program, ctx) => {
  const jobs = program
    .command("jobs")
    .description("Background jobs: queues by state and recent jobs (`jobs retry ID` retries one)")
    .option("--limit <n>", "recent jobs to list", intOption("--limit", 1, 1000), 30)
    .option("--format <format>", "table or json", "table")
    .action(async (opts: { limit: number; format: string }) => {
      ctx.io.out(await jobsListing(ctx, opts.limit, opts.format));
    });
  jobs
    .command("retry <id>")
    .description("Run a failed job again (one more retry), as soon as a process is free")
    .action(async (id: string) => {
      const records = createJobRecords((await ctx.database()).db);
      if (!(await records.retry(id)))
        throw new InputError(
          `no failed job ${id} (only a failed job, not yet archived, can be retried: see \`improve jobs\`)`,
        );
      ctx.io.out(`job ${id} will run again\n`);
    });
};
