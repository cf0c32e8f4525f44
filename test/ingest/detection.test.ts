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

const unrecognised = new Set([
  "cwt-pipeline/gold_62d_national_trend_urgent_route.csv",
  "derived/nhs_england_regions.csv",
  "humaniverse-healthyr/england_ae_acute_trust_attribution.csv",
  "ics-metrics-ref/system_metrics_indicator_list.csv",
  "ics-metrics-ref/system_metrics_tab.csv",
]);

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
    "claims each shared file with exactly one format, or none for the reference-only files",
    async () => {
      for (const file of csvFiles(sharedDataDir)) {
        const rel = path.relative(sharedDataDir, file);
        const first = await firstRecord(file);
        const claimed = formats.filter((f) => f.detect(first)).map((f) => f.id);
        expect(claimed.length, `${rel}: ${claimed.join(", ")}`).toBe(unrecognised.has(rel) ? 0 : 1);
      }
    },
  );
});
