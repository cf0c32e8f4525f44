import { describe, expect, it } from "vitest";
import { diffText, diffVersions } from "../../src/guides/diff.js";
import type { GuideVersion } from "../../src/guides/types.js";
import { guideFixture } from "../support/guide-fixture.js";

const base = guideFixture();
const idea = base.sections[0]!.changeIdeas[0]!;

function v11(change: (v: GuideVersion) => void): GuideVersion {
  const v = structuredClone(guideFixture({ version: "1.1" }));
  change(v);
  return v;
}

describe("guide diff", () => {
  it("finds nothing between a version and an identical one", () => {
    const d = diffVersions(base, guideFixture({ version: "1.1" }));
    expect(d.identical).toBe(true);
    expect(d.sections.map((s) => s.kind)).toEqual(["unchanged"]);
  });

  it("marks words added and removed within a change idea", () => {
    const to = v11((v) => {
      v.sections[0]!.changeIdeas[0]!.action = "Let ambulance crews and GPs refer straight to SDEC.";
    });
    const d = diffVersions(base, to);
    expect(d.counts).toMatchObject({ ideasChanged: 1, ideasAdded: 0, sectionsChanged: 1 });
    const [field] = d.sections[0]!.changeIdeas[0]!.fields;
    expect(field!.label).toBe("The action");
    expect(field!.runs).toEqual([
      { kind: "same", text: "Let ambulance crews " },
      { kind: "added", text: "and GPs " },
      { kind: "same", text: "refer straight to SDEC." },
    ]);
    // Backwards, the same words are removed.
    expect(diffVersions(to, base).sections[0]!.changeIdeas[0]!.fields[0]!.runs[1]).toEqual({
      kind: "removed",
      text: "and GPs ",
    });
  });

  it("finds sections and change ideas added, removed and moved, and measures changed", () => {
    const to = v11((v) => {
      v.sections.unshift({
        id: "discharge",
        title: "Discharge",
        principles: "Home first.",
        changeIdeas: [{ ...idea }],
      });
      v.sections[1]!.changeIdeas = [{ ...idea, id: "frailty-unit", title: "Frailty unit" }];
      v.measures[1] = { metricId: "ga_occupancy", role: "process" };
      v.measures.push({ metricId: "discharges_before_5pm", role: "outcome" });
    });
    const d = diffVersions(base, to);
    expect(d.sections.map((s) => [s.id, s.kind, s.moved])).toEqual([
      ["discharge", "added", false],
      ["same-day-care", "changed", false],
    ]);
    expect(d.sections[0]!.changeIdeas[0]).toMatchObject({
      id: "direct-access",
      kind: "changed",
      movedFrom: { id: "same-day-care" },
      fields: [],
    });
    expect(d.sections[1]!.changeIdeas.map((c) => [c.id, c.kind])).toEqual([
      ["frailty-unit", "added"],
    ]);
    expect(d.measures.map((m) => [m.metricId, m.kind])).toEqual([
      ["ga_occupancy", "changed"],
      ["discharges_before_5pm", "added"],
    ]);
    expect(d.counts).toMatchObject({
      sectionsAdded: 1,
      ideasAdded: 1,
      ideasChanged: 1,
      measuresChanged: 2,
    });

    const removed = diffVersions(to, base);
    expect(removed.sections.map((s) => [s.id, s.kind])).toEqual([
      ["same-day-care", "changed"],
      ["discharge", "removed"],
    ]);
    expect(removed.counts).toMatchObject({ sectionsRemoved: 1, ideasRemoved: 1 });
  });

  it("reports details, the introduction and section principles word by word", () => {
    const d = diffVersions(
      base,
      v11((v) => {
        v.status = "final";
        v.introduction = "For improvement leads in acute and community trusts.";
        v.sections[0]!.principles = "Treat and send home the same day.";
      }),
    );
    expect(d.details.map((f) => f.field)).toEqual(["status"]);
    expect(
      d.introduction?.runs.some((r) => r.kind === "added" && r.text.includes("community")),
    ).toBe(true);
    expect(d.sections[0]!.fields.map((f) => f.field)).toEqual(["principles"]);
    expect(diffText("x", "X", "same", "same")).toBeNull();
  });
});
