/**
 * ctr_rate, derived after imports (src/ingest/derive/ctr-rate.ts): patients not meeting the
 * criteria to reside per 100 occupied adult G&A beds, joined by organisation and period.
 *
 * Synthetic: the same result whichever input arrives first; a re-import changes nothing; a revised
 * input updates the rate with a revision; the preferred (lowest precedence) input is used; a key
 * that loses an input loses its rate. Real: the shared CTR and beds files, one trust and month
 * computed here from the raw CSVs.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DERIVED_CTR_RATE_SOURCE, deriveCtrRate } from "../../src/ingest/derive/ctr-rate.js";
import { importFile } from "../../src/ingest/import-file.js";
import { importPaths } from "../../src/ingest/import-paths.js";
import { seedReference } from "../../src/storage/reference.js";
import { series } from "../../src/storage/repositories/values.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";

interface Row {
  org_code: string;
  period_type: string;
  period_start: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

async function derivedRows(t: TestDatabase): Promise<Row[]> {
  const { rows } = await t.pool.query<Row>(
    `SELECT org_code, period_type, period_start::text, numerator, denominator, value
     FROM metric_values WHERE source = $1 AND metric_id = 'ctr_rate'
     ORDER BY org_code, period_type, period_start`,
    [DERIVED_CTR_RATE_SOURCE],
  );
  return rows;
}

async function revisionCount(t: TestDatabase): Promise<number> {
  const { rows } = await t.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM metric_value_revisions WHERE metric_id = 'ctr_rate'`,
  );
  return Number(rows[0]!.n);
}

const BEDS_HEADER = [
  "nhs_trust22_code",
  "date",
  "general_acute_beds_available",
  "general_acute_beds_occupied",
  "adult_general_acute_beds_available",
  "adult_general_acute_beds_occupied",
  "paediatric_general_acute_beds_available",
  "paediatric_general_acute_beds_occupied",
  "adult_critical_care_beds_available",
  "adult_critical_care_beds_occupied",
].join(",");

/** Adult occupied beds per org and month; the other columns are filler. */
function bedsCsv(rows: [string, string, number | ""][]): string {
  return [
    BEDS_HEADER,
    ...rows.map(([org, month, adult]) =>
      [org, month, 900, 850, 800, adult, 60, 40, 30, 25].join(","),
    ),
  ].join("\n");
}

/** Daily CTR counts: March 2024 for ZZA01 and ZZB02, the first 10 days of April for ZZA01. */
function ctrDays(change?: { day: string; patients: number }): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (let d = 1; d <= 31; d++) {
    const day = `2024-03-${String(d).padStart(2, "0")}`;
    out.push(["ZZA01", day, change?.day === day ? change.patients : 40 + ((d * 7) % 13)]);
    out.push(["ZZB02", day, 10 + (d % 5)]);
  }
  for (let d = 1; d <= 10; d++)
    out.push(["ZZA01", `2024-04-${String(d).padStart(2, "0")}`, 55 - d]);
  return out;
}

