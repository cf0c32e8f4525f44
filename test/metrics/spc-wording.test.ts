/**
 * SPC and assurance wording, by table: each state has one phrasing, used by the engine's results,
 * the charts, the icons and the group pages.
 */
import { describe, expect, it } from "vitest";
import {
  assurancePhrase,
  assuranceSentence,
  markerName,
  pointTypeText,
  variationIconText,
  variationPhrase,
} from "../../src/metrics/spc-wording.js";

describe("SPC wording", () => {
  it("names each variation state one way wherever it appears", () => {
    expect(pointTypeText.special_cause_improvement).toBe("Special cause improvement");
    expect(variationIconText("improvement_high")).toBe("Special cause improvement (high)");
    expect(pointTypeText.common_cause).toBe("Common cause variation");
    expect(variationIconText("common_cause")).toBe("Common cause variation");
    expect(variationPhrase("common_cause")).toBe("common cause variation");
    // The neutral state: a chart point, an icon and a summary say the same words.
    expect(pointTypeText.special_cause_neutral_high).toBe(
      "Special cause variation, unusually high",
    );
    expect(variationIconText("neutral_high")).toBe(pointTypeText.special_cause_neutral_high);
    expect(variationPhrase("special_cause_neutral_low")).toBe(
      "special cause variation, unusually low",
    );
    expect(markerName("neutral", "purple triangle")).toBe(
      "Special cause variation, unusually high or low (purple triangle)",
    );
  });

  it("states assurance with the target and the reason", () => {
    const table: [Parameters<typeof assuranceSentence>[0], string][] = [
      [
        "consistent_pass",
        "Consistently passing the 78.0% target: both process limits lie on the passing side of it.",
      ],
      [
        "consistent_fail",
        "Consistently failing the 78.0% target: both process limits lie on the failing side of it, so the process will not meet it unless something changes.",
      ],
      [
        "inconsistent",
        "The 78.0% target will be hit and miss: it lies between the process limits.",
      ],
      ["no_target", "No target in force: no assurance."],
      ["no_direction", "No assurance for a metric without an improvement direction."],
      ["too_few_points", "Too few points for assurance."],
    ];
    for (const [type, text] of table) expect(assuranceSentence(type, "78.0%")).toBe(text);
    expect(assurancePhrase("consistent_pass", "78%")).toBe("consistently passing the 78% target");
  });
});
