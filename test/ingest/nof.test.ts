/**
 * The NHS Oversight Framework acute-trust file (nof): the table of every Reporting_date spelling
 * the 2025/26 file uses, the rows whose period comes from the trust's segmentation, the count
 * NHS England gives some trusts instead of a rate, the catalogue's improvement directions against
 * NHS England's ranks, and bad input named by file, line, column and value.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { readNofPeriod, SPELLINGS_SEEN } from "../../src/ingest/sources/nof/period.js";
import { catalogue, getMetric } from "../../src/metrics/catalogue/index.js";
import { formatMetricValue } from "../../src/metrics/format.js";
import { seedReference } from "../../src/storage/reference.js";
import { publishedLimits } from "../../src/storage/published-limits.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const HEADER =
  "Region,Trust_type,Trust_subtype,Trust_code,Trust_name,Domain,Sub-domain,Metric_ID,Metric_description,Reporting_date,Units,Value,Median_value,Lower_quartile,Upper_quartile,Rank";

/** One row: trust, domain, metric, date, units, value, median, lower, upper, rank. */
function row(
  code: string,
  domain: string,
  metric: string,
  date: string,
  units: string,
  value: string,
  distribution = ",,",
  rank = "",
  trustType = "Acute trust",
): string {
  return `North West,${trustType},Acute - Teaching,${code},Northvale Hospitals NHS Trust,${domain},${domain},${metric},Description,${date},${units},${value},${distribution},${rank}`;
}
const SEGMENT = (code: string) => row(code, "Summary", "OF5000", "Q1 2025/26", "segment", "2.0");

describe("Oversight Framework Reporting_date table", () => {
  it("reads each of the 15 spellings of the 2025/26 acute file on purpose", () => {
    const read = Object.fromEntries(SPELLINGS_SEEN.map((s) => [s, readNofPeriod(s)]));
    const p = (periodType: string, periodStart: string) => ({
      kind: "period",
      periodType,
      periodStart,
    });
    expect(read).toEqual({
      "Q1 2025/26": p("quarter", "2025-04-01"),
      "Jun-25": p("month", "2025-06-01"),
      "Jul 24 - Jun 25": p("twelve_months", "2024-07-01"),
      "2024": p("financial_year", "2024-04-01"),
      "2025/26": p("financial_year", "2025-04-01"),
      "Month 3 2025": p("quarter", "2025-04-01"),
      "Q4 2024-25": p("quarter", "2025-01-01"),
      "To M12 2024/25 vs 2023/24": p("financial_year", "2024-04-01"),
      "": { kind: "segmentation" },
      // The financial quarter, April–June 2025 (checked against the A&E files: shared-data.test.ts).
      "Q1 2025": p("quarter", "2025-04-01"),
      "2023": p("financial_year", "2023-04-01"),
      "Apr 24 - Mar 25": p("twelve_months", "2024-04-01"),
      "Jun 24 - Jun 25 vs Jun 23 - Jun 24": p("twelve_months", "2024-07-01"),
      "Latest published if awarded post August 2023": { kind: "segmentation" },
      "Year to date 25/26": { kind: "year_to_date", yearStart: 2025 },
    });
    expect(SPELLINGS_SEEN).toHaveLength(15);
  });

  it("refuses what it cannot place rather than guessing", () => {
    expect(readNofPeriod("Month 6 2025")).toEqual({
      kind: "refused",
      reason: { monthToDate: 6 },
    });
    expect(readNofPeriod("Jan 25 - Jun 25")).toEqual({ kind: "refused", reason: { months: 6 } });
    expect(readNofPeriod("Q1 2025/27")).toBeUndefined();
    expect(readNofPeriod("Summer 2025")).toBeUndefined();
    expect(readNofPeriod("Jux-25")).toBeUndefined();
  });
});

