/**
 * One guide version as a file (content/guides/<guideId>/<version>.md; docs/guides.md "Guide
 * files"): YAML front matter for the details, tracking measures and changelog, then a Markdown
 * body whose headings carry the structure:
 *
 *   introduction (before the first `##`)
 *   ## Section title {#section-id}        principles follow
 *   ### Change idea title {#idea-id}      then an optional `Measures: a, b` line
 *   #### The action / Why it works / How to start / What good looks like / Evidence and references
 *
 * `parseGuideFile` reports every problem it finds with the file, line, field and value;
 * `serialiseGuideFile` writes the one canonical form, so that parse(serialise(v)) equals v and a
 * canonical file survives parse and serialise byte for byte (content is reviewed like code).
 * Headings inside fenced code blocks are text, not structure.
 */
import { LineCounter, parseDocument, stringify } from "yaml";
import { z } from "zod";
import { InputError, type InputProblem } from "../errors.js";
import { guideVersionSchema, measureRoles, type ChangeIdea, type GuideVersion } from "./types.js";

/** The five parts of a change idea, in the order files give them. */
const PARTS = [
  ["action", "The action"],
  ["whyItWorks", "Why it works"],
  ["howToStart", "How to start"],
  ["whatGoodLooksLike", "What good looks like"],
  ["evidence", "Evidence and references"],
] as const;
type PartKey = (typeof PARTS)[number][0];

