import { describe, expect, it } from "vitest";
import {
  benchmarkBars,
  figureHtml,
  funnelLimits,
  funnelPlot,
  lineChart,
  niceTicks,
  rankPeers,
  sparkline,
  thinLabels,
} from "../../../src/web/charts/index.js";
import { toCsv } from "../../../src/metrics/csv.js";
import { stepPath } from "../../../src/web/charts/svg.js";
import { labelRows } from "../../../src/web/charts/benchmark.js";
import { funnelData, peers, trendSeries } from "./fixtures.js";
import { count, expectWellFormed, normaliseSvg, pathData } from "./svg-helpers.js";

const percent = { kind: "percent", decimals: 1 } as const;

describe("sparkline", () => {
  it("is decorative, breaks at gaps and marks the last value", async () => {
    const svg = sparkline([70, 72, null, 75, 74, 78, null], { reference: 76 });
    expectWellFormed(svg);
    expect(svg).toContain('aria-hidden="true"');
    expect(svg).not.toContain("<title");
    expect(count(/<path d="([^"]*)"/.exec(svg)?.[1] ?? "", /M/)).toBe(2);
    expect(count(svg, /<circle/)).toBe(1);
    // The dot is on the last observed value (index 5 of 7), the highest, so at the top.
    expect(svg).toMatch(/<circle cx="97.3" cy="4" r="2.5"/);
    await expect(normaliseSvg(svg)).toMatchFileSnapshot("__snapshots__/sparkline.svg");
  });

  it("copes with no data", () => {
    expect(sparkline([])).toMatch(/^<svg[^>]*aria-hidden="true"[^>]*><\/svg>$/);
  });
});

