/**
 * The PostgreSQL analytics store: COPY-based matrices equal the plain query's, the preferred
 * source wins per cell, numbers survive the text round trip exactly, custom peer groups.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalyticsStore } from "../../src/storage/analytics-store.js";
import {
  createCustomPeerGroup,
  deleteCustomPeerGroup,
  getCustomPeerGroup,
  listPeerGroups,
} from "../../src/storage/repositories/peer-groups.js";
import { demoDatabase, type TestDatabase } from "../support/db.js";

let t: TestDatabase;

beforeAll(async () => {
  t = await demoDatabase({ orgs: 12, months: 18, seed: 4 });
  // A tidy upload (precedence 90) overrides one demo value (1000); awkward numbers round-trip.
  await t.pool.query(
    `INSERT INTO metric_values (org_code, metric_id, period_type, period_start, source, numerator, denominator, value, dq_flags) VALUES
     ('ZZ001', 'ae_4hr_all', 'month', '2025-07-01', 'tidy', 1, 3, 33.333333333333336, '{suspected_duplicate}'),
     ('ZZ002', 'ae_attendances_all', 'month', '2025-07-01', 'tidy', NULL, NULL, 1e-7, '{}'),
     ('ZZ003', 'ae_attendances_all', 'month', '2025-07-01', 'tidy', NULL, NULL, -0.1, '{}'),
     ('ZZ004', 'ae_attendances_all', 'month', '2025-07-01', 'tidy', NULL, NULL, 123456789012345680, '{}')`,
  );
});
afterAll(async () => t?.drop());

describe("analytics store", () => {
  it("reads the same matrices with COPY as with a plain query, preferred source first", async () => {
    const copy = createAnalyticsStore(t);
    const plain = createAnalyticsStore(t, { copy: false });
    const all = await copy.loadAllMetrics!("month");
    for (const id of ["ae_4hr_all", "ae_attendances_all", "cancer_62d"]) {
      const a = all.get(id)!;
      const b = await plain.loadMetric(id, "month");
      const c = await copy.loadMetric(id, "month");
      for (const m of [b, c]) {
        expect(m.orgCodes).toEqual(a.orgCodes);
        expect(m.periods).toEqual(a.periods);
        expect(Array.from(m.value)).toEqual(Array.from(a.value));
        expect(Array.from(m.numerator)).toEqual(Array.from(a.numerator));
        expect(Array.from(m.denominator)).toEqual(Array.from(a.denominator));
      }
    }
    const ae = all.get("ae_4hr_all")!;
    const cell =
      ae.orgCodes.indexOf("ZZ001") * ae.periods.length + ae.periods.indexOf("2025-07-01");
    expect(ae.value[cell]).toBe(33.333333333333336);
    expect(ae.numerator[cell]).toBe(1);
    expect(ae.dqFlags?.get(cell)).toEqual(["suspected_duplicate"]);
    const att = all.get("ae_attendances_all")!;
    const at = (org: string) =>
      att.value[att.orgCodes.indexOf(org) * att.periods.length + att.periods.indexOf("2025-07-01")];
    expect(at("ZZ002")).toBe(1e-7);
    expect(at("ZZ003")).toBe(-0.1);
    expect(at("ZZ004")).toBe(123456789012345680);
    // Clones and catalogue metrics: every defined metric with values, in the definitions' order.
    expect([...all.keys()]).toEqual(
      (await copy.metricDefinitions()).map((d) => d.id).filter((id) => all.has(id)),
    );
  });

  it("creates, lists, resolves and deletes custom peer groups; the data version changes", async () => {
    const store = createAnalyticsStore(t);
    const v0 = await store.dataVersion();
    const g = await createCustomPeerGroup(t.db, {
      name: "My peers",
      orgCodes: ["zz003", "ZZ001", "ZZ001"],
      owner: "analyst",
    });
    expect(g.peerGroupId).toBe("custom-my-peers");
    expect(g.orgCodes).toEqual(["ZZ001", "ZZ003"]);
    expect(await store.groupMembers("custom-my-peers")).toEqual(["ZZ001", "ZZ003"]);
    expect(
      (await listPeerGroups(t.db, { kind: "custom" })).map((x) => [x.peerGroupId, x.members]),
    ).toEqual([["custom-my-peers", 2]]);
    expect((await getCustomPeerGroup(t.db, "custom-my-peers"))?.owner).toBe("analyst");
    expect(await store.dataVersion()).not.toBe(v0);
    await expect(
      createCustomPeerGroup(t.db, { name: "My peers", orgCodes: ["ZZ001"] }),
    ).rejects.toThrow(/already exists/);
    await expect(createCustomPeerGroup(t.db, { name: "Bad", orgCodes: ["NOPE1"] })).rejects.toThrow(
      /Unknown organisation/,
    );
    await expect(deleteCustomPeerGroup(t.db, "acute")).rejects.toThrow(/predefined/);
    await deleteCustomPeerGroup(t.db, "custom-my-peers");
    expect(await getCustomPeerGroup(t.db, "custom-my-peers")).toBeUndefined();
    expect((await store.groupMembers("acute")).length).toBeGreaterThan(5);
    await expect(store.groupMembers("no-such-group")).rejects.toThrow(/No peer group/);
  });
});
