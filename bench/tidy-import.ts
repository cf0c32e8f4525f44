/**
 * Tidy-format import throughput beside PostgreSQL's own COPY of the same file, in the same run on
 * the same server. Ours parses, validates (metric ids, dates, numbers, value consistency), stages
 * with COPY and merges idempotently with revision tracking; the baseline only COPYs the CSV into
 * an indexed table shaped like metric_values. Target: at least half of COPY's rate.
 */
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { catalogue } from "../src/metrics/catalogue/index.js";
import { addPeriods } from "../src/metrics/period.js";
import { valueBounds } from "../src/metrics/plausibility.js";
import { upsertOrganisations } from "../src/storage/organisation-writer.js";
import { importFile } from "../src/ingest/import-file.js";
import type { Database } from "../src/storage/database.js";
import { mulberry32 } from "./random.js";

const ORGS = 250;
const orgCode = (i: number): string => `ZB${String(i).padStart(3, "0")}`;

export async function writeTidyFile(file: string, rows: number, seed = 1): Promise<number> {
  const random = mulberry32(seed);
  const metrics = catalogue.filter((m) => m.reportedBy.includes("acute_trust"));
  const perPeriod = ORGS * metrics.length;
  const out = createWriteStream(file);
  out.write("org_code,metric_id,period_start,period_type,numerator,denominator,value\n");
  let buffer = "";
  for (let i = 0; i < rows; i++) {
    const period = addPeriods("2000-01-01", "month", Math.floor(i / perPeriod));
    const m = metrics[i % metrics.length]!;
    const org = orgCode(Math.floor(i / metrics.length) % ORGS);
    const den = 1000 + Math.floor(random() * 10000);
    const num = Math.floor(den * (0.5 + random() * 0.5));
    // Percentages as a numerator over a denominator (50–100%); every other unit as a value the
    // import accepts for it (metrics/plausibility.ts: a score 1–4, a whole count, …).
    if (m.unit === "percentage") buffer += `${org},${m.id},${period},month,${num},${den},\n`;
    else {
      const { min, max, whole } = valueBounds(m);
      const value = min + random() * (Math.min(max, min + 10_000) - min);
      buffer += `${org},${m.id},${period},month,,,${whole ? Math.round(value) : value.toFixed(3)}\n`;
    }
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await new Promise<void>((r) => out.once("drain", () => r()));
      buffer = "";
    }
  }
  out.end(buffer);
  await new Promise<void>((r) => out.on("finish", () => r()));
  return (await fs.stat(file)).size;
}

export async function benchTidyImport(
  database: Database,
  workDir: string,
  rows = 1_000_000,
): Promise<Record<string, unknown>> {
  const file = path.join(workDir, "tidy-bench.csv");
  const bytes = await writeTidyFile(file, rows);

  // Baseline: PostgreSQL's COPY of the same CSV into metric_values itself (same indexes), under
  // a source of its own, removed again before our import runs.
  const client = await database.pool.connect();
  let copySeconds: number;
  try {
    await client.query("ALTER TABLE metric_values ALTER COLUMN source SET DEFAULT 'bench_copy'");
    const start = process.hrtime.bigint();
    await pipeline(
      createReadStream(file, { highWaterMark: 1 << 20 }),
      client.query(
        copyFrom(
          "COPY metric_values (org_code, metric_id, period_start, period_type, numerator, denominator, value) FROM STDIN WITH (FORMAT csv, HEADER true)",
        ),
      ),
    );
    copySeconds = Number(process.hrtime.bigint() - start) / 1e9;
  } finally {
    await client.query("ALTER TABLE metric_values ALTER COLUMN source DROP DEFAULT");
    await client.query("DELETE FROM metric_values WHERE source = 'bench_copy'");
    client.release();
  }
  await database.pool.query("VACUUM ANALYZE metric_values");

  // The trusts are registered first, as a reference list would: one tidy file may add at most 20
  // new organisations (import-file.ts). Not timed; COPY's baseline writes no organisations either.
  const registering = await database.pool.connect();
  try {
    await upsertOrganisations(
      registering,
      Array.from({ length: ORGS }, (_, i) => ({
        orgCode: orgCode(i),
        name: `Bench Trust ${i}`,
        kind: "acute_trust",
        regionCode: null,
        icbCode: null,
        postcode: null,
        openDate: null,
        closeDate: null,
        successorCode: null,
      })),
      "bench",
    );
  } finally {
    registering.release();
  }

  const start = process.hrtime.bigint();
  const report = await importFile(database, file);
  const oursSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const checksSeconds = (report.quality?.durationMs ?? 0) / 1000;
  if (report.inserted !== rows)
    throw new Error(`expected ${rows} values inserted, got ${report.inserted}`);

  const again = process.hrtime.bigint();
  const second = await importFile(database, file);
  const noopSeconds = Number(process.hrtime.bigint() - again) / 1e9;
  await fs.rm(file, { force: true });
  return {
    name: "tidy_import",
    rows,
    megabytes: +(bytes / 1e6).toFixed(1),
    oursSeconds: +oursSeconds.toFixed(3),
    oursRowsPerSecond: Math.round(rows / oursSeconds),
    copySeconds: +copySeconds.toFixed(3),
    copyRowsPerSecond: Math.round(rows / copySeconds),
    ratioToCopy: +(copySeconds / oursSeconds).toFixed(3),
    qualityChecksSeconds: +checksSeconds.toFixed(3),
    writeOnlySeconds: +(oursSeconds - checksSeconds).toFixed(3),
    writeOnlyRatioToCopy: +(copySeconds / (oursSeconds - checksSeconds)).toFixed(3),
    qualityTimingsMs: report.quality?.timings,
    target: ">= 0.5 of COPY's rate",
    reimportStatus: second.status,
    reimportSeconds: +noopSeconds.toFixed(3),
  };
}
