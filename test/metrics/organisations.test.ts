import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  isProviderKind,
  orgKindLabel,
  orgKindName,
  orgKinds,
  providerKinds,
} from "../../src/metrics/organisations.js";

describe("organisation kinds", () => {
  it("are the kinds the organisations table accepts (migration 001's CHECK)", () => {
    const migration = readFileSync(
      new URL("../../src/storage/migrations/001_foundation.ts", import.meta.url),
      "utf8",
    );
    const check = /kind IN \(([^)]*)\)/.exec(migration)?.[1] ?? "";
    const inCheck = [...check.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
    expect([...orgKinds].sort()).toEqual(inCheck.sort());
  });

  it("providers are the four trust kinds, each with a label", () => {
    expect(providerKinds).toEqual([
      "acute_trust",
      "ambulance_trust",
      "mental_health_trust",
      "community_trust",
    ]);
    expect(orgKinds.filter(isProviderKind)).toEqual([...providerKinds]);
    for (const kind of orgKinds) expect(orgKindLabel[kind]).toMatch(/^[A-Z]/);
    expect(orgKindName("acute_trust")).toBe("Acute trust");
    expect(orgKindName("something_new")).toBe("something_new");
  });
});
