// Issue 14: comparisons and searches are keyed by free lists of codes and free text, countless
// combinations; they are kept in the cache's small bucket of ad hoc results, so no stream of
// them can evict the pages everyone shares.
import { describe, expect, it } from "vitest";
import { DataVersionCache } from "../../../src/web/cache.js";
import type { PageCache } from "../../../src/web/context.js";
import type { Organisation } from "../../../src/metrics/organisations.js";
import { appWith, directoryOf, trust } from "./fakes.js";

const peer: Organisation = { ...trust, orgCode: "RYY", name: "Peer Hospitals NHS Trust" };

describe("pages about free lists and free text", () => {
  it("are cached as ad hoc results: comparisons and search answers", async () => {
    const real = new DataVersionCache(async () => "1");
    const asked: string[] = [];
    const cache: PageCache = {
      get: (key, compute, options) => {
        asked.push(
          `${options?.adHoc ? "ad hoc" : "shared"} ${key
            .split(":")
            .slice(0, key.startsWith("html:") ? 3 : 2)
            .join(":")}`,
        );
        return real.get(key, compute, options);
      },
      invalidate: () => real.invalidate(),
    };
    const app = await appWith(
      {
        directory: directoryOf([trust, peer]),
        coverage: { seriesOf: async (codes) => codes.map(() => []) },
      },
      cache,
    );
    expect((await app.inject("/compare?orgs=RXX,RYY")).statusCode).toBe(200);
    expect((await app.inject("/search?q=peer")).statusCode).toBe(200);
    expect(asked).toContain("ad hoc html:a:/compare");
    expect(asked).toContain("ad hoc search-hits:peer");
    // The search page is made per request (what it lists depends on its reader); the words'
    // answers everyone shares are kept as ad hoc results.
    expect(asked.some((k) => k.startsWith("ad hoc search-words:"))).toBe(true);
    expect(asked).not.toContain("shared html:a:/compare");
    expect(asked.some((k) => /^shared search-(hits|words)/.test(k))).toBe(false);
  });
});
