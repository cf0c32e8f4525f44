import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createSearchIndex,
  trigrams,
  trigramSimilarity,
  type Searchable,
} from "../../src/metrics/search.js";

const orgs = [
  { orgCode: "RR8", name: "Leeds Teaching Hospitals NHS Trust" },
  { orgCode: "RAE", name: "Bradford Teaching Hospitals NHS Foundation Trust" },
  { orgCode: "RXF", name: "Mid Yorkshire Teaching NHS Trust" },
  { orgCode: "RTH", name: "Oxford University Hospitals NHS Foundation Trust" },
];
const search = createSearchIndex(orgs);

describe("organisation search", () => {
  it("finds by exact code, case-insensitively, first", () => {
    expect(search("rr8")[0]?.item.orgCode).toBe("RR8");
    expect(search("RTH")[0]?.score).toBe(1);
  });

  it("finds by the start of words in the name", () => {
    expect(search("leeds teach")[0]?.item.orgCode).toBe("RR8");
    expect(search("oxford")[0]?.item.orgCode).toBe("RTH");
  });

  it("tolerates typos", () => {
    expect(search("leeds teching hospitls")[0]?.item.orgCode).toBe("RR8");
    expect(search("bradferd")[0]?.item.orgCode).toBe("RAE");
  });

  it("returns nothing for nonsense", () => {
    expect(search("zzzzqqq")).toEqual([]);
    expect(search("   ")).toEqual([]);
  });

  it("computes trigram similarity as pg_trgm does", () => {
    // "cat": {"  c"," ca","cat","at "}; "cart": {"  c"," ca","car","art","rt "}: 2 shared of 7.
    expect(trigramSimilarity(trigrams("cat"), trigrams("cart"))).toBeCloseTo(2 / 7, 12);
  });

  it("answers as a scan of every organisation would, in the same order", () => {
    // The full scan the inverted index replaced: every item scored.
    const normalise = (t: string) =>
      t
        .toLowerCase()
        .replace(/&/g, " and ")
        .replace(/[^a-z0-9]+/g, " ")
        .trim();
    const scan = (items: Searchable[], query: string, limit = 20, threshold = 0.3) => {
      const q = normalise(query);
      if (!q) return [];
      const qWords = q.split(" ");
      const qGrams = qWords.map((w) => trigrams(w));
      return items
        .map((item) => {
          const code = item.orgCode.toLowerCase();
          const words = normalise(item.name).split(" ");
          let score: number;
          if (code === q) score = 1;
          else if (q.length >= 2 && code.startsWith(q)) score = 0.95;
          else {
            const share =
              qWords.filter((w) => words.some((nw) => nw.startsWith(w))).length / qWords.length;
            let similarity = 0;
            for (const g of qGrams)
              similarity += Math.max(0, ...words.map((nw) => trigramSimilarity(g, trigrams(nw))));
            score = Math.max(0.9 * share, similarity / qGrams.length);
          }
          return { item, score };
        })
        .filter((h) => h.score >= threshold)
        .sort((a, b) => b.score - a.score || a.item.name.localeCompare(b.item.name))
        .slice(0, limit);
    };
    const word = fc.stringMatching(/^[a-d&' -]{1,7}$/);
    const item = fc.record({
      orgCode: fc.stringMatching(/^[A-D0-9]{1,5}$/),
      name: fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(" ")),
    });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 30 }),
        fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(" ")),
        fc.constantFrom(0, 0.1, 0.3, 0.6),
        (items, query, threshold) => {
          const indexed = createSearchIndex(items)(query, 10, threshold);
          expect(indexed).toEqual(scan(items, query, 10, threshold));
        },
      ),
      { numRuns: 500 },
    );
  });
});
