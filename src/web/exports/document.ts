/**
 * A document to export, neutral of its format: the board report (and any page's tables and
 * charts) is described once as blocks, then written as PDF (./pdf.ts) or XLSX (./xlsx.ts).
 * Text is plain (never HTML); charts are the same server SVG the pages draw.
 */

/** One table cell: text or a number, with an optional icon drawn before it (e.g. an MDC icon). */
export interface ExportCell {
  text: string;
  /** The value as data where it is a number (XLSX writes it as a number, not text). */
  value?: number | null;
  /** An SVG icon (Making Data Count variation or assurance) drawn beside the text. */
  iconSvg?: string;
}

export type ExportBlock =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; text: string }
  | {
      kind: "table";
      /** Names the table in words; XLSX uses it (shortened) as the sheet name. */
      caption: string;
      head: readonly string[];
      rows: readonly (readonly ExportCell[])[];
    }
  | {
      kind: "figure";
      title: string;
      takeaway: string;
      /** The chart as a file of its own (`Chart.downloadSvg ?? Chart.svg`). */
      svg: string;
      /** The chart's key: each line or marker's swatch (a small SVG) and its words. */
      legend?: readonly { label: string; swatch: string }[];
    }
  | { kind: "pageBreak" };

export interface ExportDocument {
  title: string;
  /** e.g. "Royal Devon University Healthcare NHS Foundation Trust · data to October 2026". */
  subtitle: string;
  /** Provenance printed on the first page and in file metadata: source, period, data version, generated. */
  meta: readonly { label: string; value: string }[];
  blocks: readonly ExportBlock[];
}
