/**
 * Reads the maturity matrices the repository ships (content/assessments/<matrixId>.yaml). They
 * are versioned with the code, so they are read once, when the app is composed or the CLI
 * starts, and kept in memory; a file that does not parse, or breaks `matrixSchema`, stops the
 * start with an InputError naming the file, the row and the field.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { InputError, type InputProblem } from "../errors.js";
import { matrixSchema, type Matrix } from "./types.js";

/** Where the matrices live, relative to the repository root. */
export const MATRIX_FOLDER = "content/assessments";

/** Where an issue's path points, in words: "row 2 (discharge) field statements". */
function where(input: unknown, issuePath: readonly PropertyKey[]): string {
  const [first, index, ...rest] = issuePath;
  if ((first === "rows" || first === "levels") && typeof index === "number") {
    const list = (input as Record<string, unknown> | null)?.[first];
    const item = Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : null;
    const id = first === "rows" && typeof item?.id === "string" ? ` (${item.id})` : "";
    const noun = first === "rows" ? "row" : "level";
    return `${noun} ${index + 1}${id}${rest.length ? ` field ${rest.join(".")}` : ""}`;
  }
  return issuePath.length ? `field ${issuePath.join(".")}` : "the file";
}

/** One matrix from a file's text; `file` names it in errors. */
export function parseMatrix(text: string, file: string): Matrix {
  let input: unknown;
  try {
    input = parse(text);
  } catch (e) {
    throw new InputError(`${file} is not valid YAML.`, [{ file, reason: (e as Error).message }]);
  }
  const parsed = matrixSchema.safeParse(input);
  if (!parsed.success) {
    const problems: InputProblem[] = parsed.error.issues.map((i) => ({
      file,
      column: where(input, i.path),
      reason: i.message,
    }));
    throw new InputError(
      `${file} is not a valid maturity matrix: ${problems.map((p) => `${p.column}: ${p.reason}`).join("; ")}`,
      problems,
    );
  }
  const expected = path.basename(file).replace(/\.ya?ml$/, "");
  if (parsed.data.id !== expected)
    throw new InputError(`${file}: the id "${parsed.data.id}" must match the file name.`, [
      { file, column: "field id", value: parsed.data.id, reason: `must be "${expected}"` },
    ]);
  return parsed.data;
}

/**
 * Every matrix in `folder` (none when the folder does not exist), in title order. Two files
 * with the same id cannot happen (the id is the file name).
 */
export function readMatrixFolder(folder: string): Matrix[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const file = path.join(folder, name);
      return parseMatrix(readFileSync(file, "utf8"), file);
    })
    .sort((a, b) => a.title.localeCompare(b.title, "en-GB"));
}
