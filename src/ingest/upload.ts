/**
 * Importing a file a person uploads (for the upload page and API to call): the bytes are kept
 * under the upload folder (`<dataDir>/uploads` in production, as the sync keeps its downloads),
 * in a file of their own named after the upload, then imported exactly as `improve import` imports
 * a file given by name (a CSV, or a .zip of CSVs; format detected from the header). Through
 * `importFile` every upload runs the after-import pipeline (after-import.ts) and the same
 * refusals as any import (docs/data-sources.md, What every import refuses): implausible values,
 * conflicting duplicates, future periods; a tidy upload may add at most 20 new organisations and
 * cannot change the kind of an organisation the reference lists classify.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Database } from "../storage/database.js";
import { importPaths, type ImportPathsResult } from "./import-paths.js";

export interface Upload {
  /** The name the person's file had (only its base name is used). */
  fileName: string;
  content: Uint8Array;
}

/** A file name safe on every file system: letters, digits, dot, dash and underscore. */
function safeName(fileName: string): string {
  const base = path.basename(fileName.replace(/\\/g, "/")).replace(/[^A-Za-z0-9._-]/g, "_");
  return base.replace(/^\.+/, "") || "upload.csv";
}

export async function importUpload(
  database: Database,
  upload: Upload,
  options: { uploadDir: string; format?: string; now?: () => Date },
): Promise<ImportPathsResult> {
  // A folder per upload keeps the person's file name (format detection and reports use it).
  const dir = path.join(options.uploadDir, `${Date.now()}-${randomBytes(4).toString("hex")}`);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, safeName(upload.fileName));
  await fs.writeFile(file, upload.content, { flag: "wx", mode: 0o600 });
  return importPaths(database, [file], { format: options.format, now: options.now });
}
