/**
 * Aggregates and comparisons on the real shared NHS data, checked against sums computed here
 * directly from the raw CSV: a region's and England's 4-hour performance for one month, and one
 * real trust's comparison and opportunity. Skips (with a message) where the shared data is absent.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvTextRecords } from "../../../src/ingest/csv.js";
import { importPaths } from "../../../src/ingest/import-paths.js";
import { createAnalyticsService, type AnalyticsService } from "../../../src/metrics/service.js";
import { createAnalyticsStore } from "../../../src/storage/analytics-store.js";
import { seedReference } from "../../../src/storage/reference.js";
import { quantileSorted } from "../../../src/stats/quantile.js";
import { wilsonLimits } from "../../../src/stats/intervals.js";
import { testDatabase, type TestDatabase } from "../../support/db.js";
import { sharedDataDir, sharedDataMissing } from "../../support/requirements.js";

const skip = sharedDataMissing();
const AE = () => path.join(sharedDataDir, "derived", "ae_trust_monthly_2021_2025_clean.csv");
const TRUSTS = () => path.join(sharedDataDir, "derived", "trusts_reference.csv");
const MONTH = "2024-01-01";
const TRUST = "RJ1"; // Guy's and St Thomas'

/** The file's rows as objects keyed by the header's names (blank lines skipped). */
function csv(file: string): Record<string, string>[] {
  const [header, ...rows] = csvTextRecords(readFileSync(file, "utf8"), { fileName: file }).filter(
    (r) => !(r.cells.length === 1 && r.cells[0] === ""),
  );
  return rows.map((r) => Object.fromEntries(header!.cells.map((name, i) => [name, r.cells[i]!])));
}

describe.skipIf(skip !== null)("analytics on the real shared data", () => {
  let t: TestDatabase;
  let service: AnalyticsService;
  const region = new Map<string, string>();
  let rows: { org: string; attendances: number; within: number }[] = [];

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    const result = await importPaths(t, [TRUSTS(), AE()]);
    expect(result.failed).toEqual([]);
    service = createAnalyticsService(createAnalyticsStore(t));
    for (const r of csv(TRUSTS())) region.set(r.org_code!, r.region_ods_code!);
    const known = new Set(
      (await t.db.selectFrom("organisations").select("org_code").execute()).map((o) => o.org_code),
    );
    rows = csv(AE())
      .filter(
        (r) =>
          r.period === MONTH &&
          r.attendances_all_types !== "" &&
          r.attendances_over_4h !== "" &&
          known.has(r.org_code!),
      )
      .map((r) => ({
        org: r.org_code!,
        attendances: Number(r.attendances_all_types),
        within: Number(r.attendances_all_types) - Number(r.attendances_over_4h),
      }));
  }, 300_000);
  afterAll(async () => t?.drop());

  it("England's and the region's 4-hour performance equal the sums from the CSV", async () => {
    const r = await service.compare(TRUST, "ae_4hr_all", "2024-01");
    const en = rows.reduce((s, x) => ({ n: s.n + x.within, d: s.d + x.attendances }), {
      n: 0,
      d: 0,
    });
    expect(r.england?.numerator).toBe(en.n);
    expect(r.england?.denominator).toBe(en.d);
    expect(r.england?.value).toBeCloseTo((en.n / en.d) * 100, 10);
    const reg = rows.filter((x) => region.get(x.org) === r.organisation.regionCode);
    const rn = reg.reduce((s, x) => s + x.within, 0);
    const rd = reg.reduce((s, x) => s + x.attendances, 0);
    expect(r.organisation.regionCode).toBe("Y56");
    expect(r.region?.numerator).toBe(rn);
    expect(r.region?.denominator).toBe(rd);
    expect(r.region?.value).toBeCloseTo((rn / rd) * 100, 10);
    expect(r.region?.reporting).toBe(reg.length);
  });

  it("a real trust's interval, comparison and opportunity are reproducible from the printed inputs", async () => {
    const r = await service.compare(TRUST, "ae_4hr_all", "2024-01");
    const own = rows.find((x) => x.org === TRUST)!;
    expect(r.value.numerator).toBe(own.within);
    expect(r.value.denominator).toBe(own.attendances);
    const w = wilsonLimits(own.within, own.attendances, 1.959964);
    expect(r.value.ci95?.lower).toBeCloseTo(w.lower * 100, 10);
    // Peer distribution = type 7 quantiles of the peers' printed values.
    const values = r.peerValues.map((p) => p.value!).sort((a, b) => a - b);
    expect(r.distribution.q3).toBeCloseTo(quantileSorted(values, 0.75), 12);
    const opp = await service.opportunities(TRUST);
    const o = opp.opportunities.find((x) => x.metricId === "ae_4hr_all")!;
    if (o.status === "gap") {
      expect(o.amount).toBeCloseTo(((o.benchmark!.value - o.value!) / 100) * o.denominator!, 9);
    } else {
      expect(o.amount).toBe(0);
    }
  });
});
