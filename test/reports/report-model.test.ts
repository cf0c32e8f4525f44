/**
 * The report's model and files over hand-made sections (no database): the summary row's numbers
 * are the SPC's own, the icons' codes and words reach the CSV and the workbook, commentary is
 * shown as the reader may see it (carried-forward drafts labelled, none for a reader who may not
 * read it), the standalone HTML has no script or external asset, and the definition form reads
 * and refuses as it says.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { getMetric } from "../../src/metrics/catalogue/index.js";
import type {
  CommentaryView,
  ReportDefinition,
  ReportSectionData,
} from "../../src/reports/types.js";
import { analyseSpc } from "../../src/stats/spc/index.js";
import { documentXlsx } from "../../src/web/exports/xlsx.js";
import {
  definitionInput,
  formErrors,
  readDefinitionForm,
} from "../../src/web/pages/reports/definition-form.js";
import { reportCsv, reportDocument } from "../../src/web/pages/reports/report-document.js";
import { reportHtml } from "../../src/web/pages/reports/report-html.js";
import { reportBody, reportPage } from "../../src/web/pages/reports/report-model.js";

const fourHour = getMetric("ae_4hr_all")!;
const months = Array.from({ length: 24 }, (_, i) => {
  const d = new Date(Date.UTC(2024, i, 1));
  return d.toISOString().slice(0, 10);
});
// A step up in the last eight months: special cause improvement.
const values = months.map((_, i) => (i < 16 ? 70 + (i % 3) : 80 + (i % 2)));
const spc = analyseSpc(
  months.map((date, i) => ({ date, value: values[i]! })),
  { improvementDirection: "increase", target: 78 },
);
const subject = { kind: "organisation", orgCode: "ZZ001" } as const;
const info = { subject, name: "Test Trust (demo)", kindLabel: "NHS trust" };
const sections: ReportSectionData[] = [
  {
    title: "Urgent care",
    metrics: [
      {
        metric: fourHour,
        periodType: "month",
        latest: { period: months[23]!, value: values[23]! },
        target: { value: 78, label: "78% by March 2025" },
        spc,
        notJudged: null,
        seriesLabel: "Test Trust's own series",
      },
    ],
    missing: ["ae_dta_12hr_waits"],
  },
];
const definition: ReportDefinition = {
  key: "r1",
  subject,
  title: "Monthly board report",
  description: "For the trust board.",
  origin: "saved",
  sections: [{ title: "Urgent care", metricIds: ["ae_4hr_all", "ae_dta_12hr_waits"] }],
};
const carried: CommentaryView = {
  metricId: "ae_4hr_all",
  period: months[22]!,
  text: "Streaming at the front door began in May.\n\nWe expect the shift to hold.",
  version: 2,
  authorName: "Sam Analyst",
  savedAt: new Date("2026-11-20T10:00:00Z"),
  carriedFrom: months[22]!,
};
const at = new Date("2026-12-05T12:00:00Z");
const pageFor = (commentary: ReadonlyMap<string, CommentaryView> | null, canEdit = false) =>
  reportPage({
    info,
    definition,
    body: reportBody(info, sections),
    audience: { commentary, canEdit },
    dataVersion: "v-test",
    generatedAt: at,
  });

describe("the report's model", () => {
  it("gives each metric the SPC's own mean, limits and icons, and lists the missing", () => {
    const page = pageFor(null);
    const row = page.rows[0]!;
    expect(row.meanValue).toBe(spc.summary.lastMean);
    expect(row.lowerValue).toBe(spc.summary.lastLpl);
    expect(row.upperValue).toBe(spc.summary.lastUpl);
    expect(row.variationCode).toBe(spc.summary.variationIcon);
    expect(row.variationCode).toBe("improvement_high");
    expect(row.takeaway).toMatch(/^Special cause improvement since/);
    expect(page.missing.map((m) => m.metricId)).toEqual(["ae_dta_12hr_waits"]);
    expect(page.metrics[0]!.chart?.svg).toContain("<svg");
  });

  it("never says 'no target' beside a target in force that the SPC was judged without", () => {
    const untargeted = analyseSpc(
      months.map((date, i) => ({ date, value: values[i]! })),
      { improvementDirection: "increase" },
    );
    const group = [
      { ...sections[0]!, metrics: [{ ...sections[0]!.metrics[0]!, spc: untargeted }] },
    ];
    const row = reportBody(info, group).rows[0]!;
    expect(row.target).toBe("78.0%");
    expect(row.assurance).toBeNull();
    expect(row.takeaway).not.toMatch(/no target/);
    expect(row.takeaway).toMatch(/assurance against the 78\.0% target not judged for this series$/);
  });

  it("shows a carried-forward draft, labelled, only to readers of commentary", () => {
    const reader = pageFor(new Map([["ae_4hr_all", carried]]), true);
    const block = reader.metrics[0]!;
    expect(block.commentary?.draftLabel).toBe(
      "Draft carried forward from November 2025, not yet reviewed",
    );
    expect(block.commentary?.paragraphs).toHaveLength(2);
    expect(block.editHref).toBe("/org/ZZ001/reports/r1/commentary/ae_4hr_all");
    const other = pageFor(null);
    expect(other.metrics[0]!.commentary).toBeNull();
    expect(other.metrics[0]!.editHref).toBeNull();
    expect(reportHtml(other)).not.toContain("Streaming");
    expect(reportHtml(reader)).toContain("Streaming at the front door");
  });
});

describe("the report's files", () => {
  it("writes the CSV with the icon states as codes and words, numbers as numbers", () => {
    const all = reportCsv(pageFor(null)).trim().split("\r\n");
    // The provenance block (decision 0019) above the table.
    expect(all.slice(0, 4)).toEqual([
      "# Source: NHS England: A&E Attendances and Emergency Admissions (monthly); computed by Improvement Hub",
      "# Period: December 2025",
      "# Data version: v-test",
      "# Generated: 2026-12-05T12:00:00.000Z",
    ]);
    const lines = all.slice(4);
    expect(lines[0]).toBe(
      "section,metric_id,metric,period,value,unit,target,mean,lower_process_limit,upper_process_limit,variation,variation_words,assurance,assurance_words,takeaway,data_version",
    );
    expect(lines[1]).toContain(`Urgent care,ae_4hr_all,`);
    expect(lines[1]).toContain(
      `,${months[23]},${values[23]},percentage,78,${spc.summary.lastMean},`,
    );
    expect(lines[1]).toContain(",improvement_high,");
  });

  it("puts the icon codes and the SPC's numbers in the workbook", async () => {
    const xlsx = await documentXlsx(reportDocument(pageFor(null), { codes: true }));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = book.worksheets[1]!;
    const head = sheet.getRow(1).values as unknown[];
    const row = sheet.getRow(2).values as unknown[];
    const cell = (name: string) => row[head.indexOf(name)];
    expect(cell("Variation code")).toBe("improvement_high");
    expect(cell("Mean")).toBeCloseTo(spc.summary.lastMean!, 9);
    expect(cell("Upper process limit")).toBeCloseTo(spc.summary.lastUpl!, 9);
  });

  it("writes standalone HTML: no script, no external asset, a page break per metric", () => {
    const html = reportHtml(pageFor(null));
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('class="metric"');
    expect(html).toContain("break-before:page");
  });
});

describe("the definition form", () => {
  const body = {
    title: "Flow",
    description: "",
    "section-1": "Front door",
    "section-2": "Discharge",
    metric: ["ae_4hr_all", "ae_dta_12hr_waits", "ae_attendances_type1"],
    "section-of-ae_4hr_all": "2",
    "order-of-ae_4hr_all": "",
    "section-of-ae_dta_12hr_waits": "1",
    "order-of-ae_dta_12hr_waits": "2",
    "section-of-ae_attendances_type1": "",
    "order-of-ae_attendances_type1": "1",
  };

  it("places the chosen metrics in their numbered sections, in order", () => {
    const { input, slots } = definitionInput(readDefinitionForm(body));
    expect(slots).toEqual([1, 2]);
    expect(input.sections).toEqual([
      { title: "Front door", metricIds: ["ae_attendances_type1", "ae_dta_12hr_waits"] },
      { title: "Discharge", metricIds: ["ae_4hr_all"] },
    ]);
  });

  it("refuses a section out of range, naming the metric's field", () => {
    const bad = { ...body, "section-of-ae_4hr_all": "9" };
    expect(() => definitionInput(readDefinitionForm(bad))).toThrow(InputError);
    try {
      definitionInput(readDefinitionForm(bad));
    } catch (error) {
      expect(formErrors(error, null)).toEqual({
        "metric-ae_4hr_all": "Enter a section number from 1 to 6 for ae_4hr_all",
      });
    }
  });

  it("puts the service's problems beside the section and metric they name", () => {
    const built = definitionInput(readDefinitionForm({ ...body, "section-2": "" }));
    const error = new InputError("not valid", [
      { column: "sections[1].title", value: "", reason: "sections[1].title must not be empty" },
      {
        column: "sections[0].metricIds[1]",
        value: "ae_dta_12hr_waits",
        reason: 'sections[0].metricIds[1] "ae_dta_12hr_waits" is not a catalogue metric',
      },
    ]);
    expect(formErrors(error, built)).toEqual({
      "section-2": "Section 2 title must not be empty",
      "metric-ae_dta_12hr_waits": "Metric ae_dta_12hr_waits is not a catalogue metric",
    });
  });
});
