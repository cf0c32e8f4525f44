import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogue } from "../../src/metrics/catalogue/index.js";
import { seedReference } from "../../src/storage/reference.js";
import { aggregateSeries } from "../../src/storage/repositories/aggregates.js";
import { series } from "../../src/storage/repositories/values.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

/** The preferred-source rule, once: the views of migration 005 and the readers built on them. */
describe("preferred_values", () => {
  let t: TestDatabase;
  const metricId = catalogue.find((m) => m.aggregation === "sum_ratio")!.id;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    await t.pool.query(
      `INSERT INTO organisations (org_code, name, kind, source) VALUES ('ZP1', 'Test trust', 'acute_trust', 'test')`,
    );
    // Mar: official (10) beats snapshot (60); Apr: a source not in `sources` (500) beats demo (1000);
    // May: two sources at 40 → the first by id.
    await t.pool.query(
      `INSERT INTO metric_values (org_code, metric_id, period_type, period_start, source, numerator, denominator, value)
       VALUES ('ZP1', $1, 'month', '2024-03-01', 'snapshot-ae', 3, 1, 3),
              ('ZP1', $1, 'month', '2024-03-01', 'ae-monthly', 1, 1, 1),
              ('ZP1', $1, 'month', '2024-04-01', 'not-a-listed-source', 9, 1, 9),
              ('ZP1', $1, 'month', '2024-04-01', 'demo', 2, 1, 2),
              ('ZP1', $1, 'month', '2024-05-01', 'humaniverse-beds', 5, 1, 5),
              ('ZP1', $1, 'month', '2024-05-01', 'humaniverse-ae', 4, 1, 4)`,
      [metricId],
    );
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("ranks every value by its source's precedence, 500 for a source not listed", async () => {
    const { rows } = await t.pool.query<{ source: string; precedence: number }>(
      `SELECT source, precedence FROM ranked_values WHERE org_code = 'ZP1' ORDER BY source`,
    );
    expect(rows.find((r) => r.source === "ae-monthly")?.precedence).toBe(10);
    expect(rows.find((r) => r.source === "not-a-listed-source")?.precedence).toBe(500);
    expect(rows).toHaveLength(6);
  });

  it("keeps one value per key: lowest precedence, then source id", async () => {
    const points = await series(t.db, { orgCode: "ZP1", metricId });
    expect(points.map((p) => [p.periodStart, p.source, p.value])).toEqual([
      ["2024-03-01", "ae-monthly", 1],
      ["2024-04-01", "not-a-listed-source", 9],
      ["2024-05-01", "humaniverse-ae", 4],
    ]);
  });

  it("group aggregates read the same preferred values", async () => {
    const points = await aggregateSeries(t.db, metricId, { kind: "england" });
    expect(points.map((p) => [p.periodStart, p.numerator, p.reporting])).toEqual([
      ["2024-03-01", 1, 1],
      ["2024-04-01", 9, 1],
      ["2024-05-01", 4, 1],
    ]);
  });
});
