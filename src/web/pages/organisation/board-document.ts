/**
 * The board summary (./board-model.ts) as an export document (src/web/exports/document.ts), for
 * its PDF and XLSX downloads: the same rows, icons and words as the page, each section one table.
 * The icon states are data in the spreadsheet (a "Variation" and an "Assurance" column in words,
 * with the Making Data Count code beside them), so a board pack can filter and count them.
 */
import type { CoverageService } from "../../../metrics/data-coverage/service.js";
import type { Organisation } from "../../../metrics/organisations.js";
import type { AnalyticsService } from "../../../metrics/service.js";
import { csvWithProvenance } from "../../../metrics/csv.js";
import type { ExportCell, ExportDocument } from "../../exports/document.js";
import { documentPdf } from "../../exports/pdf.js";
import { documentXlsx } from "../../exports/xlsx.js";
import { withPeers } from "../../present.js";
import { boardPage } from "./board-model.js";
import { oversightStandings } from "./oversight-standings.js";

type BoardPage = ReturnType<typeof boardPage>;

export const BOARD_FORMATS = ["pdf", "xlsx", "csv"] as const;
export type BoardFormat = (typeof BOARD_FORMATS)[number];

export const BOARD_MEDIA_TYPES: Record<BoardFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

/**
 * An organisation's board summary as a file: the page's model (the same dashboard and published
 * standings), then its document in the format asked. The web's downloads and `improve report`
 * both call it.
 */
export async function boardSummaryFile(
  services: { analytics: AnalyticsService; coverage: CoverageService },
  organisation: Organisation,
  peers: string | undefined,
  format: BoardFormat,
  at: { generatedAt: Date },
): Promise<Buffer> {
  const code = organisation.orgCode;
  const dashboard = await withPeers(peers, () =>
    services.analytics.organisationDashboard(code, peers),
  );
  const standings = await oversightStandings(services, code, dashboard.metrics);
  const page = boardPage({ organisation, dashboard, peers, standings });
  if (format === "csv") return Buffer.from(boardCsv(page, at.generatedAt), "utf8");
  const doc = boardDocument(page, { ...at, codes: format === "xlsx" });
  return format === "pdf" ? documentPdf(doc) : documentXlsx(doc);
}

/**
 * The summary table as CSV under the provenance block (decision 0019), one row per metric with its
 * section: values as numbers, the icons' states as their Making Data Count codes and in words.
 */
function boardCsv(page: BoardPage, generatedAt: Date): string {
  return csvWithProvenance(
    [
      "org_code",
      "section",
      "metric_id",
      "metric",
      "latest_value",
      "unit",
      "period",
      "not_current",
      "variation",
      "variation_words",
      "assurance",
      "assurance_words",
      "target",
      "among_peers",
      "opportunity",
      "data_version",
    ],
    page.sections.flatMap((s) =>
      s.rows.map((r) => [
        page.org.orgCode,
        s.title,
        r.metricId,
        r.title,
        r.latestValue,
        r.unit,
        r.period,
        r.notCurrent,
        r.variationCode ?? "not_judged",
        r.variation?.words ?? `Not judged: ${r.notJudged ?? ""}`,
        r.assuranceCode ?? (r.target ? "not_judged" : "no_target"),
        r.assurance?.words ?? "",
        r.target,
        r.peers,
        r.opportunity,
        page.dataVersion,
      ]),
    ),
    {
      source: BOARD_SOURCE(page),
      period: page.periods,
      dataVersion: page.dataVersion,
      generatedAt,
    },
  );
}

/** Where the summary's numbers come from: paths, not a host (the file is kept for every reader). */
const BOARD_SOURCE = (page: BoardPage) =>
  `Public NHS data held by the Improvement Hub; each metric's publication is named on its page (under /org/${page.org.orgCode}) and every source on the hub's Data page (/data)`;

const text = (t: string | null | undefined): ExportCell => ({ text: t ?? "" });

/**
 * `codes`: add the icons' Making Data Count codes as columns of their own (the spreadsheet's
 * data; on paper the icon and its words say it).
 */
export function boardDocument(
  page: BoardPage,
  at: { generatedAt: Date; codes: boolean },
): ExportDocument {
  const { generatedAt, codes } = at;
  const head = [
    "Metric",
    "Latest",
    "Period",
    "Variation",
    ...(codes ? ["Variation code"] : []),
    "Assurance",
    ...(codes ? ["Assurance code"] : []),
    "Target",
    "Among peers",
    "Opportunity",
  ];
  return {
    title: `Board summary: ${page.org.name}`,
    subtitle: `${page.kindLabel} · ${page.org.orgCode}`,
    meta: [
      {
        label: "Source",
        // Paths, not a host: the file is kept for every reader, so no request's Host header may
        // go into it.
        value: BOARD_SOURCE(page),
      },
      { label: "Periods", value: page.periods },
      {
        label: "Peers",
        value: `${page.peersName} (${page.peersOpen} open organisations), among those reporting each metric`,
      },
      { label: "Data version", value: page.dataVersion },
      { label: "Generated", value: generatedAt.toISOString() },
    ],
    blocks: [
      {
        kind: "paragraph",
        text: `${page.metricCount} metrics, grouped by topic. Each row gives the latest value and its period, the Making Data Count icons for its variation over time and its assurance against a target, where it stands among its peers and the opportunity, if any. A dash under Variation: not judged, too few points for SPC (the metric's page says why).`,
      },
      ...page.sections.flatMap((section) => [
        {
          kind: "table" as const,
          caption: section.title,
          head,
          rows: section.rows.map((r): ExportCell[] => [
            text(r.title),
            { text: r.value, value: r.latestValue },
            text(r.period + (r.notCurrent ? " (not current)" : "")),
            r.variation
              ? { text: r.variation.words, iconSvg: r.variation.svg }
              : // On paper a dash, as on the page; the workbook says why.
                text(codes ? `Not judged: ${r.notJudged ?? ""}` : "– Not judged"),
            ...(codes ? [text(r.variationCode)] : []),
            r.assurance
              ? { text: r.assurance.words, iconSvg: r.assurance.svg }
              : text(r.target ? "Not judged" : "No target"),
            ...(codes ? [text(r.assuranceCode)] : []),
            text(r.target ?? "None"),
            text(r.peers ?? "–"),
            text(r.opportunity ?? "None"),
          ]),
        },
      ]),
    ],
  };
}
