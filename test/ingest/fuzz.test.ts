// Fuzz tests of every import format (issue 14, item 8): each format's golden input
// (test/fixtures/golden/<format id>/) mutated at random: a cell replaced by a hostile value,
// the text truncated, a NUL, byte-order mark, quote or line break inserted, the columns shuffled.
// Seeded (test/support/fuzz.ts).
//
// Whatever the input, reading it either gives values or throws one of our errors (src/errors.ts),
// never anything else; values read without a problem carry finite numbers (or null for missing),
// as they would reach a page. In memory for every format (record reader), then through
// importFile into the real test database (the byte readers, the writer and the after-import
// steps included), where no stored value may be ±Infinity or NaN.
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import { catalogue } from "../../src/metrics/catalogue/index.js";
import { csvTextRecords, type CsvRecord } from "../../src/ingest/csv.js";
import type { ParseContext, SourceFormat } from "../../src/ingest/format.js";
import { importFile } from "../../src/ingest/import-file.js";
import { ROW_NOT_FINITE } from "../../src/ingest/problem-messages.js";
import { Problems } from "../../src/ingest/problems.js";
import { formats } from "../../src/ingest/sources/index.js";
import { seedReference } from "../../src/storage/reference.js";
import { testDatabase, type TestDatabase } from "../support/db.js";
import { fuzzParameters } from "../support/fuzz.js";

const goldenDir = path.join(process.cwd(), "test", "fixtures", "golden");
const metrics = new Map(catalogue.map((m) => [m.id, m]));

/** A format's golden input: its file name (some formats read the period from it) and text. */
function golden(format: SourceFormat): { name: string; text: string } {
  const dir = path.join(goldenDir, format.id);
  const name = fs.readdirSync(dir).find((f) => /^input(_.+)?\.csv$/.test(f)) ?? "input.csv";
  return { name, text: fs.readFileSync(path.join(dir, name), "utf8") };
}

const HOSTILE = [
  "",
  " ",
  "-",
  "..",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e308",
  "-1e308",
  "1e309",
  "5e-324",
  "-0",
  "0x10",
  "1,000",
  "1.2.3",
  "99999999999999999999999",
  "-1",
  "=1+1",
  "@SUM(A1)",
  '"',
  '""',
  "a,b",
  "\0",
  "\ufeff",
  "\r",
  "\n",
  "\r\n",
  "2024-02-30",
  "9999-12-31",
  "0000-01-01",
  "MSitAE-MARCH-2024",
  "Ω≈ç√",
  "🙂",
  "x".repeat(5000),
  "9".repeat(400),
];

const hostileCell = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 12 }),
  fc.double().map(String),
);

/** A field as RFC 4180 writes it (no formula neutralising: the hostile value is the point). */
const field = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const join = (records: string[][]) => records.map((r) => r.map(field).join(",")).join("\n") + "\n";

type Mutation =
  | { kind: "cell"; row: number; column: number; value: string; embed: boolean }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "shuffle"; order: number[]; dataOnly: boolean }
  | { kind: "pad"; lines: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Blank lines after the first (readers skip them) push the rest past the first 8 KB.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("pad" as const),
      lines: fc.integer({ min: 1, max: 12_000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("cell" as const),
      row: fc.nat(),
      column: fc.nat(),
      value: hostileCell,
      embed: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("truncate" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }).map((d) => d),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      text: fc.constantFrom("\0", "\ufeff", '"', "\n", "\r", ",", '""', "\r\n"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("shuffle" as const),
      order: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      dataOnly: fc.boolean(),
    }),
  },
);

/** The golden text with the mutations applied in turn. */
function mutate(text: string, mutations: Mutation[]): string {
  for (const m of mutations) {
    if (m.kind === "pad") {
      const nl = text.indexOf("\n") + 1;
      text = text.slice(0, nl) + "\n".repeat(m.lines) + text.slice(nl);
    } else if (m.kind === "truncate") text = text.slice(0, Math.floor(m.at * text.length));
    else if (m.kind === "insert") {
      const at = Math.floor(m.at * text.length);
      text = text.slice(0, at) + m.text + text.slice(at);
    } else {
      let records: string[][];
      try {
        records = csvTextRecords(text, { fileName: "x.csv", delimiter: "," }).map((r) => r.cells);
      } catch {
        continue; // an earlier mutation left an unclosed quote: keep the text as it is
      }
      if (records.length === 0) continue;
      if (m.kind === "cell") {
        // The hostile value replaces the cell, or is put in its middle ("NORTH\0VALE").
        const row = records[m.row % records.length]!;
        const c = m.column % row.length;
        const old = row[c]!;
        const half = Math.floor(old.length / 2);
        row[c] = m.embed ? old.slice(0, half) + m.value + old.slice(half) : m.value;
      } else {
        // A permutation of the columns from the random keys, applied to every record (or the data).
        const width = Math.max(...records.map((r) => r.length));
        const order = [...Array(width).keys()].sort(
          (a, b) => (m.order[a % 40] ?? 0) - (m.order[b % 40] ?? 0) || a - b,
        );
        records = records.map((r, i) => (m.dataOnly && i === 0 ? r : order.map((j) => r[j] ?? "")));
      }
      text = join(records);
    }
  }
  return text;
}

