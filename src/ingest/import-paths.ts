/**
 * Importing several files or whole folders. Each recognised file is imported on its own, in its
 * own transaction (organisation lists first, so that values find their organisations); files no
 * format recognises are listed as skipped (READMEs, reference-only lists). A single file given by
 * name that no format recognises is an error. Each file's import runs the after-import pipeline
 * in its transaction (after-import.ts).
 *
 * A `.zip` (given by name or found in a folder) is unpacked first (zip.ts: size and entry limits,
 * CRC checks, a private temporary folder removed at the end whatever happens): each CSV entry is
 * then one more file, imported on its own and reported as `archive.zip!entry.csv`; its other
 * entries are listed as skipped. A corrupt or oversize archive, or one without CSV files, fails
 * as a whole before anything of it is imported; a zip given alone whose CSV files no format
 * recognises is an error, as a single CSV file would be.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { AppError, formatProblem, InputError, NotFoundError } from "../errors.js";
import type { Database } from "../storage/database.js";
import { importFile, resolveFormat, type ImportReport } from "./import-file.js";
import { describeReader } from "./reader-report.js";
import type { SourceFormat } from "./format.js";
import { isZipPath, unzipCsvEntries, type ZipContents, type ZipLimits } from "./zip.js";

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
  /** False: the byte reader reads without WebAssembly (configuration `IMPROVE_WASM_READER=off`). */
  wasmReader?: boolean | undefined;
  /** Limits for unpacking .zip archives (defaults in zip.ts). */
  zipLimits?: Partial<ZipLimits> | undefined;
  /** The imports' clock (periods starting more than 30 days after it are refused). */
  now?: (() => Date) | undefined;
  /** Import even files whose bytes were imported before (importFile's `force`). */
  force?: boolean | undefined;
}

