/**
 * The monthly A&E fast path (`aeMonthlyFormat.parseFile`: byte-level reader, parallel ranges,
 * ./kernel.ts) against the record-by-record path (`csvFileRecords` + `aeMonthlyFormat.parse`):
 * on every fixture, on generated files full of awkward input (quoted cells with commas, quotes
 * and line breaks, CRLF/LF/CR, BOM, blank and short rows, suppression markers, bad numbers,
 * periods and codes, Total rows) and on random bytes, they must give the same values in the same
 * order, the same problems (file, line, column, value, reason; first 20 and the total), the
 * same record count and the same errors: in-process, with every range parsed on its own
 * (guessing where records start, as workers do) at tiny range sizes that cut inside quoted
 * fields, and with real worker threads.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError, type InputProblem } from "../../src/errors.js";
import { catalogue } from "../../src/metrics/catalogue/index.js";
import type { MetricDefinition } from "../../src/metrics/catalogue/types.js";
import type { MetricValueInput } from "../../src/metrics/values.js";
import type { ColumnarOptions, ColumnarStats } from "../../src/ingest/columnar/parallel.js";
import { countValues, metricValueInputs } from "../../src/ingest/columnar/values.js";
import { csvFileRecords } from "../../src/ingest/csv.js";
import type { ParseContext } from "../../src/ingest/format.js";
import { Problems } from "../../src/ingest/problems.js";
import { aeMonthlyFormat } from "../../src/ingest/sources/ae-monthly/index.js";
import { writeAeMonthlyFile } from "../../bench/import.js";
import { mulberry32 } from "../../bench/random.js";

const catalogueMetrics = new Map(catalogue.map((m) => [m.id, m]));
const fixtures = path.join(process.cwd(), "test", "fixtures");

interface Outcome {
  values: MetricValueInput[];
  problems: InputProblem[];
  total: number;
  records: number;
  error?: { message: string; problems: InputProblem[] };
}

async function header(file: string): Promise<string[]> {
  for await (const batch of csvFileRecords(file, { fileName: path.basename(file), batchSize: 1 }))
    if (batch[0]) return batch[0].cells;
  return [];
}

function context(file: string, head: string[], metrics: ReadonlyMap<string, MetricDefinition>) {
  const fileName = path.basename(file);
  return { fileName, problems: new Problems(fileName), metrics, header: head } as ParseContext;
}

/**
 * When reading fails (a quoted field never closed), the error is all an import reports: what was
 * read before it depends on batch sizes and is not compared.
 */
const settled = (o: Outcome): Outcome =>
  o.error ? { values: [], problems: [], total: 0, records: 0, error: o.error } : o;

const caught = (e: unknown) => {
  if (!(e instanceof InputError)) throw e;
  return { message: e.message, problems: e.problems };
};

/** The record-by-record path, as import-file.ts drives it. */
async function generic(
  file: string,
  metrics: ReadonlyMap<string, MetricDefinition> = catalogueMetrics,
): Promise<Outcome> {
  const out: Outcome = { values: [], problems: [], total: 0, records: 0 };
  let ctx: ParseContext | undefined;
  try {
    ctx = context(file, await header(file), metrics);
    let first = true;
    async function* data() {
      for await (let batch of csvFileRecords(file, { fileName: ctx!.fileName })) {
        if (first) {
          first = false;
          batch = batch.slice(1);
        }
        out.records += batch.length;
        yield batch;
      }
    }
    for await (const batch of aeMonthlyFormat.parse(data(), ctx)) out.values.push(...batch);
  } catch (e) {
    out.error = caught(e);
  }
  out.problems = ctx?.problems.list ?? [];
  out.total = ctx?.problems.total ?? 0;
  return settled(out);
}

