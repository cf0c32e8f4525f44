import { describe, expect, it } from "vitest";
import type { AssuranceIcon, VariationIcon } from "../../../src/stats/spc/index.js";
import {
  assuranceIconText,
  mdcAssuranceIcon,
  mdcVariationIcon,
  variationIconText,
} from "../../../src/web/charts/index.js";
import { expectWellFormed, normaliseSvg } from "./svg-helpers.js";

const variations: [VariationIcon, string, string | null][] = [
  ["common_cause", "Common cause variation", null],
  ["improvement_high", "Special cause improvement (high)", "H"],
  ["improvement_low", "Special cause improvement (low)", "L"],
  ["concern_high", "Special cause concern (high)", "H"],
  ["concern_low", "Special cause concern (low)", "L"],
  ["neutral_high", "Special cause variation, unusually high", "H"],
  ["neutral_low", "Special cause variation, unusually low", "L"],
];

const assurances: [AssuranceIcon | null, string, string | null][] = [
  ["pass", "Consistently passing the target", "P"],
  ["fail", "Consistently failing the target", "F"],
  ["inconsistent", "Hit and miss: the target may or may not be met", "?"],
  [null, "No target", null],
];

describe("Making Data Count icons", () => {
  for (const [code, text, letter] of variations) {
    it(`variation ${code}`, () => {
      const svg = mdcVariationIcon(code);
      expectWellFormed(svg);
      expect(variationIconText(code)).toBe(text);
      expect(svg).toContain(`role="img" aria-label="${text}"`);
      expect(svg).toContain(`<title>${text}</title>`);
      // Never colour alone: a letter and an arrow (or the wavy line of common cause).
      if (letter) {
        expect(svg).toContain(`>${letter}</text>`);
        expect(svg).toMatch(letter === "H" ? /M28 28V12/ : /M28 12V28/);
      } else expect(svg).not.toContain("<text");
    });
  }

  for (const [code, text, letter] of assurances) {
    it(`assurance ${code ?? "none"}`, () => {
      const svg = mdcAssuranceIcon(code);
      expectWellFormed(svg);
      expect(assuranceIconText(code)).toBe(text);
      expect(svg).toContain(`aria-label="${text}"`);
      if (letter) expect(svg).toContain(`>${letter}</text>`);
    });
  }

  it("can be decorative when the text is next to it", () => {
    const svg = mdcVariationIcon("improvement_high", { decorative: true, size: 24 });
    expect(svg).toContain('aria-hidden="true"');
    expect(svg).not.toContain("role=");
    expect(svg).not.toContain("<title>");
    expect(svg).toContain('width="24" height="24"');
  });

  it("matches the snapshot", async () => {
    const all = [
      ...variations.map(([c]) => mdcVariationIcon(c)),
      ...assurances.map(([c]) => mdcAssuranceIcon(c)),
    ];
    await expect(normaliseSvg(all.join("\n"))).toMatchFileSnapshot(
      "__snapshots__/mdc-icons.svg.txt",
    );
  });
});
