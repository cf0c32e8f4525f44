/**
 * The authoring forms' fields, one zod schema per part (docs/guides.md "Authoring and review").
 * Each turns a posted form into a part of a `GuideVersion`, or field errors named after the
 * form's inputs so the error summary links to them.
 */
import { z } from "zod";
import {
  careSettings,
  changeIdeaSchema,
  feedbackRefSchema,
  measureRoles,
  slugSchema,
  versionStatuses,
  type ChangeIdea,
  type ChangelogEntry,
  type GuideSection,
  type GuideVersion,
  type TrackingMeasure,
} from "../../../guides/types.js";
import type { FieldErrors } from "../../forms.js";

/** A posted value as a string, up to `max` characters (Markdown parts are long). */
export function text(body: unknown, name: string, max = 40_000): string {
  const v = (body as Record<string, unknown> | null)?.[name];
  return typeof v === "string" ? v.slice(0, max) : "";
}

/** A posted checkbox group: one value or several. */
export function many(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | null)?.[name];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

function parse<T>(schema: z.ZodType<T>, input: unknown, names: Record<string, string>): Parsed<T> {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  const errors: FieldErrors = {};
  for (const i of r.error.issues) {
    const field = i.path.map(String).join("-");
    const top = String(i.path[0] ?? "");
    errors[field] ??= `${names[top] ?? top}: ${i.message}`;
  }
  return { ok: false, errors };
}

/**
 * Markdown a guide file can hold: `##` to `####` headings structure the file itself
 * (src/guides/guide-file.ts), so a part may use `#####` and below only.
 */
const markdownPart = (label: string, min = 0) =>
  z
    .string()
    .trim()
    .min(min, `Enter ${label.toLowerCase()}`)
    .max(40_000, "at most 40,000 characters")
    .refine(
      (s) => !/^ {0,3}#{1,4}\s/m.test(s),
      "use headings of level 5 (#####) or below, or none",
    );

const required = (what: string) => z.string().trim().min(1, `Enter ${what}`);

/** The changelog is edited as one entry per line; "answers" lines match by position. */
export function parseDetails(body: unknown): Parsed<Partial<GuideVersion>> {
  const lines = (s: string) =>
    s
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  const entries = lines(text(body, "changelogText", 20_000));
  const answers = text(body, "changelogAnswers", 20_000).split(/\r?\n/);
  const schema = z.object({
    title: required("a title").max(200),
    summary: required("a summary").max(1000),
    owner: required("the owning team").max(200),
    careSettings: z.array(z.enum(careSettings)).min(1, "Choose at least one care setting"),
    status: z.enum(versionStatuses, "Choose interim or final"),
    changelog: z
      .array(
        z.object({
          text: z.string().max(2000),
          answers: z.array(
            feedbackRefSchema.or(
              z
                .string()
                .regex(/^$/)
                .transform(() => ""),
            ),
          ),
        }),
      )
      .max(200),
  });
  const parsed = parse(
    schema,
    {
      title: text(body, "title", 200),
      summary: text(body, "summary", 1000),
      owner: text(body, "owner", 200),
      careSettings: many(body, "careSettings"),
      status: text(body, "status", 20),
      changelog: entries.map((t, i) => ({
        text: t,
        answers: (answers[i] ?? "")
          .split(",")
          .map((a) => a.trim())
          .filter(Boolean),
      })),
    },
    {
      title: "Title",
      summary: "Summary",
      owner: "Owner",
      careSettings: "Care settings",
      status: "Interim or final",
      changelog: "Changelog",
    },
  );
  if (!parsed.ok) {
    // Changelog problems belong to the fields the author types in.
    const errors: FieldErrors = {};
    for (const [k, v] of Object.entries(parsed.errors))
      errors[
        k.startsWith("changelog")
          ? k.includes("answers")
            ? "changelogAnswers"
            : "changelogText"
          : k
      ] ??= v.includes("feedback reference") ? `${v} such as UEC-FB-001` : v;
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      ...parsed.value,
      changelog: parsed.value.changelog.map((e): ChangelogEntry => ({
        text: e.text,
        answers: e.answers.filter(Boolean),
      })),
    },
  };
}

