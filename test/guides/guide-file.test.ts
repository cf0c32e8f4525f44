import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { parseGuideFile, serialiseGuideFile } from "../../src/guides/guide-file.js";
import { guideFixture } from "../support/guide-fixture.js";

const problemsOf = (text: string) => {
  try {
    parseGuideFile(text, "test-flow/1.0.md");
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error("expected an InputError");
};

describe("guide files", () => {
  const canonical = serialiseGuideFile(guideFixture());

  it("writes the canonical form and reads it back equal, byte for byte", () => {
    expect(canonical.startsWith('---\nguide: test-flow\nversion: "1.0"\n')).toBe(true);
    expect(canonical).toContain("## Same day emergency care {#same-day-care}\n");
    expect(canonical).toContain(
      "### Direct access to same day emergency care {#direct-access}\n\nMeasures: ae_4hr_all\n\n#### The action\n\nLet ambulance crews",
    );
    const parsed = parseGuideFile(canonical, "test-flow/1.0.md");
    expect(parsed).toEqual(guideFixture());
    expect(serialiseGuideFile(parsed)).toBe(canonical);
  });

  it("round-trips versions with many sections, no measures line, fenced headings and Windows line ends", () => {
    const base = guideFixture();
    const v = guideFixture({
      introduction: "",
      changelog: [],
      sections: [
        { ...base.sections[0]!, principles: "" },
        {
          id: "discharge",
          title: "Discharge: home first",
          principles: "Plan from day one.\n\n```\n## not a heading\n```\n\n- one\n- two",
          changeIdeas: [
            {
              ...base.sections[0]!.changeIdeas[0]!,
              id: "criteria-led",
              title: "Criteria-led discharge",
              measures: [],
            },
          ],
        },
      ],
    });
    const text = serialiseGuideFile(v);
    expect(parseGuideFile(text, "x.md")).toEqual(v);
    expect(parseGuideFile(text.replace(/\n/g, "\r\n"), "x.md")).toEqual(v);
  });

  it("names the file, line, field and value of each problem, all at once", () => {
    const broken = canonical
      .replace('version: "1.0"', "version: 1.0")
      .replace("status: interim", "status: draft")
      .replace("#### Why it works", "#### Why")
      .replace("## Same day emergency care {#same-day-care}", "## Same day emergency care");
    const problems = problemsOf(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: "test-flow/1.0.md",
          line: 3,
          column: "version",
          value: "1",
        }),
        expect.objectContaining({ column: "heading", value: "## Same day emergency care" }),
        expect.objectContaining({ reason: 'expected "#### Why it works" here', value: "#### Why" }),
      ]),
    );
    const status = problemsOf(canonical.replace("status: interim", "status: draft"));
    expect(status).toEqual([
      expect.objectContaining({ column: "status", line: 10, file: "test-flow/1.0.md" }),
    ]);
  });

  it("refuses a file without front matter, unknown fields, bad YAML and a missing part", () => {
    expect(problemsOf("# Hello")[0]).toMatchObject({ line: 1, column: "front matter" });
    expect(problemsOf(canonical.replace("title:", "colour: red\ntitle:"))).toEqual([
      expect.objectContaining({ line: 4, column: "colour", reason: "not a field of guide files" }),
    ]);
    expect(problemsOf(canonical.replace("topic: uec", "topic: [uec")).length).toBeGreaterThan(0);
    expect(problemsOf(canonical.replace(/#### Evidence and references\n\n[^\n]*\n/, ""))).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/Evidence and references/) }),
    ]);
    expect(
      problemsOf(canonical.replace("Measures: ae_4hr_all", "Measures: no_such_measure")),
    ).toEqual([
      expect.objectContaining({
        reason: expect.stringMatching(/not among the version's measures/),
      }),
    ]);
  });

  it("refuses to write text holding a structural heading", () => {
    expect(() => serialiseGuideFile(guideFixture({ introduction: "## Sneaky" }))).toThrow(
      InputError,
    );
  });
});
