/**
 * The data-quality checks (src/ingest/quality/) on values written straight into metric_values:
 * each check's rule, the details and findings in the report, how flags are recomputed (cleared
 * when fixed, importer flags kept, other sources' flags redone), and a randomised comparison of
 * gap_before, outlier_vs_history and negative with a plain reimplementation of their rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runQualityChecks, type QualitySummary } from "../../src/ingest/quality/index.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

interface Row {
  org: string;
  metric: string;
  start: string;
  type?: string;
  num?: number | null;
  den?: number | null;
  value?: number | null;
  flags?: string[];
}

/** First days of `n` consecutive months from `from` (YYYY-MM). */
function months(from: string, n: number): string[] {
  const [y, m] = from.split("-").map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    return d.toISOString().slice(0, 10);
  });
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** PostgreSQL's date + interval 'n months': the same day, or the month's last day if shorter. */
function addMonths(date: string, n: number): string {
  const [y, m, day] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, last));
  return first.toISOString().slice(0, 10);
}

/** percentile_cont(0.5) as PostgreSQL computes it. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = 0.5 * (s.length - 1);
  const lo = s[Math.floor(pos)]!;
  const hi = s[Math.ceil(pos)]!;
  return lo + (pos - Math.floor(pos)) * (hi - lo);
}

describe("data-quality checks", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    await t.pool.query(
      `INSERT INTO organisations (org_code, name, kind, source)
       SELECT code, 'Test trust ' || code, 'acute_trust', 'test' FROM unnest($1::text[]) AS code`,
      [["ZN1", "ZN2"]],
    );
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function put(source: string, rows: Row[]): Promise<void> {
    await t.pool.query(
      `INSERT INTO metric_values (org_code, metric_id, period_type, period_start, source, numerator, denominator, value, dq_flags)
       SELECT o, m, p, s::date, $1, n, d, v, coalesce(string_to_array(f, '|'), '{}')
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::float8[], $9::text[])
         AS r(o, m, p, s, n, d, v, f)`,
      [
        source,
        rows.map((r) => r.org),
        rows.map((r) => r.metric),
        rows.map((r) => r.type ?? "month"),
        rows.map((r) => r.start),
        rows.map((r) => r.num ?? null),
        rows.map((r) => r.den ?? null),
        rows.map((r) => (r.value === undefined ? null : r.value)),
        rows.map((r) => (r.flags ? r.flags.join("|") : null)),
      ],
    );
  }

  async function check(source: string): Promise<QualitySummary> {
    const client = await t.pool.connect();
    try {
      await client.query("BEGIN");
      const summary = await runQualityChecks(client, { source, written: 0 });
      await client.query("COMMIT");
      return summary;
    } finally {
      client.release();
    }
  }

  /** Non-empty flags of a source's values, keyed "org metric type start". */
  async function flags(source: string): Promise<Record<string, string[]>> {
    const { rows } = await t.pool.query<{ key: string; dq_flags: string[] }>(
      `SELECT org_code || ' ' || metric_id || ' ' || period_type || ' ' || period_start AS key, dq_flags
       FROM metric_values WHERE source = $1 AND dq_flags <> '{}' ORDER BY 1`,
      [source],
    );
    return Object.fromEntries(rows.map((r) => [r.key, r.dq_flags]));
  }

  it("flags negative values, and percentages (only) whose numerator exceeds the denominator", async () => {
    await put("zz-rows", [
      { org: "ZR1", metric: "ae_attendances_all", start: "2024-01-01", value: 10 },
      { org: "ZR1", metric: "ae_attendances_all", start: "2024-02-01", value: -5 },
      { org: "ZR1", metric: "ae_4hr_all", start: "2024-01-01", num: 110, den: 100, value: 110 },
      { org: "ZR1", metric: "ae_4hr_all", start: "2024-02-01", num: -1, den: 0, value: null },
      { org: "ZR1", metric: "ctr_rate", start: "2024-01-01", num: 50, den: 40, value: 125 },
    ]);
    const summary = await check("zz-rows");
    expect(summary.checks.negative).toMatchObject({
      flagged: 2,
      examples: [
        {
          orgCode: "ZR1",
          metricId: "ae_4hr_all",
          periodStart: "2024-02-01",
          detail: "numerator -1 denominator 0",
        },
        {
          orgCode: "ZR1",
          metricId: "ae_attendances_all",
          periodStart: "2024-02-01",
          value: -5,
          detail: "value -5",
        },
      ],
    });
    expect(summary.checks.numerator_exceeds_denominator).toMatchObject({
      flagged: 1,
      examples: [
        { metricId: "ae_4hr_all", periodStart: "2024-01-01", value: 110, detail: "110 > 100" },
      ],
    });
    expect(await flags("zz-rows")).toEqual({
      "ZR1 ae_4hr_all month 2024-01-01": ["numerator_exceeds_denominator"],
      "ZR1 ae_4hr_all month 2024-02-01": ["negative"],
      "ZR1 ae_attendances_all month 2024-02-01": ["negative"],
    });
  });

  it("flags the first value after a gap, whatever the period type or day of the month", async () => {
    const m = (org: string, start: string, value: number | null = 1, type = "month"): Row => ({
      org,
      metric: "ae_attendances_all",
      start,
      type,
      value,
    });
    await put("zz-gap", [
      // A missing month, a month with a missing value, a complete year.
      ...months("2024-01", 6)
        .filter((s) => s !== "2024-04-01")
        .map((s) => m("ZG1", s)),
      ...months("2024-01", 6).map((s) => m("ZG2", s, s === "2024-03-01" ? null : 1)),
      ...months("2023-01", 13).map((s) => m("ZG3", s)),
      // Days, ISO weeks, quarters.
      ...Array.from({ length: 10 }, (_, i) => addDays("2024-01-01", i))
        .filter((s) => s !== "2024-01-05")
        .map((s) => m("ZG4", s, 1, "day")),
      ...["2024-01-01", "2024-01-08", "2024-01-22"].map((s) => m("ZG5", s, 1, "week")),
      ...["2023-01-01", "2023-04-01", "2023-10-01"].map((s) => m("ZG6", s, 1, "quarter")),
      // Months not starting on the 1st: judged by date arithmetic, as the rule says.
      ...["2024-01-15", "2024-02-15", "2024-03-20"].map((s) => m("ZG7", s)),
      ...["2024-01-01", "2024-02-15", "2024-03-01"].map((s) => m("ZG8", s)),
    ]);
    const summary = await check("zz-gap");
    expect(await flags("zz-gap")).toEqual({
      "ZG1 ae_attendances_all month 2024-05-01": ["gap_before"],
      "ZG2 ae_attendances_all month 2024-04-01": ["gap_before"],
      "ZG4 ae_attendances_all day 2024-01-06": ["gap_before"],
      "ZG5 ae_attendances_all week 2024-01-22": ["gap_before"],
      "ZG6 ae_attendances_all quarter 2023-10-01": ["gap_before"],
      "ZG7 ae_attendances_all month 2024-03-20": ["gap_before"],
      "ZG8 ae_attendances_all month 2024-02-15": ["gap_before"],
    });
    expect(summary.checks.gap_before?.examples[0]).toMatchObject({
      orgCode: "ZG6",
      periodStart: "2023-10-01",
      detail: "previous value 2023-04-01",
    });
    expect(summary.checks.gap_before?.examples.map((e) => e.detail)).toContain(
      "previous value 2024-03-01",
    );
  });

  it("flags values more than 5 robust SDs from the series' median, in series of 12 or more with spread", async () => {
    const series = (org: string, values: number[]): Row[] =>
      months("2022-01", values.length).map((start, i) => ({
        org,
        metric: "ae_attendances_all",
        start,
        value: values[i]!,
      }));
    const steady = Array.from({ length: 24 }, (_, i) => 100 + (i % 3) - 1);
    // One source each: together, their repeating months would be duplicate periods.
    await put(
      "zz-outlier",
      series(
        "ZO1",
        steady.map((v, i) => (i === 10 ? 200 : v)),
      ),
    );
    await put(
      "zz-short",
      series(
        "ZO2",
        steady.slice(0, 11).map((v, i) => (i === 5 ? 500 : v)),
      ),
    );
    await put("zz-flat", series("ZO3", [...Array<number>(12).fill(100), 200]));
    const summary = await check("zz-outlier");
    expect(await flags("zz-outlier")).toEqual({
      "ZO1 ae_attendances_all month 2022-11-01": ["outlier_vs_history"],
    });
    expect((await check("zz-short")).checks).toEqual({});
    expect((await check("zz-flat")).checks).toEqual({});
    // Median 100, MAD 1: (200 − 100) / 1.4826 = 67.4 robust SDs.
    expect(summary.checks.outlier_vs_history?.examples).toMatchObject([
      { orgCode: "ZO1", value: 200, detail: "67.4 robust SDs from median 100.00" },
    ]);
  });

  it("finds a period repeating an earlier one for most organisations, and nothing where values only look alike", async () => {
    const metrics = ["ae_attendances_all", "ae_dta_12hr_waits", "ae_4hr_all"];
    const rows: Row[] = [];
    const figure = (org: number, metric: number, month: number) =>
      1000 + org * 100 + metric * 10 + month;
    for (let o = 1; o <= 4; o++)
      for (const [k, metric] of metrics.entries())
        for (const [i, start] of months("2024-01", 4).entries()) {
          // April repeats February for three of the four organisations.
          const month = i === 3 && o <= 3 ? 1 : i;
          rows.push(
            metric === "ae_4hr_all"
              ? { org: `ZD${o}`, metric, start, num: figure(o, k, month), den: 5000, value: 1 }
              : { org: `ZD${o}`, metric, start, value: figure(o, k, month) },
          );
        }
    await put("zz-dup", rows);
    const summary = await check("zz-dup");
    expect(summary.checks.duplicate_period?.findings).toEqual([
      {
        periodType: "month",
        periodStart: "2024-04-01",
        duplicateOf: "2024-02-01",
        organisations: 3,
        reporting: 4,
      },
    ]);
    expect(summary.checks.duplicate_period?.flagged).toBe(9);
    expect(summary.checks.duplicate_period?.examples[0]).toMatchObject({
      orgCode: "ZD1",
      periodStart: "2024-04-01",
      detail: "same as 2024-02-01",
    });

    // Missing is not zero, values swapped between metrics or between numerator and denominator
    // are not the same values, and all-zero months are alike for dull reasons.
    const alike: Row[] = [];
    for (let o = 1; o <= 3; o++) {
      const org = `ZE${o}`;
      alike.push(
        { org, metric: "ae_attendances_all", start: "2024-01-01", num: 0, value: 7 },
        { org, metric: "ae_attendances_all", start: "2024-02-01", num: null, value: 7 },
        { org, metric: "ae_dta_12hr_waits", start: "2024-01-01", value: 3 },
        { org, metric: "ae_dta_12hr_waits", start: "2024-02-01", value: 3 },
        { org, metric: "ae_attendances_all", start: "2024-03-01", value: 5 },
        { org, metric: "ae_dta_12hr_waits", start: "2024-03-01", value: 6 },
        { org, metric: "ae_attendances_all", start: "2024-04-01", value: 6 },
        { org, metric: "ae_dta_12hr_waits", start: "2024-04-01", value: 5 },
        { org, metric: "ae_4hr_all", start: "2024-05-01", num: 1, den: 2, value: 50 },
        { org, metric: "ae_4hr_all", start: "2024-06-01", num: 2, den: 1, value: 50 },
        { org, metric: "ae_attendances_all", start: "2024-07-01", value: 0 },
        { org, metric: "ae_attendances_all", start: "2024-08-01", value: 0 },
      );
    }
    await put("zz-alike", alike);
    expect((await check("zz-alike")).checks.duplicate_period).toBeUndefined();
  });

  it("flags an England value that differs from the sum of the providers", async () => {
    await put("zz-nat", [
      { org: "ZN1", metric: "ae_attendances_all", start: "2024-01-01", value: 100 },
      { org: "ZN2", metric: "ae_attendances_all", start: "2024-01-01", value: 200 },
      { org: "ENG", metric: "ae_attendances_all", start: "2024-01-01", value: 300 },
      { org: "ZN1", metric: "ae_attendances_all", start: "2024-02-01", value: 100 },
      { org: "ZN2", metric: "ae_attendances_all", start: "2024-02-01", value: 200 },
      { org: "ENG", metric: "ae_attendances_all", start: "2024-02-01", value: 350 },
      { org: "ZN1", metric: "ae_4hr_all", start: "2024-01-01", num: 80, den: 100, value: 80 },
      { org: "ZN2", metric: "ae_4hr_all", start: "2024-01-01", num: 150, den: 200, value: 75 },
      { org: "ENG", metric: "ae_4hr_all", start: "2024-01-01", num: 230, den: 310, value: 74 },
      // A 90th centile does not add up (not_aggregable): England's is never the providers' sum.
      { org: "ZN1", metric: "amb_cat2_90th", start: "2024-01-01", value: 40 },
      { org: "ZN2", metric: "amb_cat2_90th", start: "2024-01-01", value: 50 },
      { org: "ENG", metric: "amb_cat2_90th", start: "2024-01-01", value: 46 },
    ]);
    const summary = await check("zz-nat");
    expect(await flags("zz-nat")).toEqual({
      "ENG ae_4hr_all month 2024-01-01": ["national_total_mismatch"],
      "ENG ae_attendances_all month 2024-02-01": ["national_total_mismatch"],
    });
    expect(summary.checks.national_total_mismatch?.examples.map((e) => e.detail)).toEqual([
      "England 230/310, providers sum to 230/300",
      "England 350, providers sum to 300",
    ]);
  });

  it("flags the overruled source where two disagree, and recomputes that flag from either side", async () => {
    const at = (start: string, value: number | null, flags?: string[]): Row => ({
      org: "ZS1",
      metric: "ae_attendances_all",
      start,
      value,
      ...(flags ? { flags } : {}),
    });
    await put("ae-monthly", [
      at("2024-01-01", 80),
      at("2024-02-01", 80),
      at("2024-03-01", null),
      at("2024-04-01", 80),
    ]);
    // Within 0.1% in February; the tidy file's own flags (an importer's note, a gap) are not
    // source_disagreement's to touch.
    await put("tidy", [
      at("2024-01-01", 90),
      at("2024-02-01", 80.05),
      at("2024-03-01", 70),
      at("2024-04-01", 80, ["importer_note", "gap_before"]),
    ]);
    const tidy = await check("tidy");
    expect(tidy.checks.source_disagreement).toMatchObject({
      flagged: 2,
      examples: [
        {
          periodStart: "2024-01-01",
          source: "tidy",
          value: 90,
          detail: "overruled by ae-monthly (80.00)",
        },
        {
          periodStart: "2024-03-01",
          source: "tidy",
          value: 70,
          detail: "overruled by ae-monthly (missing)",
        },
      ],
    });
    expect(await flags("ae-monthly")).toEqual({});
    // tidy's own checks recomputed its gap flag (there is no gap) but kept the importer's note.
    expect(await flags("tidy")).toEqual({
      "ZS1 ae_attendances_all month 2024-01-01": ["source_disagreement"],
      "ZS1 ae_attendances_all month 2024-03-01": ["source_disagreement"],
      "ZS1 ae_attendances_all month 2024-04-01": ["importer_note"],
    });

    // Checking the official source again finds the same, and flags only the tidy values.
    await t.pool.query(
      `UPDATE metric_values SET dq_flags = dq_flags || '{gap_before}' WHERE source = 'tidy' AND period_start = '2024-03-01'`,
    );
    expect((await check("ae-monthly")).checks.source_disagreement?.flagged).toBe(2);
    // The tidy value is corrected (missing, as the official one): the official source's checks
    // clear its flag, and leave its other flags (this check's only) alone.
    await t.pool.query(
      `UPDATE metric_values SET value = NULL WHERE source = 'tidy' AND period_start = '2024-03-01'`,
    );
    expect((await check("ae-monthly")).checks.source_disagreement?.flagged).toBe(1);
    expect(await flags("tidy")).toEqual({
      "ZS1 ae_attendances_all month 2024-01-01": ["source_disagreement"],
      "ZS1 ae_attendances_all month 2024-03-01": ["gap_before"],
      "ZS1 ae_attendances_all month 2024-04-01": ["importer_note"],
    });

    // Equal precedence (two sources the registry does not know): both are flagged.
    await put("zz-a", [
      { org: "ZS2", metric: "ae_attendances_all", start: "2024-01-01", value: 1 },
    ]);
    await put("zz-b", [
      { org: "ZS2", metric: "ae_attendances_all", start: "2024-01-01", value: 2 },
    ]);
    const equal = await check("zz-a");
    expect(equal.checks.source_disagreement?.examples.map((e) => [e.source, e.detail])).toEqual([
      ["zz-a", "overruled by zz-b (2.00)"],
      ["zz-b", "overruled by zz-a (1.00)"],
    ]);
  });

  it("keeps a value's disagreement flag when a third source is imported: the flag is recomputed against every source, not the new one only", async () => {
    // The shared data's case: the CWT pipeline's later 62-day figure (30) is overruled by the
    // extract's provisional one (20); the extract's derived roll-up (35), equal to the extract,
    // then disagrees with the pipeline too. Before, its import cleared the pipeline's flag.
    const at = (value: number): Row => ({
      org: "ZS3",
      metric: "cancer_62d",
      start: "2024-10-01",
      num: value,
      den: 100,
      value,
    });
    await put("cwt-62d", [at(60)]);
    await put("cwt-extract", [at(58)]);
    await check("cwt-extract");
    expect(await flags("cwt-62d")).toEqual({
      "ZS3 cancer_62d month 2024-10-01": ["source_disagreement"],
    });
    await put("derived-cwt", [at(58)]);
    const derived = await check("derived-cwt");
    expect(derived.checks.source_disagreement?.examples.map((e) => [e.source, e.detail])).toEqual([
      ["cwt-62d", "overruled by cwt-extract (58.00)"],
      ["derived-cwt", "overruled by cwt-62d (60.00)"],
    ]);
    expect(await flags("cwt-62d")).toEqual({
      "ZS3 cancer_62d month 2024-10-01": ["source_disagreement"],
    });
    expect(await flags("cwt-extract")).toEqual({});
  });

  it("recomputes flags: clears those that no longer apply, keeps importers' flags, lists the checks' in check order", async () => {
    await put("zz-re", [
      {
        org: "ZF1",
        metric: "ae_attendances_all",
        start: "2024-01-01",
        value: 5,
        flags: ["importer_note", "negative"],
      },
      {
        org: "ZF1",
        metric: "ae_attendances_all",
        start: "2024-03-01",
        value: -5,
        flags: ["importer_note"],
      },
      {
        org: "ZF1",
        metric: "ae_attendances_all",
        start: "2024-04-01",
        value: 5,
        flags: ["outlier_vs_history", "importer_note"],
      },
    ]);
    const summary = await check("zz-re");
    expect(await flags("zz-re")).toEqual({
      "ZF1 ae_attendances_all month 2024-01-01": ["importer_note"],
      "ZF1 ae_attendances_all month 2024-03-01": ["importer_note", "gap_before", "negative"],
      "ZF1 ae_attendances_all month 2024-04-01": ["importer_note"],
    });
    expect(Object.keys(summary.timings)).toEqual([
      "prepare",
      "duplicate_period",
      "gap_before",
      "numerator_exceeds_denominator",
      "negative",
      "outlier_vs_history",
      "national_total_mismatch",
      "source_disagreement",
      "write_flags",
    ]);
    // A second run changes nothing.
    await check("zz-re");
    expect(Object.keys(await flags("zz-re"))).toHaveLength(3);
  });

  it("reports at most 10 examples, earliest first, and counts every flagged value", async () => {
    await put(
      "zz-many",
      months("2020-01", 15).map((start) => ({
        org: "ZM1",
        metric: "ae_attendances_all",
        start,
        value: -1,
      })),
    );
    const negative = (await check("zz-many")).checks.negative;
    expect(negative?.flagged).toBe(15);
    expect(negative?.examples.map((e) => e.periodStart)).toEqual(months("2020-01", 10));
  });

  it("agrees with a plain reimplementation of gap_before, outlier_vs_history and negative on random series", async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const rows: Row[] = [];
    const expected: Record<string, string[]> = {};
    const expect1 = (row: Row, flag: string) => {
      const key = `${row.org} ${row.metric} ${row.type} ${row.start}`;
      (expected[key] ??= []).push(flag);
    };
    for (let s = 0; s < 60; s++) {
      const type = (["month", "month", "day", "week", "quarter"] as const)[s % 5]!;
      const org = `ZX${String(s).padStart(2, "0")}`;
      // Months are mostly on the 1st; a few series start mid-month (checked the long way).
      const first =
        type === "day" || type === "month"
          ? s % 10 === 5
            ? "2021-01-17"
            : "2021-01-01"
          : type === "week"
            ? "2021-01-04"
            : "2021-01-01";
      const length = 1 + Math.floor(random() * 40);
      const series: Row[] = [];
      for (let i = 0; i < length; i++) {
        if (random() < (s % 3 === 0 ? 0 : 0.08)) continue; // absent
        const start =
          type === "day"
            ? addDays(first, i)
            : type === "week"
              ? addDays(first, 7 * i)
              : addMonths(first, type === "quarter" ? 3 * i : i);
        const r = random();
        const value =
          r < 0.05
            ? null
            : r < 0.08
              ? -Math.round(random() * 50)
              : r < 0.12
                ? 500 + random() * 1000
                : 100 + random() * 10;
        series.push({ org, metric: "ae_attendances_all", type, start, value });
      }
      rows.push(...series);
      const present = series.filter((r) => r.value !== null);
      for (const [i, row] of present.entries()) {
        const prev = present[i - 1];
        if (!prev) continue;
        const next =
          type === "day"
            ? addDays(prev.start, 1)
            : type === "week"
              ? addDays(prev.start, 7)
              : addMonths(prev.start, type === "quarter" ? 3 : 1);
        if (row.start > next) expect1(row, "gap_before");
      }
      for (const row of series) if ((row.value ?? 0) < 0) expect1(row, "negative");
      if (present.length >= 12) {
        const values = present.map((r) => r.value!);
        const m = median(values);
        const mad = median(values.map((v) => Math.abs(v - m)));
        for (const row of present)
          if (mad > 0 && Math.abs(row.value! - m) > 5 * 1.4826 * mad)
            expect1(row, "outlier_vs_history");
      }
    }
    for (const f of Object.values(expected))
      f.sort(
        (a, b) =>
          ["gap_before", "negative", "outlier_vs_history"].indexOf(a) -
          ["gap_before", "negative", "outlier_vs_history"].indexOf(b),
      );
    await put("zz-random", rows);
    await check("zz-random");
    expect(await flags("zz-random")).toEqual(expected);
    expect(Object.keys(expected).length).toBeGreaterThan(20);
  });
});
