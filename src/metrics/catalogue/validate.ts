/**
 * Loading the catalogue: every definition is parsed with the zod schema, checked for internal
 * consistency the schema alone cannot express, and ids must be unique. A bad definition stops
 * the program at start-up rather than producing wrong numbers later.
 */
import { createHash } from "node:crypto";
import { metricDefinitionSchema, type MetricDefinition } from "./types.js";

/** Consistency rules across fields; returns problems (empty when the definition is sound). */
export function definitionProblems(def: MetricDefinition): string[] {
  const problems: string[] = [];
  const isRatio = def.numerator !== undefined || def.denominator !== undefined;
  if (def.unit === "percentage" && def.multiplier !== 100)
    problems.push("a percentage needs multiplier 100");
  if (def.unit === "rate" && (def.ratePer === undefined || def.ratePer !== def.multiplier)) {
    problems.push("a rate needs ratePer equal to its multiplier");
  }
  if (def.unit !== "rate" && def.ratePer !== undefined) problems.push("ratePer is only for rates");
  if (
    def.aggregation === "sum_ratio" &&
    (def.numerator === undefined || def.denominator === undefined)
  ) {
    problems.push("sum_ratio needs numerator and denominator definitions");
  }
  if (def.unit === "count" && isRatio) problems.push("a count has no numerator or denominator");
  if (def.improvementDirection === "neutral" && def.targets.length > 0)
    problems.push("a neutral metric cannot have targets");
  if (def.category) {
    // A category is not a measurement: nothing adds, averages or tests it (types.ts `category`).
    if (def.aggregation !== "not_aggregable") problems.push("a category is not_aggregable");
    if (def.targets.length > 0) problems.push("a category has no targets");
    if (isRatio) problems.push("a category has no numerator or denominator");
    if (def.unit !== (def.category.kind === "score" ? "score" : "category"))
      problems.push("a score's unit is score; a segment's or flag's is category");
  }
  if (def.unit === "category" && !def.category) problems.push("unit category needs `category`");
  for (const t of def.targets) {
    if (t.to !== undefined && t.to <= t.from)
      problems.push(`target "${t.label}" ends before it starts`);
  }
  return problems;
}

/** Validates definitions and returns them frozen; throws listing every problem found. */
export function loadDefinitions(input: readonly unknown[]): readonly MetricDefinition[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: MetricDefinition[] = [];
  input.forEach((raw, index) => {
    const parsed = metricDefinitionSchema.safeParse(raw);
    if (!parsed.success) {
      const where = (raw as { id?: unknown } | null)?.id ?? `#${index}`;
      problems.push(
        `${String(where)}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
      );
      return;
    }
    const def = parsed.data;
    if (seen.has(def.id)) problems.push(`${def.id}: duplicate id`);
    seen.add(def.id);
    for (const p of definitionProblems(def)) problems.push(`${def.id}: ${p}`);
    out.push(Object.freeze(def));
  });
  if (problems.length > 0) throw new Error(`invalid metric catalogue:\n  ${problems.join("\n  ")}`);
  return Object.freeze(out);
}

/** A short, stable fingerprint of the definitions (sha256 of their JSON), stored with each metric. */
export function versionOf(defs: readonly MetricDefinition[]): string {
  return createHash("sha256").update(JSON.stringify(defs)).digest("hex").slice(0, 16);
}
