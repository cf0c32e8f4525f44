// The web's cache of results per data version (src/web/cache.ts), issue 14: one version read in
// flight at a time, and memory bounded by bytes whatever the requests.
import { describe, expect, it } from "vitest";
import { DataVersionCache } from "../../src/web/cache.js";

/** A version reader that counts its reads and answers after a turn of the event loop. */
function countingVersion(version = "1") {
  const reader = {
    reads: 0,
    read: async () => {
      reader.reads++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return version;
    },
  };
  return reader;
}

describe("DataVersionCache", () => {
  it("shares one pending version read among concurrent requests", async () => {
    const version = countingVersion();
    const cache = new DataVersionCache(version.read);
    const values = await Promise.all(
      Array.from({ length: 50 }, (_, i) => cache.get(`k${i}`, async () => i)),
    );
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(version.reads).toBe(1);
    // A later request reads again (the reading is not trusted for longer than checkEveryMs).
    await cache.get("k0", async () => -1);
    expect(version.reads).toBe(2);
  });

  it("computes a missing key once for concurrent requests, and keeps falsy results", async () => {
    const cache = new DataVersionCache(async () => "1");
    let computed = 0;
    const compute = async () => {
      computed++;
      return null;
    };
    expect(await Promise.all([cache.get("k", compute), cache.get("k", compute)])).toEqual([
      null,
      null,
    ]);
    expect(await cache.get("k", compute)).toBeNull();
    expect(computed).toBe(1);
  });

  it("bounds its entries by bytes, evicting the least recently used", async () => {
    const cache = new DataVersionCache(async () => "1", 0, { maxBytes: 50_000 });
    const computed: string[] = [];
    const page = (key: string) =>
      cache.get(key, async () => {
        computed.push(key);
        return "x".repeat(10_000);
      });
    await page("kept");
    for (let i = 0; i < 20; i++) {
      await page(`page${i}`);
      await page("kept"); // recently used: never evicted
    }
    expect(computed.filter((k) => k === "kept")).toHaveLength(1);
    computed.length = 0;
    await page("page0");
    expect(computed).toEqual(["page0"]); // evicted long ago: computed again
    expect(cache.bytes()).toBeLessThanOrEqual(50_000);
  });

  it("keeps ad hoc results in their own small bucket, which never evicts the others", async () => {
    const cache = new DataVersionCache(async () => "1", 0, {
      maxBytes: 1_000_000,
      adHocMaxBytes: 30_000,
    });
    let named = 0;
    await cache.get("named", async () => {
      named++;
      return "n".repeat(10_000);
    });
    for (let i = 0; i < 100; i++)
      await cache.get(`adhoc${i}`, async () => "a".repeat(10_000), { adHoc: true });
    await cache.get("named", async () => {
      named++;
      return "";
    });
    expect(named).toBe(1);
    expect(cache.bytes()).toBeLessThanOrEqual(1_000_000 + 30_000);
    expect(cache.bytes()).toBeLessThan(100_000);
  });

  it("forgets everything when the data version moves", async () => {
    let version = "1";
    const cache = new DataVersionCache(async () => version);
    expect(await cache.get("k", async () => 1)).toBe(1);
    version = "2";
    expect(await cache.get("k", async () => 2)).toBe(2);
  });
});