const ctrCsv = (days: [string, string, number][]) =>
  [
    `"nhs_trust22_code","date","do_not_meet_criteria_to_reside"`,
    ...days.map(([org, day, n]) => `"${org}",${day},${n}`),
  ].join("\n");

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("ctr_rate derived from criteria-to-reside patients and occupied adult G&A beds", () => {
  let dir = "";
  let ctrFirst: TestDatabase;
  let bedsFirst: TestDatabase;
  const files = {
    ctr: "",
    beds: "",
  };
  const days = ctrDays();
  const marchA = mean(days.filter(([o, d]) => o === "ZZA01" && d < "2024-04").map(([, , n]) => n));
  const aprilA = mean(days.filter(([o, d]) => o === "ZZA01" && d >= "2024-04").map(([, , n]) => n));

  beforeAll(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), "improve-ctr-rate-"));
    files.ctr = path.join(dir, "ctr.csv");
    files.beds = path.join(dir, "beds.csv");
    await fsp.writeFile(files.ctr, ctrCsv(days));
    // ZZB02 reports no occupied adult beds in March (a rate that cannot be computed); May has
    // beds but no CTR (no rate).
    await fsp.writeFile(
      files.beds,
      bedsCsv([
        ["ZZA01", "March 2024", 700],
        ["ZZA01", "April 2024", 710.5],
        ["ZZA01", "May 2024", 705],
        ["ZZB02", "March 2024", 0],
      ]),
    );
    [ctrFirst, bedsFirst] = await Promise.all([testDatabase(), testDatabase()]);
    await Promise.all([seedReference(ctrFirst.db), seedReference(bedsFirst.db)]);
    await importFile(ctrFirst, files.ctr);
    expect(await derivedRows(ctrFirst)).toEqual([]);
    await importFile(ctrFirst, files.beds);
    await importFile(bedsFirst, files.beds);
    expect(await derivedRows(bedsFirst)).toEqual([]);
    await importFile(bedsFirst, files.ctr);
  });
  afterAll(async () => {
    await Promise.all([ctrFirst?.drop(), bedsFirst?.drop()]);
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it("computes mean daily CTR patients / occupied adult G&A beds × 100 per org and month", async () => {
    const rows = await derivedRows(ctrFirst);
    expect(rows).toEqual([
      {
        org_code: "ZZA01",
        period_type: "month",
        period_start: "2024-03-01",
        numerator: marchA,
        denominator: 700,
        value: (marchA / 700) * 100,
      },
      {
        org_code: "ZZA01",
        period_type: "month",
        period_start: "2024-04-01",
        numerator: aprilA,
        denominator: 710.5,
        value: (aprilA / 710.5) * 100,
      },
      // Zero occupied beds: kept, with a null value (never a division by zero, never 0).
      {
        org_code: "ZZB02",
        period_type: "month",
        period_start: "2024-03-01",
        numerator: mean(days.filter(([o]) => o === "ZZB02").map(([, , n]) => n)),
        denominator: 0,
        value: null,
      },
    ]);
    // Readers see it like any other value.
    const shown = await series(ctrFirst.db, { orgCode: "ZZA01", metricId: "ctr_rate" });
    expect(shown.map((p) => [p.periodStart, p.source])).toEqual([
      ["2024-03-01", DERIVED_CTR_RATE_SOURCE],
      ["2024-04-01", DERIVED_CTR_RATE_SOURCE],
    ]);
  });

  it("gives the same values whichever input is imported first", async () => {
    expect(await derivedRows(bedsFirst)).toEqual(await derivedRows(ctrFirst));
  });

  it("serialises derivations, so inputs committed by two imports at once are both used", async () => {
    const both = await testDatabase();
    const [a, b] = [await both.pool.connect(), await both.pool.connect()];
    try {
      const insert = `INSERT INTO metric_values (org_code, metric_id, period_type, period_start,
        source, numerator, denominator, value) VALUES ('ZZC03', $1, 'month', '2024-03-01', $2, $3, $4, $5)`;
      await a.query("BEGIN");
      await b.query("BEGIN");
      await a.query(insert, ["ga_occupancy_adult", "humaniverse-beds", 500, 600, 500 / 6]);
      await b.query(insert, ["ctr_patients", "humaniverse-ctr", null, null, 50]);
      // a sees beds but no CTR yet; b, deriving meanwhile, must wait for a's commit to see beds.
      await deriveCtrRate(a, null);
      let waited = true;
      const second = deriveCtrRate(b, null).finally(() => (waited = false));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(waited).toBe(true);
      await a.query("COMMIT");
      await second;
      await b.query("COMMIT");
      expect(await derivedRows(both)).toEqual([
        {
          org_code: "ZZC03",
          period_type: "month",
          period_start: "2024-03-01",
          numerator: 50,
          denominator: 500,
          value: 10,
        },
      ]);
    } finally {
      a.release();
      b.release();
      await both.drop();
    }
  });

  it("changes nothing when the inputs are imported again", async () => {
    const before = await derivedRows(ctrFirst);
    const revisions = await revisionCount(ctrFirst);
    // The same bytes: a no-op by checksum. The same values in other bytes: recomputed, unchanged.
    expect((await importFile(ctrFirst, files.ctr)).status).toBe("unchanged");
    const respelt = path.join(dir, "ctr-respelt.csv");
    await fsp.writeFile(respelt, ctrCsv(days) + "\n\n");
    expect((await importFile(ctrFirst, respelt)).status).toBe("imported");
    expect(await derivedRows(ctrFirst)).toEqual(before);
    expect(await revisionCount(ctrFirst)).toBe(revisions);
  });

  it("updates the rate when an input is revised, keeping the old figures as a revision", async () => {
    const revised = path.join(dir, "ctr-revised.csv");
    const newDays = ctrDays({ day: "2024-03-15", patients: 400 });
    await fsp.writeFile(revised, ctrCsv(newDays));
    const report = await importFile(ctrFirst, revised);
    const march = mean(
      newDays.filter(([o, d]) => o === "ZZA01" && d < "2024-04").map(([, , n]) => n),
    );
    const rows = await derivedRows(ctrFirst);
    expect(rows[0]).toMatchObject({ numerator: march, value: (march / 700) * 100 });
    expect(rows[1]).toMatchObject({ numerator: aprilA });
    const { rows: revisions } = await ctrFirst.pool.query(
      `SELECT org_code, period_start::text, old_value, new_value, import_id FROM metric_value_revisions
       WHERE metric_id = 'ctr_rate'`,
    );
    expect(revisions).toEqual([
      {
        org_code: "ZZA01",
        period_start: "2024-03-01",
        old_value: (marchA / 700) * 100,
        new_value: (march / 700) * 100,
        import_id: report.importId,
      },
    ]);
    const { rows: stamped } = await ctrFirst.pool.query(
      `SELECT import_id FROM metric_values WHERE source = $1 AND period_start = '2024-03-01' AND org_code = 'ZZA01'`,
      [DERIVED_CTR_RATE_SOURCE],
    );
    expect(stamped[0]!.import_id).toBe(report.importId);
  });

  it("uses the preferred source of each input (lowest precedence number)", async () => {
    // The derived monthly discharge table (precedence 30) outranks the daily roll-up (40).
    const monthly = path.join(dir, "discharge-monthly.csv");
    await fsp.writeFile(
      monthly,
      [
        "period,org_code,days_reported,discharged_total,discharged_by_1700,mean_daily_not_meeting_criteria_to_reside",
        "2024-04-01,ZZA01,30,300,100,71",
      ].join("\n"),
    );
    await importFile(bedsFirst, monthly);
    const april = (await derivedRows(bedsFirst)).find((r) => r.period_start === "2024-04-01");
    expect(april).toMatchObject({ numerator: 71, denominator: 710.5, value: (71 / 710.5) * 100 });
  });

  it("leaves no stale rate where an input has gone", async () => {
    const client = await bedsFirst.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `DELETE FROM metric_values WHERE metric_id = 'ga_occupancy_adult' AND org_code = 'ZZB02'`,
      );
      const counts = await deriveCtrRate(client);
      await client.query("COMMIT");
      expect(counts).toEqual({ inserted: 0, updated: 0, deleted: 1, unchanged: 2 });
    } finally {
      client.release();
    }
    expect((await derivedRows(bedsFirst)).map((r) => r.org_code)).toEqual(["ZZA01", "ZZA01"]);
  });
});