/** The fast path. */
async function fast(
  file: string,
  options: ColumnarOptions,
  metrics: ReadonlyMap<string, MetricDefinition> = catalogueMetrics,
): Promise<Outcome> {
  const out: Outcome = { values: [], problems: [], total: 0, records: 0 };
  let ctx: ParseContext | undefined;
  try {
    ctx = context(file, await header(file), metrics);
    const batches = await aeMonthlyFormat.parseFile!(file, ctx, {
      ...options,
      onRecords: (n) => (out.records = n),
    });
    if (!batches) throw new Error(`parseFile declined ${file}`);
    for await (const b of batches) {
      let n = 0;
      for (const values of metricValueInputs(b, 1000)) {
        out.values.push(...values);
        n += values.length;
      }
      expect(n).toBe(countValues(b));
    }
  } catch (e) {
    out.error = caught(e);
  }
  out.problems = ctx?.problems.list ?? [];
  out.total = ctx?.problems.total ?? 0;
  return settled(out);
}

/** In-process runs: one range, and ranges parsed on their own; WebAssembly on and off. */
const inProcess: ColumnarOptions[] = [
  { workers: 0 },
  { workers: 0, wasm: false },
  { workers: 0, speculate: true, rangeBytes: 1, chunkBytes: 64 },
  { workers: 0, speculate: true, rangeBytes: 7, chunkBytes: 16, wasm: false },
  { workers: 0, speculate: true, rangeBytes: 100, chunkBytes: 1000 },
  { workers: 0, speculate: true, rangeBytes: 100, chunkBytes: 1000, wasm: false },
  { workers: 0, speculate: true, rangeBytes: 1500, reuse: true },
];

async function expectSame(file: string, options = inProcess): Promise<Outcome> {
  const expected = await generic(file);
  for (const o of options) {
    const stats: ColumnarStats = { workers: 0, ranges: 0, reparsed: 0 };
    const actual = await fast(file, { ...o, stats });
    expect(actual, `${path.basename(file)} with ${JSON.stringify(o)}`).toEqual(expected);
  }
  return expected;
}

// ---- generated files -----------------------------------------------------------------------

const NEWER_HEADER =
  "Period,Org Code,Parent Org,Org name,A&E attendances Type 1,A&E attendances Type 2,A&E attendances Other A&E Department,A&E attendances Booked Appointments Type 1,A&E attendances Booked Appointments Type 2,A&E attendances Booked Appointments Other Department,Attendances over 4hrs Type 1,Attendances over 4hrs Type 2,Attendances over 4hrs Other Department,Attendances over 4hrs Booked Appointments Type 1,Attendances over 4hrs Booked Appointments Type 2,Attendances over 4hrs Booked Appointments Other Department,Patients who have waited 4-12 hs from DTA to admission,Patients who have waited 12+ hrs from DTA to admission,Emergency admissions via A&E - Type 1,Emergency admissions via A&E - Type 2,Emergency admissions via A&E - Other A&E department,Other emergency admissions";
const OLDER_HEADER =
  "Period,Org Code,Parent Org,Org name,Number of A&E attendances Type 1,Number of A&E attendances Type 2,Number of A&E attendances Other A&E Department,Number of attendances over 4hrs Type 1,Number of attendances over 4hrs Type 2,Number of attendances over 4hrs Other A&E Department,Number of patients spending >4 hours from decision to admit to admission,Number of patients spending >12 hours from decision to admit to admission,Emergency Admissions via Type 1 A&E,Emergency Admissions via Type 2 A&E,Emergency Admissions via Other A&E,Other Emergency Admissions";

interface GenOptions {
  rows: number;
  newline: "\n" | "\r\n" | "\r";
  bom?: boolean;
  older?: boolean;
  /** Probability of an awkward cell or line. */
  quirks: number;
  quotedHeader?: boolean;
  trailingNewline?: boolean;
  /** Columns left out of the file (by header name). */
  drop?: string[];
}