describe("benchmarkBars", () => {
  const chart = benchmarkBars(peers, {
    id: "bench",
    title: "Peers <all>",
    format: percent,
    selected: "ZZ005",
    valueLabel: "4-hour performance",
  });

  it("ranks peers best first with the selected one marked by colour, pattern and label", async () => {
    expectWellFormed(chart.svg);
    expect(count(chart.svg, /class="app-chart__bar[ "]/)).toBe(23);
    expect(count(chart.svg, /app-chart__bar--selected/)).toBe(1);
    expect(chart.svg).toContain('fill="url(#bench-hatch)"');
    expect(chart.svg).toMatch(/font-weight="700">\d+\. Demo Trust 5 \(demo\) \(selected\)<\/text>/);
    expect(count(chart.svg, /class="app-chart__median"/)).toBe(1);
    expect(count(chart.svg, /class="app-chart__quartile"/)).toBe(2);
    await expect(normaliseSvg(chart.svg)).toMatchFileSnapshot("__snapshots__/benchmark-bars.svg");
  });

  it("tables every organisation, including those without a value", () => {
    expect(chart.table.head).toEqual(["Rank", "Organisation", "4-hour performance", "Quartile"]);
    expect(chart.table.rows).toHaveLength(24);
    expect(chart.table.rows[0]?.[0]).toBe("1st");
    expect(chart.table.rows[23]).toEqual(["–", "Demo Trust 21 (demo)", "–", "No data"]);
    expect(chart.table.rows.find((r) => String(r[1]).includes("(selected)"))?.[1]).toBe(
      "Demo Trust 5 (demo) (selected)",
    );
    expect(chart.csv.split("\r\n")[0]).toBe("rank,org_code,organisation,value,quartile,selected");
    expect(chart.takeaway).toMatch(
      /^Demo Trust 5 \(demo\) ranks \d+(st|nd|rd|th) of 23 \((top|second|third|bottom) quartile\); the median is [\d.]+%$/,
    );
  });

  it("ranks lowest first when lower is better, sharing ranks on ties", () => {
    const ranked = rankPeers(
      [
        { code: "A", name: "A", value: 3 },
        { code: "B", name: "B", value: 1 },
        { code: "C", name: "C", value: 3 },
        { code: "D", name: "D", value: null },
      ],
      "decrease",
    );
    expect(ranked.map((r) => [r.code, r.rank, r.quartile])).toEqual([
      ["B", 1, 1],
      ["A", 2, 2],
      ["C", 2, 2],
      ["D", null, null],
    ]);
  });

  it("assigns quarters by value against the engine's quartiles when given", () => {
    const data = [10, 20, 30, 40, 50].map((v, i) => ({ code: `T${i}`, name: `T${i}`, value: v }));
    const quartiles = { q1: 25, median: 30, q3: 45 };
    const ranked = rankPeers(data, "increase", quartiles);
    expect(ranked.map((r) => [r.code, r.quartile])).toEqual([
      ["T4", 1],
      ["T3", 2],
      ["T2", 2],
      ["T1", 4],
      ["T0", 4],
    ]);
    const chart = benchmarkBars(data, { id: "q", title: "Q", quartiles, selected: "T2" });
    expect(chart.takeaway).toContain("(second quartile)");
    expect(chart.svg).toContain('data-detail="Ranked 3rd of 5, second quartile"');
  });

  it("moves a label up a row where the quartiles and median are too close to read", () => {
    // Quartiles 49.5 and 50.5 around a median of 50 on a 0–100 axis: a few pixels apart.
    const close = [0, 49, 49.5, 50, 50, 50.5, 51, 100].map((value, i) => ({
      code: `C${i}`,
      name: `Trust ${i}`,
      value,
    }));
    const c = benchmarkBars(close, {
      id: "close",
      title: "Close",
      quartiles: { q1: 49.5, median: 50, q3: 50.5 },
    });
    const y = (label: string) =>
      Number(new RegExp(`<text[^>]* y="([0-9.]+)"[^>]*>${label}</text>`).exec(c.svg)?.[1]);
    const ys = ["Q1", "Median", "Q3"].map(y);
    expect(new Set(ys).size).toBeGreaterThan(1);
    expect(Math.min(...ys)).toBeGreaterThan(10);
    expect(
      labelRows([
        { x: 300, text: "Q1" },
        { x: 308, text: "Median" },
        { x: 340, text: "Q3" },
      ]),
    ).toEqual([0, 13, 0]);
    expect(
      labelRows([
        { x: 100, text: "Q1" },
        { x: 300, text: "Median" },
        { x: 500, text: "Q3" },
      ]),
    ).toEqual([0, 0, 0]);
  });

  it("names only the selected bar when there are many peers", () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      code: `X${i}`,
      name: `Trust ${i}`,
      value: i,
    }));
    const c = benchmarkBars(many, { id: "many", title: "Many", selected: "X7" });
    expect(count(c.svg, /class="app-chart__bar[ "]/)).toBe(120);
    expect(c.svg).toContain("◀ Trust 7 (selected), 113th");
    expect(c.svg).not.toContain(">1. Trust 119<");
  });

  it("marks the selected one's peers among many bars and names every bar on hover", () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      code: `X${i}`,
      name: `Trust ${i}`,
      value: i,
    }));
    const c = benchmarkBars(many, {
      id: "many",
      title: "Many",
      selected: "X7",
      peers: ["X7", "X20", "X90", "NOT-THERE"],
    });
    for (const svg of [c.svg, c.compactSvg]) {
      // The selected one stays selected (hatched), not a peer; the two other peers are marked.
      expect(count(svg, /class="app-chart__bar app-chart__bar--peer"/)).toBe(2);
      expect(count(svg, /class="app-chart__bar app-chart__bar--selected"/)).toBe(1);
      expect(count(svg, /<title>Trust \d+/)).toBe(120);
      expect(svg).toContain("<title>Trust 20 (peer): 20.0, ranked 100th of 120</title>");
      expect(svg).toContain("<title>Trust 7 (selected): 7.0, ranked 113th of 120</title>");
      expectWellFormed(svg);
    }
    expect(c.legend.map((l) => l.label)).toEqual([
      "Other organisations (light grey)",
      "Peers (dark grey, outlined)",
      "Trust 7 (selected, hatched)",
      "Median",
      "Quartiles (Q1, Q3)",
    ]);
    expect(c.table.rows.filter((r) => String(r[1]).endsWith("(peer)"))).toHaveLength(2);
    // Without peers nothing changes: one kind of other bar, called peers.
    const plain = benchmarkBars(many, { id: "p", title: "P", selected: "X7" });
    expect(plain.legend[0]!.label).toBe("Peer organisations");
    expect(plain.svg).not.toContain("app-chart__bar--peer");
  });

  it("draws a compact copy with its own ids, names above the bars", () => {
    const c = benchmarkBars(peers, { id: "bench", title: "T", selected: "ZZ005" });
    expect(c.compactSvg).toContain('id="bench-compact-title"');
    expect(c.compactSvg).toContain('id="bench-compact-hatch"');
    expect(c.compactSvg).toContain('viewBox="0 0 320 ');
    expect(c.compactSvg).toContain('font-size="16"');
    expect(c.svg).not.toContain("bench-compact");
  });
});

