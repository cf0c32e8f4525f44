// The recommended-peers page over fake services: every peer with its distance, why it was chosen
// and how far it is on each feature; how many the previous period's data also chose.
import { describe, expect, it } from "vitest";

import { appWith, directoryOf, trust } from "./fakes.js";
import type { RecommendedPeersResult } from "../../../src/metrics/analytics/types.js";

const result: RecommendedPeersResult = {
  organisation: trust,
  k: 10,
  features: [
    { metricId: "size", label: "size", kind: "numeric", description: "volumes", mean: 0, sd: 1 },
    {
      metricId: "conversion",
      label: "A&E admission conversion",
      kind: "numeric",
      description: "share admitted",
      mean: 25,
      sd: 5,
    },
    {
      metricId: "subtype",
      label: "subtype",
      kind: "category",
      description: "the Oversight Framework's subtype",
      mean: NaN,
      sd: NaN,
    },
  ],
  own: { size: 0.54, conversion: 20.47, subtype: "teaching" },
  peers: [
    {
      orgCode: "RJZ",
      name: "Peer Hospital",
      distance: 1.2,
      differences: [
        { id: "size", label: "size", kind: "numeric", difference: 0.3, own: 0.54, peer: 0.84 },
        {
          id: "conversion",
          label: "A&E admission conversion",
          kind: "numeric",
          difference: -0.8,
          own: 20.47,
          peer: 24.01,
        },
        {
          id: "subtype",
          label: "subtype",
          kind: "category",
          difference: 0,
          own: "teaching",
          peer: "teaching",
        },
      ],
      reason: "similar size; both teaching; differs most in A&E admission conversion",
      features: { size: 0.84, conversion: 24.01, subtype: "teaching" },
    },
  ],
  persistence: { kept: 1, of: 1 },
  method: "Means over the last 12 periods.",
  dataVersion: "1",
};

describe("recommended peers page", () => {
  it("shows each peer, why it was chosen and how far it is", async () => {
    const app = await appWith({
      directory: directoryOf([trust]),
      analytics: { recommendedPeers: async () => result },
    });
    const res = await app.inject("/org/RXX/peers");
    expect(res.statusCode).toBe(200);
    const text = res.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("The acute trust most like Example Hospitals NHS Trust");
    expect(text).toContain("never on how they perform");
    expect(text).toContain(
      "1 of 1 were also recommended on the data as it stood one period earlier",
    );
    expect(text).toContain(
      "similar size; both teaching; differs most in A&amp;E admission conversion",
    );
    expect(text).toContain("24.0% 0.8 SD lower");
    expect(text).toContain("0.84 0.3 SD higher");
    expect(text).toContain("teaching same");
    expect(res.body).toContain('href="/org/RXX?peers=recommended%3ARXX"');
  });

  it("is a 404 for an unknown organisation", async () => {
    const app = await appWith({ directory: directoryOf([trust]) });
    const res = await app.inject("/org/RQQ/peers");
    expect(res.statusCode).toBe(404);
  });
});