function generate(seed: number, o: GenOptions): string {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const odd = () => random() < o.quirks;
  const nl = o.newline;
  // Line breaks inside quoted cells; a CR-only file must not contain an LF anywhere.
  const inner = nl === "\r" ? "\r" : pick(["\n", "\r\n"]);
  const head = o.older ? OLDER_HEADER : NEWER_HEADER;
  const columns = head.split(",").length;
  const lines: string[] = [
    o.quotedHeader
      ? head
          .split(",")
          .map((h) => `"${h}"`)
          .join(",")
      : head,
  ];
  const months = ["MARCH-2024", "APRIL-2024", "JANUARY-2019", "DECEMBER-2023"];
  const number = (): string => {
    if (!odd()) return String(Math.floor(random() * 20000));
    return pick([
      "",
      "-",
      "*",
      "..",
      " 42",
      "0042",
      "12.5",
      "1e3",
      "-5",
      "+7",
      '"1,234"',
      '"12,345.5"',
      '"77"',
      "12x",
      "0x10",
      "١٢",
      "99999999999999999",
      "123456789012345",
      "n/a",
      "1.2.3",
      '"1,23"',
      "3\r4",
    ]);
  };
  for (let r = 0; r < o.rows; r++) {
    if (odd() && random() < 0.15) {
      lines.push(pick(["", "   ", "\t", '""', " \u00a0 ", ",,,"]));
      continue;
    }
    const period = odd()
      ? pick([
          "MSitAE-SMARCH-2024",
          "March 2024",
          "2024-03",
          " MSitAE-MARCH-2024 ",
          '"MSitAE-MAY-2024"',
          "",
          "TOTAL",
          " Total ",
        ])
      : `MSitAE-${pick(months)}`;
    let code = `Z${String(Math.floor(random() * 60)).padStart(3, "0")}`;
    let name = `FICTIONAL PROVIDER ${code} NHS TRUST`;
    if (odd())
      code = pick(["za12", " ZB7 ", "-", "TOTAL", "R!1", "", "ß1", '"ZQ9"', "ABCDEFGHIJK"]);
    if (odd())
      name = pick([
        "Total",
        " england ",
        "ENGLAND",
        '"NORTH, SOUTH AND WEST NHS TRUST"',
        `"NORTHVALE${inner}HOSPITALS"`,
        '"THE ""BEST"" TRUST"',
        "ÉCOLE “TRUST”",
        'TRUST 5" SCREEN',
        "",
        '"TOTAL"',
      ]);
    const cells = [period, code, pick(["NHS ENGLAND LONDON", '"NHS ENGLAND, MIDLANDS"']), name];
    while (cells.length < columns) cells.push(number());
    if (odd() && random() < 0.2) cells.length = Math.floor(random() * columns);
    if (odd() && random() < 0.2) cells.push("extra", '"more"');
    if (odd() && random() < 0.1) cells[columns - 1] = `"OTHER${inner}NOTE"`;
    lines.push(cells.join(","));
  }
  if (o.drop) {
    // Plain files only: cells are found by splitting at commas.
    const names = head.split(",");
    const keep = names.map((n) => !o.drop!.includes(n));
    for (let i = 0; i < lines.length; i++)
      lines[i] = lines[i]!.split(",")
        .filter((_, j) => keep[j] ?? true)
        .join(",");
  }
  const text = lines.join(nl) + (o.trailingNewline === false ? "" : nl);
  return (o.bom ? "\ufeff" : "") + text;
}

