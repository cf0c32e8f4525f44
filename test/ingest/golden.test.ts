/**
 * One golden case per import format (test/fixtures/golden/<format id>/): a small hand-made
 * `input.csv` in the published layout, with fictional organisation codes (ZG…; real ICB and region
 * codes where the layout is keyed by them), and `expected.json`, what the import stores. Each
 * input is detected as its format, imported into a test database, and the stored rows compared
 * exactly: for a values format its source's values (numerator, denominator, value, quality
 * flags), for an organisation list the organisations it added or changed, for a reference
 * publication the rows it stored and the organisations it changed (kinds, successors). A format
 * without a golden case
 * fails here, so every format's happy path is tested without the shared data.
 *
 * After a deliberate change to a format, regenerate with `GOLDEN_UPDATE=1` and review the diff.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvFileRecords } from "../../src/ingest/csv.js";
import { importFile } from "../../src/ingest/import-file.js";
import { detectFormat, formats } from "../../src/ingest/sources/index.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";

const goldenDir = path.join(process.cwd(), "test", "fixtures", "golden");
const update = process.env.GOLDEN_UPDATE === "1";

async function firstRecord(file: string): Promise<string[]> {
  for await (const batch of csvFileRecords(file, { fileName: path.basename(file), batchSize: 1 }))
    return batch[0]?.cells ?? [];
  return [];
}

/** Every organisation's row, keyed by code (to see what an organisation list wrote). */
async function organisationRows(t: TestDatabase): Promise<Map<string, Record<string, unknown>>> {
  const { rows } = await t.pool.query<Record<string, unknown> & { orgCode: string }>(
    `SELECT org_code AS "orgCode", name, kind, subtype, kind_source AS "kindSource",
       region_code AS "regionCode", icb_code AS "icbCode", postcode, open_date AS "openDate",
       close_date AS "closeDate", successor_code AS "successorCode"
     FROM organisations ORDER BY org_code`,
  );
  return new Map(rows.map((r) => [r.orgCode, r]));
}

/** The rows of an organisation list that are new or changed since `before`. */
async function organisationsWritten(
  t: TestDatabase,
  before: Map<string, Record<string, unknown>>,
): Promise<unknown[]> {
  const after = await organisationRows(t);
  return [...after.values()].filter(
    (r) => JSON.stringify(before.get(r.orgCode as string)) !== JSON.stringify(r),
  );
}

/** A values format's stored values: its source's rows, in key order. */
async function valuesStored(t: TestDatabase, source: string): Promise<unknown[]> {
  const { rows } = await t.pool.query(
    `SELECT org_code AS "orgCode", metric_id AS "metricId", period_type AS "periodType",
       period_start AS "periodStart", numerator, denominator, value, dq_flags AS "dqFlags"
     FROM metric_values WHERE source = $1
     ORDER BY org_code, metric_id, period_type, period_start`,
    [source],
  );
  return rows;
}

/** A values format's published banding, limits and standing (published_limits), in key order. */
async function publishedStored(t: TestDatabase, source: string): Promise<unknown[]> {
  const { rows } = await t.pool.query(
    `SELECT org_code AS "orgCode", metric_id AS "metricId", period_type AS "periodType",
       period_start AS "periodStart", banding, banding_label AS "bandingLabel", limits, standing
     FROM published_limits WHERE source = $1
     ORDER BY org_code, metric_id, period_type, period_start`,
    [source],
  );
  return rows;
}

/** A reference format's rows: trust types, successions, Peer Finder groups with their members. */
async function referenceStored(
  t: TestDatabase,
  formatId: string,
): Promise<Record<string, unknown>> {
  const trustTypes = await t.pool.query(
    `SELECT org_code AS "orgCode", name, published_type AS "publishedType", kind, subtype,
       survey_group AS "surveyGroup", types_disagree AS "typesDisagree", sector_of AS "sectorOf"
     FROM trust_types WHERE source = $1 ORDER BY org_code`,
    [formatId],
  );
  const successions = await t.pool.query(
    `SELECT predecessor_code AS "predecessorCode", successor_code AS "successorCode",
       effective_date AS "effectiveDate", org_level AS "orgLevel", partial,
       successor_name AS "successorName", note
     FROM org_successions WHERE source = $1 ORDER BY predecessor_code, successor_code`,
    [formatId],
  );
  const groups = await t.pool.query(
    `SELECT g.peer_group_id AS "peerGroupId", g.name, g.rule,
       array(SELECT m.org_code FROM peer_group_members m WHERE m.peer_group_id = g.peer_group_id
         ORDER BY m.org_code) AS members
     FROM peer_groups g WHERE g.kind = 'peer_finder' AND $1 = 'peer-finder' ORDER BY g.peer_group_id`,
    [formatId],
  );
  return Object.fromEntries(
    Object.entries({
      trustTypes: trustTypes.rows,
      successions: successions.rows,
      peerFinderGroups: groups.rows,
    }).filter(([, rows]) => rows.length > 0),
  );
}

describe("golden cases: every import format", () => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("has a golden case for every format, and none for a format that does not exist", () => {
    const cases = fs.readdirSync(goldenDir).sort();
    expect(cases).toEqual(formats.map((f) => f.id).sort());
  });

  // In registry order: organisation lists first, as a folder import does.
  for (const format of formats) {
    it(format.id, async () => {
      const dir = path.join(goldenDir, format.id);
      // `input.csv`, or `input_<period>.csv` for a publication that gives its period only in its
      // file name (SHMI's "…_Feb25-Jan26_…").
      const name = fs.readdirSync(dir).find((f) => /^input(_.+)?\.csv$/.test(f)) ?? "input.csv";
      const input = path.join(dir, name);
      expect(fs.existsSync(input), `${format.id} has no golden case (${input})`).toBe(true);
      expect(detectFormat(await firstRecord(input))?.id).toBe(format.id);
      const before = await organisationRows(t);
      const report = await importFile(t, input);
      expect(report.format).toBe(format.id);
      const rows =
        format.kind === "organisations"
          ? await organisationsWritten(t, before)
          : format.kind === "reference"
            ? {
                ...(await referenceStored(t, format.id)),
                organisationsChanged: await organisationsWritten(t, before),
              }
            : await valuesStored(t, format.source);
      const expectedFile = path.join(dir, "expected.json");
      if (update) fs.writeFileSync(expectedFile, JSON.stringify(rows, null, 2) + "\n");
      const expected: unknown = JSON.parse(fs.readFileSync(expectedFile, "utf8"));
      expect(rows).toEqual(expected);
      // A publication's own banding and limits, where it gives them (published.json).
      const published = await publishedStored(t, format.kind === "values" ? format.source : "");
      const publishedFile = path.join(dir, "published.json");
      if (update && published.length > 0)
        fs.writeFileSync(publishedFile, JSON.stringify(published, null, 2) + "\n");
      expect(published).toEqual(
        fs.existsSync(publishedFile) ? JSON.parse(fs.readFileSync(publishedFile, "utf8")) : [],
      );
    });
  }
});
