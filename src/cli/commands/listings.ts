/** Read-only listings: `status`, `orgs`, `metrics`, `networks`, `values`. */
import type { Command } from "commander";
import { NotFoundError } from "../../errors.js";
import { createDirectoryService } from "../../metrics/directory/service.js";
import { createDirectoryStore } from "../../storage/directory-store.js";
import {
  countOrganisationsByKind,
  getOrganisation,
} from "../../storage/repositories/organisations.js";
import { listNetworks } from "../../storage/repositories/networks.js";
import { countValues, coverage, series } from "../../storage/repositories/values.js";
import { publishedLimits } from "../../storage/published-limits.js";
import { parseFormat, renderRows } from "../format.js";
import { dateOption } from "../options.js";
import type { CliContext, RegisterCommand } from "../context.js";
import {
  findMetrics,
  findOrganisations,
  METRIC_COLUMNS,
  metricRows,
  ORGANISATION_COLUMNS,
  organisationRows,
} from "../listing-rows.js";

const formatOption = (cmd: Command) =>
  cmd.option("--format <format>", "table, json or csv", "table");

export const register: RegisterCommand = (program, ctx) => {
  formatOption(
    program
      .command("status")
      .description("What the database holds: counts and the latest period of each metric"),
  ).action(async (opts: { format: string }) => statusCommand(ctx, opts.format));

  formatOption(
    program
      .command("orgs")
      .description("List organisations")
      .option("--kind <kind>", "acute_trust, icb, region, …")
      .option("--region <code>", "NHS England region code, e.g. Y56")
      .option("--search <text>", "name or code contains")
      .option("--closed", "include closed organisations"),
  ).action(
    async (opts: {
      format: string;
      kind?: string;
      region?: string;
      search?: string;
      closed?: boolean;
    }) => {
      const format = parseFormat(opts.format);
      const { db } = await ctx.database();
      const orgs = await findOrganisations(createDirectoryService(createDirectoryStore(db)), opts);
      ctx.io.out(renderRows(organisationRows(orgs), format, ORGANISATION_COLUMNS));
    },
  );

  formatOption(
    program
      .command("metrics")
      .description("List the metric catalogue")
      .option("--topic <topic>", "uec, elective, cancer, …"),
  ).action((opts: { format: string; topic?: string }) => {
    const format = parseFormat(opts.format);
    ctx.io.out(renderRows(metricRows(findMetrics(opts.topic)), format, METRIC_COLUMNS));
  });

  formatOption(
    program.command("networks").description("List the 16 learning and improvement networks"),
  ).action(async (opts: { format: string }) => {
    const format = parseFormat(opts.format);
    const { db } = await ctx.database();
    const rows = (await listNetworks(db)).map((n) => ({
      network_id: n.networkId,
      name: n.name,
      region: n.regionName ?? n.regionCode,
      focus: n.focus,
      leads: n.leads.map((l) => `${l.name} (${l.organisations.join(", ")})`).join("; "),
      members: n.memberCount,
    }));
    ctx.io.out(
      renderRows(rows, format, ["network_id", "name", "region", "focus", "leads", "members"]),
    );
  });

  formatOption(
    program
      .command("values")
      .description("One organisation's values for one metric")
      .requiredOption("--org <code>", "organisation ODS code")
      .requiredOption("--metric <id>", "metric id (see `improve metrics`)")
      .option("--from <date>", "first period YYYY-MM-DD", dateOption("--from"))
      .option("--to <date>", "last period YYYY-MM-DD", dateOption("--to"))
      .option(
        "--period-type <type>",
        "day, week, month, quarter, financial_year, twelve_months",
        "month",
      ),
  ).action(
    async (opts: {
      format: string;
      org: string;
      metric: string;
      from?: string;
      to?: string;
      periodType: string;
    }) => {
      const format = parseFormat(opts.format);
      const { db } = await ctx.database();
      if (!(await getOrganisation(db, opts.org)))
        throw new NotFoundError(
          `Unknown organisation "${opts.org}" (see \`improve orgs --search\`)`,
        );
      const known = await db
        .selectFrom("metrics")
        .select("metric_id")
        .where("metric_id", "=", opts.metric)
        .executeTakeFirst();
      if (!known)
        throw new NotFoundError(`Unknown metric "${opts.metric}" (see \`improve metrics\`)`);
      const points = await series(db, {
        orgCode: opts.org.toUpperCase(),
        metricId: opts.metric,
        periodType: opts.periodType,
        from: opts.from,
        to: opts.to,
      });
      // A publication's own banding and limits (SHMI), where it gives them, beside each value.
      const published = new Map(
        (
          await publishedLimits(db, {
            orgCode: opts.org.toUpperCase(),
            metricId: opts.metric,
            periodType: opts.periodType,
          })
        ).map((l) => [l.periodStart, l]),
      );
      const columns = ["period_start", "numerator", "denominator", "value", "source", "flags"];
      if (published.size > 0) columns.push("published_banding", "published_limits");
      const standing = [...published.values()].some((l) => l.standing);
      if (standing) columns.push("published_standing");
      ctx.io.out(
        renderRows(
          points.map((p) => {
            const l = published.get(p.periodStart);
            return {
              period_start: p.periodStart,
              numerator: p.numerator,
              denominator: p.denominator,
              value: p.value,
              source: p.source,
              flags: p.dqFlags.join(" "),
              ...(published.size > 0
                ? {
                    published_banding: l?.banding ? `${l.banding} (${l.bandingLabel ?? ""})` : "",
                    published_limits: l
                      ? l.limits
                          .map(
                            (x) =>
                              `${x.level}% ${x.method} ${x.lower} to ${x.upper}${x.bands ? " (banding)" : ""}`,
                          )
                          .join("; ")
                      : "",
                  }
                : {}),
              // Where the publication places the value (the Oversight Framework's median,
              // quartiles, rank and score), as published.
              ...(standing
                ? {
                    published_standing: l?.standing
                      ? [
                          `median ${l.standing.median ?? "–"}`,
                          `quartiles ${l.standing.lowerQuartile ?? "–"} to ${l.standing.upperQuartile ?? "–"}`,
                          `rank ${l.standing.rank ?? "–"} of ${l.standing.rankOf ?? "–"}`,
                          ...(l.standing.score ? [`score ${l.standing.score.value}`] : []),
                        ].join("; ")
                      : "",
                  }
                : {}),
            };
          }),
          format,
          columns,
        ),
      );
    },
  );
};

