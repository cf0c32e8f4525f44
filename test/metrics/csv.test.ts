// The one CSV writer (src/metrics/csv.ts) behind the web's downloads and `improve … --format csv`
// (issue 14, defect 1): RFC 4180 quoting, and spreadsheet formulas neutralised (OWASP CSV
// injection guidance) without turning negative numbers into text.
import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "../../src/metrics/csv.js";
import { renderRows } from "../../src/cli/format.js";

/** The six probes of the issue: a cell starting with = + - @ tab or carriage return. */
const probes = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"];

describe("the CSV writer", () => {
  it("prefixes a single quote to each formula-leading cell, quoting what needs it", () => {
    expect(probes.map(csvCell)).toEqual([
      "'=1+1",
      "'+1+1",
      "'-1+1",
      "'@SUM(A1)",
      "'\t=1+1",
      '"\'\r=1+1"',
    ]);
  });

  it("neutralises a formula behind leading spaces (spreadsheets may trim them)", () => {
    expect(csvCell(' =HYPERLINK("http://x")')).toBe('"\' =HYPERLINK(""http://x"")"');
  });

  it("keeps numbers, and text that is a plain number, as numbers", () => {
    expect([-5, -0.25, 1e21, "-5", "+3", "-1.5e3", " -2 "].map(csvCell)).toEqual([
      "-5",
      "-0.25",
      "1e+21",
      "-5",
      "+3",
      "-1.5e3",
      " -2 ",
    ]);
    expect([NaN, Infinity, null, undefined].map(csvCell)).toEqual(["", "", "", ""]);
  });

  it("quotes per RFC 4180: delimiters, quotes and line breaks; quotes doubled", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("–")).toBe("–");
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x", 1],
          [null, "y,z"],
        ],
      ),
    ).toBe('a,b\r\nx,1\r\n,"y,z"\r\n');
    expect(toCsv(["a"], [["x"]], { newline: "\n" })).toBe("a\nx\n");
  });
});

describe("improve … --format csv (renderRows)", () => {
  it("neutralises all six probes and keeps negative numbers", () => {
    const rows = [...probes.map((name) => ({ name, value: -5 })), { name: "-7", value: 2.5 }];
    const lines = renderRows(rows, "csv").split("\n");
    expect(lines.slice(0, 8)).toEqual([
      "name,value",
      "'=1+1,-5",
      "'+1+1,-5",
      "'-1+1,-5",
      "'@SUM(A1),-5",
      "'\t=1+1,-5",
      '"\'\r=1+1",-5',
      "-7,2.5",
    ]);
  });
});
