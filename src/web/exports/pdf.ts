/**
 * An export document (./document.ts) as a PDF, drawn on the server without a browser: pdfkit lays
 * out the text, svg-to-pdfkit draws the same SVG charts and icons the pages show, as vectors.
 * A4 portrait; the text is real text in an embedded font (./fonts.ts), so it can be selected,
 * searched and read out by a PDF reader's text extraction.
 *
 * Layout, in NHS.UK's type scale reduced for paper: a title page block (title, subtitle, the
 * provenance lines), headings, paragraphs, tables that continue across pages with their header
 * row repeated, figures (title, takeaway, the chart scaled to the text width, its key), and
 * "Page n of N" in every footer.
 *
 * @example await documentPdf({ title: "Board report", subtitle: "", meta: [], blocks: [] })
 */
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import type { ExportBlock, ExportCell, ExportDocument } from "./document.js";
import { FONT_FILES } from "./fonts.js";

const MARGIN = 50;
const FOOTER = 30;
/** NHS.UK colours: text, secondary text, borders, the blue. */
const COLOUR = { text: "#212b32", secondary: "#4c6272", border: "#d8dde0", blue: "#005eb8" };
const SIZE = { title: 22, subtitle: 13, h1: 17, h2: 14, h3: 12, body: 10.5, small: 8.5 };
const ICON = 16;
const CELL_PAD = 4;

type Doc = PDFKit.PDFDocument;

export async function documentPdf(doc: ExportDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN + FOOTER, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: doc.title, Subject: doc.subtitle, Creator: "Improvement Hub" },
    lang: "en-GB",
    displayTitle: true,
  });
  pdf.registerFont("regular", FONT_FILES.regular);
  pdf.registerFont("bold", FONT_FILES.bold);
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  pdf.fillColor(COLOUR.text);
  pdf.font("bold").fontSize(SIZE.title).text(doc.title);
  if (doc.subtitle) pdf.font("regular").fontSize(SIZE.subtitle).text(doc.subtitle);
  pdf.moveDown(0.5);
  for (const m of doc.meta)
    pdf
      .fontSize(SIZE.small)
      .fillColor(COLOUR.secondary)
      .font("bold")
      .text(`${m.label}: `, { continued: true })
      .font("regular")
      .text(m.value);
  pdf.fillColor(COLOUR.text).moveDown(1);

  for (const block of doc.blocks) drawBlock(pdf, block);
  numberPages(pdf);
  pdf.end();
  return done;
}

const width = (pdf: Doc) => pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
const bottom = (pdf: Doc) => pdf.page.height - pdf.page.margins.bottom;

/** A new page unless `height` points still fit on this one. */
function ensure(pdf: Doc, height: number): void {
  if (pdf.y + height > bottom(pdf)) pdf.addPage();
}

function drawBlock(pdf: Doc, block: ExportBlock): void {
  switch (block.kind) {
    case "heading": {
      const size = block.level === 1 ? SIZE.h1 : block.level === 2 ? SIZE.h2 : SIZE.h3;
      // Keep a heading with at least three lines of what follows it.
      ensure(pdf, size * 1.4 + SIZE.body * 4);
      pdf.moveDown(block.level === 1 ? 0.6 : 0.4);
      pdf.font("bold").fontSize(size).fillColor(COLOUR.text).text(block.text, MARGIN);
      pdf.moveDown(0.3);
      return;
    }
    case "paragraph":
      pdf.font("regular").fontSize(SIZE.body).fillColor(COLOUR.text).text(block.text, MARGIN);
      pdf.moveDown(0.5);
      return;
    case "table":
      drawTable(pdf, block.caption, block.head, block.rows);
      return;
    case "figure":
      drawFigure(pdf, block);
      return;
    case "pageBreak":
      pdf.addPage();
      return;
  }
}

/**
 * Column widths: each at least its longest word (no word is broken across lines), the rest of the
 * text width shared in proportion to how much more each column's longest cell wants.
 */
