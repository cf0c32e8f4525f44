// Issue 14, item 1: two values of 1e308 stored before any import check made the group sum
// overflow in PostgreSQL ("value out of range: overflow") and took down region, network and ICB
// dashboards with a 500. Against a real database (values inserted directly, bypassing import),
// every affected page must render and show no non-finite number.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReference } from "../../../src/storage/reference.js";
import { aggregateSeries } from "../../../src/storage/repositories/aggregates.js";
import { createAppFromDatabase } from "../../../src/web/compose.js";
import { testDatabase, type TestDatabase } from "../../support/db.js";

describe("group aggregates of overflowing values", () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    await t.pool.query(
      `INSERT INTO organisations (org_code, name, kind, region_code, icb_code, source)
       VALUES ('ZP1', 'Trust One', 'acute_trust', 'Y56', 'QMF', 'test'),
              ('ZP2', 'Trust Two', 'acute_trust', 'Y56', 'QMF', 'test')`,
    );
    await t.pool.query(
      `INSERT INTO network_members (network_id, org_code, origin) VALUES ('london-uec', 'ZP1', 'manual'), ('london-uec', 'ZP2', 'manual')`,
    );
    // Three sane months, then a month where each trust's figures are 1e308: their sum overflows.
    const rows: string[] = [];
    for (const org of ["ZP1", "ZP2"]) {
      for (const [month, big] of [
        ["2025-01-01", false],
        ["2025-02-01", false],
        ["2025-03-01", false],
        ["2025-04-01", true],
      ] as const) {
        const n = big ? "1e308" : "750";
        const d = big ? "1e308" : "1000";
        rows.push(
          `('${org}', 'ae_4hr_all', 'month', '${month}', 'ae-monthly', ${n}, ${d}, ${big ? "100" : "75"})`,
          `('${org}', 'ae_attendances_all', 'month', '${month}', 'ae-monthly', NULL, NULL, ${big ? "1e308" : "1000"})`,
        );
      }
    }
    await t.pool.query(
      `INSERT INTO metric_values (org_code, metric_id, period_type, period_start, source, numerator, denominator, value)
       VALUES ${rows.join(", ")}`,
    );
    app = await createAppFromDatabase({ db: t.db, pool: t.pool });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it("marks an overflowing period's aggregate unavailable with a reason, not an error", async () => {
    const points = await aggregateSeries(t.db, "ae_attendances_all", {
      kind: "region",
      regionCode: "Y56",
    });
    expect(points.map((p) => p.value)).toEqual([2000, 2000, 2000, null]);
    expect(points.at(-1)?.unavailable).toMatch(/too large/);
    const ratio = await aggregateSeries(t.db, "ae_4hr_all", { kind: "england" });
    expect(ratio.slice(0, 3).map((p) => p.value)).toEqual([75, 75, 75]);
    expect(ratio.at(-1)).toMatchObject({ value: null, numerator: null, denominator: null });
    expect(ratio.every((p) => p.value === null || Number.isFinite(p.value))).toBe(true);
  });

  for (const path of [
    "/regions/Y56",
    "/group/network:london-uec",
    "/icbs/QMF",
    "/org/ZP1",
    "/org/ZP1/metric/ae_attendances_all",
    "/org/ZP1/metric/ae_4hr_all",
    "/metric/ae_4hr_all",
  ]) {
    it(`renders ${path} with no NaN or Infinity`, async () => {
      const res = await app.inject(path);
      expect(res.statusCode, res.body.slice(0, 2000)).toBe(200);
      expect(res.body).not.toMatch(/NaN|Infinity|∞/);
    });
  }

  it("says why the latest aggregate is not available", async () => {
    const res = await app.inject("/regions/Y56");
    expect(res.body).toMatch(
      /Not available<\/strong><br><span[^>]*>The members&#39; figures add up to a number too large/,
    );
  });
});
