/**
 * Every group-reference form used through the analytics service on demo data in PostgreSQL: the
 * members, the type 7 median and the group aggregate for one metric, each recomputed here from
 * the stored values with the form's own membership rule; and storage's aggregates over the same
 * group type agree with the service.
 */
import { canonicalGroupRef } from "../../../src/metrics/group-ref.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalyticsService, type AnalyticsService } from "../../../src/metrics/service.js";
import { createAnalyticsStore } from "../../../src/storage/analytics-store.js";
import { aggregateSeries } from "../../../src/storage/repositories/aggregates.js";
import { createCustomPeerGroup } from "../../../src/storage/repositories/peer-groups.js";
import { quantileSorted } from "../../../src/stats/quantile.js";
import { demoDatabase, type TestDatabase } from "../../support/db.js";

const METRIC = "ae_4hr_all";
const PROVIDERS = ["acute_trust", "ambulance_trust", "mental_health_trust", "community_trust"];

interface Row {
  org_code: string;
  kind: string;
  region_code: string | null;
  icb_code: string | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

let t: TestDatabase;
let service: AnalyticsService;
let rows: Row[];
let period: string;
let network: { id: string; members: string[] };

beforeAll(async () => {
  t = await demoDatabase({ orgs: 40, months: 24, seed: 5 });
  await createCustomPeerGroup(t.db, {
    peerGroupId: "custom-forms",
    name: "Forms test",
    orgCodes: ["ZZ001", "ZZ004", "ZZ007", "ZZ010"],
  });
  service = createAnalyticsService(createAnalyticsStore(t));
  period = (await service.compare("ZZ001", METRIC)).period;
  ({ rows } = await t.pool.query<Row>(
    `SELECT o.org_code, o.kind, o.region_code, o.icb_code, v.numerator, v.denominator, v.value
     FROM organisations o LEFT JOIN metric_values v
       ON v.org_code = o.org_code AND v.metric_id = $1 AND v.period_start = $2 AND v.period_type = 'month'
     ORDER BY o.org_code`,
    [METRIC, period],
  ));
  const { rows: nm } = await t.pool.query<{ network_id: string; org_code: string }>(
    `SELECT m.network_id, m.org_code FROM network_members m JOIN organisations o USING (org_code)
     WHERE m.active AND o.kind = ANY($1) ORDER BY m.network_id, m.org_code`,
    [PROVIDERS],
  );
  const id = nm[0]!.network_id;
  network = { id, members: nm.filter((r) => r.network_id === id).map((r) => r.org_code) };
});
afterAll(async () => t?.drop());

/** The expected median, reporting count and Σx ÷ Σn × 100 of the providers among `members`. */
function expected(members: (r: Row) => boolean) {
  const inGroup = rows.filter((r) => PROVIDERS.includes(r.kind) && members(r));
  const values = inGroup
    .filter((r) => r.value !== null)
    .map((r) => r.value!)
    .sort((a, b) => a - b);
  const both = inGroup.filter((r) => r.numerator !== null && r.denominator !== null);
  const num = both.reduce((s, r) => s + r.numerator!, 0);
  const den = both.reduce((s, r) => s + r.denominator!, 0);
  return {
    reporting: values.length,
    median: quantileSorted(values, 0.5),
    value: (num / den) * 100,
  };
}

describe("every group form through the service", () => {
  it("england, regions, ICBs, kinds, lists, peer groups, networks and recommended peers", async () => {
    const zz001 = rows.find((r) => r.org_code === "ZZ001")!;
    const recommended = new Set([
      "ZZ001",
      ...(await service.recommendedPeers("ZZ001")).peers.map((p) => p.orgCode),
    ]);
    const networkSet = new Set(network.members);
    const cases: [string, (r: Row) => boolean][] = [
      ["england", () => true],
      [`geo-region:${zz001.region_code}`, (r) => r.region_code === zz001.region_code],
      [`geo-icb:${zz001.icb_code}`, (r) => r.icb_code === zz001.icb_code],
      ["kind:acute_trust", (r) => r.kind === "acute_trust"],
      ["orgs:ZZ001,zz002, ZZ003", (r) => ["ZZ001", "ZZ002", "ZZ003"].includes(r.org_code)],
      [`recommended:ZZ001`, (r) => recommended.has(r.org_code)],
      ["acute", (r) => r.kind === "acute_trust"],
      [
        `region-${zz001.region_code}`,
        (r) => r.kind === "acute_trust" && r.region_code === zz001.region_code,
      ],
      ["custom-forms", (r) => ["ZZ001", "ZZ004", "ZZ007", "ZZ010"].includes(r.org_code)],
      [`network-${network.id}`, (r) => networkSet.has(r.org_code)],
      [`network:${network.id}`, (r) => networkSet.has(r.org_code)],
    ];
    for (const [ref, members] of cases) {
      const want = expected(members);
      expect(want.reporting, ref).toBeGreaterThan(0);
      const c = await service.compare("ZZ001", METRIC, undefined, ref);
      // Reported in its one canonical text (an ad hoc list sorted, codes upper-cased).
      expect(c.peers.groupRef, ref).toBe(canonicalGroupRef(ref));
      expect(c.distribution.reporting, ref).toBe(want.reporting);
      expect(c.distribution.median, ref).toBeCloseTo(want.median, 10);
      const f = await service.funnel(METRIC, period, ref);
      expect(f.benchmark.value, ref).toBeCloseTo(want.value, 9);
    }
    const net = await service.compare("ZZ001", METRIC, undefined, `network:${network.id}`);
    expect(net.peers.name).toMatch(/^Members of /);
  });

  it("storage aggregates the same groups from the same type", async () => {
    const zz001 = rows.find((r) => r.org_code === "ZZ001")!;
    const region = { kind: "region", regionCode: zz001.region_code! } as const;
    const series = await aggregateSeries(t.db, METRIC, region);
    const point = series.find((p) => p.periodStart === period)!;
    expect(point.value).toBeCloseTo(expected((r) => r.region_code === zz001.region_code).value, 9);
    const kinds = await aggregateSeries(t.db, METRIC, { kind: "org_kind", orgKind: "acute_trust" });
    expect(kinds.find((p) => p.periodStart === period)!.value).toBeCloseTo(
      expected((r) => r.kind === "acute_trust").value,
      9,
    );
    const list = await aggregateSeries(t.db, METRIC, {
      kind: "orgs",
      orgCodes: ["ZZ001", "ZZ002"],
    });
    expect(list.find((p) => p.periodStart === period)!.value).toBeCloseTo(
      expected((r) => ["ZZ001", "ZZ002"].includes(r.org_code)).value,
      9,
    );
    await expect(
      aggregateSeries(t.db, METRIC, { kind: "recommended", orgCode: "ZZ001" }),
    ).rejects.toThrow(/chosen by the analytics service/);
  });

  it("malformed or unknown groups are usage errors", async () => {
    await expect(service.compare("ZZ001", METRIC, undefined, "orgs:")).rejects.toThrow(
      /names no organisations/,
    );
    await expect(service.compare("ZZ001", METRIC, undefined, "no-such-group")).rejects.toThrow(
      /Unknown peer group "no-such-group"/,
    );
    await expect(service.compare("ZZ001", METRIC, undefined, "network:nowhere")).rejects.toThrow(
      /Unknown network "nowhere"/,
    );
    await expect(service.compare("ZZ001", METRIC, undefined, "orgs:ZZ001,NOPE9")).rejects.toThrow(
      /No organisation "NOPE9"/,
    );
  });
});
