/**
 * Import throughput for real publication layouts, beside DuckDB reading the same file in the same
 * run:
 *
 * 1. The largest shared file (humaniverse daily discharges, ~3.5 MB, 149k rows → day, week and
 *    month values): a full import (parse, COPY, merge, quality checks).
 * 2. A generated file in NHS England's official monthly A&E layout (`gigabytes`, default 1 GB;
 *    written by a seeded generator, streamed, never held in memory): the parse path alone (CSV
 *    reading + the ae-monthly format, no database), then the full import into PostgreSQL.
 * 3. DuckDB `read_csv` + `GROUP BY` of the same generated file (England totals by period), the
 *    usual analyst's alternative. `@duckdb/node-api` is an optional dev dependency: when it is not
 *    installed the row says "duckdb unavailable".
 *
 * Ratios are reported as they come out: DuckDB only scans and aggregates (vectorised C++, no
 * validation, no storage), while the import validates every cell, builds nine metric values per
 * row and writes them transactionally, so DuckDB is expected to be much faster at its narrower job.
 */
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { catalogue } from "../src/metrics/catalogue/index.js";
import { csvFileRecords } from "../src/ingest/csv.js";
import { importFile } from "../src/ingest/import-file.js";
import { Problems } from "../src/ingest/problems.js";
import { aeMonthlyFormat } from "../src/ingest/sources/ae-monthly/index.js";
import type { Database } from "../src/storage/database.js";
import { mulberry32 } from "./random.js";

const HEADER =
  "Period,Org Code,Parent Org,Org name,A&E attendances Type 1,A&E attendances Type 2,A&E attendances Other A&E Department,A&E attendances Booked Appointments Type 1,A&E attendances Booked Appointments Type 2,A&E attendances Booked Appointments Other Department,Attendances over 4hrs Type 1,Attendances over 4hrs Type 2,Attendances over 4hrs Other Department,Attendances over 4hrs Booked Appointments Type 1,Attendances over 4hrs Booked Appointments Type 2,Attendances over 4hrs Booked Appointments Other Department,Patients who have waited 4-12 hs from DTA to admission,Patients who have waited 12+ hrs from DTA to admission,Emergency admissions via A&E - Type 1,Emergency admissions via A&E - Type 2,Emergency admissions via A&E - Other A&E department,Other emergency admissions";
const MONTHS = [
  "JANUARY",
  "FEBRUARY",
  "MARCH",
  "APRIL",
  "MAY",
  "JUNE",
  "JULY",
  "AUGUST",
  "SEPTEMBER",
  "OCTOBER",
  "NOVEMBER",
  "DECEMBER",
];
const ORGS = 2000;

/**
 * Writes an official-layout A&E file of about `bytes` bytes: ORGS fictional providers per month,
 * months counting up from January 1901 (every organisation and month once, so the file is valid).
 */
export async function writeAeMonthlyFile(
  file: string,
  bytes: number,
  seed = 1,
): Promise<{ bytes: number; rows: number }> {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo));
  const out = createWriteStream(file);
  let buffer = HEADER + "\r\n";
  let written = 0;
  let rows = 0;
  for (let month = 0; written + buffer.length < bytes && month < 3600; month++) {
    const period = `MSitAE-${MONTHS[month % 12]}-${1901 + Math.floor(month / 12)}`;
    for (let o = 0; o < ORGS; o++) {
      const t1 = o % 5 === 4 ? 0 : int(4000, 16000);
      const t2 = o % 7 === 0 ? int(100, 900) : 0;
      const other = int(1000, 6000);
      const over1 = t1 === 0 ? 0 : Math.floor(t1 * (0.2 + random() * 0.3));
      const adm1 = t1 === 0 ? 0 : Math.floor(t1 * 0.28);
      buffer += `${period},Z${String(o).padStart(4, "0")},NHS ENGLAND REGION ${o % 7},FICTIONAL PROVIDER ${o} NHS TRUST,${t1},${t2},${other},${int(0, 40)},0,${int(0, 30)},${over1},${Math.floor(t2 * 0.02)},${Math.floor(other * 0.05)},${int(0, 5)},0,${int(0, 5)},${t1 === 0 ? 0 : int(100, 1500)},${t1 === 0 ? 0 : int(0, 400)},${adm1},${Math.floor(t2 * 0.01)},${int(0, 20)},${t1 === 0 ? 0 : int(1000, 4000)}\r\n`;
      rows++;
      if (buffer.length > 1 << 20) {
        written += buffer.length;
        if (!out.write(buffer)) await new Promise<void>((r) => out.once("drain", () => r()));
        buffer = "";
      }
    }
  }
  out.end(buffer);
  await new Promise<void>((r) => out.on("finish", () => r()));
  return { bytes: (await fs.stat(file)).size, rows };
}

