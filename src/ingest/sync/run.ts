/**
 * `improve sync`: for each configured publication that is due, find its file (fixed URL or the
 * newest link on its landing page), download it with a conditional request (ETag /
 * Last-Modified from the last fetch), retrying transient failures, within the size limit, into
 * `<downloadDir>/<name>/`, then import it with the configured format. 304 Not Modified and an
 * identical checksum import nothing. What happened is remembered in `sync_state` (migration 002).
 * One publication failing does not stop the others.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "../../errors.js";
import type { Database } from "../../storage/database.js";
import { importFile } from "../import-file.js";
import type { PublicationConfig, SyncConfig } from "./config.js";
import { getWithRetry, saveBody, type FetchLike } from "./http.js";
import { findLatestLink } from "./landing.js";
import { isDue } from "./schedule.js";

export type SyncStatus = "imported" | "unchanged" | "not_modified" | "not_due" | "failed";

export interface SyncResult {
  name: string;
  status: SyncStatus;
  url?: string;
  file?: string;
  bytes?: number;
  importId?: number | null;
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
}

function fileNameFor(url: string, name: string): string {
  const base = path.basename(new URL(url).pathname).replace(/[^A-Za-z0-9._-]/g, "_");
  return base && base !== "_" ? base : `${name}.csv`;
}

async function syncOne(
  database: Database,
  config: SyncConfig,
  pub: PublicationConfig,
  options: SyncOptions,
): Promise<SyncResult> {
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
  const dir = path.join(options.downloadDir, pub.name);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, fileNameFor(url, pub.name));
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
  const report = await importFile(database, file, { format: pub.format });
  return {
    name: pub.name,
    status: report.status === "imported" ? "imported" : "unchanged",
    url,
    file,
    bytes,
    importId: report.importId,
    ...{ checksum },
    ...validators,
  };
}

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
    let result: SyncResult & {
      checksum?: string;
      etag?: string | null;
      last_modified?: string | null;
    };
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
      ...(result.message ? { message: result.message } : {}),
    });
  }
  return results;
}

async function recordState(
  database: Database,
  r: SyncResult & { checksum?: string; etag?: string | null; last_modified?: string | null },
  now: Date,
): Promise<void> {
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