describe("funnelPlot", () => {
  const chart = funnelPlot(funnelData, {
    id: "funnel",
    title: "Funnel",
    selected: "ZZ003",
    denominatorLabel: "Attendances",
    valueLabel: "Seen within 4 hours",
  });

  it("draws points, both pairs of limits and the benchmark", async () => {
    expectWellFormed(chart.svg);
    expect(count(chart.svg, /<g class="app-chart__point[ "]/)).toBe(24);
    expect(count(chart.svg, /app-chart__limit--95/)).toBe(1);
    expect(count(chart.svg, /app-chart__limit--998/)).toBe(1);
    expect(chart.svg).toMatch(/>Benchmark [\d.]+%<\/text>/);
    expect(chart.svg).toContain("Demo Trust 3 (demo) (selected)");
    await expect(normaliseSvg(chart.svg)).toMatchFileSnapshot("__snapshots__/funnel.svg");
  });

  it("labels each organisation above, below or within the limits", () => {
    expect(chart.table.head).toEqual([
      "Organisation",
      "Attendances",
      "Seen within 4 hours",
      "Position",
    ]);
    const positions = new Set(chart.table.rows.map((r) => r[3]));
    expect([...positions].some((p) => String(p).startsWith("Above the 99.8% limit"))).toBe(true);
    expect([...positions].some((p) => String(p).startsWith("Below the 99.8% limit"))).toBe(true);
    expect(chart.takeaway).toMatch(
      /^Demo Trust 3 \(demo\) is (above|below|within) the .*; \d+ organisations? (is|are) above and \d+ below the 99\.8% limits$/,
    );
  });

  it("computes binomial limits that narrow as the denominator grows", () => {
    const [l1, u1] = funnelLimits(0.8, 100, 1.959964);
    expect(l1).toBeCloseTo(0.8 - 1.959964 * 0.04, 10);
    expect(u1).toBeCloseTo(0.8 + 1.959964 * 0.04, 10);
    const [l2, u2] = funnelLimits(0.8, 10_000, 1.959964);
    expect(u2 - l2).toBeLessThan(u1 - l1);
    expect(funnelLimits(0.99, 4, 3.09)[1]).toBe(1);
  });
});

describe("lineChart", () => {
  const chart = lineChart(trendSeries, {
    id: "trend",
    title: "Trend",
    format: percent,
    target: 78,
  });

  it("draws each series with its own dash and marker shape", async () => {
    expectWellFormed(chart.svg);
    expect(count(chart.svg, /class="app-chart__line"/)).toBe(3);
    expect(count(chart.svg, /<g class="app-chart__point[ "]/)).toBe(35);
    expect(count(pathData(chart.svg, "app-chart__line"), /M/)).toBe(1);
    expect(chart.svg).toContain('stroke-dasharray="7 3"');
    expect(chart.legend.map((l) => l.label)).toEqual([
      "England",
      "North West",
      "Midlands",
      "Target 78%",
    ]);
    expect(chart.takeaway).toBe(
      "Latest, December 2022: England 77.3%, North West 75.1%, Midlands 78.8%",
    );
    await expect(normaliseSvg(chart.svg)).toMatchFileSnapshot("__snapshots__/line.svg");
  });

  it("tables periods by series", () => {
    expect(chart.table.head).toEqual(["Period", "England", "North West", "Midlands"]);
    expect(chart.table.rows[3]).toEqual(["April 2022", "75.2%", "–", "77.1%"]);
    expect(chart.csv.split("\r\n")[4]).toBe("2022-04-01,75.2,,77.1");
  });
});

