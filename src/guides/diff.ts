/**
 * What changed between two versions of a guide (the compare page, "what changed since you
 * assessed"): details, introduction, tracking measures, sections and change ideas added,
 * removed, changed or moved, matched by their ids, and within each changed text a word-level
 * difference (jsdiff's `diffWords`, which keeps the spaces with the words so the runs read back
 * as the text). Pure: versions in, a description of the changes out; `from` → `to` in the order
 * given, so comparing backwards works too.
 *
 * @example diffWords("Refer to SDEC", "Refer directly to SDEC") →
 *   [{ same "Refer " }, { added "directly " }, { same "to SDEC" }]
 */
import { diffWords } from "diff";
import type { ChangeIdea, GuideSection, GuideVersion, TrackingMeasure } from "./types.js";

/** A run of text: unchanged, only in `to` (added) or only in `from` (removed). */
export interface TextRun {
  kind: "same" | "added" | "removed";
  text: string;
}

export interface FieldChange {
  field: string;
  label: string;
  runs: TextRun[];
}

export interface ChangeIdeaDiff {
  id: string;
  title: string;
  kind: "added" | "removed" | "changed";
  /** Changed: the section it was in, when it moved from another section. */
  movedFrom?: { id: string; title: string };
  fields: FieldChange[];
}

export interface SectionDiff {
  id: string;
  title: string;
  kind: "added" | "removed" | "changed" | "unchanged";
  /** Its position among the sections changed (it moved). */
  moved: boolean;
  fields: FieldChange[];
  changeIdeas: ChangeIdeaDiff[];
}

export interface MeasureDiff {
  metricId: string;
  kind: "added" | "removed" | "changed";
  from?: TrackingMeasure;
  to?: TrackingMeasure;
}

export interface GuideDiff {
  from: string;
  to: string;
  details: FieldChange[];
  introduction: FieldChange | null;
  measures: MeasureDiff[];
  sections: SectionDiff[];
  counts: {
    sectionsAdded: number;
    sectionsRemoved: number;
    sectionsChanged: number;
    ideasAdded: number;
    ideasRemoved: number;
    ideasChanged: number;
    measuresChanged: number;
  };
  /** Nothing a reader would see differs. */
  identical: boolean;
}

const IDEA_FIELDS: [keyof ChangeIdea, string][] = [
  ["title", "Title"],
  ["action", "The action"],
  ["whyItWorks", "Why it works"],
  ["howToStart", "How to start"],
  ["whatGoodLooksLike", "What good looks like"],
  ["evidence", "Evidence and references"],
  ["measures", "Measures"],
];

const asText = (v: unknown): string => (Array.isArray(v) ? v.join(", ") : String(v ?? ""));

