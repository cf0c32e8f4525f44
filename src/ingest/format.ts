/**
 * What a source format is. Each publication layout lives in `sources/<publication>/` and exports
 * one `SourceFormat`; the registry in `sources/index.ts` lists them for detection and `improve
 * formats`. A format turns CSV records into metric values, organisations or reference data
 * (trust types, successions, peer groups: decision 0010) and reports every problem with its
 * line, column and value; it never touches the database.
 */
import type { MetricDefinition } from "../metrics/catalogue/types.js";
import type { PeerFinderGroup, Succession, TrustType } from "../metrics/reference-data.js";
import type { MetricValueInput } from "../metrics/values.js";
import type { ColumnarOptions } from "./columnar/parallel.js";
import type { ColumnarValues } from "./columnar/values.js";
import type { CsvRecord } from "./csv.js";
import type { Problems } from "./problems.js";

export interface ParseContext {
  fileName: string;
  problems: Problems;
  /** The metric catalogue, by id. */
  metrics: ReadonlyMap<string, MetricDefinition>;
  /** The header record as read (cells untrimmed); empty for formats without a header. */
  header: string[];
}

export interface OrganisationInput {
  orgCode: string;
  name: string;
  kind: string;
  regionCode: string | null;
  icbCode: string | null;
  postcode: string | null;
  openDate: string | null;
  closeDate: string | null;
  successorCode: string | null;
  /** `name` when the kind was guessed from the name (ODS trusts); `list` (the default) otherwise. */
  kindSource?: "name" | "list";
}

/**
 * One item of a reference publication. A reference import replaces everything its format
 * imported before (a publication is a whole table, not a stream of revisions).
 */
export type ReferenceInput =
  | ({ type: "trust_type" } & TrustType)
  | ({ type: "succession" } & Succession)
  | ({ type: "peer_finder_group" } & PeerFinderGroup);

interface FormatBase {
  /** Stable id used by `--format` and stored with each import. */
  id: string;
  /** One line for `improve formats`. */
  description: string;
  /** False for files without a header row (ODS extracts). */
  hasHeader: boolean;
  /**
   * Recognises the format from the first record (header cells trimmed and lower-cased, BOM
   * removed). Must be specific enough that no two formats claim the same header.
   */
  detect(firstRecord: string[]): boolean;
}

export interface ValuesFormat extends FormatBase {
  kind: "values";
  /** The publication the values come from (metric_values.source); decides precedence. */
  source: string;
  /**
   * At most how many organisations one file may add to the registry (codes it does not hold,
   * added as unlisted providers); a file naming more is refused. Set for formats people upload
   * (tidy); absent: no limit (a publication names the providers it names).
   */
  newOrganisationsLimit?: number;
  /** Turns batches of data records (header excluded) into batches of values. */
  parse(records: AsyncIterable<CsvRecord[]>, ctx: ParseContext): AsyncIterable<MetricValueInput[]>;
  /**
   * Optional fast path for a whole file on disk (header included; `ctx.header` as for `parse`):
   * columnar batches of exactly the values `parse` gives, in the same order, with the same
   * problems added to `ctx.problems`. Resolves to undefined for a file it does not take, which is
   * then read with `parse`. Importers prefer it when present.
   */
  parseFile?(
    filePath: string,
    ctx: ParseContext,
    options?: ColumnarOptions,
  ): Promise<AsyncIterable<ColumnarValues> | undefined>;
}

export interface OrganisationsFormat extends FormatBase {
  kind: "organisations";
  parse(records: AsyncIterable<CsvRecord[]>, ctx: ParseContext): AsyncIterable<OrganisationInput[]>;
}

export interface ReferenceFormat extends FormatBase {
  kind: "reference";
  parse(records: AsyncIterable<CsvRecord[]>, ctx: ParseContext): AsyncIterable<ReferenceInput[]>;
}

export type SourceFormat = ValuesFormat | OrganisationsFormat | ReferenceFormat;

/** Header cells normalised for detection and column lookup. */
export function normaliseHeader(cells: string[]): string[] {
  return cells.map((c) =>
    c
      .replace(/^\ufeff/, "")
      .trim()
      .toLowerCase(),
  );
}

/** Column positions by name, or the names that are missing. */
export function columnIndex<K extends string>(
  header: string[],
  required: readonly K[],
  optional: readonly string[] = [],
): { index: Record<K, number> & Record<string, number>; missing: K[] } {
  const norm = normaliseHeader(header);
  const index: Record<string, number> = {};
  const missing: K[] = [];
  for (const name of required) {
    const i = norm.indexOf(name);
    if (i === -1) missing.push(name);
    else index[name] = i;
  }
  for (const name of optional) {
    const i = norm.indexOf(name);
    if (i !== -1) index[name] = i;
  }
  return { index: index as Record<K, number> & Record<string, number>, missing };
}
