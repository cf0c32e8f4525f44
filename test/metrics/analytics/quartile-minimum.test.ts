/**
 * A quarter among peers needs at least 4 reporting (before: an acute trust that runs an ambulance
 * service was "in the best quarter of All acute trusts in England (1st of 1)" on ambulance metrics).
 */
import { describe, expect, it } from "vitest";
import { createAnalyticsService } from "../../../src/metrics/service.js";
import { noiseStore } from "../../support/noise-store.js";

describe("quartile position", () => {
  const service = createAnalyticsService(noiseStore({ seed: 5, trusts: 10, months: 24 }));
  const quartileIn = async (group: string) =>
    (await service.organisationDashboard("T01", group)).metrics.find(
      (m) => m.metric.metricId === "ae_4hr_all",
    )!.quartile;

  it("is not given among fewer than 4 reporting", async () => {
    expect(await quartileIn("orgs:T01")).toBeNull();
    expect(await quartileIn("orgs:T01,T02,T03")).toBeNull();
  });

  it("is given among 4", async () => {
    const q = await quartileIn("orgs:T01,T02,T03,T04");
    expect(q?.text).toMatch(/quarter of .* \(\d+(st|nd|rd|th) of 4/);
  });
});
