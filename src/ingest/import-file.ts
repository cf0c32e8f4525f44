/**
 * Importing one file: detect its format, parse and validate it, and write its values in one
 * transaction. Atomic (any problem rolls everything back), idempotent (a file whose checksum was
 * already imported in the same format is a no-op, even when imported twice at once: the check runs
 * under the source's lock; identical values are never rewritten; `force` imports it anyway) and
 * reported (counts, unlisted organisations, problems with file, line, column and value).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { PoolClient } from "pg";
import { catalogue } from "../metrics/catalogue/index.js";
import type { MetricDefinition } from "../metrics/catalogue/types.js";
import type { Database } from "../storage/database.js";
import { withTransaction } from "../storage/transaction.js";
import { upsertOrganisations } from "../storage/organisation-writer.js";
import { writePublishedLimits } from "../storage/published-limits.js";
import {
  writeReference,
  type ReferenceItems,
  type ReferenceWriteSummary,
} from "../storage/reference-writer.js";
import {
  addUnlistedOrganisations,
  conflictingDuplicates,
  copyValuesDirect,
  mergeStaged,
  newOrganisationCodes,
  stagedHasDuplicateKeys,
  stageValues,
  type MergeCounts,
} from "../storage/value-writer.js";
import { echoValue, InputError, NotFoundError, UsageError } from "../errors.js";
import type { MetricValueInput } from "../metrics/values.js";
import type { ColumnarOptions, ColumnarStats } from "./columnar/parallel.js";
import { metricValueInputs } from "./columnar/values.js";
import { csvFileRecords, type CsvRecord } from "./csv.js";
import {
  normaliseHeader,
  type ParseContext,
  type SourceFormat,
  type ValuesFormat,
} from "./format.js";
import { afterImport, type AfterImportSummary } from "./after-import.js";
import { plausibilityCheck } from "./plausibility-check.js";
import { Problems } from "./problems.js";
import {
  BYTE_READER_DECLINED,
  byteReaderReport,
  RECORD_READER,
  type ReaderReport,
} from "./reader-report.js";
import { detectFormat, formatById } from "./sources/index.js";
import {
  BINARY_FILE,
  columnGivenTwice,
  givenAgainDifferently,
  NO_ROWS,
  tooManyNewOrganisations,
  UNKNOWN_HEADER,
} from "./problem-messages.js";

export interface ImportReport {
  file: string;
  format: string;
  status: "imported" | "unchanged";
  importId: number | null;
  /** Unchanged: when the same bytes were imported (ISO time). */
  importedAt?: string;
  /**
   * Unchanged, and later imports of the same publication changed stored values since: the latest
   * of them, and how many values they changed in all. The file's own values may have been among
   * them; `force` imports it again as the newest revision.
   */
  supersededBy?: { importId: number; file: string; importedAt: string; valuesChanged: number };
  checksum: string;
  bytes: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  unlistedOrganisations: string[];
  organisations?: { inserted: number; updated: number };
  /** What a reference publication (trust types, successions, peer groups) wrote. */
  reference?: ReferenceWriteSummary;
  /** What the after-import pipeline did (after-import.ts): refinements, derivations, quality flags. */
  quality?: AfterImportSummary;
  /** Which reader read the file, and why a faster one did not (absent when unchanged). */
  reader?: ReaderReport;
  durationMs: number;
}

export interface ImportOptions {
  /** Format id; detected from the header when absent. */
  format?: string;
  /** Import even a file whose bytes were imported before (its values become the newest revision). */
  force?: boolean | undefined;
  /** Called with the number of records read so far (progress bars). */
  onProgress?: (recordsRead: number) => void;
  metrics?: ReadonlyMap<string, MetricDefinition>;
  /** False: the byte reader reads without WebAssembly (configuration `IMPROVE_WASM_READER=off`). */
  wasmReader?: boolean | undefined;
  /** For formats with a fast file parser: worker threads and range sizes (tests force workers on small files). */
  columnar?: ColumnarOptions;
  /** The import's clock: periods starting more than 30 days after it are refused (metrics/plausibility.ts). */
  now?: () => Date;
}

/** The file's SHA-256, and whether it holds a NUL byte anywhere (one pass over the bytes). */
async function digest(filePath: string): Promise<{ checksum: string; nul: boolean }> {
  const hash = createHash("sha256");
  let nul = false;
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    if (!nul && (chunk as Buffer).includes(0)) nul = true;
  }
  return { checksum: hash.digest("hex"), nul };
}

/**
 * Refuses a file with a NUL byte, naming the line and column of the first: the record reader
 * stops there (csv.ts), before any reader, the byte readers included, reads the file.
 */
