/**
 * `improve sync`: for each configured publication that is due, find its file (fixed URL or the
 * newest link on its landing page), download it with a conditional request (ETag /
 * Last-Modified from the last fetch), retrying transient failures, within the size limit, into
 * `<downloadDir>/<name>/`, then import it with the configured format. 304 Not Modified and an
 * identical checksum import nothing. What happened is remembered in `sync_state` (migration 002).
 * One publication failing does not stop the others.
 *
 * A ZIP publication (URL ending .zip, a zip content type, or an `entry` glob configured) is
 * unpacked (zip.ts: limits from the config's `unzip`) and each chosen CSV entry imported on its
 * own, in the configured format; the result lists the entries. A corrupt or oversize archive, or
 * one with no matching CSV, fails before anything of it is imported.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../errors.js";
import type { Database } from "../../storage/database.js";
import { importFile } from "../import-file.js";
import { recordArchiveEntry } from "../import-paths.js";
import { isZipPath, unzipCsvEntries } from "../zip.js";
import type { PublicationConfig, SyncConfig } from "./config.js";
import { getWithRetry, saveBody, type FetchLike } from "./http.js";
import { findLatestLink } from "./landing.js";
import { isDue } from "./schedule.js";

export type SyncStatus = "imported" | "unchanged" | "not_modified" | "not_due" | "failed";

/** One entry of a ZIP publication: imported, unchanged (already imported), or skipped (why). */
export interface SyncEntryResult {
  /** `archive.zip!inner.csv` */
  entry: string;
  status: "imported" | "unchanged" | "skipped";
  importId?: number | null;
  reason?: string;
}

export interface SyncResult {
  name: string;
  status: SyncStatus;
  url?: string;
  file?: string;
  bytes?: number;
  /** The import (for a ZIP publication, the last entry imported). */
  importId?: number | null;
  /** ZIP publications: what happened to each entry. */
  entries?: SyncEntryResult[];
  message?: string;
}

export interface SyncOptions {
  fetch: FetchLike;
  /** Where downloads are kept (under the data folder in production). */
  downloadDir: string;
  now?: () => Date;
  /** Check every publication, due or not. */
  force?: boolean;
  /** Only these publication names. */
  only?: string[];
  sleep?: (ms: number) => Promise<void>;
  /** False: the byte reader reads without WebAssembly (configuration `IMPROVE_WASM_READER=off`). */
  wasmReader?: boolean | undefined;
}

function fileNameFor(url: string, name: string, zipped: boolean): string {
  const base = path.basename(new URL(url).pathname).replace(/[^A-Za-z0-9._-]/g, "_");
  const file = base && base !== "_" ? base : `${name}.${zipped ? "zip" : "csv"}`;
  return zipped && !isZipPath(file) ? `${file}.zip` : file;
}

/** Unpacks a downloaded archive and imports the chosen CSV entries, each atomically. */
async function importArchive(
  database: Database,
  config: SyncConfig,
  pub: PublicationConfig,
  file: string,
  wasmReader: boolean | undefined,
): Promise<{ entries: SyncEntryResult[]; importId: number | null; imported: boolean }> {
  const contents = await unzipCsvEntries(file, { limits: config.unzip, entryPattern: pub.entry });
  const entries: SyncEntryResult[] = [];
  try {
    for (const entry of contents.files) {
      const report = await importFile(database, entry.file, { format: pub.format, wasmReader });
      await recordArchiveEntry(database, report, `${file}!${entry.entry}`);
      entries.push({ entry: entry.name, status: report.status, importId: report.importId });
    }
  } finally {
    await contents.cleanup();
  }
  const imported = entries.filter((e) => e.status === "imported");
  // The last import that wrote something, else the earlier import that already holds the data.
  const importId = (imported.at(-1) ?? entries.at(-1))?.importId ?? null;
  for (const s of contents.skipped)
    entries.push({ entry: s.name, status: "skipped", reason: s.reason });
  return { entries, importId, imported: imported.length > 0 };
}

