/**
 * The compare page's view model (/guides/:guideId/compare?from=&to=): the versions to choose
 * from, the changelogs in between, and the diff (src/guides/diff.ts) in words a reader scans:
 * a summary of counts, then each change with its words added and removed.
 */
import type { GuideDiff } from "../../../guides/diff.js";
import { MEASURE_ROLE_LABELS, type GuideVersionSummary } from "../../../guides/types.js";
import { compareVersions } from "../../../guides/versions.js";
import { getMetric } from "../../../metrics/catalogue/index.js";
import { longDate } from "../../present.js";
import { guideLinks } from "./guide-model.js";

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 change ideas added, 3 changed; 1 section changed; 1 tracking measure changed". */
export function diffSummary(d: GuideDiff): string {
  const parts: string[] = [];
  const { counts: c } = d;
  const ideas = [
    c.ideasAdded && `${count(c.ideasAdded, "change idea")} added`,
    c.ideasChanged &&
      `${c.ideasAdded ? c.ideasChanged : count(c.ideasChanged, "change idea")} changed`,
    c.ideasRemoved &&
      `${c.ideasAdded || c.ideasChanged ? c.ideasRemoved : count(c.ideasRemoved, "change idea")} removed`,
  ].filter(Boolean);
  if (ideas.length) parts.push(ideas.join(", "));
  const sections = [
    c.sectionsAdded && `${count(c.sectionsAdded, "section")} added`,
    c.sectionsChanged &&
      `${c.sectionsAdded ? c.sectionsChanged : count(c.sectionsChanged, "section")} changed`,
    c.sectionsRemoved &&
      `${c.sectionsAdded || c.sectionsChanged ? c.sectionsRemoved : count(c.sectionsRemoved, "section")} removed`,
  ].filter(Boolean);
  if (sections.length) parts.push(sections.join(", "));
  if (c.measuresChanged) parts.push(`${count(c.measuresChanged, "tracking measure")} changed`);
  if (d.details.length)
    parts.push(`details changed (${d.details.map((f) => f.label.toLowerCase()).join(", ")})`);
  if (d.introduction) parts.push("introduction changed");
  return parts.length ? `${parts.join("; ")}.` : "Nothing a reader would see has changed.";
}

const metricTitle = (id: string) => getMetric(id)?.title ?? id;

export function comparePage(input: {
  guideId: string;
  title: string;
  versions: GuideVersionSummary[];
  from: string;
  to: string;
  diff: GuideDiff;
}) {
  const { guideId, versions, from, to, diff } = input;
  const forward = compareVersions(from, to) < 0;
  const [low, high] = forward ? [from, to] : [to, from];
  // The changelogs of the versions after the older one, up to and including the newer one.
  const between = versions
    .filter((v) => compareVersions(v.version, low) > 0 && compareVersions(v.version, high) <= 0)
    .map((v) => ({
      version: v.version,
      published: longDate(v.published),
      href: guideLinks.version(guideId, v.version),
      changelog: v.changelog,
    }));
  const anchor = (version: string, kind: "section" | "idea", id: string) =>
    `${guideLinks.version(guideId, version)}#${kind}-${id}`;
  return {
    guideTitle: input.title,
    guideHref: guideLinks.guide(guideId),
    versionsHref: guideLinks.versions(guideId),
    action: `/guides/${guideId}/compare`,
    options: versions.map((v) => ({
      value: v.version,
      text: `Version ${v.version} (${longDate(v.published)})`,
    })),
    from,
    to,
    fromHref: guideLinks.version(guideId, from),
    toHref: guideLinks.version(guideId, to),
    backwards: !forward,
    same: from === to,
    summary: diffSummary(diff),
    identical: diff.identical,
    between,
    details: diff.details,
    introduction: diff.introduction,
    measures: diff.measures.map((m) => ({
      title: metricTitle(m.metricId),
      kind: m.kind,
      fromRole: m.from ? MEASURE_ROLE_LABELS[m.from.role] : null,
      toRole: m.to ? MEASURE_ROLE_LABELS[m.to.role] : null,
      fromRationale: m.from?.rationale ?? null,
      toRationale: m.to?.rationale ?? null,
    })),
    sections: diff.sections
      .filter((s) => s.kind !== "unchanged" || s.moved)
      .map((s) => ({
        ...s,
        href: anchor(s.kind === "removed" ? from : to, "section", s.id),
        changeIdeas: s.changeIdeas.map((c) => ({
          ...c,
          href: anchor(c.kind === "removed" ? from : to, "idea", c.id),
        })),
      })),
    unchangedSections: diff.sections.filter((s) => s.kind === "unchanged" && !s.moved).length,
  };
}
