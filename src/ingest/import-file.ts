/**
 * Importing one file: detect its format, parse and validate it, and write its values in one
 * transaction. Atomic (any problem rolls everything back), idempotent (a file whose checksum was
 * already imported in the same format is a no-op; identical values are never rewritten) and
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
import { InputError, NotFoundError, UsageError } from "../errors.js";
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

async function sha256(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Reads only the first record (to detect the format). */
async function firstRecord(filePath: string, fileName: string): Promise<string[]> {
  for await (const batch of csvFileRecords(filePath, { fileName, batchSize: 1 })) {
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
    throw new InputError(`${fileName}: the header matches no known format (${header})`, [
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
  const checksum = await sha256(filePath);
  const base = { file: filePath, format: format.id, checksum, bytes: stat.size };

  const previous = await database.db
    .selectFrom("imports")
    .select("import_id")
    .where("checksum", "=", checksum)
    .where("format", "=", format.id)
    .where("status", "=", "succeeded")
    .executeTakeFirst();
  if (previous) {
    return {
      ...base,
      status: "unchanged",
      importId: previous.import_id,
      rowsRead: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      unlistedOrganisations: [],
      durationMs: Date.now() - started,
    };
  }

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
    return dataRecords(csvFileRecords(filePath, { fileName }), format, counter, options.onProgress);
  };
  const source = format.kind === "values" ? format.source : format.id;

  return withTransaction(database, async (client) => {
    // One import per source at a time: concurrent revisions of one publication must not interleave.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [source]);
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
