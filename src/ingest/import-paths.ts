/**
 * Importing several files or whole folders. Each recognised file is imported on its own, in its
 * own transaction (organisation lists first, so that values find their organisations); files no
 * format recognises are listed as skipped (READMEs, reference-only lists). A single file given by
 * name that no format recognises is an error.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { AppError, formatProblem, InputError, NotFoundError } from "../errors.js";
import type { Database } from "../storage/database.js";
import { importFile, resolveFormat, type ImportReport } from "./import-file.js";
import type { SourceFormat } from "./format.js";

export interface ImportPathsResult {
  imported: ImportReport[];
  skipped: { file: string; reason: string }[];
  failed: { file: string; message: string }[];
}

export interface ImportPathsOptions {
  format?: string | undefined;
  onProgress?: (records: number) => void;
  /** One human line per file as it finishes. */
  onFile?: (line: string) => void;
}

async function listFiles(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) throw new NotFoundError(`No such file or folder: ${target}`);
  if (stat.isFile()) return [target];
  const out: string[] = [];
  for (const entry of (await fs.readdir(target, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function describe(report: ImportReport): string {
  const name = path.basename(report.file);
  if (report.status === "unchanged")
    return `${name}: already imported (${report.format}), nothing to do`;
  if (report.organisations)
    return `${name}: ${report.format}: ${report.rowsRead} rows, ${report.organisations.inserted} organisations added, ${report.organisations.updated} updated`;
  const unlisted =
    report.unlistedOrganisations.length > 0
      ? `, ${report.unlistedOrganisations.length} unlisted organisation codes kept as "unlisted provider"`
      : "";
  return `${name}: ${report.format}: ${report.rowsRead} rows, ${report.inserted} values added, ${report.updated} changed, ${report.unchanged} unchanged${unlisted} (${report.durationMs} ms)`;
}

function failureMessage(file: string, e: unknown): string {
  if (e instanceof InputError) return e.message;
  if (e instanceof AppError) return `${path.basename(file)}: ${e.message}`;
  return `${path.basename(file)}: internal error: ${e instanceof Error ? e.message : String(e)}`;
}

export async function importPaths(
  database: Database,
  targets: string[],
  options: ImportPathsOptions = {},
): Promise<ImportPathsResult> {
  const result: ImportPathsResult = { imported: [], skipped: [], failed: [] };
  const singleFile =
    targets.length === 1 && (await fs.stat(targets[0]!).catch(() => undefined))?.isFile() === true;
  const files = (await Promise.all(targets.map(listFiles))).flat();
  const recognised: { file: string; format: SourceFormat }[] = [];
  for (const file of files) {
    try {
      const { format } = await resolveFormat(file, options.format);
      recognised.push({ file, format });
    } catch (e) {
      // Given alone, an unreadable or unrecognised file is the user's error to see.
      if (singleFile || options.format) throw e;
      const reason =
        e instanceof InputError
          ? e.problems[0]
            ? formatProblem({ ...e.problems[0], file: undefined })
            : e.message
          : String(e);
      result.skipped.push({ file, reason });
      options.onFile?.(`${path.basename(file)}: skipped (${reason})`);
    }
  }
  recognised.sort(
    (a, b) => Number(a.format.kind === "values") - Number(b.format.kind === "values"),
  );
  for (const { file, format } of recognised) {
    try {
      const report = await importFile(database, file, {
        format: format.id,
        onProgress: options.onProgress,
      });
      result.imported.push(report);
      options.onFile?.(describe(report));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      result.failed.push({ file, message: failureMessage(file, e) });
    }
  }
  return result;
}
