/**
 * NHS financial-year quarters as the quarterly publications name them (KH03's financial year and
 * quarter-end month, the cancelled-operations quarter label), turned into calendar quarters.
 */
import { describe, expect, it } from "vitest";
import {
  financialQuarterStart,
  parseFinancialYear,
  parseQuarterLabel,
  quarterEndingIn,
} from "../../src/ingest/sources/shared/financial-quarter.js";

describe("financial quarters", () => {
  it("starts Q1 in April, Q2 in July, Q3 in October and Q4 in the next January", () => {
    expect([1, 2, 3, 4].map((q) => financialQuarterStart(2024, q))).toEqual([
      "2024-04-01",
      "2024-07-01",
      "2024-10-01",
      "2025-01-01",
    ]);
  });

  it("reads a financial year only when its two years follow each other", () => {
    expect(parseFinancialYear("2024-25")).toBe(2024);
    expect(parseFinancialYear("1999-00")).toBe(1999);
    expect(parseFinancialYear("2024-26")).toBeUndefined();
    expect(parseFinancialYear("2024")).toBeUndefined();
  });

  it("finds the quarter a quarter-end month closes, and none for other months", () => {
    expect(["June", "September", "December", "march"].map(quarterEndingIn)).toEqual([1, 2, 3, 4]);
    expect(quarterEndingIn("May")).toBeUndefined();
    expect(quarterEndingIn("Sept")).toBeUndefined();
  });

  it("reads the cancelled-operations label, refusing one whose months do not match its number", () => {
    expect(parseQuarterLabel("Quarter 1, 2025-26 (April to June 2025)")).toBe("2025-04-01");
    expect(parseQuarterLabel("Quarter 4, 2024-25 (January to March 2025)")).toBe("2025-01-01");
    expect(parseQuarterLabel("Quarter 2, 2024-25 (April to June 2024)")).toBeUndefined();
    expect(parseQuarterLabel("Quarter 4, 2024-25 (January to March 2024)")).toBeUndefined();
    expect(parseQuarterLabel("Q1 2025-26")).toBeUndefined();
  });
});
