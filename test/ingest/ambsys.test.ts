/**
 * The AmbSYS traps (src/ingest/sources/shared/ambsys.ts), each pinned on the golden inputs
 * (test/fixtures/golden/ambsys and derived-ambsys: England, region Y59 and three fictional
 * trusts in November and December 2017 and October 2023): times in seconds, zeros before a trust
 * joined, the handover columns blank before October 2023, a trust's blank categories, England
 * and region rows over partial months; bad cells refused with file, line, column and value; and
 * the Raw sheet's A-codes checked against the workbook headings the shared data gives for them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { importFile } from "../../src/ingest/import-file.js";
import { ambsysCodes } from "../../src/ingest/sources/ambsys/index.js";
import { ambsysFigures } from "../../src/ingest/sources/shared/ambsys.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { sharedDataDir, sharedDataMissing } from "../support/requirements.js";

const golden = path.join(process.cwd(), "test", "fixtures", "golden");
const rawInput = path.join(golden, "ambsys", "input.csv");
const derivedInput = path.join(golden, "derived-ambsys", "input.csv");

interface Stored {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

describe("AmbSYS import", () => {
  let t: TestDatabase;
  let tmp: string;

  /** The stored value of one figure, or undefined when nothing is stored. */
  const stored = async (
    source: string,
    orgCode: string,
    metricId: string,
    periodStart: string,
  ): Promise<Stored | undefined> =>
    t.db
      .selectFrom("metric_values")
      .select(["numerator", "denominator", "value"])
      .where("source", "=", source)
      .where("org_code", "=", orgCode)
      .where("metric_id", "=", metricId)
      .where("period_start", "=", periodStart)
      .executeTakeFirst();

  const missing = { numerator: null, denominator: null, value: null };

  beforeAll(async () => {
    t = await testDatabase();
    await seedReference(t.db);
    await importFile(t, rawInput);
    await importFile(t, derivedInput);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ambsys-"));
  });
  afterAll(async () => {
    await t?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("turns seconds into minutes: a mean as total minutes over incidents, a 90th centile as published", async () => {
    // ZG102, November 2017: 400 category 1 incidents took 180,000 seconds; 90th centile 660 s.
    expect(await stored("ambsys", "ZG102", "amb_cat1_mean", "2017-11-01")).toEqual({
      numerator: 3000,
      denominator: 400,
      value: 7.5,
    });
    expect(await stored("ambsys", "ZG102", "amb_cat1_90th", "2017-11-01")).toEqual({
      ...missing,
      value: 11,
    });
    // Shares of all incidents (4,000): hear and treat 500.
    expect(await stored("ambsys", "ZG102", "amb_hear_and_treat", "2017-11-01")).toEqual({
      numerator: 500,
      denominator: 4000,
      value: 12.5,
    });
  });

  it("stores a trust's zeros before it joined the new standards as missing, never 0", async () => {
    // ZG101 shows 0 for every count and time in November 2017.
    for (const f of ambsysFigures.filter((f) => !f.metricId.startsWith("amb_handover")))
      expect(await stored("ambsys", "ZG101", f.metricId, "2017-11-01"), f.metricId).toEqual(
        missing,
      );
    expect(await stored("ambsys", "ZG101", "amb_cat2_mean", "2017-12-01")).toMatchObject({
      value: 23,
    });
  });

  it("stores no handover figures before October 2023, where the columns are blank", async () => {
    const handovers = await t.db
      .selectFrom("metric_values")
      .select(["org_code", "period_start"])
      .where("metric_id", "in", ["amb_handover_30min", "amb_handover_60min"])
      .execute();
    expect(handovers.length).toBe(2 * 5 * 2); // two metrics, five rows, two sources
    expect(new Set(handovers.map((h) => h.period_start))).toEqual(new Set(["2023-10-01"]));
    expect(await stored("ambsys", "ENG", "amb_handover_60min", "2023-10-01")).toEqual({
      numerator: 490,
      denominator: 7300,
      value: (490 / 7300) * 100,
    });
  });

  it("stores nothing for a trust's blank categories (as London in October–November 2022)", async () => {
    expect(await stored("ambsys", "ZG103", "amb_cat2_mean", "2023-10-01")).toBeUndefined();
    expect(await stored("ambsys", "ZG103", "amb_cat2_90th", "2023-10-01")).toBeUndefined();
    expect(await stored("ambsys", "ZG103", "amb_convey_ed", "2023-10-01")).toMatchObject({
      numerator: 3900,
      denominator: 6550,
    });
  });

  it("keeps England and region figures only in months when all their trusts reported them", async () => {
    // November 2017: ZG101 (region Y59) had not joined, so England and Y59 are partial.
    for (const org of ["ENG", "Y59"])
      expect(await stored("ambsys", org, "amb_cat1_mean", "2017-11-01"), org).toEqual(missing);
    // December 2017: complete; England is the published sum of its three trusts.
    expect(await stored("ambsys", "ENG", "amb_cat1_mean", "2017-12-01")).toEqual({
      numerator: 506_500 / 60,
      denominator: 1130,
      value: 506_500 / 60 / 1130,
    });
    expect(await stored("ambsys", "ENG", "amb_cat1_90th", "2017-12-01")).toEqual({
      ...missing,
      value: 735 / 60,
    });
    // October 2023: ZG103 (region Y56) left its categories blank: England's category figures
    // are partial, Y59's (ZG101 and ZG102) complete; the shares of incidents are complete.
    expect(await stored("ambsys", "ENG", "amb_cat3_mean", "2023-10-01")).toEqual(missing);
    expect(await stored("ambsys", "ENG", "amb_cat3_90th", "2023-10-01")).toEqual(missing);
    expect(await stored("ambsys", "Y59", "amb_cat3_mean", "2023-10-01")).toMatchObject({
      denominator: 2020,
    });
    expect(await stored("ambsys", "ENG", "amb_see_and_treat", "2023-10-01")).toMatchObject({
      numerator: 2790,
      denominator: 12_260,
    });
  });

  it("in the extract, without region_code, treats a trust of unknown region as in every region", async () => {
    // ZG103 is not an AmbSYS trust the extract knows: Y59's October 2023 categories might lack
    // it, so they are missing there, while the Raw sheet (which says ZG103 is in Y56) keeps them.
    expect(await stored("derived-ambsys", "Y59", "amb_cat3_mean", "2023-10-01")).toEqual(missing);
    expect(await stored("derived-ambsys", "Y59", "amb_convey_ed", "2023-10-01")).toMatchObject({
      numerator: 3340,
    });
    expect(await stored("derived-ambsys", "ENG", "amb_cat1_mean", "2017-12-01")).toEqual(
      await stored("ambsys", "ENG", "amb_cat1_mean", "2017-12-01"),
    );
  });

  it("does not flag England's 90th centiles as differing from the sum of the trusts'", async () => {
    const flagged = await t.db
      .selectFrom("metric_values")
      .select("metric_id")
      .where("org_code", "=", "ENG")
      .where((eb) => eb("dq_flags", "@>", eb.val(["national_total_mismatch"])))
      .execute();
    expect(flagged).toEqual([]);
  });

  /** Writes the raw golden input with one cell replaced, and returns the import's error. */
  async function refused(line: number, column: string, value: string): Promise<InputError> {
    const lines = fs.readFileSync(rawInput, "utf8").split("\n");
    const header = lines[0]!.split(",").map((h) => h.replace(/"/g, ""));
    const cells = lines[line - 1]!.split(",");
    cells[header.indexOf(column)] = value;
    lines[line - 1] = cells.join(",");
    const file = path.join(tmp, `ambsys-bad-${column}.csv`);
    fs.writeFileSync(file, lines.join("\n"));
    const error = await importFile(t, file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }

  it("refuses a level other than England, Region or Trust, naming file, line, column and value", async () => {
    const error = await refused(4, "level", '"Nation"');
    expect(error.problems[0]).toMatchObject({
      file: "ambsys-bad-level.csv",
      line: 4,
      column: "level",
      value: "Nation",
      reason: "level must be England, Region or Trust",
    });
    expect(error.message).toMatch(/ambsys-bad-level\.csv line 4 column level value "Nation"/);
  });

  it("refuses a count that is not a number", async () => {
    const error = await refused(5, "A8", "4OO");
    expect(error.problems[0]).toMatchObject({ line: 5, column: "a8", value: "4OO" });
  });

  it.skipIf(sharedDataMissing())(
    "reads the A-codes whose workbook headings say what the mapping takes",
    () => {
      const headings = new Map(
        fs
          .readFileSync(path.join(sharedDataDir, "ambsys", "ambsys_indicator_headings.csv"), "utf8")
          .split(/\r?\n/)
          .slice(1)
          .filter((l) => l.length > 0)
          .map((l) => {
            const [code, heading] = l.split(/","/).map((c) => c.replace(/^"|"$/g, ""));
            return [code!.toLowerCase(), heading!] as const;
          }),
      );
      const expected: Record<string, RegExp> = {
        incidents_all: /^All$/,
        incidents_c1: /^C1$/,
        incidents_c2: /^C2$/,
        incidents_c3: /^C3$/,
        incidents_c4: /^C4$/,
        c1_total_seconds: /C1 \| Total time$/,
        c1_90th_seconds: /^C1 \| 90th$/,
        c2_total_seconds: /^C2 \| Total time$/,
        c2_90th_seconds: /C2 \| 90th$/,
        c3_total_seconds: /^C3 \| Total time$/,
        c3_90th_seconds: /^C3 \| 90th$/,
        c4_total_seconds: /^C4 \| Total time$/,
        c4_90th_seconds: /^C4 \| 90th$/,
        hear_and_treat: /^H&T$/,
        conveyed_to_ed: /^To ED$/,
        conveyed_elsewhere: /^Elsew$/,
        not_conveyed: /^No Conv$/,
        handovers_time_known: /^Handovers \| T known$/,
        handovers_over_30min: /^Over 30$/,
        handovers_over_60min: /^Over 60$/,
      };
      for (const [field, code] of Object.entries(ambsysCodes))
        expect(headings.get(code), `${field} ${code}`).toMatch(expected[field]!);
    },
  );
});
