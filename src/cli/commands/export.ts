/**
 * `improve export values|metrics|orgs`: the API's lists as files, with the API's filters
 * (`--org A,B`, `--metric X,Y`, `--from`, `--to`, `--source` for values), through the same
 * services (the value listing, the directory, the catalogue) and the same rows as
 * `improve values|metrics|orgs`. CSV or JSON to standard output or `--out FILE`; XLSX (the board
 * report's writer, src/web/exports/xlsx.ts: numbers as numbers, no formula ever) to `--out`.
 *
 * @example improve export values --org RXX,RYY --metric ae_4hr_all --from 2024-04-01 --format xlsx --out ae.xlsx
 */
import fs from "node:fs/promises";
import type { Command } from "commander";
import { NotFoundError, UsageError } from "../../errors.js";
import { getMetric } from "../../metrics/catalogue/index.js";
import { createDirectoryService } from "../../metrics/directory/service.js";
import type { ListedValue } from "../../metrics/value-listing/service.js";
import { createValueListingService } from "../../metrics/value-listing/service.js";
import type { ValueKey } from "../../metrics/value-listing/store.js";
import { readDataVersion } from "../../storage/data-version.js";
import { createDirectoryStore } from "../../storage/directory-store.js";
import { createValueListingStore } from "../../storage/value-listing-store.js";
import { documentXlsx } from "../../web/exports/xlsx.js";
import type { CliContext, RegisterCommand } from "../context.js";
import { renderRows, type Row } from "../format.js";
import {
  findMetrics,
  findOrganisations,
  METRIC_COLUMNS,
  metricRows,
  ORGANISATION_COLUMNS,
  organisationRows,
  VALUE_COLUMNS,
  valueRows,
} from "../listing-rows.js";
import { dateOption } from "../options.js";

type ExportFormat = "csv" | "json" | "xlsx";

/** Values read a page at a time (the API's largest page). */
const PAGE = 1000;

interface Output {
  format: string;
  out?: string;
}

function exportFormat(value: string): ExportFormat {
  if (value === "csv" || value === "json" || value === "xlsx") return value;
  throw new UsageError(`--format must be one of csv, json, xlsx, not "${value}"`);
}

/** "A, b ,c" → ["A", "b", "c"]: each item checked against `pattern`, named in the error if not. */
function listOption(name: string, pattern: RegExp, what: string) {
  return (text: string): string[] => {
    const items = [...new Set(text.split(",").map((s) => s.trim()))];
    const bad = items.find((s) => !pattern.test(s));
    if (bad !== undefined) throw new UsageError(`${name}: "${bad}" is not ${what}`);
    return items;
  };
}

const outputOptions = (cmd: Command) =>
  cmd
    .option("--format <format>", "csv, json or xlsx", "csv")
    .option("--out <file>", "write to this file (required for xlsx; default: standard output)");

/** Writes rows as the format asks: CSV/JSON to --out or stdout, XLSX to --out. */
async function write(
  ctx: CliContext,
  output: Output,
  what: {
    title: string;
    filters: string;
    columns: string[];
    rows: Row[];
    dataVersion: string | null;
  },
): Promise<void> {
  const format = exportFormat(output.format);
  if (format === "xlsx") {
    if (!output.out) throw new UsageError("--format xlsx writes a file: give --out FILE.xlsx");
    const meta = [
      { label: "Filters", value: what.filters || "none" },
      { label: "Rows", value: what.rows.length.toLocaleString("en-GB") },
      ...(what.dataVersion ? [{ label: "Data version", value: what.dataVersion }] : []),
      { label: "Generated", value: ctx.now().toISOString() },
    ];
    const xlsx = await documentXlsx({
      title: what.title,
      subtitle: "Improvement Hub export",
      meta,
      blocks: [
        {
          kind: "table",
          caption: what.title,
          head: what.columns,
          rows: what.rows.map((r) =>
            what.columns.map((c) => {
              const v = r[c];
              return typeof v === "number"
                ? { text: String(v), value: v }
                : { text: v === null || v === undefined ? "" : String(v) };
            }),
          ),
        },
      ],
    });
    await fs.writeFile(output.out, xlsx);
    ctx.io.err(`Wrote ${what.rows.length} rows to ${output.out}\n`);
    return;
  }
  const text = renderRows(what.rows, format, what.columns);
  if (output.out) {
    await fs.writeFile(output.out, text);
    ctx.io.err(`Wrote ${what.rows.length} rows to ${output.out}\n`);
  } else ctx.io.out(text);
}