/** A file to import: a file on disk, or a CSV entry extracted from an archive. */
interface Candidate {
  /** The file to read (for an archive entry, its extracted copy). */
  file: string;
  /** What the report's `file` says: the path given, or `<archive path>!<entry>`. */
  display: string;
  /** Short name for messages: the base name, or `archive.zip!<entry>`. */
  name: string;
  fromArchive: boolean;
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

const importRank: Record<SourceFormat["kind"], number> = {
  organisations: 0,
  reference: 1,
  values: 2,
};

/** What a reference import wrote, in a few words. */
function describeReference(r: NonNullable<ImportReport["reference"]>): string {
  const parts: string[] = [];
  const codes = (list: string[]) =>
    list.length > 8 ? `${list.slice(0, 8).join(", ")}, …` : list.join(", ");
  if (r.trustTypes) {
    parts.push(`${r.trustTypes.rows} trust types`);
    if (r.trustTypes.sectors.length)
      parts.push(`sectors kept apart: ${codes(r.trustTypes.sectors)}`);
    if (r.trustTypes.notHeld.length)
      parts.push(
        `${r.trustTypes.notHeld.length} codes not held yet (${codes(r.trustTypes.notHeld)})`,
      );
  }
  if (r.successions) {
    parts.push(`${r.successions.rows} successions`);
    if (r.successions.splits.length) parts.push(`splits: ${codes(r.successions.splits)}`);
    if (r.successions.partial.length) parts.push(`partial: ${codes(r.successions.partial)}`);
  }
  if (r.peerFinderGroups) {
    parts.push(`${r.peerFinderGroups.groups} peer groups of ${r.peerFinderGroups.members} members`);
    if (r.peerFinderGroups.closed.length)
      parts.push(`${r.peerFinderGroups.closed.length} closed trusts kept`);
  }
  return parts.join(", ");
}

/** An ISO time as reports print it: "2026-12-04 07:30 UTC". */
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function describe(report: ImportReport, name: string): string {
  if (report.status === "unchanged") {
    const later = report.supersededBy;
    if (!later || !report.importedAt)
      return `${name}: already imported (${report.format}), nothing to do`;
    const values = `${later.valuesChanged} stored value${later.valuesChanged === 1 ? "" : "s"}`;
    return `${name}: already imported (${report.format}) on ${when(report.importedAt)}, but later imports of the same publication changed ${values} since (the latest: ${later.file} on ${when(later.importedAt)}); if they revised this file's values, the newer ones are kept. Nothing was imported: to apply this file's values again as the newest revision, import it with --force`;
  }
  const changes = report.quality?.kindsChanged ?? [];
  // Most changes on a first import only record where a kind comes from (name → trust types).
  const kindChanges = changes.filter((c) => c.from !== c.to).length;
  const kinds = changes.length
    ? `; ${kindChanges} organisation kind${kindChanges === 1 ? "" : "s"} changed, ${changes.length - kindChanges} more with a new subtype or kind source`
    : "";
  if (report.reference)
    return `${name}: ${report.format}: ${report.rowsRead} rows, ${describeReference(report.reference)}${kinds} (${report.durationMs} ms)`;
  if (report.organisations)
    return `${name}: ${report.format}: ${report.rowsRead} rows, ${report.organisations.inserted} organisations added, ${report.organisations.updated} updated${kinds}`;
  const unlisted =
    report.unlistedOrganisations.length > 0
      ? `, ${report.unlistedOrganisations.length} unlisted organisation codes kept as "unlisted provider"`
      : "";
  return `${name}: ${report.format}: ${report.rowsRead} rows, ${report.inserted} values added, ${report.updated} changed, ${report.unchanged} unchanged${unlisted} (${report.durationMs} ms${describeReader(report.reader)})`;
}

function failureMessage(name: string, e: unknown): string {
  if (e instanceof InputError) return e.message;
  if (e instanceof AppError) return `${name}: ${e.message}`;
  return `${name}: internal error: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * An archive entry's report and `imports` row name the entry inside the archive
 * (`/data/archive.zip!inner.csv`), not the temporary copy that was read (deleted afterwards).
 * The row is corrected just after its import committed.
 */
export async function recordArchiveEntry(
  database: Database,
  report: ImportReport,
  display: string,
): Promise<void> {
  const read = path.resolve(report.file);
  report.file = display;
  if (report.status !== "imported" || report.importId === null) return;
  await database.pool.query(
    `UPDATE imports SET file_path = $2, report = jsonb_set(report, '{file}', to_jsonb($2::text))
     WHERE import_id = $1 AND file_path = $3`,
    [report.importId, path.resolve(display), read],
  );
}

function skipReason(e: unknown): string {
  return e instanceof InputError
    ? e.problems[0]
      ? formatProblem({ ...e.problems[0], file: undefined })
      : e.message
    : String(e);
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
  const archives: ZipContents[] = [];
  try {
    const candidates: Candidate[] = [];
    for (const file of files) {
      if (!isZipPath(file)) {
        candidates.push({ file, display: file, name: path.basename(file), fromArchive: false });
        continue;
      }
      let contents: ZipContents;
      try {
        contents = await unzipCsvEntries(file, { limits: options.zipLimits });
      } catch (e) {
        if (singleFile || !(e instanceof AppError)) throw e;
        result.failed.push({ file, message: failureMessage(path.basename(file), e) });
        continue;
      }
      archives.push(contents);
      for (const skipped of contents.skipped) {
        result.skipped.push({
          file: `${file}${skipped.name.slice(contents.archive.length)}`,
          reason: skipped.reason,
        });
        options.onFile?.(`${skipped.name}: skipped (${skipped.reason})`);
      }
      for (const entry of contents.files)
        candidates.push({
          file: entry.file,
          display: `${file}!${entry.entry}`,
          name: entry.name,
          fromArchive: true,
        });
    }

    const recognised: (Candidate & { format: SourceFormat })[] = [];
    const unrecognisedEntries: string[] = [];
    for (const candidate of candidates) {
      try {
        const { format } = await resolveFormat(candidate.file, options.format);
        recognised.push({ ...candidate, format });
      } catch (e) {
        // Given alone, an unreadable or unrecognised file is the user's error to see.
        if ((singleFile && !candidate.fromArchive) || options.format) throw e;
        const reason = skipReason(e);
        if (candidate.fromArchive) unrecognisedEntries.push(`${candidate.name}: ${reason}`);
        result.skipped.push({ file: candidate.display, reason });
        options.onFile?.(`${candidate.name}: skipped (${reason})`);
      }
    }
    if (singleFile && archives.length === 1 && recognised.length === 0) {
      const archive = archives[0]!.archive;
      throw new InputError(
        `${archive}: no CSV file in the archive is in a known format (${unrecognisedEntries.join("; ")})`,
        unrecognisedEntries.map((reason) => ({ file: archive, reason })),
      );
    }
    // Organisation lists, then reference publications about them, then values.
    recognised.sort((a, b) => importRank[a.format.kind] - importRank[b.format.kind]);
    for (const candidate of recognised) {
      try {
        const report = await importFile(database, candidate.file, {
          format: candidate.format.id,
          force: options.force,
          onProgress: options.onProgress,
          wasmReader: options.wasmReader,
          ...(options.now ? { now: options.now } : {}),
        });
        if (candidate.fromArchive) await recordArchiveEntry(database, report, candidate.display);
        result.imported.push(report);
        options.onFile?.(describe(report, candidate.name));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        result.failed.push({
          file: candidate.display,
          message: failureMessage(candidate.name, e),
        });
      }
    }
    return result;
  } finally {
    for (const archive of archives) await archive.cleanup();
  }
}