function columnWidths(pdf: Doc, head: readonly string[], rows: readonly (readonly ExportCell[])[]) {
  const sample = rows.slice(0, 300);
  const measure = (font: "regular" | "bold", texts: string[], extra: number) => {
    pdf.font(font).fontSize(SIZE.small);
    let word = 0;
    let whole = 0;
    for (const t of texts) {
      whole = Math.max(whole, Math.min(pdf.widthOfString(t), 170));
      for (const w of t.split(/\s+/)) word = Math.max(word, pdf.widthOfString(w));
    }
    return { word: word + extra, whole: whole + extra };
  };
  const columns = head.map((h, i) => {
    const icon = sample.some((r) => r[i]?.iconSvg) ? ICON + 3 : 0;
    const header = measure("bold", [h], 0);
    const cells = measure(
      "regular",
      sample.map((r) => r[i]?.text ?? ""),
      icon,
    );
    return {
      min: Math.max(header.word, cells.word) + 2 * CELL_PAD,
      want: Math.max(header.whole, cells.whole) + 2 * CELL_PAD,
    };
  });
  const total = width(pdf);
  const minSum = columns.reduce((a, c) => a + c.min, 0);
  if (minSum >= total) return columns.map((c) => (c.min * total) / minSum);
  const extra = columns.map((c) => Math.max(c.want - c.min, 0));
  const extraSum = extra.reduce((a, b) => a + b, 0);
  const spare = total - minSum;
  return columns.map((c, i) =>
    extraSum > 0
      ? c.min +
        ((extra[i] ?? 0) * Math.min(spare, extraSum)) / extraSum +
        (extraSum < spare ? (spare - extraSum) / columns.length : 0)
      : c.min + spare / columns.length,
  );
}

function rowHeight(pdf: Doc, cells: readonly ExportCell[], widths: number[], bold: boolean) {
  pdf.font(bold ? "bold" : "regular").fontSize(SIZE.small);
  let h = 0;
  cells.forEach((cell, i) => {
    const w = (widths[i] ?? 0) - 2 * CELL_PAD - (cell.iconSvg ? ICON + 3 : 0);
    h = Math.max(h, pdf.heightOfString(cell.text || " ", { width: Math.max(w, 10) }));
    if (cell.iconSvg) h = Math.max(h, ICON);
  });
  return h + 2 * CELL_PAD;
}

function drawRow(pdf: Doc, cells: readonly ExportCell[], widths: number[], header: boolean) {
  const h = rowHeight(pdf, cells, widths, header);
  const y = pdf.y;
  if (header) pdf.rect(MARGIN, y, width(pdf), h).fill(COLOUR.blue);
  let x = MARGIN;
  cells.forEach((cell, i) => {
    const w = widths[i] ?? 0;
    let textX = x + CELL_PAD;
    if (cell.iconSvg) {
      SVGtoPDF(pdf, sizedByBox(cell.iconSvg), textX, y + CELL_PAD, {
        width: ICON,
        height: ICON,
        fontCallback: fontFor,
      });
      textX += ICON + 3;
    }
    pdf
      .font(header ? "bold" : "regular")
      .fontSize(SIZE.small)
      .fillColor(header ? "#ffffff" : COLOUR.text)
      .text(cell.text, textX, y + CELL_PAD, { width: Math.max(x + w - CELL_PAD - textX, 10) });
    x += w;
  });
  pdf
    .moveTo(MARGIN, y + h)
    .lineTo(MARGIN + width(pdf), y + h)
    .lineWidth(0.5)
    .strokeColor(COLOUR.border)
    .stroke();
  pdf.x = MARGIN;
  pdf.y = y + h;
  pdf.fillColor(COLOUR.text);
}

/** A table with its caption; a row that does not fit starts a new page under a repeated header. */
function drawTable(
  pdf: Doc,
  caption: string,
  head: readonly string[],
  rows: readonly (readonly ExportCell[])[],
): void {
  const widths = columnWidths(pdf, head, rows);
  const headCells = head.map((text) => ({ text }));
  const headHeight = rowHeight(pdf, headCells, widths, true);
  ensure(pdf, SIZE.h3 * 1.5 + headHeight + rowHeight(pdf, rows[0] ?? [], widths, false));
  pdf.font("bold").fontSize(SIZE.h3).fillColor(COLOUR.text).text(caption, MARGIN);
  pdf.moveDown(0.3);
  drawRow(pdf, headCells, widths, true);
  for (const row of rows) {
    if (pdf.y + rowHeight(pdf, row, widths, false) > bottom(pdf)) {
      pdf.addPage();
      pdf.font("regular").fontSize(SIZE.small).fillColor(COLOUR.secondary);
      pdf.text(`${caption} (continued)`, MARGIN);
      pdf.fillColor(COLOUR.text).moveDown(0.2);
      drawRow(pdf, headCells, widths, true);
    }
    drawRow(pdf, row, widths, false);
  }
  pdf.moveDown(0.8);
}