/** The parse path alone: CSV records → ae-monthly values, no database. */
export async function parseOnly(
  file: string,
): Promise<{ seconds: number; values: number; rows: number }> {
  const fileName = path.basename(file);
  const metrics = new Map(catalogue.map((m) => [m.id, m]));
  let header: string[] = [];
  let rows = 0;
  async function* records() {
    for await (const batch of csvFileRecords(file, { fileName })) {
      if (header.length === 0) {
        header = batch[0]!.cells;
        const rest = batch.slice(1);
        rows += rest.length;
        yield rest;
      } else {
        rows += batch.length;
        yield batch;
      }
    }
  }
  const start = process.hrtime.bigint();
  let values = 0;
  const iterator = records();
  const first = await iterator.next();
  const problems = new Problems(fileName);
  async function* all() {
    if (!first.done) yield first.value;
    yield* iterator;
  }
  for await (const batch of aeMonthlyFormat.parse(all(), { fileName, problems, metrics, header }))
    values += batch.length;
  problems.throwIfAny();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, values, rows };
}

interface DuckDbModule {
  DuckDBInstance: {
    create(path: string): Promise<{
      connect(): Promise<{ runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }> }>;
    }>;
  };
}

async function duckdb(
  file: string,
  megabytes: number,
  rows: number,
): Promise<Record<string, unknown>> {
  const moduleName = "@duckdb/node-api";
  const duck = (await import(moduleName).catch(() => undefined)) as DuckDbModule | undefined;
  if (!duck) return { name: "ae_monthly_duckdb", status: "duckdb unavailable" };
  const connection = await (await duck.DuckDBInstance.create(":memory:")).connect();
  const start = process.hrtime.bigint();
  const result = await connection.runAndReadAll(
    `SELECT "Period", sum("A&E attendances Type 1") AS att1, sum("Attendances over 4hrs Type 1") AS over1, count(*) AS providers
     FROM read_csv('${file.replace(/'/g, "''")}', header = true) GROUP BY 1`,
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    name: "ae_monthly_duckdb",
    groups: result.getRows().length,
    seconds: +seconds.toFixed(3),
    megabytesPerSecond: +(megabytes / seconds).toFixed(1),
    rowsPerSecond: Math.round(rows / seconds),
  };
}

export async function benchImport(
  database: Database,
  options: {
    sharedDataDir: string;
    workDir: string;
    /** Size of the generated file that is parsed and aggregated by us and by DuckDB (default 1 GB). */
    gigabytes?: number;
    /** Size of the generated file imported into PostgreSQL end to end (default 0.1 GB: a full 1 GB
     *  import with its quality checks takes tens of minutes on 2 cores). */
    importGigabytes?: number;
  },
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];

  const shared = path.join(
    options.sharedDataDir,
    "humaniverse-healthyr",
    "england_trust_discharged_patients.csv",
  );
  const sharedStat = await fs.stat(shared).catch(() => undefined);
  if (sharedStat) {
    const start = process.hrtime.bigint();
    const report = await importFile(database, shared);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const mb = sharedStat.size / 1e6;
    out.push({
      name: "import_shared_largest",
      file: path.basename(shared),
      format: report.format,
      status: report.status,
      megabytes: +mb.toFixed(1),
      rows: report.rowsRead,
      values: report.inserted + report.updated + report.unchanged,
      seconds: +seconds.toFixed(3),
      megabytesPerSecond: +(mb / seconds).toFixed(2),
      rowsPerSecond: Math.round(report.rowsRead / seconds),
      qualityChecksMs: report.quality?.durationMs,
    });
  } else
    out.push({
      name: "import_shared_largest",
      status: `shared data missing at ${options.sharedDataDir}`,
    });

  const file = path.join(options.workDir, "ae-monthly-bench.csv");
  const target = Math.round((options.gigabytes ?? 1) * 1e9);
  const generated = await writeAeMonthlyFile(file, target);
  const mb = generated.bytes / 1e6;
  try {
    const parsed = await parseOnly(file);
    const parse = {
      name: "ae_monthly_parse_only",
      megabytes: +mb.toFixed(1),
      rows: parsed.rows,
      values: parsed.values,
      seconds: +parsed.seconds.toFixed(3),
      megabytesPerSecond: +(mb / parsed.seconds).toFixed(1),
      rowsPerSecond: Math.round(parsed.rows / parsed.seconds),
    };
    out.push(parse);

    const duck = await duckdb(file, mb, generated.rows);
    if (typeof duck.seconds === "number")
      duck.ratioParseOnlyToDuckdb = +((duck.seconds as number) / parse.seconds).toFixed(3);
    out.push(duck);
  } finally {
    await fs.rm(file, { force: true });
  }

  // End to end into PostgreSQL (parse, validate, COPY, merge, quality checks) on a smaller file.
  const importFileName = path.join(options.workDir, "ae-monthly-import-bench.csv");
  const small = await writeAeMonthlyFile(
    importFileName,
    Math.round((options.importGigabytes ?? 0.1) * 1e9),
  );
  try {
    const smallMb = small.bytes / 1e6;
    const start = process.hrtime.bigint();
    const report = await importFile(database, importFileName, { format: "ae-monthly" });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    out.push({
      name: "ae_monthly_import",
      megabytes: +smallMb.toFixed(1),
      rows: report.rowsRead,
      values: report.inserted,
      seconds: +seconds.toFixed(3),
      megabytesPerSecond: +(smallMb / seconds).toFixed(2),
      rowsPerSecond: Math.round(report.rowsRead / seconds),
      qualityChecksMs: report.quality?.durationMs,
      qualityTimingsMs: report.quality?.timings,
    });
  } finally {
    await fs.rm(importFileName, { force: true });
  }
  return out;
}