async function syncOne(
  database: Database,
  config: SyncConfig,
  pub: PublicationConfig,
  options: SyncOptions,
): Promise<SyncOutcome> {
  const retry = {
    retries: config.retries,
    backoffMs: config.backoffMs,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  const state = await database.db
    .selectFrom("sync_state")
    .selectAll()
    .where("name", "=", pub.name)
    .executeTakeFirst();
  let url = pub.url;
  if (!url) {
    const page = await getWithRetry(options.fetch, pub.landingPage!, {}, retry);
    if (!page.ok) throw new AppErrorLike(`${pub.landingPage}: HTTP ${page.status}`);
    url = findLatestLink(await page.text(), pub.landingPage!, pub.linkPattern!);
    if (!url) throw new AppErrorLike(`${pub.landingPage}: no link matches ${pub.linkPattern}`);
  }
  // Validators only mean something for the same URL.
  const headers: Record<string, string> = {};
  if (state?.url === url && state.etag) headers["If-None-Match"] = state.etag;
  if (state?.url === url && state.last_modified) headers["If-Modified-Since"] = state.last_modified;
  const response = await getWithRetry(options.fetch, url, headers, retry);
  if (response.status === 304) return { name: pub.name, status: "not_modified", url };
  if (!response.ok) throw new AppErrorLike(`${url}: HTTP ${response.status}`);
  const zipped =
    isZipPath(new URL(url).pathname) ||
    pub.entry !== undefined ||
    /zip/i.test(response.headers.get("content-type") ?? "");
  const dir = path.join(options.downloadDir, pub.name);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, fileNameFor(url, pub.name, zipped));
  const partial = `${file}.${randomBytes(4).toString("hex")}.part`;
  const { bytes, checksum } = await saveBody(response, partial, config.maxBytes, url);
  const validators = {
    etag: response.headers.get("etag"),
    last_modified: response.headers.get("last-modified"),
  };
  if (state?.checksum === checksum) {
    await fs.rm(partial, { force: true });
    return { name: pub.name, status: "unchanged", url, bytes, ...validators };
  }
  await fs.rename(partial, file);
  if (zipped) {
    const { entries, importId, imported } = await importArchive(
      database,
      config,
      pub,
      file,
      options.wasmReader,
    );
    return {
      name: pub.name,
      status: imported ? "imported" : "unchanged",
      url,
      file,
      bytes,
      importId,
      entries,
      checksum,
      ...validators,
    };
  }
  const report = await importFile(database, file, {
    format: pub.format,
    wasmReader: options.wasmReader,
  });
  return {
    name: pub.name,
    status: report.status === "imported" ? "imported" : "unchanged",
    url,
    file,
    bytes,
    importId: report.importId,
    checksum,
    ...validators,
  };
}

/** A result with what `sync_state` also keeps. */
type SyncOutcome = SyncResult & {
  checksum?: string;
  etag?: string | null;
  last_modified?: string | null;
};

/** Errors of the sync itself (not of the data) that are reported per publication. */
class AppErrorLike extends Error {}

export async function syncPublications(
  database: Database,
  config: SyncConfig,
  options: SyncOptions,
): Promise<SyncResult[]> {
  const now = options.now ?? (() => new Date());
  const results: SyncResult[] = [];
  for (const pub of config.publications) {
    if (!pub.enabled || (options.only && !options.only.includes(pub.name))) continue;
    const state = await database.db
      .selectFrom("sync_state")
      .select(["checked_at"])
      .where("name", "=", pub.name)
      .executeTakeFirst();
    if (!options.force && !isDue(pub.schedule, state ? new Date(state.checked_at) : null, now())) {
      results.push({ name: pub.name, status: "not_due" });
      continue;
    }
    let result: SyncOutcome;
    try {
      result = await syncOne(database, config, pub, options);
    } catch (e) {
      if (!(e instanceof AppError) && !(e instanceof AppErrorLike)) throw e;
      result = { name: pub.name, status: "failed", message: e.message };
    }
    await recordState(database, result, now());
    results.push({
      name: result.name,
      status: result.status,
      ...(result.url ? { url: result.url } : {}),
      ...(result.file ? { file: result.file } : {}),
      ...(result.bytes !== undefined ? { bytes: result.bytes } : {}),
      ...(result.importId !== undefined ? { importId: result.importId } : {}),
      ...(result.entries ? { entries: result.entries } : {}),
      ...(result.message ? { message: result.message } : {}),
    });
  }
  return results;
}

async function recordState(database: Database, r: SyncOutcome, now: Date): Promise<void> {
  const fetched = r.status === "imported" || r.status === "unchanged";
  const values = {
    name: r.name,
    status: r.status,
    message: r.message ?? null,
    checked_at: now,
    ...(r.url ? { url: r.url } : {}),
    ...(fetched
      ? {
          etag: r.etag ?? null,
          last_modified: r.last_modified ?? null,
          bytes: r.bytes ?? null,
          fetched_at: now,
        }
      : {}),
    ...(r.checksum ? { checksum: r.checksum } : {}),
    ...(r.file ? { file_path: r.file } : {}),
    ...(r.importId ? { import_id: r.importId } : {}),
  };
  await database.db
    .insertInto("sync_state")
    .values(values)
    .onConflict((oc) => oc.column("name").doUpdateSet(values))
    .execute();
}
