import { describe, expect, it } from "vitest";
import {
  catalogue,
  directionSignOf,
  spcDirectionOf,
  topicTitle,
  topicTitles,
} from "../../src/metrics/catalogue/index.js";
import { topics } from "../../src/metrics/catalogue/types.js";

describe("catalogue words", () => {
  it("titles every topic", () => {
    expect(Object.keys(topicTitles).sort()).toEqual([...topics].sort());
    expect(topicTitle("uec")).toBe("Urgent and emergency care");
    expect(topicTitle("unknown")).toBe("unknown");
  });

  it.each([
    ["higher_is_better", 1, "increase"],
    ["lower_is_better", -1, "decrease"],
    ["neutral", 0, "neutral"],
  ] as const)("%s → sign %d, SPC %s", (improvementDirection, sign, spc) => {
    expect(directionSignOf({ improvementDirection })).toBe(sign);
    expect(spcDirectionOf({ improvementDirection })).toBe(spc);
  });

  it("every metric's direction maps", () => {
    for (const m of catalogue) expect([-1, 0, 1]).toContain(directionSignOf(m));
  });
});
