/**
 * ZIP publications: NHS England and ODS often publish CSV files zipped. `unzipCsvEntries` reads
 * an archive with yauzl (streaming, one entry at a time) and extracts its CSV entries into a
 * private temporary folder, so that each can be imported as its own file; the caller imports
 * them and then calls `cleanup()` (always, in a finally).
 *
 * Defences, all checked before anything is imported:
 * - zip bombs: at most `maxEntries` entries, `maxEntryBytes` uncompressed per CSV entry and
 *   `maxTotalBytes` for all of them. The sizes in the central directory are checked first, then
 *   enforced again while inflating (yauzl refuses data longer than declared; a byte counter here
 *   cuts off anything that slips past);
 * - corruption: yauzl's structural checks, zlib's, and a CRC-32 of every extracted entry against
 *   the archive's (yauzl does not check CRCs);
 * - unsafe names: entry names are never used as paths (yauzl also refuses absolute and `..`
 *   names); each entry is written as `<archive>!<entry base name>` in a numbered sub-folder.
 *
 * Entries are chosen by name: `.csv` files (case-insensitive), optionally narrowed by a glob
 * (`entryPattern`); folders, hidden files and `__MACOSX/` metadata are ignored; anything else is
 * listed as skipped with a reason. A `.zip` that is really an Excel workbook (an .xlsx is a ZIP) is
 * refused as a spreadsheet.
 */
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import { InputError } from "../errors.js";
import { ZIP } from "./problem-messages.js";

export interface ZipLimits {
  /** Entries in the archive's central directory (any kind). */
  maxEntries: number;
  /** Uncompressed bytes of one CSV entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all the CSV entries extracted from one archive. */
  maxTotalBytes: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 1000,
  maxEntryBytes: 1024 ** 3,
  maxTotalBytes: 2 * 1024 ** 3,
};

export interface ZipEntryFile {
  /** The entry's path inside the archive. */
  entry: string;
  /** How reports name it: `archive.zip!path/inside.csv`. */
  name: string;
  /** The extracted copy (deleted by `cleanup`); its base name is `archive.zip!inside.csv`. */
  file: string;
}

export interface ZipContents {
  /** The archive's base name. */
  archive: string;
  /** The CSV entries chosen, extracted, in archive order. */
  files: ZipEntryFile[];
  /** Entries not imported, with why (`name` as in ZipEntryFile). */
  skipped: { name: string; reason: string }[];
  /** Removes the extracted files. Safe to call more than once. */
  cleanup(): Promise<void>;
}

export interface UnzipOptions {
  limits?: Partial<ZipLimits> | undefined;
  /** Glob choosing the CSV entries to extract (see `globToRegExp`); all CSV entries when absent. */
  entryPattern?: string | undefined;
}

export const isZipPath = (file: string): boolean => /\.zip$/i.test(file);

/**
 * A glob as a regular expression, case-insensitive: `*` is any run of characters except `/`,
 * `**` any run including `/`, `?` one character except `/`; everything else is literal. A pattern
 * without `/` is matched against the entry's base name, one with `/` against its whole path.
 */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*" && glob[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (ch === "*") re += "[^/]*";
    else if (ch === "?") re += "[^/]";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "i");
}