const frontMatterSchema = z
  .object({
    guide: z.string(),
    version: z.string({ error: 'quote the version, e.g. version: "1.0"' }),
    title: z.string(),
    topic: z.string(),
    summary: z.string(),
    owner: z.string(),
    careSettings: z.array(z.string()),
    status: z.string(),
    published: z.string({ error: "a date as YYYY-MM-DD" }),
    changelog: z
      .array(z.object({ text: z.string(), answers: z.array(z.string()).default([]) }).strict())
      .default([]),
    measures: z
      .array(
        z
          .object({
            metric: z.string(),
            role: z.enum(measureRoles),
            rationale: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const HEADING = /^(#{2,4}) (.*)$/;
const WITH_ID = /^(.*\S)\s+\{#([^}]*)\}\s*$/;
const FENCE = /^\s*(```|~~~)/;
const MEASURES = /^Measures:\s*(.*)$/;

interface Located {
  line: number;
}

/** A guide version from the text of its file; InputError listing every problem. */
export function parseGuideFile(text: string, fileName: string): GuideVersion {
  const problems: InputProblem[] = [];
  const problem = (line: number, column: string, reason: string, value?: string) =>
    problems.push({
      file: fileName,
      line,
      column,
      reason,
      ...(value === undefined ? {} : { value }),
    });
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines[0] !== "---") {
    problem(1, "front matter", "the file must start with a line of three hyphens (---)", lines[0]);
    throw failure(fileName, problems);
  }
  const end = lines.indexOf("---", 1);
  if (end < 0) {
    problem(1, "front matter", "the front matter has no closing line of three hyphens (---)");
    throw failure(fileName, problems);
  }

  // Front matter: YAML, checked field by field, each problem on its own line of the file.
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.slice(1, end).join("\n"), { lineCounter });
  const lineOf = (path: (string | number)[]): number => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    return offset === undefined ? 1 : lineCounter.linePos(offset).line + 1;
  };
  for (const e of doc.errors)
    problem((e.linePos?.[0]?.line ?? 0) + 1, "front matter", e.message.split("\n")[0] ?? "YAML");
  const front = frontMatterSchema.safeParse(doc.errors.length ? {} : doc.toJS());
  if (!front.success) {
    for (const issue of front.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys)
          problem(
            lineOf([...path, key]),
            [...path, key].join("."),
            "not a field of guide files",
            key,
          );
        continue;
      }
      const value = doc.getIn(path);
      problem(
        lineOf(path),
        path.join(".") || "front matter",
        issue.message,
        value === undefined || typeof value === "object" ? undefined : String(value),
      );
    }
  }

  // Body: the heading outline.
  const body = parseBody(lines, end + 1, problem);
  if (!front.success || problems.length > 0) throw failure(fileName, problems);

  const f = front.data;
  const version = {
    guideId: f.guide,
    version: f.version,
    title: f.title,
    topic: f.topic,
    summary: f.summary,
    owner: f.owner,
    careSettings: f.careSettings,
    status: f.status,
    published: f.published,
    changelog: f.changelog,
    introduction: body.introduction,
    measures: f.measures.map((m) => ({
      metricId: m.metric,
      role: m.role,
      ...(m.rationale === undefined ? {} : { rationale: m.rationale }),
    })),
    sections: body.sections.map((s) => ({
      id: s.id,
      title: s.title,
      principles: s.principles,
      changeIdeas: s.changeIdeas.map(({ line: _line, ...idea }) => idea),
    })),
  };
  const checked = guideVersionSchema.safeParse(version);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [head, i, , j] = issue.path;
      const section = head === "sections" && typeof i === "number" ? body.sections[i] : undefined;
      const idea = section && typeof j === "number" ? section.changeIdeas[j] : undefined;
      const frontPath = frontPathOf(
        issue.path.filter((p): p is string | number => typeof p !== "symbol"),
      );
      problem(
        idea?.line ?? section?.line ?? (frontPath ? lineOf(frontPath) : end + 2),
        issue.path.join(".") || "guide",
        issue.message,
      );
    }
    throw failure(fileName, problems);
  }
  return checked.data;
}

/** Where a field of the version lives in the front matter, for a line number. */
function frontPathOf(path: (string | number)[]): (string | number)[] | null {
  const [head, ...rest] = path;
  if (head === "guideId") return ["guide"];
  if (head === "measures")
    return ["measures", ...rest.map((p) => (p === "metricId" ? "metric" : p))];
  if (typeof head === "string" && !["sections", "introduction"].includes(head))
    return [head, ...rest];
  return null;
}

interface BodySection extends Located {
  id: string;
  title: string;
  principles: string;
  changeIdeas: (ChangeIdea & Located)[];
}

function parseBody(
  lines: string[],
  from: number,
  problem: (line: number, column: string, reason: string, value?: string) => void,
): { introduction: string; sections: BodySection[] } {
  const sections: BodySection[] = [];
  const intro: string[] = [];
  let text: string[] = intro;
  let idea: (ChangeIdea & Located) | null = null;
  let nextPart = 0;
  let fenced = false;
  const finishIdea = () => {
    if (idea && nextPart < PARTS.length)
      problem(
        idea.line,
        `change idea ${idea.id}`,
        `the part "#### ${PARTS[nextPart]![1]}" is missing`,
      );
  };
  // Lines between a change idea's heading and its first part: only the Measures line belongs.
  const ideaPreamble: string[] = [];
  // Text is collected into arrays, then trimmed of blank lines at both ends.
  const texts = new Map<string[], (value: string) => void>();

  for (let n = from; n < lines.length; n++) {
    const line = lines[n]!;
    const lineNo = n + 1;
    if (FENCE.test(line)) fenced = !fenced;
    const heading = fenced ? null : HEADING.exec(line);
    if (!heading) {
      if (idea && text === ideaPreamble) {
        const measures = MEASURES.exec(line);
        if (measures) {
          idea.measures = measures[1]!
            .split(",")
            .map((m) => m.trim())
            .filter(Boolean);
          continue;
        }
        if (line.trim() !== "")
          problem(
            lineNo,
            `change idea ${idea.id}`,
            'expected "Measures:" or "#### The action" after the change idea heading',
            line,
          );
        continue;
      }
      text.push(line);
      continue;
    }
    const level = heading[1]!.length;
    const rest = heading[2]!;
    if (level === 4) {
      const expected = PARTS[nextPart];
      if (!idea) {
        problem(lineNo, "heading", "a #### heading outside a change idea", line);
        continue;
      }
      if (!expected || rest.trim() !== expected[1]) {
        problem(
          lineNo,
          `change idea ${idea.id}`,
          expected ? `expected "#### ${expected[1]}" here` : "a change idea has five parts only",
          line,
        );
        continue;
      }
      const key: PartKey = expected[0];
      const current = idea;
      text = [];
      texts.set(text, (v) => (current[key] = v));
      nextPart++;
      continue;
    }
    const titled = WITH_ID.exec(rest);
    // Without its id the heading is still structure, so one slip gives one problem, not a cascade.
    if (!titled)
      problem(
        lineNo,
        "heading",
        "a ## or ### heading must end with its id, e.g. {#same-day-care}",
        line,
      );
    const title = titled?.[1] ?? rest.trim();
    const id = titled?.[2] ?? "";
    if (level === 2) {
      finishIdea();
      idea = null;
      const section: BodySection = { id, title, principles: "", changeIdeas: [], line: lineNo };
      sections.push(section);
      text = [];
      texts.set(text, (v) => (section.principles = v));
    } else {
      finishIdea();
      const section = sections.at(-1);
      if (!section) {
        problem(lineNo, "heading", "a change idea (###) before the first section (##)", line);
        idea = null;
        text = [];
        continue;
      }
      idea = {
        id,
        title,
        action: "",
        whyItWorks: "",
        howToStart: "",
        whatGoodLooksLike: "",
        evidence: "",
        measures: [],
        line: lineNo,
      };
      section.changeIdeas.push(idea);
      nextPart = 0;
      text = ideaPreamble;
    }
  }
  finishIdea();
  if (fenced) problem(lines.length, "body", "a fenced code block is not closed");
  for (const [collected, set] of texts) set(trimBlank(collected));
  return { introduction: trimBlank(intro), sections };
}

function trimBlank(lines: string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end).join("\n");
}

function failure(fileName: string, problems: InputProblem[]): InputError {
  return new InputError(
    `${fileName} is not a valid guide version (${problems.length} ${problems.length === 1 ? "problem" : "problems"}).`,
    problems,
  );
}

/** A structural heading (##, ### or ####) outside a fenced block: text cannot hold one. */
function structuralLine(text: string): string | undefined {
  let fenced = false;
  for (const line of text.split("\n")) {
    if (FENCE.test(line)) fenced = !fenced;
    else if (!fenced && HEADING.test(line)) return line;
  }
  return undefined;
}

/** The canonical file text of a version. */
export function serialiseGuideFile(v: GuideVersion): string {
  const front = {
    guide: v.guideId,
    version: v.version,
    title: v.title,
    topic: v.topic,
    summary: v.summary,
    owner: v.owner,
    careSettings: v.careSettings,
    status: v.status,
    published: v.published,
    changelog: v.changelog.map((c) => ({ text: c.text, answers: c.answers })),
    measures: v.measures.map((m) => ({
      metric: m.metricId,
      role: m.role,
      ...(m.rationale === undefined ? {} : { rationale: m.rationale }),
    })),
  };
  const blocks: string[] = [];
  const markdown = (field: string, text: string) => {
    const bad = structuralLine(text);
    if (bad)
      throw new InputError(`${field} holds a heading that guide files use for structure.`, [
        { column: field, value: bad, reason: "use bold text or a # heading inside guide text" },
      ]);
    if (text.trim() !== "") blocks.push(text.trim());
  };
  markdown("introduction", v.introduction);
  for (const s of v.sections) {
    blocks.push(`## ${s.title} {#${s.id}}`);
    markdown(`section ${s.id}`, s.principles);
    for (const c of s.changeIdeas) {
      blocks.push(`### ${c.title} {#${c.id}}`);
      if (c.measures.length > 0) blocks.push(`Measures: ${c.measures.join(", ")}`);
      for (const [key, heading] of PARTS) {
        blocks.push(`#### ${heading}`);
        markdown(`change idea ${c.id}`, c[key]);
      }
    }
  }
  return `---\n${stringify(front, { lineWidth: 0 })}---\n${blocks.join("\n\n")}\n`;
}