/** The word-level difference of two texts, or null when they are the same. */
export function diffText(
  field: string,
  label: string,
  from: unknown,
  to: unknown,
): FieldChange | null {
  const a = asText(from);
  const b = asText(to);
  if (a === b) return null;
  const runs = diffWords(a, b).map((c): TextRun => ({
    kind: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
  return { field, label, runs };
}

const present = <T>(x: T | null): x is T => x !== null;

function ideaFields(a: ChangeIdea | undefined, b: ChangeIdea | undefined): FieldChange[] {
  return IDEA_FIELDS.map(([key, label]) =>
    diffText(key, label, a?.[key] ?? "", b?.[key] ?? ""),
  ).filter(present);
}

function ideasOf(v: GuideVersion): Map<string, { idea: ChangeIdea; section: GuideSection }> {
  return new Map(
    v.sections.flatMap((section) =>
      section.changeIdeas.map((idea) => [idea.id, { idea, section }] as const),
    ),
  );
}

export function diffVersions(from: GuideVersion, to: GuideVersion): GuideDiff {
  const details = [
    diffText("title", "Title", from.title, to.title),
    diffText("summary", "Summary", from.summary, to.summary),
    diffText("owner", "Owning team", from.owner, to.owner),
    diffText("status", "Status", from.status, to.status),
    diffText("careSettings", "Care settings", from.careSettings, to.careSettings),
  ].filter(present);
  const introduction = diffText("introduction", "Introduction", from.introduction, to.introduction);

  const fromMeasures = new Map(from.measures.map((m) => [m.metricId, m]));
  const toMeasures = new Map(to.measures.map((m) => [m.metricId, m]));
  const measures: MeasureDiff[] = [];
  for (const m of to.measures) {
    const before = fromMeasures.get(m.metricId);
    if (!before) measures.push({ metricId: m.metricId, kind: "added", to: m });
    else if (before.role !== m.role || (before.rationale ?? "") !== (m.rationale ?? ""))
      measures.push({ metricId: m.metricId, kind: "changed", from: before, to: m });
  }
  for (const m of from.measures)
    if (!toMeasures.has(m.metricId))
      measures.push({ metricId: m.metricId, kind: "removed", from: m });

  const fromIdeas = ideasOf(from);
  const toIdeas = ideasOf(to);
  const fromSections = new Map(from.sections.map((s, i) => [s.id, { s, i }]));
  const toSectionIds = new Set(to.sections.map((s) => s.id));
  // Sections kept in both, in each version's order: a kept section moved if its rank differs.
  const keptFrom = from.sections.filter((s) => toSectionIds.has(s.id)).map((s) => s.id);
  const keptTo = to.sections.filter((s) => fromSections.has(s.id)).map((s) => s.id);

  const sections: SectionDiff[] = to.sections.map((s) => {
    const before = fromSections.get(s.id)?.s;
    const changeIdeas: ChangeIdeaDiff[] = [];
    for (const idea of s.changeIdeas) {
      const old = fromIdeas.get(idea.id);
      if (!old) {
        changeIdeas.push({
          id: idea.id,
          title: idea.title,
          kind: "added",
          fields: ideaFields(undefined, idea),
        });
        continue;
      }
      const fields = ideaFields(old.idea, idea);
      const moved = old.section.id !== s.id;
      if (fields.length > 0 || moved)
        changeIdeas.push({
          id: idea.id,
          title: idea.title,
          kind: "changed",
          ...(moved ? { movedFrom: { id: old.section.id, title: old.section.title } } : {}),
          fields,
        });
    }
    // Ideas that left this section and are nowhere in `to`.
    for (const idea of before?.changeIdeas ?? [])
      if (!toIdeas.has(idea.id))
        changeIdeas.push({
          id: idea.id,
          title: idea.title,
          kind: "removed",
          fields: ideaFields(idea, undefined),
        });
    if (!before)
      return {
        id: s.id,
        title: s.title,
        kind: "added",
        moved: false,
        fields: [diffText("principles", "Principles", "", s.principles)].filter(present),
        changeIdeas,
      };
    const fields = [
      diffText("title", "Title", before.title, s.title),
      diffText("principles", "Principles", before.principles, s.principles),
    ].filter(present);
    const moved = keptFrom.indexOf(s.id) !== keptTo.indexOf(s.id);
    const kind = fields.length > 0 || changeIdeas.length > 0 ? "changed" : "unchanged";
    return { id: s.id, title: s.title, kind, moved, fields, changeIdeas };
  });
  for (const s of from.sections)
    if (!toSectionIds.has(s.id))
      sections.push({
        id: s.id,
        title: s.title,
        kind: "removed",
        moved: false,
        fields: [],
        changeIdeas: s.changeIdeas
          .filter((idea) => !toIdeas.has(idea.id))
          .map((idea) => ({
            id: idea.id,
            title: idea.title,
            kind: "removed",
            fields: ideaFields(idea, undefined),
          })),
      });

  const ideas = sections.flatMap((s) => s.changeIdeas);
  const counts = {
    sectionsAdded: sections.filter((s) => s.kind === "added").length,
    sectionsRemoved: sections.filter((s) => s.kind === "removed").length,
    sectionsChanged: sections.filter(
      (s) => s.kind === "changed" || (s.kind === "unchanged" && s.moved),
    ).length,
    ideasAdded: ideas.filter((c) => c.kind === "added").length,
    ideasRemoved: ideas.filter((c) => c.kind === "removed").length,
    ideasChanged: ideas.filter((c) => c.kind === "changed").length,
    measuresChanged: measures.length,
  };
  const identical =
    details.length === 0 &&
    introduction === null &&
    measures.length === 0 &&
    sections.every((s) => s.kind === "unchanged" && !s.moved);
  return {
    from: from.version,
    to: to.version,
    details,
    introduction,
    measures,
    sections,
    counts,
    identical,
  };
}