export function entryMatches(entry: string, glob: string): boolean {
  const target = glob.includes("/") ? entry : (entry.split("/").pop() ?? entry);
  return globToRegExp(glob).test(target);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Counts and checksums an entry's bytes on their way to disk, refusing more than `limit`. */
class EntryGuard extends Transform {
  bytes = 0;
  private crc = 0xffffffff;

  constructor(
    private readonly limit: number,
    private readonly describeLimit: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      done(new Error(ZIP.overLimit(this.describeLimit)));
      return;
    }
    let c = this.crc;
    for (let i = 0; i < chunk.length; i++) c = CRC_TABLE[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
    this.crc = c;
    done(null, chunk);
  }

  get crc32(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}

const bytesText = (n: number) =>
  n >= 1024 ** 3
    ? `${+(n / 1024 ** 3).toFixed(2)} GiB`
    : n >= 1024 ** 2
      ? `${+(n / 1024 ** 2).toFixed(2)} MiB`
      : `${n} bytes`;

/** A file-system-safe base name for an extracted entry (never a path). */
function safeBaseName(archive: string, entry: string, index: number): string {
  const base = [...(entry.split("/").pop() ?? "")]
    .map((ch) => (ch < " " || '\\/:*?"<>|'.includes(ch) ? "_" : ch))
    .join("");
  const candidates = [...(base ? [`${archive}!${base}`] : []), `${archive}!entry-${index}.csv`];
  return candidates.find((name) => Buffer.byteLength(name) <= 200) ?? `entry-${index}.csv`;
}

function skipReason(entry: string): string {
  if (/\.zip$/i.test(entry)) return ZIP.skipNestedArchive;
  if (/\.(xlsx|xlsm|xls|ods)$/i.test(entry)) return ZIP.skipSpreadsheet;
  return ZIP.skipNotCsv;
}

/** Reads the archive's central directory, chooses and checks the entries, extracts them. */
export async function unzipCsvEntries(
  zipPath: string,
  options: UnzipOptions = {},
): Promise<ZipContents> {
  const limits = { ...defaultZipLimits };
  for (const [key, value] of Object.entries(options.limits ?? {}) as [keyof ZipLimits, number][])
    if (value !== undefined) limits[key] = value;
  const archive = path.basename(zipPath);
  const fail = (reason: string, entry?: string): InputError => {
    const file = entry === undefined ? archive : `${archive}!${entry}`;
    return new InputError(`${file}: ${reason}`, [{ file, reason }]);
  };

  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, {
      autoClose: false,
      lazyEntries: true,
      validateEntrySizes: true,
    });
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? ZIP.noSuchFile : errorText(e);
    throw fail(ZIP.unreadable(why));
  }
  let dir: string | undefined;
  const cleanup = async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  };
  try {
    if (zip.entryCount > limits.maxEntries)
      throw fail(ZIP.tooManyEntries(zip.entryCount, limits.maxEntries));
    const chosen: yauzl.Entry[] = [];
    const skipped: ZipContents["skipped"] = [];
    const csvNames: string[] = [];
    const allNames: string[] = [];
    let spreadsheet = false;
    let total = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entry.fileName;
        if (name.endsWith("/")) continue;
        if (name === "xl/workbook.xml") spreadsheet = true;
        const segments = name.split("/");
        if (segments.some((s) => s.startsWith(".") || s === "__MACOSX")) continue;
        allNames.push(name);
        if (!/\.csv$/i.test(name)) {
          skipped.push({ name: `${archive}!${name}`, reason: skipReason(name) });
          continue;
        }
        csvNames.push(name);
        if (options.entryPattern && !entryMatches(name, options.entryPattern)) {
          skipped.push({
            name: `${archive}!${name}`,
            reason: ZIP.skipNotMatching(options.entryPattern),
          });
          continue;
        }
        if (entry.isEncrypted()) throw fail(ZIP.encrypted, name);
        if (!entry.canDecodeFileData())
          throw fail(ZIP.unsupportedCompression(entry.compressionMethod), name);
        if (entry.uncompressedSize > limits.maxEntryBytes)
          throw fail(
            ZIP.entryTooLarge(bytesText(entry.uncompressedSize), bytesText(limits.maxEntryBytes)),
            name,
          );
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes)
          throw fail(ZIP.archiveTooLarge(bytesText(total), bytesText(limits.maxTotalBytes)), name);
        chosen.push(entry);
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw fail(ZIP.unreadable(errorText(e)));
    }
    if (spreadsheet) throw fail(ZIP.spreadsheetNamedZip);
    if (chosen.length === 0) {
      if (options.entryPattern && csvNames.length > 0)
        throw fail(ZIP.noMatchingEntry(options.entryPattern, csvNames));
      throw fail(ZIP.noCsv(allNames));
    }

    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-zip-"));
    const files: ZipEntryFile[] = [];
    for (const [i, entry] of chosen.entries()) {
      const sub = path.join(dir, String(i));
      await fs.mkdir(sub, { mode: 0o700 });
      const file = path.join(sub, safeBaseName(archive, entry.fileName, i));
      const guard = new EntryGuard(
        Math.min(entry.uncompressedSize, limits.maxEntryBytes),
        bytesText(Math.min(entry.uncompressedSize, limits.maxEntryBytes)),
      );
      try {
        const stream = await zip.openReadStreamPromise(entry);
        await pipeline(stream, guard, createWriteStream(file, { flags: "wx", mode: 0o600 }));
      } catch (e) {
        // yauzl's words for data longer than the central directory declares.
        if (/too many bytes/.test(errorText(e)))
          throw fail(ZIP.moreThanDeclared(bytesText(entry.uncompressedSize)), entry.fileName);
        throw fail(ZIP.corruptEntry(errorText(e)), entry.fileName);
      }
      if (guard.crc32 !== entry.crc32 >>> 0) throw fail(ZIP.checksum, entry.fileName);
      files.push({ entry: entry.fileName, name: `${archive}!${entry.fileName}`, file });
    }
    return { archive, files, skipped, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  } finally {
    zip.close();
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