export function parseIntroduction(body: unknown): Parsed<{ introduction: string }> {
  return parse(
    z.object({ introduction: markdownPart("an introduction") }),
    { introduction: text(body, "introduction") },
    { introduction: "Introduction" },
  );
}

export const IDEA_PARTS = [
  ["action", "The action"],
  ["whyItWorks", "Why it works"],
  ["howToStart", "How to start"],
  ["whatGoodLooksLike", "What good looks like"],
  ["evidence", "Evidence and references"],
] as const;

export function parseChangeIdea(body: unknown): Parsed<ChangeIdea> {
  const input: Record<string, unknown> = {
    title: text(body, "title", 200).trim(),
    id: text(body, "id", 80).trim(),
    measures: many(body, "measures"),
  };
  for (const [name] of IDEA_PARTS) input[name] = text(body, name);
  return parse(
    changeIdeaSchema.extend({
      title: required("a title").max(200),
      ...Object.fromEntries(IDEA_PARTS.map(([name, label]) => [name, markdownPart(label, 1)])),
    }) as unknown as z.ZodType<ChangeIdea>,
    input,
    { title: "Title", id: "Id", measures: "Measures", ...Object.fromEntries(IDEA_PARTS) },
  );
}

export function parseSection(body: unknown): Parsed<Omit<GuideSection, "changeIdeas">> {
  return parse(
    z.object({
      title: required("a title").max(200),
      id: slugSchema,
      principles: markdownPart("principles"),
    }),
    {
      title: text(body, "title", 200).trim(),
      id: text(body, "id", 80).trim(),
      principles: text(body, "principles"),
    },
    { title: "Title", id: "Id", principles: "Principles" },
  );
}

export function parseMeasure(
  body: unknown,
  isMetricId: (id: string) => boolean,
): Parsed<TrackingMeasure> {
  return parse(
    z.object({
      metricId: z.string().refine(isMetricId, "Choose a metric from the catalogue"),
      role: z.enum(measureRoles, "Choose outcome, process or balancing"),
      rationale: z
        .string()
        .trim()
        .max(500)
        .transform((s) => s || undefined),
    }),
    {
      metricId: text(body, "metricId", 80),
      role: text(body, "role", 20),
      rationale: text(body, "rationale", 500),
    },
    { metricId: "Metric", role: "Role", rationale: "Rationale" },
  ) as Parsed<TrackingMeasure>;
}

/** Moves item `i` of a list one place up or down (a copy; out of range: unchanged). */
export function moved<T>(list: T[], i: number, direction: "up" | "down"): T[] {
  const j = direction === "up" ? i - 1 : i + 1;
  if (i < 0 || j < 0 || i >= list.length || j >= list.length) return list;
  const copy = [...list];
  [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  return copy;
}

/**
 * Whether `id` is already used in the version by another section or change idea (ids are unique
 * across both: they are the page's anchors), `self` being the part being saved.
 */
export function idTaken(
  v: GuideVersion,
  id: string,
  self: { section: number | "new"; idea?: number | "new" },
): boolean {
  return v.sections.some(
    (s, si) =>
      (s.id === id && !(self.idea === undefined && si === self.section)) ||
      s.changeIdeas.some((c, ci) => c.id === id && !(si === self.section && ci === self.idea)),
  );
}

/** The errors a part form shows: none while previewing, else its fields', else an id clash. */
export function partErrors<T>(
  parsed: Parsed<T>,
  previewing: boolean,
  clash: boolean,
  id: string,
): FieldErrors {
  if (previewing) return {};
  if (!parsed.ok) return parsed.errors;
  return clash ? { id: `Id: "${id}" is already used in this version` } : {};
}