async function refuseNul(filePath: string, fileName: string, header?: string[]): Promise<never> {
  for await (const batch of csvFileRecords(filePath, { fileName, header })) void batch;
  throw new InputError(`${fileName}: ${BINARY_FILE}`, [{ file: fileName, reason: BINARY_FILE }]);
}

/** Refuses a header that names a column twice (ignoring case, spaces and empty cells). */
function refuseRepeatedColumns(header: string[], fileName: string): void {
  const seen = new Map<string, number>();
  const problems = new Problems(fileName);
  normaliseHeader(header).forEach((name, i) => {
    if (name === "") return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else
      problems.add({
        line: 1,
        column: header[first]!.replace(/^\ufeff/, "").trim(),
        reason: columnGivenTwice(header[first]!.replace(/^\ufeff/, "").trim(), first + 1, i + 1),
      });
  });
  problems.throwIfAny();
}

/** Reads only the first record (to detect the format). */
async function firstRecord(filePath: string, fileName: string): Promise<string[]> {
  // NULs are looked for later, when the header can name their columns (refuseNul).
  for await (const batch of csvFileRecords(filePath, { fileName, batchSize: 1, checkNul: false })) {
    const first = batch[0];
    if (first) return first.cells;
  }
  throw new InputError(`${fileName} is empty`, [{ file: fileName, reason: NO_ROWS }]);
}

export async function resolveFormat(
  filePath: string,
  requested?: string,
): Promise<{ format: SourceFormat; first: string[] }> {
  const fileName = path.basename(filePath);
  const first = await firstRecord(filePath, fileName);
  if (requested) {
    const f = formatById(requested);
    if (!f) throw new UsageError(`Unknown format "${requested}" (see \`improve formats\`)`);
    return { format: f, first };
  }
  const format = detectFormat(first);
  if (!format) {
    const header = normaliseHeader(first).slice(0, 8).join(", ");
    throw new InputError(`${fileName}: the header matches no known format (${echoValue(header)})`, [
      {
        file: fileName,
        line: 1,
        value: header,
        reason: UNKNOWN_HEADER,
      },
    ]);
  }
  return { format, first };
}

/** Records with the header removed (for formats that have one), counting rows as they pass. */
async function* dataRecords(
  records: AsyncIterable<CsvRecord[]>,
  format: SourceFormat,
  counter: { rows: number },
  onProgress?: (n: number) => void,
) {
  let headerSkipped = !format.hasHeader;
  for await (let batch of records) {
    if (!headerSkipped) {
      headerSkipped = true;
      batch = batch.slice(1);
    }
    counter.rows += batch.length;
    onProgress?.(counter.rows);
    yield batch;
  }
}

let catalogueMap: Map<string, MetricDefinition> | undefined;
const defaultMetrics = () => (catalogueMap ??= new Map(catalogue.map((m) => [m.id, m])));

