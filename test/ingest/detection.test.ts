/**
 * Format detection is unambiguous: every shared data file and fixture is claimed by at most one
 * format, and the known reference-only files by none.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csvFileRecords } from "../../src/ingest/csv.js";
import { formats } from "../../src/ingest/sources/index.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";
import { sharedFileFormats, sharedFilesUnread } from "../support/shared-files.js";

function csvFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? csvFiles(full) : e.name.endsWith(".csv") ? [full] : [];
  });
}

async function firstRecord(file: string): Promise<string[]> {
  for await (const batch of csvFileRecords(file, { fileName: path.basename(file), batchSize: 1 }))
    return batch[0]?.cells ?? [];
  return [];
}

describe("format detection", () => {
  it("has unique format ids and sources", () => {
    expect(new Set(formats.map((f) => f.id)).size).toBe(formats.length);
    const sources = formats.flatMap((f) => (f.kind === "values" ? [f.source] : []));
    expect(new Set(sources).size).toBe(sources.length);
  });

  it("claims each fixture with exactly one format", async () => {
    for (const file of csvFiles(path.join(process.cwd(), "test", "fixtures", "ae-monthly"))) {
      const first = await firstRecord(file);
      expect(
        formats.filter((f) => f.detect(first)).map((f) => f.id),
        file,
      ).toEqual(["ae-monthly"]);
    }
  });

  it.skipIf(sharedDataMissing())(
    "claims each shared file with the format listed for it, and none for the files listed as unread",
    async () => {
      const files = csvFiles(sharedDataDir).map((f) => path.relative(sharedDataDir, f));
      // Every file in the folder is listed, one way or the other.
      expect(
        files.filter((rel) => !sharedFileFormats.has(rel) && !sharedFilesUnread.has(rel)),
      ).toEqual([]);
      for (const rel of files) {
        const first = await firstRecord(path.join(sharedDataDir, rel));
        const claimed = formats.filter((f) => f.detect(first)).map((f) => f.id);
        const expected = sharedFileFormats.get(rel);
        expect(claimed, rel).toEqual(expected === undefined ? [] : [expected]);
      }
    },
  );
});