const missing = sharedDataMissing();

/** The shared files are plain: quoted codes, no commas or line breaks inside cells. */
function readCsv(relative: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(sharedDataDir, relative), "utf8").replace(/^\ufeff/, "");
  const [head = "", ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  const unquote = (c: string) => c.replace(/^"|"$/g, "");
  const names = head.split(",").map(unquote);
  return lines.map((l) => {
    const cells = l.split(",").map(unquote);
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ""]));
  });
}

describe.skipIf(missing)("ctr_rate from the shared CTR and beds files", () => {
  let t: TestDatabase;
  const ctrFile = "humaniverse-healthyr/england_trust_criteria_to_reside.csv";
  const bedsFile = "humaniverse-healthyr/england_critical_general_acute_beds.csv";

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    const result = await importPaths(t, [
      path.join(sharedDataDir, ctrFile),
      path.join(sharedDataDir, bedsFile),
    ]);
    expect(result.failed).toEqual([]);
    expect(result.imported).toHaveLength(2);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("matches a trust's month computed from the raw CSVs (RAJ, January 2023)", async () => {
    const daily = readCsv(ctrFile).filter(
      (r) =>
        r.nhs_trust22_code === "RAJ" &&
        r.date!.startsWith("2023-01-") &&
        r.do_not_meet_criteria_to_reside !== "",
    );
    expect(daily).toHaveLength(31);
    const patients =
      daily.reduce((s, r) => s + Number(r.do_not_meet_criteria_to_reside), 0) / daily.length;
    const beds = readCsv(bedsFile).find(
      (r) => r.nhs_trust22_code === "RAJ" && r.date === "January 2023",
    );
    const occupied = Number(beds!.adult_general_acute_beds_occupied);
    const [point] = await series(t.db, {
      orgCode: "RAJ",
      metricId: "ctr_rate",
      from: "2023-01-01",
      to: "2023-01-01",
    });
    expect(point?.source).toBe(DERIVED_CTR_RATE_SOURCE);
    expect(Math.abs(point!.numerator! - patients)).toBeLessThan(1e-9);
    expect(point!.denominator).toBe(occupied);
    expect(Math.abs(point!.value! - (patients / occupied) * 100)).toBeLessThan(1e-9);
  });

  it("has a rate for exactly the trust-months that have both CTR days and a beds row", async () => {
    const ctrMonths = new Set(
      readCsv(ctrFile)
        .filter((r) => r.nhs_trust22_code && r.do_not_meet_criteria_to_reside !== "")
        .map((r) => `${r.nhs_trust22_code} ${r.date!.slice(0, 7)}`),
    );
    const monthNumber = (name: string) =>
      String(new Date(`1 ${name} UTC`).getUTCMonth() + 1).padStart(2, "0");
    const both = readCsv(bedsFile)
      .map((r) => {
        const [month = "", year = ""] = r.date!.split(" ");
        return `${r.nhs_trust22_code} ${year}-${monthNumber(`${month} ${year}`)}`;
      })
      .filter((k) => ctrMonths.has(k));
    const rows = await derivedRows(t);
    expect(rows.every((r) => r.period_type === "month")).toBe(true);
    expect(rows.map((r) => `${r.org_code} ${r.period_start.slice(0, 7)}`).sort()).toEqual(
      [...new Set(both)].sort(),
    );
    // Plausible levels: typically 5–30 per 100 occupied adult beds.
    const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
    const median = values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    expect(median).toBeGreaterThan(5);
    expect(median).toBeLessThan(30);
  });
});
