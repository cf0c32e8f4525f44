/**
 * Writes the synthetic demo data set (src/ingest/demo) to the database, replacing any earlier
 * demo data in one transaction, and runs the after-import pipeline (after-import.ts) in it as
 * every import does. Real organisations and imported values are never touched.
 */
import { createHash } from "node:crypto";
import type { Database } from "../storage/database.js";
import { withTransaction } from "../storage/transaction.js";
import { copyValuesDirect } from "../storage/value-writer.js";
import type { MetricValueInput } from "../metrics/values.js";
import { afterImport } from "./after-import.js";
import { generateDemo } from "./demo/index.js";

export interface LoadDemoOptions {
  orgs: number;
  months: number;
  seed: number;
  metricMultiplier?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface LoadDemoResult {
  organisations: number;
  metrics: number;
  values: number;
  durationMs: number;
}

export const DEMO_SOURCE = "demo";

function* batched(
  values: Iterable<MetricValueInput>,
  size: number,
  onBatch: (n: number) => void,
): Generator<MetricValueInput[]> {
  let batch: MetricValueInput[] = [];
  for (const v of values) {
    batch.push(v);
    if (batch.length === size) {
      onBatch(batch.length);
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) {
    onBatch(batch.length);
    yield batch;
  }
}

export async function loadDemo(
  database: Database,
  options: LoadDemoOptions,
): Promise<LoadDemoResult> {
  const started = Date.now();
  const demo = generateDemo({
    orgs: options.orgs,
    months: options.months,
    seed: options.seed,
    metricMultiplier: options.metricMultiplier ?? 1,
  });
  const expected = demo.valueCount;
  const values = await withTransaction(database, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [DEMO_SOURCE]);
    await client.query("DELETE FROM metric_values WHERE source = $1", [DEMO_SOURCE]);
    await client.query("DELETE FROM organisations WHERE synthetic");
    await client.query("DELETE FROM imports WHERE source = $1", [DEMO_SOURCE]);
    const o = demo.organisations;
    await client.query(
      `INSERT INTO organisations (org_code, name, kind, region_code, icb_code, open_date, close_date, successor_code, synthetic, source)
       SELECT *, true, $9 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::text[])`,
      [
        o.map((x) => x.orgCode),
        o.map((x) => x.name),
        o.map((x) => x.kind),
        o.map((x) => x.regionCode),
        o.map((x) => x.icbCode),
        o.map((x) => x.openDate),
        o.map((x) => x.closeDate),
        o.map((x) => x.successorCode),
        DEMO_SOURCE,
      ],
    );
    // Clones made by --metric-multiplier are registered so that values always name a known metric.
    const m = demo.metrics;
    await client.query(
      `INSERT INTO metrics (metric_id, title, unit, improvement_direction, topic, aggregation, definition, catalogue_version)
       SELECT id, title, unit, dir, topic, agg, def::jsonb, 'demo' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS t(id, title, unit, dir, topic, agg, def)
       ON CONFLICT (metric_id) DO NOTHING`,
      [
        m.map((x) => x.id),
        m.map((x) => x.title),
        m.map((x) => x.unit),
        m.map((x) => x.improvementDirection),
        m.map((x) => x.topic),
        m.map((x) => x.aggregation),
        m.map((x) => JSON.stringify(x)),
      ],
    );
    const checksum = createHash("sha256")
      .update(JSON.stringify({ ...options, onProgress: undefined }))
      .digest("hex");
    const { rows } = await client.query<{ import_id: number }>(
      `INSERT INTO imports (source, format, file_name, checksum, bytes, status)
       VALUES ($1, 'demo', $2, $3, 0, 'running') RETURNING import_id`,
      [
        DEMO_SOURCE,
        `synthetic demo (orgs ${options.orgs}, months ${options.months}, seed ${options.seed})`,
        checksum,
      ],
    );
    const importId = rows[0]!.import_id;
    let done = 0;
    const written = await copyValuesDirect(
      client,
      DEMO_SOURCE,
      importId,
      batched(demo.values(), 20_000, (n) => {
        done += n;
        options.onProgress?.(done, expected);
      }),
    );
    await client.query(
      `UPDATE imports SET rows_read = $2, values_inserted = $2 WHERE import_id = $1`,
      [importId, written],
    );
    const quality = await afterImport(client, {
      importId,
      formatId: "demo",
      kind: "values",
      source: DEMO_SOURCE,
      written,
    });
    await client.query(`UPDATE imports SET report = $2 WHERE import_id = $1`, [
      importId,
      JSON.stringify({ format: "demo", quality }),
    ]);
    return written;
  });
  await database.pool.query("ANALYZE metric_values");
  return {
    organisations: demo.organisations.length,
    metrics: demo.metrics.length,
    values,
    durationMs: Date.now() - started,
  };
}