export async function importFile(
  database: Database,
  filePath: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = Date.now();
  const fileName = path.basename(filePath);
  const stat = await fs.stat(filePath).catch(() => {
    throw new NotFoundError(`No such file: ${filePath}`);
  });
  if (!stat.isFile()) throw new UsageError(`${filePath} is not a file`);
  const { format, first } = await resolveFormat(filePath, options.format);
  if (format.hasHeader) refuseRepeatedColumns(first, fileName);
  const { checksum, nul } = await digest(filePath);
  if (nul) await refuseNul(filePath, fileName, format.hasHeader ? first : undefined);
  const base = { file: filePath, format: format.id, checksum, bytes: stat.size };

  const problems = new Problems(fileName);
  const ctx: ParseContext = {
    fileName,
    problems,
    metrics: options.metrics ?? defaultMetrics(),
    header: format.hasHeader ? first : [],
  };
  const counter = { rows: 0 };
  // A values file may be read twice (see writeValues); the row count is that of the last read.
  const openRecords = () => {
    counter.rows = 0;
    return dataRecords(
      csvFileRecords(filePath, { fileName, header: ctx.header }),
      format,
      counter,
      options.onProgress,
    );
  };
  const source = format.kind === "values" ? format.source : format.id;

  return withTransaction(database, async (client) => {
    // One import per source at a time: concurrent revisions of one publication must not interleave.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [source]);
    // Looked for under the lock, so that the same content imported twice at once (two commands,
    // two uploads) is imported by the first and found, committed, by the second: recorded once.
    if (!options.force) {
      const previous = await previousImport(client, checksum, format.id, source);
      if (previous)
        return {
          ...base,
          status: "unchanged" as const,
          importId: previous.importId,
          importedAt: previous.importedAt,
          ...(previous.supersededBy ? { supersededBy: previous.supersededBy } : {}),
          rowsRead: 0,
          inserted: 0,
          updated: 0,
          unchanged: 0,
          unlistedOrganisations: [],
          durationMs: Date.now() - started,
        };
    }
    const { rows } = await client.query<{ import_id: number }>(
      `INSERT INTO imports (source, format, file_name, file_path, checksum, bytes, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'running') RETURNING import_id`,
      [source, format.id, fileName, path.resolve(filePath), checksum, stat.size],
    );
    const importId = rows[0]!.import_id;
    let counts: MergeCounts = {
      staged: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      unlistedOrganisations: [],
    };
    let organisations: { inserted: number; updated: number } | undefined;
    let reference: ReferenceWriteSummary | undefined;
    let reader = RECORD_READER;
    if (format.kind === "values") {
      const valuesFormat = format;
      // What the byte reader recorded while reading (filled in as the batches are read).
      let byteReaderStats: ColumnarStats | undefined;
      // Values that carry the publication's own banding and limits (SHMI), written after them.
      let published: MetricValueInput[] = [];
      // Every value a format gives is checked against its metric's bounds (metrics/plausibility.ts).
      const plausible = plausibilityCheck(
        ctx.metrics,
        problems,
        (options.now ?? (() => new Date()))(),
      );
      // The format's fast path for files on disk when it has one (same values, same problems).
      const openValues = async (): Promise<ValueStream> => {
        const orgCodes = new Set<string>();
        published = [];
        counter.rows = 0;
        const stats: ColumnarStats = options.columnar?.stats ?? {
          workers: 0,
          ranges: 0,
          reparsed: 0,
        };
        const columnar = await valuesFormat.parseFile?.(filePath, ctx, {
          // Each batch is turned into value rows before the next is asked for.
          reuse: true,
          wasm: options.wasmReader !== false,
          ...options.columnar,
          stats,
          onRecords: (n) => {
            counter.rows = n;
            options.onProgress?.(n);
          },
        });
        byteReaderStats = columnar ? stats : undefined;
        async function* batches(): AsyncGenerator<MetricValueInput[]> {
          if (columnar) {
            for await (const b of columnar) {
              for (const code of b.orgs) orgCodes.add(code);
              for (const values of metricValueInputs(b)) {
                plausible(values);
                yield values;
              }
            }
            return;
          }
          for await (const batch of valuesFormat.parse(openRecords(), ctx)) {
            for (const v of batch) {
              orgCodes.add(v.orgCode);
              if (v.published) published.push(v);
            }
            plausible(batch);
            yield batch;
          }
        }
        return { batches: batches(), orgCodes };
      };
      counts = await writeValues(client, format, openValues, ctx, importId);
      await writePublishedLimits(client, valuesFormat.source, importId, published);
      if (byteReaderStats) reader = byteReaderReport(byteReaderStats);
      else if (valuesFormat.parseFile) reader = BYTE_READER_DECLINED;
    } else if (format.kind === "organisations") {
      const all = [];
      for await (const batch of format.parse(openRecords(), ctx)) all.push(...batch);
      problems.throwIfAny();
      organisations = await upsertOrganisations(client, all, format.id);
    } else {
      const items: ReferenceItems = { trustTypes: [], successions: [], peerFinderGroups: [] };
      for await (const batch of format.parse(openRecords(), ctx))
        for (const item of batch) {
          if (item.type === "trust_type") items.trustTypes.push(item);
          else if (item.type === "succession") items.successions.push(item);
          else items.peerFinderGroups.push(item);
        }
      problems.throwIfAny();
      reference = await writeReference(client, format.id, importId, items);
    }
    const quality = await afterImport(client, {
      importId,
      formatId: format.id,
      kind: format.kind,
      source,
      written: counts.inserted + counts.updated,
    });
    const report = {
      ...base,
      status: "imported" as const,
      importId,
      rowsRead: counter.rows,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: counts.unchanged,
      unlistedOrganisations: counts.unlistedOrganisations,
      ...(organisations ? { organisations } : {}),
      ...(reference ? { reference } : {}),
      quality,
      reader,
      durationMs: Date.now() - started,
    };
    await client.query(
      `UPDATE imports SET rows_read = $2, values_inserted = $3, values_updated = $4,
         values_unchanged = $5, report = $6 WHERE import_id = $1`,
      [
        importId,
        counter.rows,
        counts.inserted,
        counts.updated,
        counts.unchanged,
        JSON.stringify(report),
      ],
    );
    return report;
  });
}

/**
 * The succeeded import of the same bytes in the same format, if any, and the latest later import
 * of the same publication that changed stored values (which may have revised this file's).
 */
async function previousImport(
  client: PoolClient,
  checksum: string,
  formatId: string,
  source: string,
): Promise<
  { importId: number; importedAt: string; supersededBy?: ImportReport["supersededBy"] } | undefined
