// Every topic of the catalogue is shown on the organisation dashboard, in exactly one compartment
// (before: SHMI's topic, mortality, was in none, so the trust page never showed SHMI).
import { describe, expect, it } from "vitest";
import { topics } from "../../src/metrics/catalogue/types.js";
import { compartments } from "../../src/web/present.js";

describe("dashboard compartments", () => {
  it("hold every topic exactly once", () => {
    for (const topic of topics)
      expect(compartments.filter((c) => c.topics.includes(topic)).map((c) => c.id)).toHaveLength(1);
  });
});
