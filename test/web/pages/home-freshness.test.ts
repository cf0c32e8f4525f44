/**
 * The home page's "data to …" per topic is true per level (issue 13): an organisation-level date
 * from organisations' values, in each metric's own period type (quarterly, yearly and rolling
 * twelve-month topics were "no data yet"), and a national series that runs later said apart.
 */
import { describe, expect, it } from "vitest";
import { topicFreshness } from "../../../src/web/pages/home/home.js";

const now = new Date("2026-03-12T12:00:00Z");
const imported = new Date("2026-03-12T09:00:00Z");

describe("a topic's freshness on the home page", () => {
  it("says when organisations' data runs to, and England's where later", () => {
    expect(
      topicFreshness(
        {
          topic: "elective",
          metrics: 8,
          organisations: { period: "2022-05-01", periodType: "month" },
          nationalLater: { period: "2024-05-01", periodType: "month" },
          imported,
        },
        now,
      ),
    ).toBe("organisations' data to May 2022, national to May 2024, imported today");
  });

  it("names a yearly or rolling period as the pages do", () => {
    const t = (periodType: "financial_year" | "twelve_months", period: string) =>
      topicFreshness(
        {
          topic: "mortality",
          metrics: 1,
          organisations: { period, periodType },
          nationalLater: null,
          imported: null,
        },
        now,
      );
    expect(t("twelve_months", "2025-02-01")).toBe("organisations' data to Feb 2025 – Jan 2026");
    expect(t("financial_year", "2024-04-01")).toBe("organisations' data to 2024/25");
  });

  it("says national-only and no data apart", () => {
    const base = { topic: "uec" as const, metrics: 1, imported: null };
    expect(
      topicFreshness(
        {
          ...base,
          organisations: null,
          nationalLater: { period: "2024-01-01", periodType: "month" },
        },
        now,
      ),
    ).toBe("national data only, to January 2024");
    expect(topicFreshness({ ...base, organisations: null, nationalLater: null }, now)).toBe(
      "no data yet",
    );
  });
});
