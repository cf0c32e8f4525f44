/**
 * The board summary of a real trust, from the shared NHS data, as a PDF drawn on the server and as
 * an Excel workbook: the PDF's text, read back by a PDF reader's extraction (pdfjs-dist), names
 * every metric with its latest value and icon words; the workbook holds the values as numbers
 * equal to the analytics', and the icon states as data. Skips where the shared data is absent.
 */
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPaths } from "../../../src/ingest/import-paths.js";
import type { OrganisationDashboard } from "../../../src/metrics/service.js";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import { createAnalyticsStore } from "../../../src/storage/analytics-store.js";
import { seedReference } from "../../../src/storage/reference.js";
import { documentPdf } from "../../../src/web/exports/pdf.js";
import { documentXlsx } from "../../../src/web/exports/xlsx.js";
import { boardDocument } from "../../../src/web/pages/organisation/board-document.js";
import { boardPage } from "../../../src/web/pages/organisation/board-model.js";
import { testDatabase, type TestDatabase } from "../../support/db.js";
import { pdfPages } from "../../support/pdf-text.js";
import { sharedDataDir, sharedDataMissing } from "../../support/requirements.js";

const skip = sharedDataMissing();
const TRUST = "RJ1"; // Guy's and St Thomas'

/** Text as extraction gives it, with line breaks (and breaks after a hyphen) undone. */
const flat = (s: string) => s.replace(/\s+/g, " ").replace(/- /g, "-");

describe.skipIf(skip !== null)("a real trust's board summary as PDF and XLSX", () => {
  let t: TestDatabase;
  let dashboard: OrganisationDashboard;
  let page: ReturnType<typeof boardPage>;
  const at = { generatedAt: new Date("2026-12-05T12:00:00Z") };

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    const derived = path.join(sharedDataDir, "derived");
    const result = await importPaths(t, [
      path.join(derived, "trusts_reference.csv"),
      path.join(derived, "ae_trust_monthly_2021_2025_clean.csv"),
    ]);
    expect(result.failed).toEqual([]);
    const analytics = createAnalyticsService(createAnalyticsStore(t));
    dashboard = await analytics.organisationDashboard(TRUST);
    page = boardPage({ organisation: dashboard.organisation, dashboard, peers: undefined });
  }, 300_000);
  afterAll(async () => t?.drop());

  it("the PDF's extracted text names each metric, its value and its icons' words", async () => {
    const rows = page.sections.flatMap((s) => s.rows);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.some((r) => r.variation)).toBe(true);
    const pdf = await documentPdf(boardDocument(page, { ...at, codes: false }));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = await pdfPages(pdf);
    const text = flat(pages.join(" "));
    expect(text).toContain(flat(`Board summary: ${dashboard.organisation.name}`));
    expect(text).toContain(`Data version: ${dashboard.dataVersion}`);
    for (const r of rows) {
      expect(text).toContain(flat(r.title));
      expect(text).toContain(r.value);
      if (r.variation) expect(text).toContain(flat(r.variation.words));
      if (r.assurance) expect(text).toContain(flat(r.assurance.words));
    }
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} of ${pages.length}`));
  }, 60_000);

  it("the workbook's values are the analytics' numbers and its icon states are data", async () => {
    const xlsx = await documentXlsx(boardDocument(page, { ...at, codes: true }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.name).toBe("About");
    const m = dashboard.metrics.find((x) => x.metric.metricId === "ae_4hr_all")!;
    expect(m.trend.spc).not.toBeNull();
    const found = book.worksheets
      .slice(1)
      .flatMap((sheet) => sheet.getSheetValues().slice(2))
      .map((r) => (Array.isArray(r) ? r : []))
      .find((r) => r[1] === m.metric.title);
    expect(found).toBeDefined();
    // ExcelJS rows are 1-based: Metric, Latest, Period, Variation, Variation code, Assurance, …
    expect(typeof found![2]).toBe("number");
    expect(Math.abs((found![2] as number) - m.latest!.value!)).toBeLessThan(1e-9);
    expect(found![5]).toBe(m.trend.spc!.variationIcon);
    expect(found![7]).toBe(m.trend.spc!.assuranceIcon ?? undefined);
  }, 60_000);
});
