/**
 * The export writers on documents made here: the PDF continues a long table across pages under
 * its header, draws charts as vectors and keeps every word extractable; the workbook writes
 * numbers as numbers, never a formula, neutralises formula-leading text as the CSV writer does,
 * and names sheets as Excel allows; the PNG is a real PNG of the asked width.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { ExportDocument } from "../../../src/web/exports/document.js";
import { documentPdf, printableSvg, svgSize } from "../../../src/web/exports/pdf.js";
import { svgPng } from "../../../src/web/exports/png.js";
import { documentXlsx, sheetName } from "../../../src/web/exports/xlsx.js";
import { spcChart } from "../../../src/web/charts/index.js";
import { improvingResult } from "../charts/fixtures.js";
import { pdfPages } from "../../support/pdf-text.js";

const HOSTILE = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", " =1+1"];

function doc(rows: number): ExportDocument {
  const chart = spcChart(improvingResult(), {
    id: "t",
    title: "A&E 4-hour performance",
    format: { kind: "percent", decimals: 1 },
    periodType: "month",
    valueLabel: "4-hour",
  } as Parameters<typeof spcChart>[1]);
  return {
    title: "Test report",
    subtitle: "Example Trust",
    meta: [
      { label: "Source", value: "Synthetic" },
      { label: "Data version", value: "42" },
    ],
    blocks: [
      { kind: "heading", level: 2, text: "Numbers" },
      { kind: "paragraph", text: "Rows of numbers and hostile names." },
      {
        kind: "table",
        caption: "Organisations: values",
        head: ["Organisation", "Value", "Text number"],
        rows: Array.from({ length: rows }, (_, i) => [
          { text: HOSTILE[i % HOSTILE.length]! },
          { text: `${-i}.5`, value: -i - 0.5 },
          { text: "-5" },
        ]),
      },
      { kind: "pageBreak" },
      {
        kind: "figure",
        title: chart.title,
        takeaway: chart.takeaway,
        svg: chart.svg,
        legend: chart.legend,
      },
    ],
  };
}

describe("documentPdf", () => {
  it("continues a long table under its header and numbers the pages", async () => {
    const pages = await pdfPages(await documentPdf(doc(120)));
    expect(pages.length).toBeGreaterThan(3);
    const continued = pages.filter((p) => p.includes("Organisations: values (continued)"));
    expect(continued.length).toBeGreaterThan(1);
    for (const p of continued) expect(p).toMatch(/Organisation\s+Value\s+Text number/);
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
    const last = pages.at(-1)!;
    expect(last).toContain("A&E 4-hour performance");
    // The chart's own text (its axis labels) is real text in the PDF, not a picture.
    expect(last).toMatch(/20\d\d/);
  });

  it("reads an SVG's size from its viewBox, else its width and height", () => {
    expect(svgSize('<svg viewBox="0 0 640 320" width="100%">')).toEqual({
      width: 640,
      height: 320,
    });
    expect(svgSize('<svg width="28" height="14">')).toEqual({ width: 28, height: 14 });
  });
});

describe("documentXlsx", () => {
  it("writes numbers as numbers and hostile text as text, never a formula", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await documentXlsx(doc(14))) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(["About", "Organisations values"]);
    const about = book.getWorksheet("About")!;
    expect(about.getCell("A1").value).toBe("Test report");
    expect(about.getRow(4).values).toEqual([undefined, "Source", "Synthetic"]);
    const sheet = book.worksheets[1]!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    sheet.eachRow((row, n) => {
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
      if (n === 1) return;
      const i = n - 2;
      // (XML reads a carriage return back as a line feed.)
      expect(row.getCell(1).value).toBe(`'${HOSTILE[i % HOSTILE.length]!.replace("\r", "\n")}`);
      expect(row.getCell(2).value).toBe(-i - 0.5);
      // Text that is a plain number is left alone.
      expect(row.getCell(3).value).toBe("-5");
    });
  });

  it("names sheets as Excel allows: no forbidden characters, 31 at most, each once", () => {
    const taken = new Set<string>();
    expect(sheetName("A/B: C? [d]*", taken)).toBe("A B C d");
    const long = "Urgent and emergency care and acute flow";
    expect(sheetName(long, taken)).toBe("Urgent and emergency care and a");
    expect(sheetName(long, taken)).toBe("Urgent and emergency care a (2)");
    expect(sheetName("", taken)).toBe("Table");
  });
});

describe("svgPng", () => {
  it("draws a chart as a PNG of the asked width", () => {
    const chart = spcChart(improvingResult(), {
      id: "p",
      title: "T",
      format: { kind: "percent", decimals: 1 },
      periodType: "month",
      valueLabel: "v",
    } as Parameters<typeof spcChart>[1]);
    const png = svgPng(chart.svg, 1600);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(1600);
    expect(png.readUInt32BE(20)).toBeGreaterThan(200);
  });
});

describe("printableSvg", () => {
  it("drops what only a screen uses and keeps every mark drawn", () => {
    const chart = spcChart(improvingResult(), {
      id: "p",
      title: "Printable",
      format: { kind: "percent", decimals: 1 },
      periodType: "month",
      valueLabel: "4-hour",
    } as Parameters<typeof spcChart>[1]);
    const svg = chart.downloadSvg ?? chart.svg;
    const printable = printableSvg(svg);
    const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;
    expect(count(svg, /app-chart__hit/g)).toBeGreaterThan(0);
    expect(count(printable, /app-chart__hit/g)).toBe(0);
    expect(count(printable, /app-chart__point /g)).toBe(0);
    expect(count(printable, /<title|<desc/g)).toBe(0);
    // The markers, lines and words drawn are all still there, and every group is closed.
    for (const mark of [/app-chart__marker/g, /<path/g, /<line/g, /<text/g])
      expect(count(printable, mark)).toBe(count(svg, mark));
    expect(count(printable, /<g[\s>]/g)).toBe(count(printable, /<\/g>/g));
    expect(printable.length).toBeLessThan(svg.length * 0.7);
  });
});
