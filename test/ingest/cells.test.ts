import { describe, expect, it } from "vitest";
import { parseDateCell, parseNumberCell } from "../../src/ingest/cells.js";

describe("parseNumberCell", () => {
  it("reads plain numbers, thousands separators and percentages", () => {
    expect(parseNumberCell("1234")).toBe(1234);
    expect(parseNumberCell("-3.5")).toBe(-3.5);
    expect(parseNumberCell("1e3")).toBe(1000);
    expect(parseNumberCell("12,345.6")).toBe(12345.6);
    expect(parseNumberCell(" 1,000 ")).toBe(1000);
    expect(parseNumberCell("85.2%")).toBe(85.2);
  });

  it("treats NHS suppression markers as missing", () => {
    for (const marker of ["", "-", "*", "..", "n/a", "NA", " "])
      expect(parseNumberCell(marker)).toBeNull();
  });

  it("refuses what is not safely a number", () => {
    for (const bad of ["abc", "1000,5", "12,34", "0x1A", "1.2.3", "Infinity", "--1"])
      expect(parseNumberCell(bad), bad).toBeUndefined();
  });
});

describe("parseDateCell", () => {
  it("reads every form NHS files use", () => {
    expect(parseDateCell("2024-03-01")).toBe("2024-03-01");
    expect(parseDateCell("01/03/2024")).toBe("2024-03-01");
    expect(parseDateCell("March 2024")).toBe("2024-03-01");
    expect(parseDateCell("MSitAE-MARCH-2024")).toBe("2024-03-01");
    expect(parseDateCell("2024-03-31")).toBe("2024-03-31");
    expect(parseDateCell("20240301")).toBe("2024-03-01");
    expect(parseDateCell("Mar-24")).toBe("2024-03-01");
    expect(parseDateCell("2024-03")).toBe("2024-03-01");
    expect(parseDateCell("1-Mar-2024")).toBe("2024-03-01");
  });

  it("refuses impossible dates", () => {
    for (const bad of ["2024-02-30", "31/02/2024", "Smarch 2024", "2024", "yesterday"])
      expect(parseDateCell(bad), bad).toBeUndefined();
  });
});
