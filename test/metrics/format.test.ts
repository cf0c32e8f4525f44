import { describe, expect, it } from "vitest";
import {
  csvNumber,
  formatForMetric,
  formatLevel,
  formatMetricDifference,
  formatMetricValue,
  formatNumber,
  formatValue,
  ordinal,
} from "../../src/metrics/format.js";
import { getMetric } from "../../src/metrics/catalogue/index.js";

describe("number formatting (one home for sentences, tables and charts)", () => {
  it("groups digits, uses a typographic minus and never shows −0", () => {
    expect(formatNumber(1240.4)).toBe("1,240");
    expect(formatNumber(-12011.25, 1)).toBe("−12,011.3");
    expect(formatNumber(-0.04, 1)).toBe("0.0");
    expect(formatNumber(NaN)).toBe("–");
    expect(formatNumber(null)).toBe("–");
  });

  it("reads a metric's value in its unit with its catalogue decimals", () => {
    const units = [
      [{ unit: "percentage", decimals: 1 }, 68.24, "68.2%"],
      [{ unit: "rate", decimals: 2, ratePer: 1000 }, 12.345, "12.35 per 1,000"],
      [{ unit: "minutes", decimals: 0 }, 35.2, "35 minutes"],
      [{ unit: "days", decimals: 1 }, 4.46, "4.5 days"],
      [{ unit: "beds", decimals: 0 }, 1204.4, "1,204 beds"],
      [{ unit: "count", decimals: 0 }, 30199, "30,199"],
    ] as const;
    for (const [metric, value, text] of units) expect(formatMetricValue(metric, value)).toBe(text);
    expect(formatMetricValue({ unit: "percentage", decimals: 1 }, 72.849, 1)).toBe("72.85%");
    expect(formatMetricValue({ unit: "count", decimals: 0 }, null)).toBe("–");
  });

  it("puts a difference between percentages in percentage points", () => {
    expect(formatMetricDifference({ unit: "percentage", decimals: 1 }, 6.1234, 1)).toBe(
      "6.12 percentage points",
    );
    expect(formatMetricDifference({ unit: "days", decimals: 1 }, 0.46)).toBe("0.5 days");
    expect(formatMetricDifference({ unit: "percentage", decimals: 1 }, NaN)).toBe("–");
  });

  it("gives charts and sentences the same text for a catalogue metric", () => {
    const metric = getMetric("ae_4hr_all")!;
    expect(formatValue(74.25, formatForMetric(metric))).toBe(formatMetricValue(metric, 74.25));
  });

  it("levels drop needless decimals; CSV keeps raw numbers; ordinals", () => {
    expect(formatLevel(78, { kind: "percent" })).toBe("78%");
    expect(formatLevel(95.5, { kind: "percent" })).toBe("95.5%");
    expect(csvNumber(0.1 + 0.2)).toBe(0.3);
    expect(csvNumber(Infinity)).toBeNull();
    expect([1, 2, 3, 4, 11, 12, 13, 22, 101].map(ordinal).join(" ")).toBe(
      "1st 2nd 3rd 4th 11th 12th 13th 22nd 101st",
    );
  });
});
