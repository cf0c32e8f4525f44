/**
 * A small valid guide version for tests, built fresh each call so a test may change it freely.
 * Its measures are real catalogue metrics (ae_4hr_all, ga_occupancy).
 */
import type { GuideVersion } from "../../src/guides/types.js";

export function guideFixture(overrides: Partial<GuideVersion> = {}): GuideVersion {
  return {
    guideId: "test-flow",
    version: "1.0",
    title: "Test patient flow",
    topic: "uec",
    summary: "How to keep patients moving through the hospital.",
    owner: "Test improvement team",
    careSettings: ["acute"],
    status: "interim",
    published: "2026-01-15",
    changelog: [{ text: "First interim version.", answers: [] }],
    introduction: "For **improvement leads** in acute trusts.",
    measures: [
      { metricId: "ae_4hr_all", role: "outcome", rationale: "Time in the emergency department." },
      { metricId: "ga_occupancy", role: "balancing" },
    ],
    sections: [
      {
        id: "same-day-care",
        title: "Same day emergency care",
        principles: "Treat and send home on the same day where it is safe.",
        changeIdeas: [
          {
            id: "direct-access",
            title: "Direct access to same day emergency care",
            action: "Let ambulance crews refer straight to SDEC.",
            whyItWorks: "Patients skip the emergency department queue.",
            howToStart: "Agree criteria with the ambulance service.",
            whatGoodLooksLike: "A third of eligible patients go direct.",
            evidence: "See [the SDEC guidance](https://www.england.nhs.uk/).",
            measures: ["ae_4hr_all"],
          },
        ],
      },
    ],
    ...overrides,
  };
}
