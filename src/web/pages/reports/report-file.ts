/**
 * "Subject and report key → file": the one path from the report service to a report's page model
 * and its files (PDF, XLSX, CSV, standalone HTML), used by the routes (./reports.ts) and by
 * `improve report` (src/cli/commands/report.ts), so the site and the command line write the same
 * file.
 */
import { createHash } from "node:crypto";
import type { Actor } from "../../../accounts/actor.js";
import type { AnalyticsService } from "../../../metrics/service.js";
import type { ReportService } from "../../../reports/service.js";
import type { ReportDefinition, ReportSubject, SubjectInfo } from "../../../reports/types.js";
import { documentPdf } from "../../exports/pdf.js";
import { documentXlsx } from "../../exports/xlsx.js";
import { reportCsv, reportDocument } from "./report-document.js";
import { reportHtml } from "./report-html.js";
import { reportBody, reportPage, type ReportBody, type ReportPage } from "./report-model.js";

export const REPORT_FORMATS = ["pdf", "xlsx", "csv", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_MEDIA_TYPES: Record<ReportFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  html: "text/html; charset=utf-8",
};

/** What a report needs: the report service and the data version it was drawn from. */
export interface ReportServices {
  reports: Pick<
    ReportService,
    "describe" | "definition" | "sections" | "commentary" | "canEdit" | "canReadCommentary"
  >;
  analytics: Pick<AnalyticsService, "dataVersion">;
}

/**
 * Builds (or, with `keep`, takes from a cache) the reader-independent part of a report: rows and
 * charts. `keep` is given the build and a key naming the definition (and when a
 * saved one was last saved) and nothing about the reader; the caller keys it by subject too.
 */
export type KeepBody = (key: string, build: () => Promise<ReportBody>) => Promise<ReportBody>;

const definitionStamp = (d: ReportDefinition) => `${d.key}@${d.savedAt?.getTime() ?? "ready-made"}`;

/**
 * A report's page model for one reader: the service checks that the reader may see the subject
 * and the definition (NotFoundError, ForbiddenError…), then the body (kept, when `keep` is given)
 * and the commentary this reader may read.
 */
export async function reportPageFor(
  services: ReportServices,
  actor: Actor,
  subject: ReportSubject,
  key: string,
  options: { generatedAt: Date; keep?: KeepBody },
): Promise<ReportPage> {
  const info: SubjectInfo = await services.reports.describe(actor, subject);
  const definition = await services.reports.definition(actor, subject, key);
  const dataVersion = await services.analytics.dataVersion();
  const build = async () =>
    reportBody(info, await services.reports.sections(actor, subject, definition));
  const body = options.keep
    ? await options.keep(definitionStamp(definition), build)
    : await build();
  const [mayRead, canEdit] = await Promise.all([
    services.reports.canReadCommentary(actor, subject),
    services.reports.canEdit(actor, subject),
  ]);
  const wanted = body.rows.flatMap((r) =>
    r.periodStart ? [{ metricId: r.metricId, period: r.periodStart }] : [],
  );
  const commentary = mayRead ? await services.reports.commentary(actor, subject, wanted) : null;
  return reportPage({
    info,
    definition,
    body,
    audience: { commentary, canEdit },
    dataVersion,
    generatedAt: options.generatedAt,
  });
}

/** A page model as a file in the format asked. */
export async function reportFileOf(page: ReportPage, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case "csv":
      return Buffer.from(reportCsv(page), "utf8");
    case "html":
      return Buffer.from(reportHtml(page), "utf8");
    case "pdf":
      return documentPdf(reportDocument(page, { codes: false }));
    case "xlsx":
      return documentXlsx(reportDocument(page, { codes: true }));
  }
}

/** A subject's report as a file, for `actor`: what the downloads and `improve report` write. */
export async function reportFile(
  services: ReportServices,
  actor: Actor,
  subject: ReportSubject,
  key: string,
  format: ReportFormat,
  at: { generatedAt: Date },
): Promise<Buffer> {
  return reportFileOf(await reportPageFor(services, actor, subject, key, at), format);
}

/**
 * What in a file depends on its reader: the commentary shown (each metric's version and the
 * period it is for), or "none" for a reader who may not read it. Files with the same digest are
 * the same bytes, so a file is kept per digest and never reaches a reader who may not see it.
 */
export function commentaryDigest(page: ReportPage): string {
  if (!page.showsCommentary) return "none";
  const hash = createHash("sha256");
  for (const m of page.metrics)
    hash.update(
      `${m.row.metricId}|${m.commentary ? `${m.commentary.byline}|${m.commentary.draftLabel ?? ""}|${m.commentary.paragraphs.join("\n")}` : "-"}\n`,
    );
  return hash.digest("base64url").slice(0, 22);
}
