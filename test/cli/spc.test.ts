/** `improve spc`: flags, output formats and one-line input errors. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { register } from "../../src/cli/commands/spc.js";
import { InputError, UsageError } from "../../src/errors.js";
import { spcCasesDir, spcCasesMissing } from "../support/requirements.js";

const dir = mkdtempSync(path.join(tmpdir(), "spc-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = "";
  let err = "";
  const ctx = {
    io: { out: (t: string) => (out += t), err: (t: string) => (err += t), isTTY: false },
    now: () => new Date("2024-01-01T00:00:00Z"),
  } as unknown as CliContext;
  const program = new Command();
  program.exitOverride();
  register(program, ctx);
  await program.parseAsync(["node", "improve", "spc", ...args]);
  return { out, err };
}

const values = [21.7, 20.2, 20.3, 24.5, 18.3];
const csv = "date,value\n" + values.map((v, i) => `2019-0${i + 4}-01,${v}`).join("\n") + "\n";

describe("improve spc", () => {
  it("prints the compare.mjs shape with --format json", async () => {
    const { out } = await run([file("a.csv", csv), "--format", "json"]);
    const json = JSON.parse(out) as {
      points: Record<string, unknown>[];
      summary: Record<string, unknown>;
    };
    expect(json.points).toHaveLength(5);
    expect(json.points[0]).toMatchObject({
      date: "2019-04-01",
      mean: 21,
      point_type: "common_cause",
      near_lpl: expect.any(Number),
    });
    expect(json.summary).toMatchObject({ variation_type: "common_cause", assurance_type: null });
  });

  it("prints undefined limits as null", async () => {
    const { out } = await run([file("one.csv", "date,value\n2020-01-01,5\n"), "--format", "json"]);
    const json = JSON.parse(out) as { points: Record<string, unknown>[] };
    expect(json.points[0]).toMatchObject({ mean: 5, lpl: null, upl: null });
  });

  it("prints a table with the summary and warnings by default", async () => {
    const { out } = await run([file("b.csv", csv), "--target", "10", "--direction", "decrease"]);
    expect(out).toMatch(/^date\s+value\s+mean/);
    expect(out).toContain("variation: common_cause");
    expect(out).toContain("assurance: consistent_fail");
    expect(out).toContain("warning: group 1");
  });

  it("prints CSV", async () => {
    const { out } = await run([file("c.csv", csv), "--format", "csv", "--no-screen"]);
    expect(out.split("\n")[0]).toBe(
      "date,value,mean,lpl,upl,near_lpl,near_upl,special_cause_type,point_type",
    );
    expect(out.split("\n")[1]).toBe(
      "2019-04-01,21.7,21,13.02,28.98,15.68,26.32,Common Cause,common_cause",
    );
  });

  it("reads numerator,denominator for p charts", async () => {
    const f = file("p.csv", "date,numerator,denominator\n2020-01-01,10,100\n2020-02-01,20,100\n");
    const { out } = await run([f, "--chart", "p", "--format", "json"]);
    const json = JSON.parse(out) as { points: { mean: number }[] };
    expect(json.points[0]!.mean).toBeCloseTo(0.15, 12);
  });

  it("accepts the options beyond PTD", async () => {
    const { out } = await run([
      file("d.csv", csv),
      "--runs",
      "6",
      "--two-in-three",
      "mdc2023",
      "--rebase",
      "2019-06-01",
      "--format",
      "json",
    ]);
    const json = JSON.parse(out) as { points: { rebase_group: number }[] };
    expect(json.points.map((p) => p.rebase_group)).toEqual([0, 0, 1, 1, 1]);
  });

  it("names file, line, column and value for bad input", async () => {
    await expect(run([path.join(dir, "missing.csv")])).rejects.toThrow(InputError);
    await expect(run([path.join(dir, "missing.csv")])).rejects.toThrow(
      /missing\.csv: no such file/,
    );
    await expect(run([file("h.csv", "when,value\n2020-01-01,1\n")])).rejects.toThrow(
      /h\.csv line 1 column date .*missing column "date"/,
    );
    const bad = file("v.csv", "date,value\n2020-01-01,1\n2020-02-01,abc\n");
    await expect(run([bad])).rejects.toThrow(
      /v\.csv line 3 column value value "abc": not a number/,
    );
    const dup = file("dup.csv", "date,value\n2020-01-01,1\n2020-01-01,2\n");
    await expect(run([dup])).rejects.toThrow(
      /dup\.csv line 3 column date value "2020-01-01": duplicate date \(already on line 2\)/,
    );
    const date = file("date.csv", "date,value\n01/02/2020,1\n");
    await expect(run([date])).rejects.toThrow(/date\.csv line 2 column date value "01\/02\/2020"/);
  });

  it("names file, line, column and value for a row that does not match the header", async () => {
    // Read by the importers' CSV reader: a quoted cell, a BOM, CRLF and a blank line are fine.
    const ok = file("ok.csv", '\ufeffdate,value\r\n2020-01-01,"1"\r\n\r\n2020-02-01, 2 \r\n');
    expect(JSON.parse((await run([ok, "--format", "json"])).out).points).toHaveLength(2);
    const short = file("short.csv", "date,value,trajectory\n2020-01-01,1,2\n2020-02-01,3\n");
    await expect(run([short])).rejects.toThrow(
      'short.csv line 3 column trajectory value "2020-02-01,3": the row has 2 cells; the header has 3 (date, value, trajectory)',
    );
    const long = file("long.csv", "date,value\n2020-01-01,1,9\n");
    await expect(run([long])).rejects.toThrow(
      'long.csv line 2 column 3 value "9": the row has 3 cells; the header has 2 (date, value)',
    );
    const trajectory = file("t.csv", "date,value,trajectory\n2020-01-01,1,n/a!\n");
    await expect(run([trajectory])).rejects.toThrow(
      't.csv line 2 column trajectory value "n/a!": not a number',
    );
    const quote = file("quote.csv", 'date,value\n2020-01-01,"1\n2020-02-01,2\n');
    await expect(run([quote])).rejects.toThrow(
      "quote.csv: a quoted field that starts on line 2 is never closed",
    );
    const xlsx = file("book.csv", "PK\u0003\u0004rest of a workbook");
    await expect(run([xlsx])).rejects.toThrow(/book\.csv: this is a spreadsheet/);
  });

  it("rejects bad flags with a usage error", async () => {
    await expect(run([file("e.csv", csv), "--direction", "up"])).rejects.toThrow(UsageError);
    await expect(run([file("e.csv", csv), "--fix-after", "5"])).rejects.toThrow(/--fix-after/);
    await expect(run([file("e.csv", csv), "--runs", "8"])).rejects.toThrow(/--runs/);
    await expect(run([file("e.csv", csv), "--format", "xml"])).rejects.toThrow(UsageError);
  });

  it.skipIf(spcCasesMissing())("reproduces a reference case through the flags", async () => {
    const c = "fix_after_12_then_shift";
    const { out } = await run([
      path.join(spcCasesDir, "cases", `${c}.input.csv`),
      "--fix-after",
      "12",
      "--format",
      "json",
    ]);
    const exp = JSON.parse(
      readFileSync(path.join(spcCasesDir, "cases", `${c}.expected.json`), "utf8"),
    ) as {
      points: { point_type: string }[];
    };
    const got = JSON.parse(out) as { points: { point_type: string }[] };
    expect(got.points.map((p) => p.point_type)).toEqual(exp.points.map((p) => p.point_type));
  });
});
