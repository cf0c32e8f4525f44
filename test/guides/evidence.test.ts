// Why a measure has no data for an organisation (src/guides/evidence.ts), in words.
import { describe, expect, it } from "vitest";
import { noDataReason } from "../../src/guides/evidence.js";
import type { Organisation } from "../../src/metrics/organisations.js";

const acute: Organisation = {
  orgCode: "RXX",
  name: "Example Hospitals NHS Trust",
  kind: "acute_trust",
  regionCode: "Y56",
  icbCode: "QWE",
  closeDate: null,
  subtype: null,
  kindSource: "list",
  successorCode: null,
  synthetic: false,
};

describe("noDataReason", () => {
  it("says when the measure is not published for this kind of organisation", () => {
    expect(noDataReason("kh03_occupancy_mental_illness", acute)).toBe(
      "No data for this organisation: the measure is not published for this kind of organisation.",
    );
  });
  it("says when no value has been published for it yet", () => {
    expect(noDataReason("ae_4hr_all", acute)).toBe(
      "No data for this organisation: no value has been published for it yet.",
    );
  });
});
