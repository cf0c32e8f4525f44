/**
 * The downloads beside a page's charts and tables, one mechanism for every page (decision 0019):
 * a page registers the function that loads what it shows (its charts and its tables, with their
 * source and period), and gets
 *
 *   GET {page}/downloads/{item}.csv   a table's or a chart's data, under the provenance block
 *   GET {page}/downloads/{item}.svg   a chart as an SVG file
 *   GET {page}/downloads/{item}.png   a chart as a PNG drawn on the server (./png.ts)
 *
 * The loader is the page's own, called with the request: a download answers exactly whom the page
 * answers (a page that refuses a reader refuses their download the same way), with the same data.
 * The formula-injection test (test/web/exports/injection.test.ts) requests every route of the app
 * whose path ends in `.csv` or `.xlsx`, these included.
 *
 * @example registerPageDownloads(app, ctx, "/group/:group", (request) => groupDownloads(…), {
 *   audience: "public",
 * })
 * // serves /group/network:london-uec/downloads/dashboard.csv, …/group-ae_4hr_all.png
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { NotFoundError } from "../../errors.js";
import { getMetric } from "../../metrics/catalogue/index.js";
import {
  csvWithProvenance,
  provenanceLines,
  type CsvCell,
  type CsvProvenance,
} from "../../metrics/csv.js";
import { formatPeriod } from "../../metrics/period.js";
import type { PeriodType } from "../../metrics/values.js";
import type { Chart } from "../charts/types.js";
import type { AppContext } from "../context.js";
import { param } from "../present.js";
import { svgPng } from "./png.js";
import { PNG_WIDTH, svgDocument } from "./svg-file.js";

/** A table of a page as data: raw values (numbers as numbers), not the page's formatted text. */
export interface DownloadTable {
  /** Its name in the download's path (`dashboard` → `…/downloads/dashboard.csv`). */
  id: string;
  head: string[];
  rows: CsvCell[][];
}

/** What a page shows, for its downloads. */
export interface PageDownloads {
  /** The start of every file name ("RJ1", "network-london-uec"). */
  stem: string;
  /** Where the numbers come from (`metricSources`), written in each CSV's provenance block. */
  source: string;
  /** The periods shown, in words (`periodRange`); "" when none apply. */
  period: string;
  /**
   * For tables that are records, not metric data (`NOT_METRIC_DATA`); absent: the analytics'
   * data version.
   */
  dataVersion?: string;
  charts: Chart[];
  tables: DownloadTable[];
}

export type DownloadFormat = "csv" | "svg" | "png";

const itemParams = z.object({ item: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,100}$/) });

/** The path of one download of a page (its query, e.g. a peer group or a list of codes, kept). */
export function downloadHref(
  pagePath: string,
  item: string,
  format: DownloadFormat,
  query = "",
): string {
  const base = pagePath === "/" ? "" : pagePath;
  return `${base}/downloads/${item}.${format}${query ? `?${query}` : ""}`;
}

/** A figure's links to its chart's three downloads (figureHtml's `csvHref`, `svgHref`, `pngHref`). */
export const chartDownloads = (pagePath: string, chartId: string, query = "") => ({
  csvHref: downloadHref(pagePath, chartId, "csv", query),
  svgHref: downloadHref(pagePath, chartId, "svg", query),
  pngHref: downloadHref(pagePath, chartId, "png", query),
});

/**
 * The publications the metrics come from, each once, and this service computing from them:
 * "NHS England: A&E Attendances and Emergency Admissions (monthly); computed by Improvement Hub".
 */
export function metricSources(metricIds: Iterable<string>): string {
  const named = new Set<string>();
  for (const id of metricIds) {
    const source = getMetric(id)?.source;
    if (source) named.add(`${source.publisher}: ${source.publication}`);
  }
  return [...named, "computed by Improvement Hub"].join("; ");
}

/** "April 2024 to March 2025", "July 2025", or "" for no periods. */
export function periodRange(periods: Iterable<string>, periodType: PeriodType): string {
  const sorted = [...new Set(periods)].filter(Boolean).sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return "";
  return first === last
    ? formatPeriod(first, periodType)
    : `${formatPeriod(first, periodType)} to ${formatPeriod(last, periodType)}`;
}

/**
 * Registers a page's download routes under `{pagePattern}/downloads/`: CSV, and SVG and PNG
 * unless the page draws no chart (`tablesOnly`).
 */
export function registerPageDownloads(
  app: FastifyInstance,
  ctx: Pick<AppContext, "analytics" | "now" | "cache">,
  pagePattern: string,
  load: (request: FastifyRequest) => Promise<PageDownloads>,
  options: {
    /**
     * Whom what the page shows is the same for, said by every page (no default, because a
     * download of a page that varies with its reader must never be shared):
     * - `"personal"`: the page is one reader's (private data, or a proposal or post only some may
     *   see): what it shows is loaded for each request, and its downloads are kept by nobody;
     * - `"public"`: the same for everyone: loaded once per data version, path and query, and
     *   shared by its CSV, SVG and PNG. It is kept in the cache's bucket for ad hoc results: the
     *   key is the request's query as sent, and no stream of distinct queries may evict the pages
     *   everyone shares.
     */
    audience: "public" | "personal";
    tablesOnly?: boolean;
  },
): void {
  const base = pagePattern === "/" ? "" : pagePattern;
  const route = (format: DownloadFormat) => `${base}/downloads/:item.${format}`;

  async function find(request: FastifyRequest) {
    const { item, ...pageParams } = param(itemParams.passthrough(), request.params, "download") as {
      item: string;
    } & Record<string, unknown>;
    const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
    const page =
      options.audience === "personal"
        ? await load(request)
        : await ctx.cache.get(
            `page-downloads:${pagePattern}:${JSON.stringify(pageParams)}${query}`,
            () => load(request),
            { adHoc: true },
          );
    return {
      item,
      page,
      chart: page.charts.find((c) => c.id === item),
      table: page.tables.find((t) => t.id === item),
    };
  }
  const attach = (reply: FastifyReply, name: string, type: string) => {
    if (options.audience === "personal") reply.header("Cache-Control", "private, no-store");
    return reply.header("Content-Disposition", `attachment; filename="${name}"`).type(type);
  };

  app.get(route("csv"), async (request, reply) => {
    const { item, page, chart, table } = await find(request);
    if (!chart && !table) throw new NotFoundError("This page has no such table or chart.");
    const provenance: CsvProvenance = {
      source: page.source,
      period: page.period,
      dataVersion: page.dataVersion ?? (await ctx.analytics.dataVersion()),
      generatedAt: ctx.now(),
    };
    const csv = table
      ? csvWithProvenance(table.head, table.rows, provenance)
      : provenanceLines(provenance) + chart!.csv;
    return attach(reply, `${page.stem}-${item}.csv`, "text/csv; charset=utf-8").send(csv);
  });

  if (options.tablesOnly) return;

  app.get(route("svg"), async (request, reply) => {
    const { item, page, chart } = await find(request);
    if (!chart) throw new NotFoundError("This page has no such chart.");
    return attach(reply, `${page.stem}-${item}.svg`, "image/svg+xml; charset=utf-8").send(
      svgDocument(chart.downloadSvg ?? chart.svg),
    );
  });

  app.get(route("png"), async (request, reply) => {
    const { item, page, chart } = await find(request);
    if (!chart) throw new NotFoundError("This page has no such chart.");
    return attach(reply, `${page.stem}-${item}.png`, "image/png").send(
      svgPng(svgDocument(chart.downloadSvg ?? chart.svg), PNG_WIDTH),
    );
  });
}