describe("ae-monthly fast path gives exactly what the record-by-record path gives", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "improve-ae-columnar-"));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, text: string | Buffer) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, text);
    return file;
  };

  it("on the monthly A&E fixtures", async () => {
    for (const f of await fs.readdir(path.join(fixtures, "ae-monthly"))) {
      const out = await expectSame(path.join(fixtures, "ae-monthly", f));
      expect(out.values.length).toBeGreaterThan(0);
      expect(out.total).toBe(0);
    }
  });

  it("on every malformed fixture read as monthly A&E", async () => {
    const dirName = path.join(fixtures, "malformed");
    for (const f of (await fs.readdir(dirName)).filter((f) => f.endsWith(".csv"))) {
      const file = path.join(dirName, f);
      const expected = await generic(file);
      for (const o of inProcess) {
        // Files that are refused before any record is read are refused the same way.
        const actual = await fast(file, o).catch((e: Error) => ({ thrown: e.message }));
        expect(actual, `${f} ${JSON.stringify(o)}`).toEqual(expected);
      }
    }
    const quoted = await expectSame(path.join(dirName, "18-quoted-newline-then-bad-number.csv"));
    expect(quoted.problems).toEqual([
      {
        file: "18-quoted-newline-then-bad-number.csv",
        line: 4,
        column: "Attendances over 4hrs Type 1",
        value: "2x00",
        reason: "not a number (missing values may be empty, -, * or ..)",
      },
    ]);
  });

  it("on generated files with every quirk, cut into ranges anywhere", async () => {
    const variants: GenOptions[] = [
      { rows: 400, newline: "\r\n", quirks: 0.08 },
      { rows: 400, newline: "\n", quirks: 0.08, bom: true },
      { rows: 300, newline: "\r", quirks: 0.08 },
      { rows: 300, newline: "\r\n", quirks: 0.08, older: true, quotedHeader: true },
      { rows: 200, newline: "\n", quirks: 0.3, trailingNewline: false },
      { rows: 200, newline: "\r\n", quirks: 0.3, bom: true, trailingNewline: false },
      { rows: 500, newline: "\r\n", quirks: 0 },
      // The last column a planned one (its cells end at CRLF).
      { rows: 300, newline: "\r\n", quirks: 0, drop: ["Other emergency admissions"] },
      // Some booked-appointment columns and the 12-hour DTA column missing.
      {
        rows: 300,
        newline: "\n",
        quirks: 0,
        drop: [
          "A&E attendances Booked Appointments Type 2",
          "Attendances over 4hrs Booked Appointments Type 1",
          "Patients who have waited 12+ hrs from DTA to admission",
        ],
      },
    ];
    let reparsed = 0;
    for (const [i, v] of variants.entries()) {
      for (const seed of [1, 2, 3]) {
        const file = await write(`gen-${i}-${seed}.csv`, generate(seed * 100 + i, v));
        const expected = await expectSame(file);
        if (v.quirks === 0) expect(expected.total).toBe(0);
        else expect(expected.total).toBeGreaterThan(0);
        expect(expected.values.length).toBeGreaterThan(0);
        const stats: ColumnarStats = { workers: 0, ranges: 0, reparsed: 0 };
        await fast(file, { workers: 0, speculate: true, rangeBytes: 1, stats });
        reparsed += stats.reparsed;
        // WebAssembly read the plain lines of LF and CRLF files (the rest fell to JavaScript).
        const one: ColumnarStats = { workers: 0, ranges: 0, reparsed: 0 };
        await fast(file, { workers: 0, stats: one });
        if (v.newline === "\r") {
          expect(one.wasmRecords).toBe(0);
          expect(one.wasmFallback).toMatch(/end in CR alone/);
        } else {
          expect(one.wasmFallback).toBeUndefined();
          if (v.quirks === 0)
            expect(one.wasmRecords).toBeGreaterThan(v.rows / 4); // half the parents are quoted
          else if (v.quirks < 0.1) expect(one.wasmRecords).toBeGreaterThan(0);
        }
        const none: ColumnarStats = { workers: 0, ranges: 0, reparsed: 0 };
        await fast(file, { workers: 0, wasm: false, stats: none });
        expect(none.wasmRecords).toBe(0);
        expect(none.wasmFallback).toMatch(/turned off in the configuration/);
      }
    }
    // Ranges were cut inside quoted cells with line breaks and parsed again from the right place.
    expect(reparsed).toBeGreaterThan(0);
  });

  it("reports a quoted field that is never closed as the string reader does", async () => {
    const text = generate(7, { rows: 50, newline: "\r\n", quirks: 0 });
    const file = await write(
      "unclosed.csv",
      text + 'MSitAE-MARCH-2024,ZA1,X,"NEVER CLOSED,1,2\r\n3,4\r\n',
    );
    const out = await expectSame(file);
    expect(out.error?.message).toMatch(/line 52 is never closed/);
    const quote = await write("unclosed-header.csv", 'Period,"Org Code\n1,2\n');
    await expectSame(quote);
  });

  it("counts problems past the first 20 across ranges, and the unknown-metric problem first", async () => {
    const rows = Array.from({ length: 60 }, (_, i) =>
      i % 2 ? `MSitAE-MARCH-2024,Z${i},X,N,1x,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0` : "",
    );
    const file = await write("many.csv", [NEWER_HEADER, ...rows].join("\n"));
    const out = await expectSame(file);
    expect(out.total).toBe(30);
    expect(out.problems).toHaveLength(20);
    const noPct = new Map(catalogueMetrics);
    noPct.delete("ae_4hr_all");
    const expected = await generic(file, noPct);
    expect(expected.problems[0]?.reason).toMatch(/unknown metric id/);
    for (const o of inProcess) expect(await fast(file, o, noPct)).toEqual(expected);
  });

  it("on random bytes in the cells", async () => {
    const cell = fc
      .array(fc.constantFrom("1", "2", "0", ",", '"', "\n", "\r", " ", "-", ".", "T", "é", "Z"), {
        maxLength: 6,
      })
      .map((cs) => cs.join(""));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 24 }), { maxLength: 12 }),
        fc.boolean(),
        async (rows, crlf) => {
          const body = rows.map((r) => r.join(",")).join(crlf ? "\r\n" : "\n");
          const file = await write(`fuzz-${n++}.csv`, `${NEWER_HEADER}\n${body}`);
          const expected = await generic(file);
          for (const o of [inProcess[0]!, inProcess[1]!, inProcess[2]!])
            expect(await fast(file, o)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reusing the arrays of batches already consumed, in-process and in workers", async () => {
    const file = path.join(dir, "reuse.csv");
    const { rows } = await writeAeMonthlyFile(file, 20e6, 5);
    const digest = (o: Outcome) => {
      const h = createHash("sha256");
      for (const v of o.values) h.update(JSON.stringify(v));
      return {
        values: o.values.length,
        digest: h.digest("hex"),
        problems: o.total,
        records: o.records,
      };
    };
    const expected = digest(await generic(file));
    expect(expected.records).toBe(rows);
    for (const o of [
      { workers: 0, rangeBytes: 4e6, reuse: true },
      { workers: 2, inProcessBelow: 0, rangeBytes: 3e6, reuse: true },
    ]) {
      const stats: ColumnarStats = { workers: 0, ranges: 0, reparsed: 0 };
      expect(digest(await fast(file, { ...o, stats }))).toEqual(expected);
      expect(stats.ranges).toBeGreaterThan(4);
      if (o.workers) expect(stats.byWorkers).toBe(stats.ranges);
    }
  }, 120_000);

  it("with worker threads (ranges cut inside quoted fields, speculative starts checked)", async () => {
    const file = await write(
      "workers.csv",
      generate(11, { rows: 3000, newline: "\r\n", quirks: 0.05 }),
    );
    const expected = await generic(file);
    for (const rangeBytes of [97, 4096]) {
      const stats: ColumnarStats = { workers: 0, ranges: 0, reparsed: 0 };
      const actual = await fast(file, {
        workers: 2,
        inProcessBelow: 0,
        rangeBytes,
        stats,
        reuse: rangeBytes > 100,
      });
      expect(actual).toEqual(expected);
      expect(stats.workerErrors).toBeUndefined();
      expect(stats.workers).toBe(2);
      expect(stats.ranges).toBeGreaterThan(10);
      // Workers' results were used, except where a range started inside a quoted field.
      expect(stats.byWorkers! + stats.reparsed).toBe(stats.ranges);
      expect(stats.byWorkers).toBeGreaterThan(stats.ranges / 2);
      if (rangeBytes === 97) expect(stats.reparsed).toBeGreaterThan(0);
    }
  }, 120_000);

  it("says why when WebAssembly is not available (the JavaScript reader reads every line)", async () => {
    const scanner = pathToFileURL(path.resolve("src/ingest/columnar/scanner.ts")).href;
    const script = [
      `import { ByteCsvScanner } from ${JSON.stringify(scanner)};`,
      "const plan = Uint8Array.of(2, 1);",
      "console.log(new ByteCsvScanner(plan, { delimiter: 44, newline: 10 }).wasmFallback);",
    ].join("\n");
    const node = ["--no-expose-wasm", "--import", "tsx", "--input-type=module", "-e", script];
    const { stdout } = await promisify(execFile)(process.execPath, node);
    expect(stdout.trim()).toBe("WebAssembly is not available in this JavaScript runtime");
  });
});