/** Reads `text` as `format` in memory: the values, or the error thrown. */
async function readAs(format: SourceFormat, text: string, fileName: string) {
  const records = csvTextRecords(text, { fileName });
  const problems = new Problems(fileName);
  const ctx: ParseContext = {
    fileName,
    problems,
    metrics,
    header: format.hasHeader ? (records[0]?.cells ?? []) : [],
  };
  const data = format.hasHeader ? records.slice(1) : records;
  async function* batches(): AsyncGenerator<CsvRecord[]> {
    yield data;
  }
  const items: unknown[] = [];
  for await (const batch of (
    format.parse as (r: AsyncIterable<CsvRecord[]>, c: ParseContext) => AsyncIterable<unknown[]>
  )(batches(), ctx))
    items.push(...batch);
  return { items, problems };
}

const isNumberOrNull = (v: unknown) => v === null || (typeof v === "number" && Number.isFinite(v));

/** Cases per format in memory, and imports in all through the database. */
const RUNS_PER_FORMAT = 100;
const DB_RUNS = 80;

describe("import formats under hostile input (fuzz)", () => {
  for (const format of formats) {
    it(`${format.id}: mutated golden input gives values or our errors, never a crash`, async () => {
      const { name, text } = golden(format);
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
          const input = mutate(text, mutations);
          let result;
          try {
            result = await readAs(format, input, name);
          } catch (e) {
            expect(e, String((e as Error).stack)).toBeInstanceOf(AppError);
            return;
          }
          if (result.problems.any || format.kind !== "values") return;
          for (const v of result.items as Record<string, unknown>[]) {
            for (const k of ["numerator", "denominator", "value"])
              expect(isNumberOrNull(v[k]), `${k} = ${String(v[k])} in ${JSON.stringify(v)}`).toBe(
                true,
              );
            expect(v.periodStart).toMatch(/^\d{4}-\d\d-\d\d$/);
            expect(typeof v.orgCode === "string" && v.orgCode.length > 0).toBe(true);
          }
        }),
        fuzzParameters(RUNS_PER_FORMAT),
      );
    });
  }

  describe("through importFile and the database", () => {
    let t: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      t = await testDatabase();
      await seedReference(t.db);
      dir = await fsp.mkdtemp(path.join(os.tmpdir(), "improve-fuzz-"));
    });
    afterAll(async () => {
      await t.drop();
      await fsp.rm(dir, { recursive: true, force: true });
    });

    it("imports a mutated golden file of any format, or refuses it with our errors; stores no non-finite number", async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...formats),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.boolean(),
          fc.boolean(),
          async (format, mutations, forced, padded) => {
            const { name, text } = golden(format);
            // Half the files padded past the first 8 KB first (the binary check reads those).
            if (padded) mutations = [{ kind: "pad", lines: 9000 }, ...mutations];
            const sub = path.join(dir, String(n++));
            await fsp.mkdir(sub);
            const file = path.join(sub, name);
            await fsp.writeFile(file, mutate(text, mutations));
            try {
              await importFile(t, file, forced ? { format: format.id } : {});
            } catch (e) {
              expect(e, String((e as Error).stack)).toBeInstanceOf(AppError);
              expect((e as Error).message.length).toBeLessThan(20_000);
            }
          },
        ),
        fuzzParameters(DB_RUNS),
      );
      const { rows } = await t.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM metric_values
          WHERE numerator IN ('Infinity', '-Infinity', 'NaN') OR denominator IN ('Infinity', '-Infinity', 'NaN')
             OR value IN ('Infinity', '-Infinity', 'NaN')`,
      );
      expect(Number(rows[0]!.n)).toBe(0);
    });
  });
});

// Counterexamples of the fuzz above (seed 20261204): values computed as ±Infinity were read
// without a problem, to be stored and shown as such.
describe("import formats past the largest double (fuzz regressions)", () => {
  const cases: [string, Mutation][] = [
    // A ratio over a denominator near 0: 5 / 5e-324 × 100.
    [
      "cancelled-ops",
      { kind: "cell", row: 160856429, column: 2074662132, value: "5e-324", embed: false },
    ],
    // round(a percentage of 9e303 × attendances).
    [
      "snapshot-ae",
      {
        kind: "cell",
        row: 472656565,
        column: 849149106,
        value: "8.98846567431158e+303",
        embed: false,
      },
    ],
  ];
  for (const [id, m] of cases) {
    it(`${id}: a value past the largest double is a problem on its line`, async () => {
      const format = formats.find((f) => f.id === id)!;
      const { name, text } = golden(format);
      const { problems } = await readAs(format, mutate(text, [m]), name);
      expect(problems.list.map((p) => p.reason)).toContain(ROW_NOT_FINITE);
      expect(problems.list.find((p) => p.reason === ROW_NOT_FINITE)?.line).toBeGreaterThan(1);
    });
  }
});
