/**
 * The whole shared NHS data folder imported once (beforeAll), then checked against figures
 * computed here, independently, from the raw CSV files: England type-1 4-hour performance, a
 * trust's G&A occupancy, cancer 62-day figures, the known duplicate months, the 14 trusts'
 * missing 4-hour months, closed trusts kept with their history.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPaths, type ImportPathsResult } from "../../src/ingest/import-paths.js";
import type { AfterImportSummary } from "../../src/ingest/after-import.js";
import type { DuplicatePeriodFinding } from "../../src/ingest/quality/duplicate-period.js";
import { trustRegions } from "../../src/ingest/sources/derived-ambsys/index.js";
import { getMetric } from "../../src/metrics/catalogue/index.js";
import { seedReference } from "../../src/storage/reference.js";
import { parseGroupRef } from "../../src/metrics/group-ref.js";
import { aggregateSeries } from "../../src/storage/repositories/aggregates.js";
import { organisationReference } from "../../src/storage/repositories/reference-data.js";
import { series } from "../../src/storage/repositories/values.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { splitLine } from "../support/csv-line.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";
import { sharedFileFormats, sharedFilesSkipped } from "../support/shared-files.js";

const missing = sharedDataMissing();

function readCsv(relative: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(sharedDataDir, relative), "utf8").replace(/^\ufeff/, "");
  const [head = "", ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  const names = splitLine(head);
  return lines.map((l) => {
    const cells = splitLine(l);
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ""]));
  });
}

const FIELD_TESTING = [
  "R0D",
  "RC9",
  "RDU",
  "RFR",
  "RGR",
  "RGT",
  "RHU",
  "RK9",
  "RNQ",
  "RQM",
  "RVW",
  "RX1",
  "RXF",
  "RYJ",
];

describe.skipIf(missing)("importing all the shared NHS data", () => {
  let t: TestDatabase;
  let result: ImportPathsResult;
  let elapsedMs = 0;
  const report = (format: string) => {
    const r = result.imported.find((i) => i.format === format);
    if (!r) throw new Error(`no import in format ${format}`);
    return r;
  };
  const quality = (format: string): AfterImportSummary => report(format).quality!;
  /** The quality flags of R0A's all-type attendances for a month, as stored from one source. */
  const r0aAttendanceFlags = async (source: string, periodStart: string) =>
    (
      await t.db
        .selectFrom("metric_values")
        .select("dq_flags")
        .where("source", "=", source)
        .where("org_code", "=", "R0A")
        .where("metric_id", "=", "ae_attendances_all")
        .where("period_start", "=", periodStart)
        .executeTakeFirstOrThrow()
    ).dq_flags;

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    const started = Date.now();
    result = await importPaths(t, [sharedDataDir]);
    elapsedMs = Date.now() - started;
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  it("imports every recognised file and skips, with a reason, only the files listed as unread", () => {
    expect(result.failed).toEqual([]);
    expect(result.skipped.map((s) => path.relative(sharedDataDir, s.file)).sort()).toEqual(
      sharedFilesSkipped,
    );
    // Each skip says why: no format recognises the file's columns.
    for (const s of result.skipped) expect(s.reason, s.file).toMatch(/\S/);
    expect(
      result.imported.map((i) => [path.relative(sharedDataDir, i.file), i.format]).sort(),
    ).toEqual([...sharedFileFormats].sort());
    // Speed is measured by `npm run bench` (against baselines in the same run), not asserted here.
    console.info(`shared data imported in ${elapsedMs} ms`);
  });

  it("England type-1 4-hour performance for March 2019 equals Σ(attendances − breaches) / Σ attendances from the raw file", async () => {
    const rows = readCsv("nhsrdatasets/ae_attendances.csv").filter(
      (r) => r.period === "2019-03-01" && r.type === "1",
    );
    const attendances = rows.reduce((s, r) => s + Number(r.attendances), 0);
    const within = rows.reduce((s, r) => s + Number(r.attendances) - Number(r.breaches), 0);
    const points = await aggregateSeries(t.db, "ae_4hr_type1", { kind: "england" });
    const march = points.find((p) => p.periodStart === "2019-03-01");
    expect(march).toMatchObject({
      numerator: within,
      denominator: attendances,
      reporting: rows.length,
    });
    expect(march?.value).toBeCloseTo((within / attendances) * 100, 10);
  });

  it("England all-type attendances in the derived England file equal the sum of the provider rows", async () => {
    const rows = readCsv("nhsrdatasets/ae_attendances.csv").filter(
      (r) => r.period === "2018-01-01",
    );
    const total = rows.reduce((s, r) => s + Number(r.attendances), 0);
    const eng = await series(t.db, {
      orgCode: "ENG",
      metricId: "ae_attendances_all",
      from: "2018-01-01",
      to: "2018-01-01",
    });
    expect(eng[0]).toMatchObject({ value: total, source: "derived-ae-england" });
  });

  it("a trust's G&A occupancy for a month is occupied / available × 100 from the raw file", async () => {
    const raw = readCsv("humaniverse-healthyr/england_critical_general_acute_beds.csv").find(
      (r) => r.nhs_trust22_code === "R0B" && r.date === "March 2024",
    )!;
    const points = await series(t.db, {
      orgCode: "R0B",
      metricId: "ga_occupancy",
      from: "2024-03-01",
      to: "2024-03-01",
    });
    expect(points[0]).toMatchObject({
      numerator: Number(raw.general_acute_beds_occupied),
      denominator: Number(raw.general_acute_beds_available),
      source: "humaniverse-beds",
    });
    expect(points[0]?.value).toBeCloseTo(
      (Number(raw.general_acute_beds_occupied) / Number(raw.general_acute_beds_available)) * 100,
      10,
    );
  });

  it("cancer 62-day: England is the Total row, and equals the sum of the providers", async () => {
    const rows = readCsv("cwt-pipeline/gold_62d_trust_month.csv").filter(
      (r) => r.period_month === "2024-03",
    );
    const total = rows.find((r) => r.org_code === "Total")!;
    const providers = rows.filter((r) => r.org_code !== "Total");
    const within = providers.reduce((s, r) => s + Number(r.within_62d), 0);
    const treated = providers.reduce((s, r) => s + Number(r.total_patients), 0);
    expect(within).toBeCloseTo(Number(total.within_62d), 6);
    const eng = await series(t.db, {
      orgCode: "ENG",
      metricId: "cancer_62d",
      from: "2024-03-01",
      to: "2024-03-01",
    });
    expect(eng[0]?.value).toBeCloseTo((within / treated) * 100, 8);
    expect(eng[0]?.dqFlags).not.toContain("national_total_mismatch");
    const trust = rows.find((r) => r.org_code === "R0A")!;
    const r0a = await series(t.db, {
      orgCode: "R0A",
      metricId: "cancer_62d",
      from: "2024-03-01",
      to: "2024-03-01",
    });
    expect(r0a[0]?.value).toBeCloseTo(
      (Number(trust.within_62d) / Number(trust.total_patients)) * 100,
      8,
    );
    expect(quality("cwt-62d").checks.national_total_mismatch).toBeUndefined();
  });

  it("cancer FDS and 31-day: a trust's numerator and denominator are the raw extract's rows added up, the 31-day ones from the ALL MODALITIES rows only", async () => {
    const rows = readCsv(
      "cwt-provider-extracts/CWT-CRS-Provider-Extract-Apr2024-Jul2025.csv",
    ).filter((r) => r.org_code === "RJ1" && r.period === "2024-04-01");
    const sum = (rs: Record<string, string>[], column: string) =>
      rs.reduce((s, r) => s + Number(r[column]), 0);
    const shown = async (metricId: string) =>
      (await series(t.db, { orgCode: "RJ1", metricId, from: "2024-04-01", to: "2024-04-01" }))[0];
    const fds = rows.filter((r) => r.standard === "28-day FDS");
    expect(await shown("cancer_fds_28d")).toMatchObject({
      numerator: sum(fds, "within_standard"),
      denominator: sum(fds, "total"),
      source: "cwt-extract",
    });
    const d31 = rows.filter((r) => r.standard === "31-day Combined");
    const all = d31.filter((r) => r.treatment_modality === "ALL MODALITIES");
    // The trap: the modality rows repeat the ALL MODALITIES rows, so adding every row doubles.
    expect(sum(d31, "total")).toBe(2 * sum(all, "total"));
    expect(await shown("cancer_31d")).toMatchObject({
      numerator: sum(all, "within_standard"),
      denominator: sum(all, "total"),
      source: "cwt-extract",
    });
  });

  it("cancer 62-day: the extract's provisional October 2024 is shown over the pipeline's later figure, which is kept and flagged; the derived roll-up repeats the extract", async () => {
    const raw = readCsv("cwt-pipeline/gold_62d_trust_month.csv").find(
      (r) => r.org_code === "R0A" && r.period_date === "2024-10-01",
    )!;
    const stored = await t.pool.query<{
      source: string;
      numerator: number;
      denominator: number;
      dq_flags: string[];
    }>(
      `SELECT source, numerator, denominator, dq_flags FROM metric_values
       WHERE org_code = 'R0A' AND metric_id = 'cancer_62d' AND period_start = '2024-10-01'
         AND source IN ('cwt-62d', 'cwt-extract') ORDER BY source`,
    );
    expect(stored.rows[0]).toMatchObject({
      source: "cwt-62d",
      numerator: Number(raw.within_62d),
      denominator: Number(raw.total_patients),
      dq_flags: ["source_disagreement"],
    });
    expect(stored.rows[1]).toMatchObject({ source: "cwt-extract", dq_flags: [] });
    expect(stored.rows[1]!.denominator).not.toBe(Number(raw.total_patients));
    const shown = await series(t.db, {
      orgCode: "R0A",
      metricId: "cancer_62d",
      from: "2024-10-01",
      to: "2024-10-01",
    });
    expect(shown[0]?.source).toBe("cwt-extract");
    // The roll-up gives every provider, month and standard the extract gives, with the same counts.
    const { rows } = await t.pool.query<{ n: number; differ: number; missing: number }>(
      `SELECT count(*)::int AS n,
         count(*) FILTER (WHERE (d.numerator, d.denominator) IS DISTINCT FROM (e.numerator, e.denominator))::int AS differ,
         count(*) FILTER (WHERE e.org_code IS NULL)::int AS missing
       FROM metric_values d LEFT JOIN metric_values e ON e.source = 'cwt-extract' AND e.org_code = d.org_code
         AND e.metric_id = d.metric_id AND e.period_type = d.period_type AND e.period_start = d.period_start
       WHERE d.source = 'derived-cwt'`,
    );
    expect(rows[0]).toEqual({
      n: readCsv("derived/cwt_trust_monthly_2024_2025.csv").length,
      differ: 0,
      missing: 0,
    });
  });

  it("the derived A&E provider extract equals the official monthly files, booked appointments included once, and beats the older cleaned file's unrevised figures", async () => {
    // RXL, October 2024 (a revised official file): all types with booked appointments, from the raw CSV.
    const raw = readCsv("ae-monthly-2024-25/Monthly-AE-October-2024-revised.csv").find(
      (r) => r["Org Code"] === "RXL",
    )!;
    const all = Object.entries(raw)
      .filter(([column]) => column.startsWith("A&E attendances"))
      .reduce((s, [, cell]) => s + Number(cell), 0);
    const { rows } = await t.pool.query<{ source: string; value: number; dq_flags: string[] }>(
      `SELECT source, value, dq_flags FROM metric_values
       WHERE org_code = 'RXL' AND metric_id = 'ae_attendances_all' AND period_start = '2024-10-01'
         AND source IN ('ae-monthly', 'derived-ae-provider', 'derived-ae-2021') ORDER BY source`,
    );
    expect(rows.map((r) => [r.source, r.value, r.dq_flags])).toEqual([
      ["ae-monthly", all, []],
      ["derived-ae-2021", 19_719, ["source_disagreement"]],
      ["derived-ae-provider", all, []],
    ]);
    // Nowhere does the extract differ from the official files (no disagreement flag on it), and
    // it has a value for every provider-month-metric they share but the admission conversion rate.
    const flagged = await t.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM metric_values
       WHERE source = 'derived-ae-provider' AND 'source_disagreement' = ANY (dq_flags)`,
    );
    expect(flagged.rows[0]?.n).toBe(0);
    const unmatched = await t.pool.query<{ metric_id: string; n: number }>(
      `SELECT o.metric_id, count(*)::int AS n FROM metric_values o
       WHERE o.source = 'ae-monthly' AND o.org_code <> 'ENG' AND NOT EXISTS (
         SELECT 1 FROM metric_values d WHERE d.source = 'derived-ae-provider' AND d.org_code = o.org_code
           AND d.metric_id = o.metric_id AND d.period_type = o.period_type AND d.period_start = o.period_start)
       GROUP BY o.metric_id ORDER BY o.metric_id`,
    );
    expect(unmatched.rows.map((r) => r.metric_id)).toEqual(["ae_admission_conversion"]);
  });

  it("SHMI: each trust's value, observed and expected deaths as published; its banding is SHMI against the 95% overdispersion-adjusted limits (OD_), kept beside it", async () => {
    const raw = readCsv("shmi/SHMI_data_at_trust_level_Feb25-Jan26_csv.csv");
    expect(raw).toHaveLength(118);
    const { rows } = await t.pool.query<{
      org_code: string;
      numerator: number;
      denominator: number;
      value: number;
      banding: string;
      limits: { level: number; method: string; lower: number; upper: number; bands: boolean }[];
    }>(
      `SELECT v.org_code, v.numerator, v.denominator, v.value, l.banding, l.limits
       FROM metric_values v JOIN published_limits l USING (org_code, metric_id, period_type, period_start, source)
       WHERE v.source = 'shmi' AND v.metric_id = 'shmi' AND v.period_type = 'twelve_months'
         AND v.period_start = '2025-02-01'`,
    );
    const stored = new Map(rows.map((r) => [r.org_code, r]));
    expect(stored.size).toBe(118);
    let poissonBandingDiffers = 0;
    for (const r of raw) {
      const s = stored.get(r.PROVIDER_CODE!)!;
      expect([s.numerator, s.denominator, s.value, s.banding]).toEqual([
        Number(r.OBSERVED),
        Number(r.EXPECTED),
        Number(r.SHMI_VALUE),
        r.SHMI_BANDING,
      ]);
      const od = s.limits.find((l) => l.bands)!;
      expect([od.level, od.method, od.lower, od.upper]).toEqual([
        95,
        "overdispersed",
        Number(r.OD_LL),
        Number(r.OD_UL),
      ]);
      const po = s.limits.find((l) => !l.bands)!;
      expect([po.level, po.method, po.lower, po.upper]).toEqual([
        99.8,
        "poisson",
        Number(r.PO_LL),
        Number(r.PO_UL),
      ]);
      const band = (lower: number, upper: number) =>
        s.value > upper ? "1" : s.value < lower ? "3" : "2";
      // The published banding is SHMI against the OD limits, for every trust…
      expect(band(od.lower, od.upper), r.PROVIDER_CODE).toBe(r.SHMI_BANDING);
      if (band(po.lower, po.upper) !== r.SHMI_BANDING) poissonBandingDiffers++;
      // …which are 95% limits widened by one between-trust variance: log SHMI ± 1.96 √(1/E + τ²).
      const halfWidth = (Math.log(od.upper) - Math.log(od.lower)) / 2;
      const tau2 = (halfWidth / 1.959964) ** 2 - 1 / s.denominator;
      expect(tau2).toBeCloseTo(0.0063, 4);
    }
    // Against the (narrower) Poisson limits many more trusts would be outside.
    expect(poissonBandingDiffers).toBe(49);
    // England is Σ observed ÷ Σ expected = 1, by the model's construction.
    const england = await aggregateSeries(t.db, "shmi", { kind: "england" }, "twelve_months");
    expect(england).toMatchObject([{ periodStart: "2025-02-01", reporting: 118 }]);
    expect(england[0]?.value).toBeCloseTo(1, 10);
  });

  it("Oversight Framework: every row stored as published with NHS England's median, quartiles and rank; R0A's 52-week share, its median and rank recomputed from the raw file", async () => {
    const raw = readCsv("nhs-oversight-framework/nhs-oversight-framework-acute-trust-data.csv");
    expect(raw).toHaveLength(7265);
    const counted = await t.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM metric_values WHERE source = 'nof'`,
    );
    expect(counted.rows[0]?.n).toBe(7265);
    // Independently: OF0003 over the trusts that report it.
    const of0003 = raw.filter((r) => r.Metric_ID === "OF0003");
    const values = of0003.map((r) => Number(r.Value)).sort((a, b) => a - b);
    expect(values).toHaveLength(131);
    const median = (values[65]! + values[65]!) / 2;
    const r0a = of0003.find((r) => r.Trust_code === "R0A")!;
    // Rank 1 = the lowest share waiting over 52 weeks; ties share the better rank.
    const rank = 1 + values.filter((v) => v < Number(r0a.Value)).length;
    expect([Number(r0a.Value), median, rank]).toEqual([4.01, 2.4, 113]);
    const { rows } = await t.pool.query<{
      value: number;
      period_type: string;
      period_start: string;
      standing: Record<string, unknown>;
    }>(
      `SELECT v.value, v.period_type, v.period_start::text, l.standing
       FROM metric_values v JOIN published_limits l USING (org_code, metric_id, period_type, period_start, source)
       WHERE v.source = 'nof' AND v.org_code = 'R0A' AND v.metric_id = 'nof_of0003'`,
    );
    expect(rows).toEqual([
      {
        value: 4.01,
        period_type: "month",
        period_start: "2025-06-01",
        standing: {
          median,
          lowerQuartile: 1.33,
          upperQuartile: 3.32,
          rank,
          rankOf: values.length,
          score: {
            metricId: "nof_of1003",
            value: Number(
              raw.find((r) => r.Trust_code === "R0A" && r.Metric_ID === "OF1003")!.Value,
            ),
          },
        },
      },
    ]);
    // Each metric value's improvement direction is the one NHS England ranks by: rank 1 is the
    // lowest value (lower is better) or the highest (higher is better).
    const byMetric = new Map<string, { value: number; rank: number }[]>();
    for (const r of raw)
      if (r.Metric_ID!.startsWith("OF0") && r.Rank !== "" && r.Units !== "count")
        byMetric.set(r.Metric_ID!, [
          ...(byMetric.get(r.Metric_ID!) ?? []),
          { value: Number(r.Value), rank: Number(r.Rank) },
        ]);
    for (const [code, ranked] of byMetric) {
      if (ranked.length < 2) continue;
      const best = ranked.filter((x) => x.rank === 1).map((x) => x.value);
      const all = ranked.map((x) => x.value);
      const direction = best.includes(Math.min(...all)) ? "lower_is_better" : "higher_is_better";
      expect(best.includes(Math.min(...all)) !== best.includes(Math.max(...all)), code).toBe(true);
      expect(getMetric(`nof_${code.toLowerCase()}`)?.improvementDirection, code).toBe(direction);
    }
    // "Q1 2025" is April–June 2025: R0A's OF0013 is the monthly A&E files' all-type 4-hour
    // performance over April–June 2025, to the file's one decimal.
    const ae = readCsv("derived/ae_provider_monthly_2024-08_to_2025-07.csv").filter(
      (r) => r.org_code === "R0A" && r.period! >= "2025-04-01" && r.period! <= "2025-06-01",
    );
    expect(ae).toHaveLength(3);
    const sum = (k: string) => ae.reduce((s, r) => s + Number(r[k]), 0);
    const fourHours = 100 * (1 - sum("attendances_over_4h") / sum("attendances_all_types"));
    const of0013 = await series(t.db, {
      orgCode: "R0A",
      metricId: "nof_of0013",
      periodType: "quarter",
    });
    expect(of0013.map((p) => [p.periodStart, p.value])).toEqual([["2025-04-01", 71.1]]);
    expect(Math.abs(fourHours - 71.1)).toBeLessThan(0.05);
    // The blank-dated summary rows take the trust's segmentation quarter.
    const final = await series(t.db, {
      orgCode: "R0A",
      metricId: "nof_of5005",
      periodType: "quarter",
    });
    expect(final.map((p) => p.periodStart)).toEqual(["2025-04-01"]);
  });

  it("flags the duplicated A&E months (Feb/Mar 2025 repeat Feb/Mar 2024) in the uncleaned file", async () => {
    const findings = quality("humaniverse-ae").checks.duplicate_period
      ?.findings as DuplicatePeriodFinding[];
    expect(findings.map((f) => [f.periodStart, f.duplicateOf])).toEqual([
      ["2025-02-01", "2024-02-01"],
      ["2025-03-01", "2024-03-01"],
    ]);
    const flagged = await t.db
      .selectFrom("metric_values")
      .select(["period_start", (eb) => eb.fn.count<number>("org_code").distinct().as("orgs")])
      .where("source", "=", "humaniverse-ae")
      .where(sql<boolean>`'duplicate_period' = ANY (dq_flags)`)
      .groupBy("period_start")
      .orderBy("period_start")
      .execute();
    expect(flagged.map((r) => [r.period_start, Number(r.orgs)])).toEqual([
      ["2025-02-01", 151],
      ["2025-03-01", 150],
    ]);
    // The cleaned copy has no duplicate, and its missing months show as a gap before April 2025.
    expect(quality("derived-ae-2021").checks.duplicate_period).toBeUndefined();
    expect(await r0aAttendanceFlags("derived-ae-2021", "2025-04-01")).toContain("gap_before");
    // The official monthly file for April 2025 is what a page shows.
    const shown = await series(t.db, {
      orgCode: "R0A",
      metricId: "ae_attendances_all",
      from: "2025-04-01",
      to: "2025-04-01",
    });
    expect(shown[0]?.source).toBe("ae-monthly");
  });

  it("flags the duplicated beds month (August 2022 repeats July 2022)", () => {
    const findings = quality("humaniverse-beds").checks.duplicate_period
      ?.findings as DuplicatePeriodFinding[];
    expect(findings.map((f) => [f.periodStart, f.duplicateOf, f.organisations])).toEqual([
      ["2022-08-01", "2022-07-01", 137],
    ]);
  });

  it("keeps the 14 field-testing trusts' 4-hour figures missing, never zero, April 2021 – May 2023", async () => {
    for (const orgCode of FIELD_TESTING) {
      const points = await series(t.db, {
        orgCode,
        metricId: "ae_4hr_all",
        from: "2021-04-01",
        to: "2023-05-01",
      });
      for (const p of points) expect(p.value, `${orgCode} ${p.periodStart}`).toBeNull();
      const any = await t.db
        .selectFrom("metric_values")
        .select("value")
        .where("org_code", "=", orgCode)
        .where("metric_id", "=", "ae_4hr_all")
        .where("period_start", ">=", "2021-04-01")
        .where("period_start", "<=", "2023-05-01")
        .where("source", "in", ["derived-ae-2021", "humaniverse-ae"])
        .where("value", "is not", null)
        .execute();
      expect(any, orgCode).toEqual([]);
      // …while their attendances are there, and their 4-hour figures resume in June 2023.
      const attendances = await series(t.db, {
        orgCode,
        metricId: "ae_attendances_all",
        from: "2022-01-01",
        to: "2022-01-01",
      });
      expect(attendances[0]?.value).toBeGreaterThan(0);
    }
  });

  it("keeps closed trusts with their close dates and their 2016–19 history", async () => {
    for (const orgCode of ["RQQ", "RM2", "RXH"]) {
      const org = await t.db
        .selectFrom("organisations")
        .selectAll()
        .where("org_code", "=", orgCode)
        .executeTakeFirstOrThrow();
      expect(org.close_date, orgCode).not.toBeNull();
      expect(org.kind).toBe("acute_trust");
      const points = await series(t.db, {
        orgCode,
        metricId: "ae_attendances_all",
        from: "2016-04-01",
        to: "2019-03-01",
      });
      expect(points.length, orgCode).toBeGreaterThan(0);
    }
  });

  it("rolls daily discharges up to the same months as the derived monthly file", async () => {
    const raw = readCsv("derived/discharge_trust_monthly.csv").find(
      (r) => r.org_code === "R0A" && r.period === "2023-01-01",
    )!;
    const mine = await t.db
      .selectFrom("metric_values")
      .selectAll()
      .where("org_code", "=", "R0A")
      .where("period_type", "=", "month")
      .where("period_start", "=", "2023-01-01")
      .where("source", "in", ["humaniverse-discharge", "humaniverse-ctr"])
      .execute();
    const discharges = mine.find((v) => v.metric_id === "discharges_before_5pm")!;
    expect([discharges.numerator, discharges.denominator]).toEqual([
      Number(raw.discharged_by_1700),
      Number(raw.discharged_total),
    ]);
    expect(mine.find((v) => v.metric_id === "ctr_patients")!.value).toBeCloseTo(
      Number(raw.mean_daily_not_meeting_criteria_to_reside),
      1,
    );
    const days = await series(t.db, {
      orgCode: "R0A",
      metricId: "ctr_patients",
      periodType: "day",
      from: "2023-01-01",
      to: "2023-01-31",
    });
    expect(days).toHaveLength(Number(raw.days_reported));
    const weeks = await series(t.db, {
      orgCode: "R0A",
      metricId: "ctr_patients",
      periodType: "week",
      from: "2023-01-02",
      to: "2023-01-02",
    });
    const weekDays = days.filter(
      (d) => d.periodStart >= "2023-01-02" && d.periodStart <= "2023-01-08",
    );
    expect(weeks[0]?.value).toBeCloseTo(
      weekDays.reduce((s, d) => s + d.value!, 0) / weekDays.length,
      10,
    );
  });

  it("stores the England RTT overview under ENG, the ICB file under ODS codes, and the anonymised hospital as ANON1", async () => {
    const rtt = readCsv("humaniverse-healthyr/england_rtt_overview.csv").find(
      (r) => r.month === "2024-05-01" && r.type_of_wait === "Total waiting",
    )!;
    const eng = await series(t.db, {
      orgCode: "ENG",
      metricId: "rtt_waiting_list_england",
      from: "2024-05-01",
      to: "2024-05-01",
    });
    expect(eng[0]?.value).toBe(Number(rtt.count));
    // E54000052 (Surrey Heartlands, 2022 code) is stored under QXU.
    const icb = readCsv("humaniverse-healthyr/england_icb_accidents_emergency.csv").find(
      (r) => r.icb22_code === "E54000052" && r.date === "April 2022",
    )!;
    const qxu = await series(t.db, {
      orgCode: "QXU",
      metricId: "ae_attendances_all",
      from: "2022-04-01",
      to: "2022-04-01",
    });
    expect(qxu[0]?.value).toBe(Number(icb.total_attendances));
    const anon = await t.db
      .selectFrom("organisations")
      .selectAll()
      .where("org_code", "=", "ANON1")
      .executeTakeFirstOrThrow();
    expect(anon).toMatchObject({ kind: "other", name: "Anonymised hospital (autospc)" });
    const first = await series(t.db, {
      orgCode: "ANON1",
      metricId: "ae_4hr_all",
      from: "2015-05-01",
      to: "2015-05-01",
    });
    expect(first[0]?.value).toBeCloseTo((11848 / 12178) * 100, 10);
  });

  it("refines trust kinds by activity (a trust named 'Integrated Care' with type 1 A&E is acute)", async () => {
    const refined = result.imported.flatMap((r) => r.quality?.refinedToAcute ?? []);
    expect(refined.length).toBeGreaterThan(0);
    for (const orgCode of refined) {
      const org = await t.db
        .selectFrom("organisations")
        .select("kind")
        .where("org_code", "=", orgCode)
        .executeTakeFirstOrThrow();
      expect(org.kind).toBe("acute_trust");
    }
    const ambulance = await t.db
      .selectFrom("organisations")
      .select("kind")
      .where("org_code", "=", "RRU")
      .executeTakeFirstOrThrow();
    expect(ambulance.kind).toBe("ambulance_trust");
  });

  it("trust types: every typed trust's kind and subtype are its raw row's, whatever its name or activity say; Northern Care Alliance (RM3) is acute (teaching), not mental health", async () => {
    // The table's vocabulary, written out here apart from metrics/reference-data.ts.
    const kinds: Record<string, string> = {
      acute: "acute_trust",
      acute_specialist: "acute_trust",
      mental_health_learning_disability: "mental_health_trust",
      community: "community_trust",
      ambulance: "ambulance_trust",
    };
    const raw = readCsv("derived/trust_types.csv");
    // R1F1 and R1F2 are the Isle of Wight's sectors in the Staff Survey, not trusts.
    const trusts = raw.filter((r) => !/SECTOR\)$/.test(r.org_name!));
    expect(raw.length - trusts.length).toBe(2);
    const { rows } = await t.pool.query<{
      org_code: string;
      kind: string;
      subtype: string | null;
      kind_source: string;
    }>(
      `SELECT org_code, kind, subtype, kind_source FROM organisations WHERE org_code = ANY($1::text[])`,
      [trusts.map((r) => r.org_code)],
    );
    const held = new Map(rows.map((r) => [r.org_code, r]));
    // Every trust in ODS etr is held; the care trusts outside it (TAD, TAF…) need not be.
    const inEtr = trusts.filter((r) => r.in_etr === "Y");
    expect(inEtr.length).toBeGreaterThan(190);
    for (const r of inEtr) {
      const subtype = r.nof_2025_trust_subtype
        ? r.nof_2025_trust_subtype.replace("Acute - ", "").toLowerCase().replace("-", "_")
        : r.trust_type === "acute_specialist"
          ? "specialist"
          : null;
      expect(held.get(r.org_code!), r.org_code).toEqual({
        org_code: r.org_code,
        kind: kinds[r.trust_type!],
        subtype,
        kind_source: "trust_types",
      });
    }
    // The regression: the name ("… Care Alliance") says mental health; the table says acute.
    const rm3 = raw.find((r) => r.org_code === "RM3")!;
    expect([rm3.trust_type, rm3.nof_2025_trust_subtype]).toEqual(["acute", "Acute - Teaching"]);
    expect(held.get("RM3")).toMatchObject({ kind: "acute_trust", subtype: "teaching" });
    // The children's trusts whose sources disagree: specialist acute, the disagreement kept.
    const disagree = raw.filter((r) => r.types_disagree === "Y").map((r) => r.org_code);
    expect(disagree.sort()).toEqual(["RBS", "RCU", "RQ3"]);
    const kept = await t.pool.query(
      `SELECT org_code FROM trust_types WHERE types_disagree ORDER BY org_code`,
    );
    expect(kept.rows.map((r: { org_code: string }) => r.org_code)).toEqual(disagree);
    for (const code of disagree) expect(held.get(code!)?.subtype).toBe("specialist");
    // G6V2S (North London NHS FT, opened November 2024) has no row; named like an acute trust,
    // it reports only mental illness beds in KH03: a mental health trust by its activity.
    expect(trusts.some((r) => r.org_code === "G6V2S")).toBe(false);
    const kh03 = readCsv("kh03/kh03_overnight_beds_by_sector_2024q2_to_2025q1.csv").filter(
      (r) => r.org_code === "G6V2S",
    );
    expect(kh03.length).toBeGreaterThan(0);
    for (const r of kh03) {
      expect(Number(r.available_general_acute)).toBe(0);
      expect(Number(r.available_mental_illness)).toBeGreaterThan(0);
    }
    const g6v2s = await t.db
      .selectFrom("organisations")
      .select(["kind", "kind_source"])
      .where("org_code", "=", "G6V2S")
      .executeTakeFirstOrThrow();
    expect(g6v2s).toEqual({ kind: "mental_health_trust", kind_source: "activity" });
    // A care trust outside ODS etr, first seen in KH03 under its code, takes the table's name.
    const taf = raw.find((r) => r.org_code === "TAF")!;
    expect(taf.in_etr).toBe("N");
    const tafHeld = await t.db
      .selectFrom("organisations")
      .select(["name", "kind"])
      .where("org_code", "=", "TAF")
      .executeTakeFirstOrThrow();
    expect(taf.org_name).toBe("CAMDEN AND ISLINGTON NHS FOUNDATION TRUST");
    expect(tafHeld).toEqual({
      name: "Camden and Islington NHS Foundation Trust",
      kind: "mental_health_trust",
    });
  });

  it("names: no organisation is named in capitals (as ODS publishes) but for acronyms and codes", async () => {
    const { rows } = await t.pool.query<{ org_code: string; name: string }>(
      `SELECT org_code, name FROM organisations WHERE name <> org_code ORDER BY org_code`,
    );
    expect(rows.length).toBeGreaterThan(600);
    const inCapitals = rows.filter((r) => !/\p{Ll}/u.test(r.name));
    expect(inCapitals).toEqual([]);
    const capitalWords = new Set(
      rows.flatMap((r) =>
        (r.name.match(/[\p{L}\p{N}&]+/gu) ?? []).filter(
          (w) => w.length > 1 && !/\d/.test(w) && !/\p{Ll}/u.test(w),
        ),
      ),
    );
    expect([...capitalWords].sort()).toEqual(["CCG", "H&J", "ICB", "NHS"]);
    const named = new Map(rows.map((r) => [r.org_code, r.name]));
    expect(named.get("RDE")).toBe("East Suffolk and North Essex NHS Foundation Trust");
    expect(named.get("RJ1")).toBe("Guy's and St Thomas' NHS Foundation Trust");
    expect(named.get("RTH")).toBe("Oxford University Hospitals NHS Foundation Trust");
  });

  it("successions: the derived table holds every epiforecasts merger and every 2026 ICB predecessor; a clean merger gives the successor, the partial RW6 → RM3 and the ICB splits do not", async () => {
    const derived = readCsv("derived/org_successions.csv");
    const links = new Set(derived.map((r) => `${r.predecessor_code}>${r.successor_code}`));
    for (const r of readCsv("epiforecasts/trust_mergers.csv")) {
      expect(links.has(`${r.trust_code_old}>${r.trust_code_new}`), r.trust_code_old).toBe(true);
      const row = derived.find((d) => d.predecessor_code === r.trust_code_old)!;
      expect(row.effective_date).toBe(r.from_date);
    }
    for (const r of readCsv("davewest-nhs-trust-icb-data/icb_list_with_predecessors.csv"))
      for (const p of r.predecessor_codes!.split(";").filter(Boolean))
        expect(links.has(`${p.trim()}>${r.ods_code}`), `${p} > ${r.ods_code}`).toBe(true);
    const stored = await t.pool.query<{ predecessor_code: string; successor_code: string }>(
      `SELECT predecessor_code, successor_code FROM org_successions ORDER BY 1, 2`,
    );
    expect(stored.rows.map((r) => `${r.predecessor_code}>${r.successor_code}`)).toEqual(
      [...links].sort(),
    );
    const successor = async (code: string) =>
      (
        await t.db
          .selectFrom("organisations")
          .select(["successor_code", "close_date"])
          .where("org_code", "=", code)
          .executeTakeFirstOrThrow()
      ).successor_code;
    // RD3 (Poole) closed on 30 September 2020 and merged into R0D the next day.
    const rd3 = derived.find((r) => r.predecessor_code === "RD3")!;
    expect([rd3.successor_code, rd3.effective_date]).toEqual(["R0D", "2020-10-01"]);
    expect(await successor("RD3")).toBe("R0D");
    // Pennine Acute (RW6): only part of it went to RM3 (North Manchester went to R0A).
    expect(derived.find((r) => r.predecessor_code === "RW6")!.note).toMatch(/^partial/);
    expect(await successor("RW6")).toBeNull();
    const rm3 = await organisationReference(t.db, "RM3");
    expect(rm3.predecessors).toEqual([
      expect.objectContaining({ orgCode: "RW6", effectiveDate: "2021-10-01", partial: true }),
    ]);
    // QJG was split between two new ICBs.
    const qjg = await organisationReference(t.db, "QJG");
    expect(qjg.successors.map((s) => [s.orgCode, s.split])).toEqual([
      ["D7T5G", true],
      ["T6Y0W", true],
    ]);
  });

  it("networks: an organisation's networks with their leads, each lead's organisation matched by name where the registry holds it so (RDE, RWH)", async () => {
    const rde = await organisationReference(t.db, "RDE");
    expect(rde.networks).toEqual([
      {
        networkId: "east-of-england-elective",
        name: "East of England elective care LIN",
        focus: "elective",
        leads: [
          {
            name: "Adam Sewell-Jones",
            // Annex A's spelling; ODS now names RWH "East and North Hertfordshire Teaching NHS Trust".
            organisations: [{ name: "East and North Hertfordshire NHS Trust", orgCode: null }],
          },
        ],
      },
      {
        networkId: "east-of-england-uec",
        name: "East of England urgent and emergency care LIN",
        focus: "uec",
        leads: [
          {
            name: "Nick Hulme",
            organisations: [
              { name: "East Suffolk and North Essex NHS Foundation Trust", orgCode: "RDE" },
            ],
          },
        ],
      },
    ]);
    // Of the 18 organisations Annex A names, all but three are held under that name.
    const { rows } = await t.pool.query<{ name: string; held: number }>(
      `SELECT DISTINCT l.name, (SELECT count(*)::int FROM organisations o
         WHERE lower(o.name) = lower(l.name) AND o.close_date IS NULL) AS held
       FROM networks n, jsonb_array_elements(n.leads) le,
         jsonb_array_elements_text(le->'organisations') AS l(name)`,
    );
    expect(rows.length).toBe(18);
    expect(
      rows
        .filter((r) => r.held !== 1)
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      "East and North Hertfordshire NHS Trust",
      "Royal Surrey County Hospital NHS Foundation Trust",
      "University Hospitals of Northamptonshire NHS Group",
    ]);
    // An open Welsh trust in ODS (RYT) is in no network's footprint.
    expect((await organisationReference(t.db, "RYT")).networks).toEqual([]);
  });

  it("Peer Finder groups: a trust's group is its raw rows, kept as published, and a peer group the engine reads", async () => {
    const raw = readCsv("strategy-unit-nhp/nhp-peers.csv");
    expect(new Set(raw.map((r) => r.procode)).size).toBe(208);
    const r0a = raw.filter((r) => r.procode === "R0A").map((r) => r.peer!);
    const members = await t.pool.query<{ org_code: string }>(
      `SELECT org_code FROM peer_group_members WHERE peer_group_id = 'peer-finder-R0A' ORDER BY 1`,
    );
    expect(members.rows.map((r) => r.org_code)).toEqual([...r0a].sort());
    const groups = await t.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM peer_groups WHERE kind = 'peer_finder'`,
    );
    expect(groups.rows[0]?.n).toBe(208);
    // As a group reference, it aggregates exactly the raw members (R0A included).
    const byGroup = await aggregateSeries(t.db, "ae_4hr_all", parseGroupRef("peer-finder-R0A"));
    const byList = await aggregateSeries(
      t.db,
      "ae_4hr_all",
      parseGroupRef(`orgs:${r0a.join(",")}`),
    );
    expect(byGroup.length).toBeGreaterThan(12);
    expect(byGroup).toEqual(byList);
  });

  it("shows one value per period by precedence and flags the overruled source where sources disagree", async () => {
    // Feb 2025: the official monthly file is shown; the uncleaned file's copy (which repeats
    // Feb 2024; the cleaned one dropped it) stays stored, flagged as a duplicate.
    const feb = await series(t.db, {
      orgCode: "R0A",
      metricId: "ae_attendances_all",
      from: "2025-02-01",
      to: "2025-02-01",
    });
    expect(feb[0]).toMatchObject({ source: "ae-monthly" });
    expect(await r0aAttendanceFlags("humaniverse-ae", "2025-02-01")).toContain("duplicate_period");
    // Jan 2024 (before the official files here): both copies agree, the cleaned (precedence 30) is shown.
    const jan = await series(t.db, {
      orgCode: "R0A",
      metricId: "ae_attendances_all",
      from: "2024-01-01",
      to: "2024-01-01",
    });
    expect(jan[0]?.source).toBe("derived-ae-2021");
    const summary = result.imported.map((r) => [
      r.format,
      Object.fromEntries(Object.entries(r.quality?.checks ?? {}).map(([k, v]) => [k, v.flagged])),
    ]);
    console.info(JSON.stringify(summary));
  });

  it("AmbSYS: a trust's category 1 mean and 90th centile from the raw line, seconds in minutes; England as published", async () => {
    const raw = readCsv("ambsys/AmbSYS-Time-Series-until-20250831_Raw.csv");
    const line = raw.find((r) => r.org_code === "RX9" && r.period === "2025-03-01")!;
    const [mean] = await series(t.db, {
      orgCode: "RX9",
      metricId: "amb_cat1_mean",
      from: "2025-03-01",
      to: "2025-03-01",
    });
    expect(mean).toMatchObject({ source: "ambsys", denominator: Number(line.A8) });
    expect(mean?.numerator).toBeCloseTo(Number(line.A24) / 60, 9);
    expect(mean?.value).toBeCloseTo(Number(line.A24) / Number(line.A8) / 60, 12);
    // The sheet's own mean (A25) is the same in whole seconds.
    expect(Math.round(mean!.value! * 60)).toBe(Number(line.A25));
    const [centile] = await series(t.db, {
      orgCode: "RX9",
      metricId: "amb_cat1_90th",
      from: "2025-03-01",
      to: "2025-03-01",
    });
    expect(centile).toMatchObject({ numerator: null, denominator: null });
    expect(centile?.value).toBeCloseTo(Number(line.A26) / 60, 12);
    // England, March 2025: category 1 mean 7:52 (472 s), category 2 28:33 (1,713 s).
    for (const [metricId, seconds] of [
      ["amb_cat1_mean", 472],
      ["amb_cat2_mean", 1713],
    ] as const) {
      const [eng] = await series(t.db, {
        orgCode: "ENG",
        metricId,
        from: "2025-03-01",
        to: "2025-03-01",
      });
      expect(Math.round(eng!.value! * 60), metricId).toBe(seconds);
    }
    expect(quality("ambsys").checks.national_total_mismatch).toBeUndefined();
  });

  it("AmbSYS: zeros before a trust joined, partial England months and blank handover months are missing, never 0", async () => {
    const values = (orgCode: string, from: string, to: string) =>
      t.db
        .selectFrom("metric_values")
        .select(["metric_id", "period_start", "value"])
        .where("source", "=", "ambsys")
        .where("org_code", "=", orgCode)
        .where("period_start", ">=", from)
        .where("period_start", "<=", to)
        .execute();
    // The Isle of Wight shows 0 until March 2018: stored, as missing.
    const before = await values("R1F", "2017-08-01", "2018-03-01");
    expect(before.length).toBe(8 * 12); // 8 months, 12 figures (no handovers yet)
    expect(before.filter((v) => v.value !== null)).toEqual([]);
    expect((await values("R1F", "2018-04-01", "2018-04-01")).every((v) => v.value !== null)).toBe(
      true,
    );
    // England covers every trust from April 2018 only…
    expect(
      (await values("ENG", "2017-08-01", "2018-03-01")).filter((v) => v.value !== null),
    ).toEqual([]);
    // …and London left categories 1–4 blank in October and November 2022: nothing for London,
    // England's category figures missing, its shares of incidents kept.
    expect(
      (await values("RRU", "2022-10-01", "2022-11-01")).filter((v) =>
        v.metric_id.startsWith("amb_cat"),
      ),
    ).toEqual([]);
    const eng = await values("ENG", "2022-10-01", "2022-11-01");
    expect(eng.filter((v) => v.metric_id.startsWith("amb_cat") && v.value !== null)).toEqual([]);
    expect(
      eng.filter((v) => v.metric_id === "amb_hear_and_treat" && v.value !== null),
    ).toHaveLength(2);
    // Handovers exist from October 2023 only.
    const handovers = await t.db
      .selectFrom("metric_values")
      .select((eb) => eb.fn.min("period_start").as("first"))
      .where("metric_id", "in", ["amb_handover_30min", "amb_handover_60min"])
      .executeTakeFirstOrThrow();
    expect(handovers.first).toBe("2023-10-01");
  });

  it("AmbSYS: the readable extract stores exactly the Raw sheet's values, with the Raw sheet's regions", async () => {
    const raw = readCsv("ambsys/AmbSYS-Time-Series-until-20250831_Raw.csv").filter(
      (r) => r.level === "Trust",
    );
    expect(new Map(raw.map((r) => [r.org_code!, r.region_code!]))).toEqual(trustRegions);
    const bySource = await t.db
      .selectFrom("metric_values")
      .select(["source", (eb) => eb.fn.countAll<number>().as("n")])
      .where("source", "in", ["ambsys", "derived-ambsys"])
      .groupBy("source")
      .execute();
    expect(bySource.map((r) => Number(r.n))).toEqual([
      Number(bySource[0]!.n),
      Number(bySource[0]!.n),
    ]);
    const disagreeing = await t.db
      .selectFrom("metric_values")
      .select(["source", "org_code", "metric_id", "period_start"])
      .where("source", "in", ["ambsys", "derived-ambsys"])
      .where(sql<boolean>`'source_disagreement' = ANY (dq_flags)`)
      .execute();
    expect(disagreeing).toEqual([]);
  });

  it("DM01: a trust's waits are its raw Provider row; England adds NHS trusts, not the independent sector", async () => {
    const rows = readCsv("dm01/dm01_provider_2024-08_to_2025-07.csv").filter(
      (r) => r.period === "2024-08-01",
    );
    const r0a = rows.find((r) => r.provider_code === "R0A")!;
    const stored = await t.db
      .selectFrom("metric_values")
      .select(["metric_id", "numerator", "denominator", "value"])
      .where("source", "=", "dm01")
      .where("org_code", "=", "R0A")
      .where("period_start", "=", "2024-08-01")
      .execute();
    const of = (id: string) => stored.find((v) => v.metric_id === id);
    expect(of("diag_6wk")?.value).toBe(Number(r0a.waiting_6_plus_weeks));
    expect(of("diag_13wk")?.value).toBe(Number(r0a.waiting_13_plus_weeks));
    expect(of("diag_waiting_list")?.value).toBe(Number(r0a.total_waiting_list));
    expect(of("diag_6wk_pct")).toMatchObject({
      numerator: Number(r0a.waiting_6_plus_weeks),
      denominator: Number(r0a.total_waiting_list),
    });
    expect(of("diag_6wk_pct")?.value).toBeCloseTo(Number(r0a.share_waiting_6_plus_weeks) * 100, 9);
    // The figures in the catalogue's England caveat: all providers (the published England
    // total), and the NHS trusts (ODS trust list) that England's aggregate here adds.
    const sum = (rs: typeof rows, column: string) => rs.reduce((s, r) => s + Number(r[column]), 0);
    expect([sum(rows, "total_waiting_list"), sum(rows, "waiting_6_plus_weeks")]).toEqual([
      1_562_141, 374_205,
    ]);
    const trusts = new Set(
      fs
        .readFileSync(path.join(sharedDataDir, "ods/etr.csv"), "utf8")
        .split(/\r?\n/)
        .map((l) => splitLine(l)[0]),
    );
    const nhs = rows.filter((r) => trusts.has(r.provider_code));
    const england = (await aggregateSeries(t.db, "diag_6wk_pct", { kind: "england" })).find(
      (p) => p.periodStart === "2024-08-01",
    );
    expect(england).toMatchObject({
      numerator: sum(nhs, "waiting_6_plus_weeks"),
      denominator: sum(nhs, "total_waiting_list"),
    });
    expect([england?.numerator, england?.denominator]).toEqual([360_874, 1_449_116]);
  });

  it("DM01 by test: a trust's MRI waits are its raw row; the Total row (16) is the provider row and is not stored", async () => {
    const rows = readCsv("dm01/dm01_provider_by_test_2024-08_to_2025-07.csv").filter(
      (r) => r.period === "2024-08-01" && r.provider_code === "R0A",
    );
    const mri = rows.find((r) => r.diagnostic_id === "1")!;
    const [stored] = await series(t.db, {
      orgCode: "R0A",
      metricId: "diag_6wk_pct_mri",
      from: "2024-08-01",
      to: "2024-08-01",
    });
    expect(stored).toMatchObject({
      numerator: Number(mri.waiting_6_plus_weeks),
      denominator: Number(mri.total_waiting_list),
      source: "dm01-by-test",
    });
    // The per-test lists stored add up to the provider's list once: the Total row is not among them.
    const total = rows.find((r) => r.diagnostic_id === "16")!;
    const perTest = await t.db
      .selectFrom("metric_values")
      .select((eb) => eb.fn.sum<number>("denominator").as("listed"))
      .where("source", "=", "dm01-by-test")
      .where("org_code", "=", "R0A")
      .where("period_start", "=", "2024-08-01")
      .executeTakeFirstOrThrow();
    expect(Number(perTest.listed)).toBe(Number(total.total_waiting_list));
    const [provider] = await series(t.db, {
      orgCode: "R0A",
      metricId: "diag_waiting_list",
      from: "2024-08-01",
      to: "2024-08-01",
    });
    expect(provider?.value).toBe(Number(total.total_waiting_list));
  });

  it("KH03: a trust's quarterly G&A occupancy is its raw row, and England's Q4 2024-25 is 92.5%", async () => {
    const rows = readCsv("kh03/kh03_overnight_beds_by_sector_2024q2_to_2025q1.csv").filter(
      (r) => r.financial_year === "2024-25" && r.quarter_end_month === "March",
    );
    const r0a = rows.find((r) => r.org_code === "R0A")!;
    const [ga] = await series(t.db, {
      orgCode: "R0A",
      metricId: "kh03_occupancy_ga",
      periodType: "quarter",
      from: "2025-01-01",
      to: "2025-01-01",
    });
    expect(ga).toMatchObject({
      numerator: Number(r0a.occupied_general_acute),
      denominator: Number(r0a.available_general_acute),
      source: "kh03",
    });
    const occupied = rows.reduce((s, r) => s + Number(r.occupied_general_acute), 0);
    const available = rows.reduce((s, r) => s + Number(r.available_general_acute), 0);
    const england = (
      await aggregateSeries(t.db, "kh03_occupancy_ga", { kind: "england" }, "quarter")
    ).find((p) => p.periodStart === "2025-01-01");
    expect(england?.value).toBeCloseTo((occupied / available) * 100, 6);
    expect(england?.value?.toFixed(1)).toBe("92.5");
    // Never joined with the monthly situation-report series.
    const joined = await t.db
      .selectFrom("metric_values")
      .select("metric_id")
      .where("source", "=", "kh03")
      .where("metric_id", "not like", "kh03_occupancy_%")
      .execute();
    expect(joined).toEqual([]);
  });

  it("cancelled operations: a trust's quarter is its raw row", async () => {
    const raw = readCsv("cancelled-ops/cancelled_ops_provider_2024q2_to_2025q1.csv").find(
      (r) => r.org_code === "R0A" && r.quarter?.startsWith("Quarter 2, 2024-25"),
    )!;
    const [share] = await series(t.db, {
      orgCode: "R0A",
      metricId: "cancelled_ops_28d_pct",
      periodType: "quarter",
      from: "2024-07-01",
      to: "2024-07-01",
    });
    expect(share).toMatchObject({
      numerator: Number(raw.not_treated_within_28_days),
      denominator: Number(raw.last_minute_cancellations),
      source: "cancelled-ops",
    });
  });

  it("Talking Therapies: a trust's recovery rate is its raw row as published; suppressed values are missing, never zero", async () => {
    const raw = readCsv("humaniverse-healthyr/england_trust_iapt.csv");
    const row = raw.find(
      (r) =>
        r.nhs_trust22_code === "R1F" && r.date === "May 2022" && r.name === "Percentage_Recovery",
    )!;
    const [may] = await series(t.db, {
      orgCode: "R1F",
      metricId: "iapt_recovery",
      periodType: "month",
      from: "2022-05-01",
      to: "2022-05-01",
    });
    expect(may).toMatchObject({
      value: Number(row.value),
      numerator: null,
      source: "humaniverse-iapt",
    });
    const suppressed = raw.filter((r) => r.name === "Percentage_Recovery" && r.value === "");
    expect(suppressed.length).toBeGreaterThan(0);
    const { rows } = await t.pool.query<{ org: string; period: string; value: number | null }>(
      `SELECT org_code AS org, to_char(period_start, 'FMMonth YYYY') AS period, value
       FROM metric_values WHERE source = 'humaniverse-iapt' AND metric_id = 'iapt_recovery' AND value IS NULL`,
    );
    expect(rows.map((r) => `${r.org} ${r.period}`).sort()).toEqual(
      suppressed.map((r) => `${r.nhs_trust22_code} ${r.date}`).sort(),
    );
  });

  it("Staff Survey: a trust's score and base are its raw row; R1F is the acute sector R1F1; only NHS trusts are stored", async () => {
    const raw = readCsv("nhs-staff-survey/nss24_themes.csv");
    const byCode = new Map(raw.map((r) => [r.ods_code!, r]));
    const { rows } = await t.pool.query<{ org: string; value: number; base: number }>(
      `SELECT org_code AS org, value, denominator AS base FROM metric_values
       WHERE source = 'staff-survey' AND metric_id = 'nss_staff_engagement'
         AND period_type = 'financial_year' AND period_start = '2024-04-01'`,
    );
    const stored = new Map(rows.map((r) => [r.org, r]));
    for (const [org, rawCode] of [
      ["RJ1", "RJ1"],
      ["R1F", "R1F1"],
    ] as const) {
      const line = byCode.get(rawCode)!;
      expect(stored.get(org), org).toEqual({
        org,
        value: Number(line.staff_engagement_score),
        base: Number(line.staff_engagement_base),
      });
    }
    const trustGroups = raw.filter(
      (r) => !/^(ICBs|CSUs|Social Enterprises|Community Surgical)/.test(r.benchmarking_group!),
    );
    // Every trust row but Isle of Wight's ambulance sector (R1F2), which has no trust of its own.
    expect(rows.length).toBe(trustGroups.length - 1);
    expect(stored.has("R1F1") || stored.has("R1F2")).toBe(false);
  });

  it("re-importing the folder changes nothing", async () => {
    const again = await importPaths(t, [sharedDataDir]);
    expect(again.failed).toEqual([]);
    expect(again.imported.every((r) => r.status === "unchanged")).toBe(true);
  });
});