/** The SVG's own size, from its width and height or its viewBox, for the aspect ratio. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const attr = (name: string) => new RegExp(`\\s${name}="([\\d.]+)`).exec(root)?.[1];
  const viewBox = /viewBox="[\d.-]+[ ,]+[\d.-]+[ ,]+([\d.]+)[ ,]+([\d.]+)"/.exec(root);
  const w = Number(viewBox?.[1] ?? attr("width") ?? 600);
  const h = Number(viewBox?.[2] ?? attr("height") ?? 300);
  return { width: w > 0 ? w : 600, height: h > 0 ? h : 300 };
}

function drawFigure(pdf: Doc, figure: Extract<ExportBlock, { kind: "figure" }>): void {
  const size = svgSize(figure.svg);
  const w = width(pdf);
  const h = (size.height / size.width) * w;
  pdf.font("bold").fontSize(SIZE.h3);
  const titleHeight = pdf.heightOfString(figure.title, { width: w });
  pdf.font("regular").fontSize(SIZE.body);
  const takeawayHeight = pdf.heightOfString(figure.takeaway, { width: w });
  ensure(pdf, titleHeight + takeawayHeight + h + 20);
  pdf.font("bold").fontSize(SIZE.h3).text(figure.title, MARGIN);
  pdf.font("regular").fontSize(SIZE.body).text(figure.takeaway, MARGIN);
  pdf.moveDown(0.3);
  const y = pdf.y;
  SVGtoPDF(pdf, sizedByBox(printableSvg(figure.svg)), MARGIN, y, {
    width: w,
    height: h,
    preserveAspectRatio: "xMinYMin meet",
    fontCallback: fontFor,
  });
  pdf.x = MARGIN;
  pdf.y = y + h + 4;
  if (figure.legend?.length) drawLegend(pdf, figure.legend);
  pdf.moveDown(0.8);
}

/** The chart's key, as the page's legend: swatches and words, wrapping across the width. */
function drawLegend(pdf: Doc, legend: readonly { label: string; swatch: string }[]): void {
  pdf.font("regular").fontSize(SIZE.small).fillColor(COLOUR.secondary);
  let x = MARGIN;
  let y = pdf.y;
  const line = SIZE.small * 1.8;
  for (const item of legend) {
    const itemWidth = 18 + pdf.widthOfString(item.label) + 12;
    if (x + itemWidth > MARGIN + width(pdf)) {
      x = MARGIN;
      y += line;
    }
    const sw = svgSize(item.swatch);
    SVGtoPDF(pdf, sizedByBox(item.swatch), x, y, {
      width: 14,
      height: Math.min(10, (sw.height / sw.width) * 14),
      fontCallback: fontFor,
    });
    pdf.text(item.label, x + 18, y, { lineBreak: false });
    x += itemWidth;
  }
  pdf.x = MARGIN;
  pdf.y = y + line;
  pdf.fillColor(COLOUR.text);
}

/**
 * The SVG without its root's own width and height, so that the box svg-to-pdfkit is given sets
 * its size (the viewBox keeps its proportions); an SVG with no viewBox is left as it is.
 */
function sizedByBox(svg: string): string {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root || !/viewBox=/.test(root)) return svg;
  return svg.replace(root, root.replace(/\s(width|height)="[^"]*"/g, ""));
}

/**
 * The chart without what only a screen uses: the transparent hit areas that widen a point or a
 * bar for the pointer, each point's group with its data attributes (for the hover label), and
 * the title and description (the PDF prints them as text). What is drawn is unchanged, and
 * svg-to-pdfkit parses half as many elements (an SPC chart of 88 points: 36 kB to 15 kB).
 */
export function printableSvg(svg: string): string {
  return svg
    .replace(/<(?:circle|rect) class="app-chart__hit"[^>]*\/>/g, "")
    .replace(/<g class="app-chart__point [^>]*>((?:(?!<\/?g[\s>]).)*)<\/g>/g, "$1")
    .replace(/<title[^>]*>.*?<\/title>|<desc[^>]*>.*?<\/desc>/g, "");
}

/** Every font an SVG names (the site's "Frutiger W01, Arial, sans-serif") is the embedded one. */
const fontFor = (_family: string, bold: boolean) => (bold ? "bold" : "regular");

/** "Page n of N" in each footer, once every page exists. */
function numberPages(pdf: Doc): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Writing inside the bottom margin would add a page: lift the margin while the footer is drawn.
    const margin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf
      .font("regular")
      .fontSize(SIZE.small)
      .fillColor(COLOUR.secondary)
      .text(`Page ${i + 1} of ${range.count}`, MARGIN, pdf.page.height - MARGIN, {
        width: width(pdf),
        align: "right",
        lineBreak: false,
      });
    pdf.page.margins.bottom = margin;
  }
}