describe("figureHtml", () => {
  it("wraps a chart with its heading, takeaway, legend and linked table, all escaped", () => {
    const chart = lineChart(trendSeries, {
      id: "fig",
      title: "Trend <&>",
      takeaway: 'Rising "fast"',
    });
    const html = figureHtml(chart, { headingLevel: 3, csvHref: "/data/x.csv?a=1&b=2" });
    expectWellFormed(html);
    expect(html).toContain(
      '<h3 class="nhsuk-heading-s app-chart__title" id="fig-heading">Trend &lt;&amp;&gt;</h3>',
    );
    expect(html).toContain('<p class="app-chart__takeaway">Rising &quot;fast&quot;</p>');
    expect(html).toContain('<a href="#fig-table" class="app-chart__table-link">');
    expect(html).toContain(
      '<table class="nhsuk-table app-table--numeric app-chart__table" id="fig-table">',
    );
    expect(html).toContain('href="/data/x.csv?a=1&amp;b=2" download');
    expect(count(html, /<th scope="row"/)).toBe(12);
  });
});

describe("helpers", () => {
  it("nice ticks", () => {
    expect(niceTicks(3.2, 97.5, 5).values).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(70.5, 82.6, 5).values).toEqual([70, 72.5, 75, 77.5, 80, 82.5, 85]);
    expect(niceTicks(0.712, 0.826, 5).values).toEqual([0.7, 0.725, 0.75, 0.775, 0.8, 0.825, 0.85]);
    expect(niceTicks(5, 5).values).toEqual([4.4, 4.6, 4.8, 5, 5.2, 5.4, 5.6]);
  });

  it("thins labels, keeping the latest", () => {
    expect(thinLabels(36, 8)).toEqual([5, 11, 17, 23, 29, 35]);
    expect(thinLabels(5, 8)).toEqual([0, 1, 2, 3, 4]);
    expect(thinLabels(0, 8)).toEqual([]);
  });

  it("steps limits that change per point", () => {
    expect(stepPath([10, 20, 30], [5, 5, 5])).toBe("M10 5H30");
    expect(stepPath([10, 20, 30], [5, 7, 7])).toBe("M10 5H15V7H30");
    expect(stepPath([10, 20, 30], [5, null, 5])).toBe("M10 5H10M30 5H30");
  });

  it("writes CSV that spreadsheets will not run as formulas", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["=SUM(A1)", -3],
          ['x,"y"', null],
        ],
      ),
    ).toBe('a,b\r\n\'=SUM(A1),-3\r\n"x,""y""",\r\n');
  });
});

describe("funnelPlot with the engine's limits", () => {
  it("places each unit by the limits it is given and draws the given curves", () => {
    const data = [
      // Inside normal limits around 0.5 at n = 1000, but the caller's (say, exact) limits are tighter.
      {
        code: "ZZ001",
        name: "Demo 1 (demo)",
        numerator: 520,
        denominator: 1000,
        limits: { lower95: 0.49, upper95: 0.51, lower998: 0.495, upper998: 0.505 },
      },
      {
        code: "ZZ002",
        name: "Demo 2 (demo)",
        numerator: 500,
        denominator: 1000,
        limits: { lower95: 0.49, upper95: 0.51, lower998: 0.485, upper998: 0.515 },
      },
    ];
    const curve = {
      denominator: [500, 1000, 2000],
      lower95: [0.45, 0.47, 0.48],
      upper95: [0.55, 0.53, 0.52],
      lower998: [0.42, 0.45, 0.46],
      upper998: [0.58, 0.55, 0.54],
    };
    const chart = funnelPlot(data, { id: "f", title: "Given limits", benchmark: 0.5, curve });
    const text = (code: string) =>
      chart.table.rows.find((r) => String(r[0]).includes(code))?.join(" ") ?? "";
    expect(text("Demo 1")).toContain("Above the 99.8% limit");
    expect(text("Demo 2")).toContain("Within the 95% limits");
    // Both limit paths are drawn from the given points (three per curve, two curves per level).
    expect(chart.svg).toMatch(/app-chart__limit--95/);
    expect(chart.svg).toMatch(/app-chart__limit--998/);
  });
});
