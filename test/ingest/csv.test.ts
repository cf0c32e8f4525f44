import { describe, expect, it } from "vitest";
import { csvRecords, textChunks } from "../../src/ingest/csv.js";
import { InputError } from "../../src/errors.js";

async function* from(...parts: string[]) {
  for (const p of parts) yield p;
}
async function read(...parts: string[]) {
  const out: { cells: string[]; line: number }[] = [];
  for await (const b of csvRecords(from(...parts), { fileName: "t.csv" })) out.push(...b);
  return out;
}

describe("csvRecords", () => {
  it("strips a BOM, handles CRLF and keeps line numbers right across quoted line breaks", async () => {
    const rows = await read('\ufeffa,b,c\r\n1,2,3\r\n4,"x\r\ny",6\r\n7,8,9\r\n');
    expect(rows.map((r) => r.cells)).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
      ["4", "x\r\ny", "6"],
      ["7", "8", "9"],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it("joins records split across chunks", async () => {
    const rows = await read("a,b\n1,2\n", "3,4\n5", ",6\n");
    expect(rows.map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
      ["5", "6"],
    ]);
  });

  it("detects the delimiter and reads quoted commas and a last line without a newline", async () => {
    expect((await read("a;b\n1;2\n")).map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect((await read('a,b\n"q,1",2\n4,5')).map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["q,1", "2"],
      ["4", "5"],
    ]);
  });

  it("refuses binary files and spreadsheets with a clear message", async () => {
    async function* bytes(b: Buffer) {
      yield b;
    }
    const drain = async (b: Buffer) => {
      for await (const _ of textChunks(bytes(b), "x.csv"));
    };
    await expect(drain(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).rejects.toThrow(/spreadsheet/);
    await expect(drain(Buffer.from([0x41, 0, 0x42]))).rejects.toThrow(InputError);
  });
});

describe("csvRecords: ragged and awkward input", () => {
  it("keeps short and long rows as they are, never merging them with the next line", async () => {
    const rows = await read("a,b,c,d\n1,2\n3,4,5,6\n7,8,9,10,11\n");
    expect(rows.map((r) => r.cells)).toEqual([
      ["a", "b", "c", "d"],
      ["1", "2"],
      ["3", "4", "5", "6"],
      ["7", "8", "9", "10", "11"],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });

  it("reads escaped quotes, quoted fields split across chunks and old Mac line endings", async () => {
    expect((await read('a,b\n"say ""hi""",2\n')).map((r) => r.cells)[1]).toEqual(['say "hi"', "2"]);
    expect((await read('a,b\n"lon', 'g, text",2\n3,4\n')).map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["long, text", "2"],
      ["3", "4"],
    ]);
    expect((await read('a,b\r1,2\r"x\ry",3\r4,5')).map((r) => [r.cells, r.line])).toEqual([
      [["a", "b"], 1],
      [["1", "2"], 2],
      [["x\ry", "3"], 3],
      [["4", "5"], 5],
    ]);
    // A CRLF split between chunks.
    expect((await read("a,b\r", "\n1,2\r\n")).map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("refuses an unterminated quoted field, naming its line", async () => {
    await expect(read('a,b\n1,2\n"never closed,3\n4,5\n')).rejects.toThrow(
      /quoted field that starts on line 3 is never closed/,
    );
  });

  it("keeps blank lines as single empty records for the format to skip", async () => {
    expect((await read("a,b\n\n1,2\n")).map((r) => r.cells)).toEqual([
      ["a", "b"],
      [""],
      ["1", "2"],
    ]);
  });
});