async function statusCommand(ctx: CliContext, formatText: string): Promise<void> {
  const format = parseFormat(formatText);
  const database = await ctx.database();
  const { db } = database;
  const [kinds, networks, values, imports, cov] = await Promise.all([
    countOrganisationsByKind(db),
    db
      .selectFrom("networks")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
    countValues(db),
    db
      .selectFrom("imports")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "succeeded")
      .executeTakeFirstOrThrow(),
    coverage(db),
  ]);
  const organisations = Object.values(kinds).reduce((a, b) => a + b, 0);
  const metrics = await db
    .selectFrom("metrics")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const summary = {
    database: database.description,
    organisations,
    organisations_by_kind: kinds,
    networks: Number(networks.n),
    metrics: Number(metrics.n),
    values,
    imports: Number(imports.n),
    latest: cov.map((c) => ({
      metric_id: c.metricId,
      period_type: c.periodType,
      first_period: c.firstPeriod,
      latest_period: c.latestPeriod,
      organisations: c.organisations,
      values: c.values,
    })),
  };
  if (format === "json") {
    ctx.io.out(JSON.stringify(summary, null, 2) + "\n");
    return;
  }
  if (format === "csv") {
    ctx.io.out(renderRows(summary.latest, "csv"));
    return;
  }
  ctx.io.out(
    `Database:      ${summary.database}\n` +
      `Organisations: ${organisations} (${Object.entries(kinds)
        .map(([k, n]) => `${n} ${k}`)
        .join(", ")})\n` +
      `Networks:      ${summary.networks}\nMetrics:       ${summary.metrics}\nValues:        ${values.toLocaleString("en-GB")}\nImports:       ${summary.imports}\n\n` +
      (summary.latest.length
        ? renderRows(summary.latest, "table")
        : "No metric values yet: run `improve demo` or `improve import <file>`.\n"),
  );
}
