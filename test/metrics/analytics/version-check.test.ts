// Issue 14: every in-flight request re-read the data version (1,644 transactions for 1,313
// searches). Concurrent callers now share the one pending read.
import { describe, expect, it } from "vitest";
import { DataVersionCache } from "../../../src/metrics/analytics/state.js";
import type { AnalyticsStore } from "../../../src/metrics/analytics/types.js";

function countingStore() {
  const counts = { dataVersion: 0, organisations: 0 };
  const store = {
    dataVersion: async () => {
      counts.dataVersion++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return "1";
    },
    organisations: async () => {
      counts.organisations++;
      return [];
    },
    metricDefinitions: async () => [],
    peerGroups: async () => [],
  } as unknown as AnalyticsStore;
  return { store, counts };
}

describe("the engine's data-version cache", () => {
  it("reads the version once for many concurrent requests", async () => {
    const { store, counts } = countingStore();
    const cache = new DataVersionCache(store);
    const states = await Promise.all(Array.from({ length: 40 }, () => cache.current()));
    expect(new Set(states).size).toBe(1);
    expect(counts.dataVersion).toBe(1);
    expect(counts.organisations).toBe(1);
  });

  it("shares the pending read again once the reading has expired", async () => {
    const { store, counts } = countingStore();
    let now = 1_000_000;
    const cache = new DataVersionCache(store, () => now);
    await cache.current();
    now += 5_000;
    await Promise.all(Array.from({ length: 40 }, () => cache.current()));
    expect(counts.dataVersion).toBe(2);
    expect(counts.organisations).toBe(1);
  });
});
