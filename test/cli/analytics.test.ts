/**
 * `improve compare`, `improve opportunities` and `improve peers` on real shared data (one real
 * trust) and on demo data: the printed inputs reproduce the printed results.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPaths } from "../../src/ingest/import-paths.js";
import { seedReference } from "../../src/storage/reference.js";
import { quantileSorted } from "../../src/stats/quantile.js";
import type {
  CompareResult,
  OpportunitiesResult,
  RecommendedPeersResult,
} from "../../src/metrics/service.js";
import { cliRunner } from "../support/cli.js";
import { demoDatabase, testDatabase, type TestDatabase } from "../support/db.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";

describe("improve compare / opportunities / peers on demo data", () => {
  let t: TestDatabase;
  let run: ReturnType<typeof cliRunner>;
  beforeAll(async () => {
    t = await demoDatabase({ orgs: 30, months: 24, seed: 3 });
    run = cliRunner(t);
  });
  afterAll(async () => t?.drop());

  it("compare prints the inputs: value, interval, quantile definition, peers' numerators and denominators", async () => {
    const r = await run(
      "compare",
      "--org",
      "ZZ001",
      "--metric",
      "ae_4hr_all",
      "--period",
      "2025-07",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Value: [\d.]+% = [\d,.]+ ÷ [\d,.]+ × 100; 95% interval/);
    expect(r.out).toContain("type 7");
    expect(r.out).toMatch(/England: .* Σ numerators ÷ Σ denominators/);
    expect(r.out).toMatch(/org_code\s+numerator\s+denominator\s+value/);
    const json = JSON.parse(
      (await run("compare", "--org", "ZZ001", "--metric", "ae_4hr_all", "--format", "json")).out,
    ) as CompareResult;
    expect(json.period).toBe("2025-07-01");
    const values = json.peerValues.map((p) => p.value!).sort((a, b) => a - b);
    expect(json.distribution.median).toBeCloseTo(quantileSorted(values, 0.5), 12);
  });

  it("compare judges at the metric's level or --level 95|99.8, and tests no count against England (issue 11, defects 1 and 8)", async () => {
    const args = ["compare", "--org", "ZZ001", "--metric", "ae_4hr_all", "--period", "2025-07"];
    const byDefault = await run(...args);
    expect(byDefault.out).toContain(
      "Level: comparisons judged at 99.8%. This metric's default is 99.8%: a typical trust's",
    );
    expect(byDefault.out).toMatch(/England\s+[\d.]+\s+\w+\s+99\.8% interval/);
    const at95 = await run(...args, "--level", "95");
    expect(at95.out).toContain("Level: comparisons judged at 95%. This metric's default is 99.8%");
    expect(at95.out).toMatch(/England\s+[\d.]+\s+\w+\s+95% interval/);
    const json = JSON.parse(
      (await run(...args, "--level", "95", "--format", "json")).out,
    ) as CompareResult;
    expect(json.level).toBe(95);
    expect(json.comparisons[0]?.interval?.level).toBe(95);
    expect((await run(...args, "--level", "90")).code).toBe(2);
    const count = await run("compare", "--org", "ZZ001", "--metric", "ae_dta_4hr_waits");
    expect(count.out).toMatch(
      /England\s+[\d.]+\s+not_compared\s+context\s+Not tested: England's figure is the total/,
    );
  });

  it("opportunities and peers print tables and JSON; bad options exit 2", async () => {
    const r = await run("opportunities", "--org", "ZZ002");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Highlighted");
    expect(r.out).toMatch(/metric_id\s+period\s+status/);
    const json = JSON.parse(
      (await run("opportunities", "--org", "ZZ002", "--benchmark", "median", "--format", "json"))
        .out,
    ) as OpportunitiesResult;
    expect(json.benchmark).toBe("median");
    const peers = JSON.parse(
      (await run("peers", "--org", "ZZ002", "--k", "5", "--format", "json")).out,
    ) as RecommendedPeersResult;
    expect(peers.peers).toHaveLength(5);
    expect((await run("peers", "--org", "ZZ002")).out).toMatch(/similar/);
    expect((await run("opportunities", "--org", "ZZ002", "--benchmark", "best")).code).toBe(2);
    expect(
      (await run("compare", "--org", "ZZ002", "--metric", "ae_4hr_all", "--period", "July")).code,
    ).toBe(2);
    expect((await run("compare", "--org", "NOPE", "--metric", "ae_4hr_all")).code).toBe(1);
  });
});

const skip = sharedDataMissing();

describe.skipIf(skip !== null)("improve compare / opportunities on the real shared data", () => {
  let t: TestDatabase;
  let run: ReturnType<typeof cliRunner>;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    const r = await importPaths(t, [
      path.join(sharedDataDir, "derived", "trusts_reference.csv"),
      path.join(sharedDataDir, "derived", "ae_trust_monthly_2021_2025_clean.csv"),
      path.join(sharedDataDir, "humaniverse-healthyr", "england_critical_general_acute_beds.csv"),
    ]);
    expect(r.failed).toEqual([]);
    run = cliRunner(t);
  }, 300_000);
  afterAll(async () => t?.drop());

  it("a real trust's comparison can be redone from the printed inputs", async () => {
    const r = JSON.parse(
      (
        await run(
          "compare",
          "--org",
          "RJ1",
          "--metric",
          "ae_4hr_all",
          "--period",
          "2024-01",
          "--format",
          "json",
        )
      ).out,
    ) as CompareResult;
    expect(r.organisation.orgCode).toBe("RJ1");
    // England = Σ numerators ÷ Σ denominators of the printed peer values when the peers are England's providers.
    const all = JSON.parse(
      (
        await run(
          "compare",
          "--org",
          "RJ1",
          "--metric",
          "ae_4hr_all",
          "--period",
          "2024-01",
          "--peers",
          "england",
          "--format",
          "json",
        )
      ).out,
    ) as CompareResult;
    const n = all.peerValues.reduce((s, p) => s + p.numerator!, 0);
    const d = all.peerValues.reduce((s, p) => s + p.denominator!, 0);
    expect(all.england?.value).toBeCloseTo((n / d) * 100, 10);
    expect(r.value.value).toBeCloseTo((r.value.numerator! / r.value.denominator!) * 100, 10);
    const table = await run(
      "compare",
      "--org",
      "RJ1",
      "--metric",
      "ae_4hr_all",
      "--period",
      "2024-01",
    );
    expect(table.code).toBe(0);
    expect(table.out).toContain("RJ1");
  });

  it("a real trust's opportunities are the printed gap × the printed denominator", async () => {
    const r = JSON.parse(
      (await run("opportunities", "--org", "RJ1", "--format", "json")).out,
    ) as OpportunitiesResult;
    const gaps = r.opportunities.filter((o) => o.status === "gap");
    for (const o of gaps) {
      const sign = o.inputs.direction === "higher_is_better" ? 1 : -1;
      expect(o.amount).toBeCloseTo(
        ((o.benchmark!.value - o.value!) * sign * o.denominator!) / (o.inputs.multiplier as number),
        9,
      );
    }
    expect(r.opportunities.map((o) => o.metricId)).toContain("ga_occupancy");
    const table = await run("opportunities", "--org", "RJ1");
    expect(table.code).toBe(0);
  });
});
