/**
 * The report definition form, which works without JavaScript: a title, a description, up to
 * SECTION_SLOTS section titles, and every catalogue metric by topic with a checkbox, the number of
 * the section it goes in and its order there. Reading the posted form gives the service's
 * `DefinitionInput` (which it checks again, `parseLayout`), and the service's problems, which
 * name fields such as `sections[1].metricIds[0]`, are put back beside the form's own fields.
 */
import { metricsByTopic, topicTitle } from "../../../metrics/catalogue/index.js";
import { InputError, type InputProblem } from "../../../errors.js";
import type { DefinitionInput, ReportDefinition } from "../../../reports/types.js";
import type { FieldErrors } from "../../forms.js";

/** Sections offered on the form (a saved definition with more keeps them: slots grow to fit). */
export const SECTION_SLOTS = 6;

/** The form as posted (or as a saved definition fills it). */
export interface DefinitionForm {
  title: string;
  description: string;
  sectionTitles: string[];
  /** Chosen metrics, with the section number (1-based) and order as typed. */
  chosen: Map<string, { section: string; order: string }>;
}

const text = (v: unknown, max = 2000) => (typeof v === "string" ? v.slice(0, max) : "");

/** The posted fields: `title`, `description`, `section-N`, `metric` (repeated), `section-of-ID`, `order-of-ID`. */
export function readDefinitionForm(body: unknown): DefinitionForm {
  const record = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const metricValues = ([] as unknown[]).concat(record.metric ?? []);
  const chosen = new Map<string, { section: string; order: string }>();
  for (const v of metricValues.slice(0, 500)) {
    const id = text(v, 100).trim();
    if (id)
      chosen.set(id, {
        section: text(record[`section-of-${id}`], 10).trim(),
        order: text(record[`order-of-${id}`], 10).trim(),
      });
  }
  const sectionTitles: string[] = [];
  for (let i = 1; i <= 50 && (i <= SECTION_SLOTS || `section-${i}` in record); i++)
    sectionTitles.push(text(record[`section-${i}`], 500));
  return {
    title: text(record.title, 500),
    description: text(record.description, 5000),
    sectionTitles,
    chosen,
  };
}

/** A saved (or ready-made) definition as the form shows it, to edit or to copy. */
export function formOfDefinition(d: ReportDefinition | null): DefinitionForm {
  const chosen = new Map<string, { section: string; order: string }>();
  d?.sections.forEach((s, i) =>
    s.metricIds.forEach((id, j) =>
      chosen.set(id, { section: String(i + 1), order: String(j + 1) }),
    ),
  );
  const titles = d?.sections.map((s) => s.title) ?? [];
  return {
    title: d?.title ?? "",
    description: d?.description ?? "",
    sectionTitles: Array.from(
      { length: Math.max(SECTION_SLOTS, titles.length) },
      (_, i) => titles[i] ?? "",
    ),
    chosen,
  };
}

export const metricField = (metricId: string) => `metric-${metricId}`;
export const sectionField = (slot: number) => `section-${slot}`;

/**
 * The definition the form describes: chosen metrics placed in their numbered sections, in order
 * (ties and blank orders keep the catalogue's order), empty sections left out. Problems the form
 * alone can see (a section number out of range, an order that is not a number, no metric chosen)
 * are an InputError naming the form's fields; `slots` maps each section of the result back to
 * its slot, for the service's problems.
 */
export function definitionInput(form: DefinitionForm): { input: DefinitionInput; slots: number[] } {
  const problems: InputProblem[] = [];
  const bySlot = new Map<number, { id: string; order: number; rank: number }[]>();
  let rank = 0;
  for (const [id, place] of form.chosen) {
    rank++;
    const slot = place.section === "" ? 1 : Number(place.section);
    const order = place.order === "" ? Number.MAX_SAFE_INTEGER : Number(place.order);
    if (!Number.isInteger(slot) || slot < 1 || slot > form.sectionTitles.length) {
      problems.push({
        column: metricField(id),
        value: place.section,
        reason: `Enter a section number from 1 to ${form.sectionTitles.length} for ${id}`,
      });
      continue;
    }
    if (!Number.isFinite(order) || order < 0) {
      problems.push({
        column: metricField(id),
        value: place.order,
        reason: `Enter the order of ${id} as a whole number, or leave it blank`,
      });
      continue;
    }
    const list = bySlot.get(slot) ?? [];
    list.push({ id, order, rank });
    bySlot.set(slot, list);
  }
  // Said together with the form's own problems (the service checks the title again).
  if (form.title.trim() === "")
    problems.unshift({ column: "title", value: "", reason: "Title must not be empty" });
  if (form.chosen.size === 0)
    problems.push({ column: "metrics", value: "", reason: "Choose at least one metric" });
  if (problems.length) throw new InputError("The report definition is not valid", problems);
  const slots = [...bySlot.keys()].sort((a, b) => a - b);
  return {
    input: {
      title: form.title,
      description: form.description,
      sections: slots.map((slot) => ({
        title: form.sectionTitles[slot - 1] ?? "",
        metricIds: bySlot
          .get(slot)!
          .sort((a, b) => a.order - b.order || a.rank - b.rank)
          .map((m) => m.id),
      })),
    },
    slots,
  };
}

const FIELD_NAMES: Record<string, string> = { title: "Title", description: "Description" };

/**
 * The service's problems on the form's fields, in words: `sections[1].title` is the title field
 * of the section's slot, `sections[0].metricIds[2]` that metric's row.
 */
export function formErrors(
  error: unknown,
  built: { input: DefinitionInput; slots: number[] } | null,
): FieldErrors | null {
  if (!(error instanceof InputError) || error.problems.length === 0) return null;
  const errors: FieldErrors = {};
  for (const p of error.problems) {
    const column = p.column ?? "";
    const section = /^sections\[(\d+)\](?:\.(title|metricIds)(?:\[(\d+)\])?)?$/.exec(column);
    let field = column;
    let name = FIELD_NAMES[column] ?? column;
    if (section && built) {
      const s = Number(section[1]);
      const slot = built.slots[s] ?? s + 1;
      if (section[2] === "metricIds" && section[3] !== undefined) {
        const id = built.input.sections[s]?.metricIds[Number(section[3])] ?? "";
        field = metricField(id);
        name = `Metric ${id}`;
      } else {
        field = sectionField(slot);
        name = `Section ${slot} title`;
      }
    } else if (column === "sections") {
      field = "metrics";
      name = "The report";
    }
    const reason = p.reason.startsWith(column)
      ? p.reason.slice(column.length).replace(/^ "[^"]*"/, "")
      : ` ${p.reason}`;
    errors[field || "title"] ??=
      column in FIELD_NAMES || section || column === "sections" ? `${name}${reason}` : p.reason;
  }
  return errors;
}

/** The metric checkboxes by topic, with what the form holds for each. */
export function metricGroups(form: DefinitionForm, errors: FieldErrors) {
  return [...metricsByTopic().entries()].map(([topic, metrics]) => {
    const items = metrics.map((m) => {
      const place = form.chosen.get(m.id);
      return {
        id: m.id,
        field: metricField(m.id),
        title: m.title,
        checked: place !== undefined,
        section: place?.section ?? "",
        order: place?.order ?? "",
        error: errors[metricField(m.id)] ?? null,
      };
    });
    return {
      topic,
      title: topicTitle(topic),
      items,
      // Open where something is chosen or wrong; closed topics keep a long form short.
      open: items.some((i) => i.checked || i.error),
    };
  });
}