> {
  const { rows } = await client.query<{ import_id: string; finished_at: Date | null }>(
    `SELECT import_id, finished_at FROM imports
      WHERE checksum = $1 AND format = $2 AND status = 'succeeded'
      ORDER BY import_id DESC LIMIT 1`,
    [checksum, formatId],
  );
  const previous = rows[0];
  if (!previous) return undefined;
  const importId = Number(previous.import_id);
  const importedAt = (previous.finished_at ?? new Date(0)).toISOString();
  const later = await client.query<{
    import_id: string;
    file_name: string;
    finished_at: Date | null;
    changed: string;
  }>(
    `SELECT import_id, file_name, finished_at,
            sum(values_updated) OVER () AS changed
       FROM imports
      WHERE source = $1 AND import_id > $2 AND status = 'succeeded' AND values_updated > 0
      ORDER BY import_id DESC LIMIT 1`,
    [source, importId],
  );
  const latest = later.rows[0];
  if (!latest) return { importId, importedAt };
  return {
    importId,
    importedAt,
    supersededBy: {
      importId: Number(latest.import_id),
      file: latest.file_name,
      importedAt: (latest.finished_at ?? new Date(0)).toISOString(),
      valuesChanged: Number(latest.changed),
    },
  };
}

/** A values file's values, and the organisation codes seen so far. */
interface ValueStream {
  batches: AsyncIterable<MetricValueInput[]>;
  orgCodes: Set<string>;
}

/**
 * Writes a values file. A source's first import cannot collide with stored values (the source is
 * part of every key), so it COPYs straight into metric_values: about COPY's own speed. Later
 * imports of the source stage and merge, so that unchanged values are left alone and changed
 * ones keep their history. A key given twice in the file (a unique violation on the direct path)
 * sends the file to staging, where duplicate keys are looked for explicitly before the merge:
 * copies that disagree refuse the file, naming their lines, whatever their order and whatever is
 * stored (the merge's "unchanged" test would otherwise let the second copy win when the first
 * equals the stored value); identical copies are collapsed. A format with a limit on new
 * organisations (the tidy format: uploads) is refused when the file names more codes the
 * registry does not hold.
 */
async function writeValues(
  client: PoolClient,
  format: ValuesFormat,
  openValues: () => Promise<ValueStream>,
  ctx: ParseContext,
  importId: number,
): Promise<MergeCounts> {
  const existing = await client.query("SELECT 1 FROM metric_values WHERE source = $1 LIMIT 1", [
    format.source,
  ]);
  if (!existing.rowCount) {
    await client.query("SAVEPOINT direct");
    try {
      const { batches, orgCodes } = await openValues();
      const written = await copyValuesDirect(client, format.source, importId, batches);
      ctx.problems.throwIfAny();
      await refuseTooManyNewOrganisations(client, format, orgCodes, ctx);
      const unlisted = await addUnlistedOrganisations(client, [...orgCodes], format.source);
      await client.query("RELEASE SAVEPOINT direct");
      return {
        staged: written,
        inserted: written,
        updated: 0,
        unchanged: 0,
        unlistedOrganisations: unlisted,
      };
    } catch (e) {
      if ((e as { code?: string }).code !== "23505") throw e;
      await client.query("ROLLBACK TO SAVEPOINT direct");
      // The file is read again below, and reports its problems again.
      ctx.problems.clear();
    }
  }
  const { batches, orgCodes } = await openValues();
  const staged = await stageValues(client, batches);
  ctx.problems.throwIfAny();
  await refuseTooManyNewOrganisations(client, format, orgCodes, ctx);
  const duplicates = await stagedHasDuplicateKeys(client);
  if (duplicates) {
    for (const d of await conflictingDuplicates(client)) {
      ctx.problems.add({
        line: d.lines[1] ?? d.lines[0] ?? 0,
        value: `${d.orgCode} ${d.metricId} ${d.periodStart}`,
        reason: givenAgainDifferently(d.lines),
      });
    }
    ctx.problems.throwIfAny();
  }
  return mergeStaged(client, format.source, importId, staged, duplicates);
}

/** Refuses a file that would add more new organisations than its format allows (uploads). */
async function refuseTooManyNewOrganisations(
  client: PoolClient,
  format: ValuesFormat,
  orgCodes: ReadonlySet<string>,
  ctx: ParseContext,
): Promise<void> {
  const max = format.newOrganisationsLimit;
  if (max === undefined || orgCodes.size <= max) return;
  const added = await newOrganisationCodes(client, [...orgCodes]);
  if (added.length <= max) return;
  ctx.problems.add({
    column: "org_code",
    reason: tooManyNewOrganisations(added.length, max, added.slice(0, 5)),
  });
  ctx.problems.throwIfAny();
}
