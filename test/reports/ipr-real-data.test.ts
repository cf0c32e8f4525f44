/**
 * An integrated performance report of a real trust from the shared NHS data: 30 of its metrics
 * (those with an SPC chart first), saved as a report, written as a PDF drawn on the server and as an Excel
 * workbook. The PDF's text, read back by a PDF reader's extraction (pdfjs-dist), has every
 * metric's name, latest value and icon words; the workbook's values, means and process limits
 * equal the analytics' (the metric page's own call) to 1e-9, and its icon states are the Making
 * Data Count codes. Skips with a message where the shared data is absent.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/accounts/actor.js";
import { importPaths } from "../../src/ingest/import-paths.js";
import { seedReference } from "../../src/storage/reference.js";
import type { ReportSubject } from "../../src/reports/types.js";
import { composeServices } from "../../src/web/compose.js";
import type { Services } from "../../src/web/context.js";
import { reportFileOf, reportPageFor } from "../../src/web/pages/reports/report-file.js";
import type { ReportPage } from "../../src/web/pages/reports/report-model.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { pdfPages } from "../support/pdf-text.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";

const skip = sharedDataMissing();
const TRUST = "RJ1"; // Guy's and St Thomas'
const operator: Actor = { kind: "operator", label: "ipr-real-data test" };
const subject: ReportSubject = { kind: "organisation", orgCode: TRUST };

/** Text as extraction gives it, with line breaks (and breaks after a hyphen) undone. */
const flat = (s: string) => s.replace(/\s+/g, " ").replace(/- /g, "-");

describe.skipIf(skip !== null)("a real trust's 30-metric report as PDF and XLSX", () => {
  let t: TestDatabase;
  let services: Services;
  let page: ReportPage;
  let metricIds: string[];

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    const result = await importPaths(t, [sharedDataDir]);
    expect(result.imported.length).toBeGreaterThan(10);
    services = composeServices({ db: t.db, pool: t.pool });
    // Its metrics with an SPC chart first, then others with a latest value (their rows say why
    // they are not judged), 30 in all.
    const shown = (await services.analytics.organisationDashboard(TRUST)).metrics.filter(
      (m) => m.latest && m.metric.category === null,
    );
    metricIds = [...shown.filter((m) => m.trend.spc), ...shown.filter((m) => !m.trend.spc)]
      .slice(0, 30)
      .map((m) => m.metric.metricId);
    expect(metricIds).toHaveLength(30);
    const saved = await services.reports.saveDefinition(operator, subject, {
      title: "Integrated performance report",
      description: "Thirty metrics of the trust's dashboard with an SPC chart.",
      sections: [
        { title: "First fifteen", metricIds: metricIds.slice(0, 15) },
        { title: "Next fifteen", metricIds: metricIds.slice(15) },
      ],
    });
    page = await reportPageFor(services, operator, subject, saved.key, {
      generatedAt: new Date("2026-12-05T12:00:00Z"),
    });
  }, 600_000);
  afterAll(async () => t?.drop());

  it("the PDF's extracted text names each metric, its latest value and its icons' words", async () => {
    expect(page.rows).toHaveLength(30);
    const pdf = await reportFileOf(page, "pdf");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = flat((await pdfPages(pdf)).join(" "));
    expect(text).toContain(`Data version: ${page.dataVersion}`);
    for (const r of page.rows) {
      expect(text).toContain(flat(r.title));
      expect(text).toContain(r.value);
      if (r.variation) expect(text).toContain(flat(r.variation.words));
      if (r.assurance) expect(text).toContain(flat(r.assurance.words));
    }
  }, 120_000);

  it("the workbook's numbers are the analytics' and its icon states are codes", async () => {
    const xlsx = await reportFileOf(page, "xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.name).toBe("About");
    const rows = new Map<string, Record<string, unknown>>();
    for (const sheet of book.worksheets.slice(1)) {
      const head = sheet.getRow(1).values as unknown[];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const values = row.values as unknown[];
        const record: Record<string, unknown> = {};
        for (let i = 1; i < head.length; i++) record[String(head[i])] = values[i];
        rows.set(String(record["Metric id"]), record);
      });
    }
    expect([...rows.keys()].sort()).toEqual([...metricIds].sort());
    for (const metricId of metricIds) {
      const detail = await services.analytics.metricDetail(TRUST, metricId);
      const r = rows.get(metricId)!;
      const latest = detail.series.find((v) => v.period === detail.latestPeriod)?.value;
      expect(r.Latest, metricId).toBeCloseTo(latest!, 9);
      const s = detail.spc?.summary;
      if (!s) {
        expect(r["Variation code"], metricId).toBe("not_judged");
        continue;
      }
      expect(r.Mean, metricId).toBeCloseTo(s.lastMean!, 9);
      if (s.lastLpl !== null) expect(r["Lower process limit"], metricId).toBeCloseTo(s.lastLpl, 9);
      if (s.lastUpl !== null) expect(r["Upper process limit"], metricId).toBeCloseTo(s.lastUpl, 9);
      expect(r["Variation code"], metricId).toBe(s.variationIcon);
      expect(r["Assurance code"], metricId).toBe(
        s.assuranceIcon ?? (detail.target ? "not_judged" : "no_target"),
      );
    }
  }, 120_000);
});
