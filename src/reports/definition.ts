/**
 * A report definition as a person submits it, checked once at the boundary (zod): a title,
 * a description and 1–20 sections of catalogue metrics, at most 60 metrics in all, each once.
 * Every problem is reported together, each naming its field and the value given, as an
 * InputError (the project's input-validation error): nothing is saved unless all is well.
 */
import { z } from "zod";
import { InputError, echoValue, type InputProblem } from "../errors.js";
import { getMetric } from "../metrics/catalogue/index.js";
import type { DefinitionInput } from "./types.js";

/** The most metrics one report holds: a board pack is read, not searched. */
export const MAX_REPORT_METRICS = 60;
export const MAX_SECTIONS = 20;
export const TITLE_MAX = 120;
export const DESCRIPTION_MAX = 1000;

const sectionSchema = z.object({
  title: z
    .string("must be text")
    .trim()
    .min(1, "must not be empty")
    .max(TITLE_MAX, `must be at most ${TITLE_MAX} characters`),
  metricIds: z
    .array(z.string("must be a metric id").trim(), "must be a list of metric ids")
    .min(1, "must name at least one metric"),
});

const layoutSchema = z.object({
  title: z
    .string("must be text")
    .trim()
    .min(1, "must not be empty")
    .max(TITLE_MAX, `must be at most ${TITLE_MAX} characters`),
  description: z
    .string("must be text")
    .trim()
    .max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`)
    .default(""),
  sections: z
    .array(sectionSchema, "must be a list of sections")
    .min(1, "must have at least one section")
    .max(MAX_SECTIONS, `must have at most ${MAX_SECTIONS} sections`),
});

/** The field a path names, as people read it: `sections[2].metricIds[0]`. */
function fieldOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `${out ? "." : ""}${String(p)}`;
  return out || "definition";
}

/** The value found at `path` in `input`, as text for a message ("" when absent). */
function valueAt(input: unknown, path: readonly PropertyKey[]): string {
  let v: unknown = input;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as never)[p] : undefined;
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return echoValue(v);
  if (Array.isArray(v)) return `${v.length} items`;
  return typeof v === "object" ? "" : echoValue(String(v));
}

const problemAt = (field: string, value: string, reason: string): InputProblem => ({
  column: field,
  value,
  reason: `${field}${value ? ` "${value}"` : ""} ${reason}`,
});

/**
 * The definition `input` describes, or InputError listing every problem.
 * @example parseLayout({ title: "Board", sections: [{ title: "UEC", metricIds: ["ae_4hr_all"] }] })
 */
export function parseLayout(input: unknown): DefinitionInput {
  const parsed = layoutSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) =>
      problemAt(fieldOf(i.path), valueAt(input, i.path), i.message),
    );
    throw new InputError(
      `The report definition is not valid: ${problems.map((p) => p.reason).join("; ")}`,
      problems,
    );
  }
  const layout = parsed.data;
  const problems: InputProblem[] = [];
  const seen = new Map<string, string>();
  layout.sections.forEach((section, s) =>
    section.metricIds.forEach((id, m) => {
      const field = `sections[${s}].metricIds[${m}]`;
      if (!getMetric(id)) problems.push(problemAt(field, id, "is not a catalogue metric"));
      else if (seen.has(id))
        problems.push(problemAt(field, id, `is already in the report (${seen.get(id)})`));
      else seen.set(id, field);
    }),
  );
  const total = layout.sections.reduce((n, s) => n + s.metricIds.length, 0);
  if (total > MAX_REPORT_METRICS)
    problems.push(
      problemAt("sections", `${total} metrics`, `must hold at most ${MAX_REPORT_METRICS} metrics`),
    );
  if (problems.length > 0)
    throw new InputError(
      `The report definition is not valid: ${problems.map((p) => p.reason).join("; ")}`,
      problems,
    );
  return {
    title: layout.title,
    description: layout.description,
    sections: layout.sections.map((s) => ({ title: s.title, metricIds: s.metricIds })),
  };
}