describe("Oversight Framework catalogue", () => {
  const nof = catalogue.filter((m) => m.topic === "oversight");

  it("has one metric per Metric_ID of the file (69) and two for the counts given instead of rates", () => {
    expect(nof).toHaveLength(71);
    expect(nof.filter((m) => m.id.endsWith("_count")).map((m) => m.id)).toEqual([
      "nof_of0048_count",
      "nof_of0088_count",
    ]);
  });

  it("marks every score, segment and flag as a category, best at 1 (flags neutral), and nothing else", () => {
    for (const m of nof) {
      const code = m.id.slice(4, 10);
      const isCategory = !code.startsWith("of0");
      expect(m.category !== undefined, m.id).toBe(isCategory);
      if (m.category) {
        expect(m.aggregation).toBe("not_aggregable");
        if (m.category.kind !== "flag") expect(m.improvementDirection).toBe("lower_is_better");
        else expect(m.improvementDirection).toBe("neutral");
      } else expect(m.noInterval, m.id).toBeDefined();
    }
  });

  it("says a category's value in words, never as a measurement", () => {
    expect(formatMetricValue(getMetric("nof_of5000")!, 2)).toBe("Segment 2 of 4");
    expect(formatMetricValue(getMetric("nof_of5005")!, 5)).toBe("Segment 5 of 5");
    expect(formatMetricValue(getMetric("nof_of1003")!, 3.64)).toBe("Score 3.64 (1 best, 4 worst)");
    expect(formatMetricValue(getMetric("nof_of5007")!, 1)).toBe("Yes");
    expect(formatMetricValue(getMetric("nof_of0041")!, 7.98)).toBe("7.98 percentage points");
  });
});

