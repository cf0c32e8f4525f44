import { describe, expect, it } from "vitest";
import { lineChart } from "../../../src/web/charts/index.js";
import { linePath } from "../../../src/web/charts/svg.js";
import { periodSlots, timeScale } from "../../../src/web/charts/time-axis.js";
import { count, pathData } from "./svg-helpers.js";

describe("the time axis", () => {
  it("has a slot for every period from the first to the last, reported or not", () => {
    expect(periodSlots(["2019-03-01", "2021-04-01", "2019-02-01"], "month")).toHaveLength(27);
    expect(periodSlots(["2024-01-01", "2024-07-01"], "quarter")).toEqual([
      "2024-01-01",
      "2024-04-01",
      "2024-07-01",
    ]);
    // Rolling years start every month.
    expect(periodSlots(["2025-02-01", "2025-04-01"], "twelve_months")).toHaveLength(3);
    expect(periodSlots([], "month")).toEqual([]);
  });

  it("keeps dates off the period grid as one slot each rather than dropping them", () => {
    expect(periodSlots(["2024-01-01", "2024-01-15"], "month")).toEqual([
      "2024-01-01",
      "2024-01-15",
    ]);
  });

  it("places periods by time and breaks a line at every period without a value", () => {
    const t = timeScale(["2019-01-01", "2019-02-01", "2019-05-01"], "month", 0, 500);
    expect(t.periods).toHaveLength(5);
    expect([t.x("2019-01-01"), t.x("2019-02-01"), t.x("2019-05-01")]).toEqual([50, 150, 450]);
    expect(t.x("2020-01-01")).toBeNaN();
    const values = new Map([
      ["2019-01-01", 1],
      ["2019-02-01", 2],
      ["2019-05-01", 3],
    ]);
    const d = linePath(
      t.line(
        (date) => values.get(date),
        (v) => v,
      ),
    );
    expect(d).toBe("M50 1L150 2M450 3");
    expect(t.labels(10).map((l) => l.text)).toEqual([
      "Jan 2019",
      "Feb 2019",
      "Mar 2019",
      "Apr 2019",
      "May 2019",
    ]);
  });
});

describe("lineChart on the time axis", () => {
  // A&E: nobody reported from April 2019 to March 2021.
  const months = (from: string, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const d = new Date(`${from}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + i);
      return d.toISOString().slice(0, 10);
    });
  const dates = [...months("2018-10-01", 6), ...months("2021-04-01", 6)];
  const chart = lineChart(
    [
      { name: "England", points: dates.map((date, i) => ({ date, value: 70 + i })) },
      { name: "Region", points: dates.map((date, i) => ({ date, value: 60 + i })) },
    ],
    { id: "gap", title: "With a two-year gap" },
  );

  it("does not join a line across the missing periods", () => {
    const d = pathData(chart.svg, "app-chart__line");
    expect(count(d, /M/)).toBe(2);
  });

  it("leaves the gap on the axis: the periods either side are 25 slots apart, not 1", () => {
    const xs = [...chart.svg.matchAll(/class="app-chart__hit" cx="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    const step = xs[1]! - xs[0]!;
    expect(Math.round((xs[6]! - xs[5]!) / step)).toBe(25);
  });

  it("lists only the reported periods in its table", () => {
    expect(chart.table.rows).toHaveLength(12);
  });
});
