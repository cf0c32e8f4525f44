import { describe, expect, it } from "vitest";
import { createSearchIndex, trigrams, trigramSimilarity } from "../../src/metrics/search.js";

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
});