describe("Oversight Framework acute-trust file", () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-nof-"));
  });
  afterAll(async () => {
    await t.drop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  let n = 0;
  const write = async (lines: string[]) => {
    const file = path.join(dir, `nof-${++n}.csv`);
    await fs.writeFile(file, [HEADER, ...lines].join("\n") + "\n");
    return file;
  };
  const problemsOf = async (lines: string[]) => {
    const error = await importFile(t, await write(lines)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems.map((p) => ({
      line: p.line,
      column: p.column,
      value: p.value,
      reason: p.reason,
    }));
  };

  it("keeps the value with NHS England's median, quartiles, rank of the ranked trusts and its score", async () => {
    await importFile(
      t,
      await write([
        row("ZG201", "Access", "OF0003", "Jun-25", "percent", "4.01", "2.4,1.33,3.32", "2.0"),
        row("ZG202", "Access", "OF0003", "Jun-25", "percent", "0.5", "2.4,1.33,3.32", "1.0"),
        row("ZG201", "Access", "OF1003", "Jun-25", "score", "3.64"),
      ]),
    );
    const [j] = await publishedLimits(t.db, {
      orgCode: "ZG201",
      metricId: "nof_of0003",
      periodType: "month",
    });
    expect(j).toMatchObject({
      periodStart: "2025-06-01",
      source: "nof",
      banding: null,
      standing: {
        median: 2.4,
        lowerQuartile: 1.33,
        upperQuartile: 3.32,
        rank: 2,
        rankOf: 2,
        score: { metricId: "nof_of1003", value: 3.64 },
      },
    });
  });

  it("gives blank-dated summary rows and the CQC rating the trust's segmentation quarter, and reports them without one", async () => {
    await importFile(
      t,
      await write([
        SEGMENT("ZG203"),
        row("ZG203", "Summary", "OF5005", "", "segment", "5.0"),
        row(
          "ZG203",
          "Patient safety",
          "OF1067",
          "Latest published if awarded post August 2023",
          "score",
          "3.0",
        ),
        row(
          "ZG203",
          "Effectiveness",
          "OF0028",
          "Year to date 25/26",
          "percent",
          "56.1",
          "56.1,56.1,56.1",
          "1.0",
        ),
      ]),
    );
    const { rows } = await t.pool.query(
      `SELECT metric_id, period_type, period_start::text FROM metric_values
       WHERE org_code = 'ZG203' ORDER BY metric_id`,
    );
    expect(rows.map((r: Record<string, string>) => Object.values(r).join(" "))).toEqual([
      "nof_of0028 quarter 2025-04-01",
      "nof_of1067 quarter 2025-04-01",
      "nof_of5000 quarter 2025-04-01",
      "nof_of5005 quarter 2025-04-01",
    ]);
    expect(await problemsOf([row("ZG204", "Summary", "OF5005", "", "segment", "3.0")])).toEqual([
      expect.objectContaining({ line: 2, column: "reporting_date", value: "" }),
    ]);
    // A blank date outside the summary rows is not the segmentation's.
    const blank = await problemsOf([
      SEGMENT("ZG205"),
      row("ZG205", "Access", "OF0003", "", "percent", "1.0", "2.4,1.33,3.32", "1.0"),
    ]);
    expect(blank).toEqual([
      expect.objectContaining({ line: 3, column: "reporting_date", value: "" }),
    ]);
    expect(blank[0]?.reason).toMatch(/only the summary rows/);
  });

  it("reports each bad cell with its line, column and value", async () => {
    const problems = await problemsOf([
      row("ZG206", "Access", "OF0003", "Summer 2025", "percent", "1.0", "2.4,1.33,3.32", "1.0"),
      row("ZG206", "Access", "OF0003", "Q1 2025/26", "percent", "1.0", "2.4,1.33,3.32", "1.0"),
      row("ZG206", "Access", "OF0010", "Q1 2025/26", "mins", "1.0", "76,73,79", "1.0"),
      row("ZG206", "Summary", "OF5000", "Q1 2025/26", "segment", "2.5"),
      row("ZG206", "Access", "OF1003", "Jun-25", "score", "4.5"),
      row("ZG206", "Access", "OF0023", "Jun-25", "percent", "60", "61,66,57", "1.0"),
      row("ZG206", "Access", "OF9999", "Jun-25", "percent", "1.0"),
      row("ZG206", "Access", "OF0011", "Q1 2025/26", "percent", "70", "71,64,75", "1.5"),
      row("ZG207", "Access", "OF0013", "Q1 2025", "percent", "71", ",,", "", "Mental health trust"),
      row("ZG208", "Access", "OF0014", "Q1 2025/26", "percent", "oops", "8,4,12", "1.0"),
    ]);
    const at = (line: number) => problems.filter((p) => p.line === line);
    expect(at(2)).toEqual([
      expect.objectContaining({ column: "reporting_date", value: "Summer 2025" }),
    ]);
    expect(at(2)[0]?.reason).toMatch(/not a Reporting_date spelling/);
    // A monthly metric given a quarter: has its period changed?
    expect(at(3)[0]).toMatchObject({ column: "reporting_date", value: "Q1 2025/26" });
    expect(at(3)[0]?.reason).toMatch(/quarter period, but the metric is published by month/);
    expect(at(4)[0]).toMatchObject({ column: "units", value: "mins" });
    expect(at(5)[0]).toMatchObject({ column: "value", value: "2.5" });
    expect(at(5)[0]?.reason).toMatch(/whole number from 1 to 4/);
    expect(at(6)[0]).toMatchObject({ column: "value", value: "4.5" });
    expect(at(7)[0]).toMatchObject({ column: "median_value", value: "61" });
    expect(at(8)[0]).toMatchObject({ column: "metric_id", value: "OF9999" });
    expect(at(9)[0]).toMatchObject({ column: "rank", value: "1.5" });
    expect(at(10)[0]).toMatchObject({ column: "trust_type", value: "Mental health trust" });
    expect(at(11)[0]).toMatchObject({ column: "value", value: "oops" });
  });

  it("reports a trust and metric given twice, and quartiles that differ within a metric", async () => {
    const problems = await problemsOf([
      row("ZG209", "Access", "OF0003", "Jun-25", "percent", "1.0", "2.4,1.33,3.32", "1.0"),
      row("ZG209", "Access", "OF0003", "Jun-25", "percent", "1.0", "2.4,1.33,3.32", "1.0"),
      row("ZG210", "Access", "OF0003", "Jun-25", "percent", "1.0", "2.5,1.33,3.32", "1.0"),
    ]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, "metric_id"],
      [4, "median_value"],
    ]);
    expect(problems[0]?.reason).toMatch(/given twice \(lines 2, 3\)/);
  });
});
