/**
 * Every import format's source has a precedence entry (src/metrics/sources.ts, seeded into the
 * `sources` table), so no import's values fall back to the default precedence unnoticed; and the
 * sources the platform writes itself (the derived ctr_rate, the demo) have one too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DERIVED_CTR_RATE_SOURCE } from "../../src/ingest/derive/ctr-rate.js";
import { DEMO_SOURCE } from "../../src/ingest/load-demo.js";
import { formats } from "../../src/ingest/sources/index.js";
import { sourcePrecedence } from "../../src/metrics/sources.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const written = [
  ...formats.flatMap((f) => (f.kind === "values" ? [f.source] : [])),
  DERIVED_CTR_RATE_SOURCE,
  DEMO_SOURCE,
].sort();

describe("source precedence", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("lists every source an import writes, once", () => {
    const listed = sourcePrecedence.map((s) => s.source);
    expect(new Set(listed).size).toBe(listed.length);
    expect(written.filter((s) => !listed.includes(s))).toEqual([]);
  });

  it("has every source an import writes in the sources table, with its precedence", async () => {
    const rows = await t.db.selectFrom("sources").select(["source", "precedence"]).execute();
    const stored = new Map(rows.map((r) => [r.source, r.precedence]));
    for (const source of written)
      expect(stored.get(source), source).toBe(
        sourcePrecedence.find((s) => s.source === source)?.precedence,
      );
  });
});