/** Words for the filters given, e.g. "--org RXX,RYY --from 2024-04-01". */
const filterWords = (pairs: [string, string | string[] | boolean | undefined][]): string =>
  pairs
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? k : `${k} ${Array.isArray(v) ? v.join(",") : v}`))
    .join(" ");

export const register: RegisterCommand = (program, ctx) => {
  const exportCommand = program
    .command("export")
    .description("Values, metrics or organisations as CSV, JSON or XLSX, with the API's filters");

  outputOptions(
    exportCommand
      .command("values")
      .description(
        "Stored values of some organisations and metrics (at least one of --org, --metric)",
      )
      .option(
        "--org <codes>",
        "ODS codes, comma-separated",
        listOption("--org", /^[A-Za-z0-9]{1,12}$/, "an ODS code"),
      )
      .option(
        "--metric <ids>",
        "metric ids, comma-separated",
        listOption("--metric", /^[a-z0-9_]{1,100}$/, "a metric id"),
      )
      .option("--from <date>", "first period YYYY-MM-DD", dateOption("--from"))
      .option("--to <date>", "last period YYYY-MM-DD", dateOption("--to"))
      .option("--source <id>", "only this publication source's values, as stored"),
  ).action(
    async (
      opts: Output & {
        org?: string[];
        metric?: string[];
        from?: string;
        to?: string;
        source?: string;
      },
    ) => {
      exportFormat(opts.format);
      if (!opts.org && !opts.metric) throw new UsageError("Give --org, --metric or both.");
      for (const id of opts.metric ?? [])
        if (!getMetric(id))
          throw new NotFoundError(`Unknown metric "${id}" (see \`improve metrics\`)`);
      const { db } = await ctx.database();
      const directory = createDirectoryService(createDirectoryStore(db));
      for (const code of opts.org ?? [])
        if (!(await directory.organisation(code)))
          throw new NotFoundError(`Unknown organisation "${code}" (see \`improve orgs --search\`)`);
      const service = createValueListingService(createValueListingStore(db));
      const values: ListedValue[] = [];
      let after: ValueKey | null | undefined;
      do {
        const page = await service.page({
          orgCodes: opts.org,
          metricIds: opts.metric,
          from: opts.from,
          to: opts.to,
          source: opts.source,
          after: after ?? undefined,
          limit: PAGE,
        });
        values.push(...page.values);
        after = page.next;
      } while (after);
      await write(ctx, opts, {
        title: "Values",
        filters: filterWords([
          ["--org", opts.org],
          ["--metric", opts.metric],
          ["--from", opts.from],
          ["--to", opts.to],
          ["--source", opts.source],
        ]),
        columns: VALUE_COLUMNS,
        rows: valueRows(values),
        dataVersion: await readDataVersion(db),
      });
    },
  );

  outputOptions(
    exportCommand
      .command("metrics")
      .description("The metric catalogue")
      .option("--topic <topic>", "uec, elective, cancer, …"),
  ).action(async (opts: Output & { topic?: string }) => {
    await write(ctx, opts, {
      title: "Metrics",
      filters: filterWords([["--topic", opts.topic]]),
      columns: METRIC_COLUMNS,
      rows: metricRows(findMetrics(opts.topic)),
      dataVersion: null,
    });
  });

  outputOptions(
    exportCommand
      .command("orgs")
      .description("Organisations")
      .option("--kind <kind>", "acute_trust, icb, region, …")
      .option("--region <code>", "NHS England region code, e.g. Y56")
      .option("--search <text>", "name or code contains")
      .option("--closed", "include closed organisations"),
  ).action(
    async (
      opts: Output & { kind?: string; region?: string; search?: string; closed?: boolean },
    ) => {
      exportFormat(opts.format);
      const { db } = await ctx.database();
      const orgs = await findOrganisations(createDirectoryService(createDirectoryStore(db)), opts);
      await write(ctx, opts, {
        title: "Organisations",
        filters: filterWords([
          ["--kind", opts.kind],
          ["--region", opts.region],
          ["--search", opts.search],
          ["--closed", opts.closed],
        ]),
        columns: ORGANISATION_COLUMNS,
        rows: organisationRows(orgs),
        dataVersion: await readDataVersion(db),
      });
    },
  );
};
