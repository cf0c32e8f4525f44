/**
 * Labels on the charts never sit on the plotted points or run off the drawing, on either layout
 * (decision 0011). Label boxes are estimated as the charts estimate them (frame.ts `labelAt`).
 */
import { describe, expect, it } from "vitest";
import { analyseSpc } from "../../../src/stats/spc/index.js";
import { funnelPlot, lineChart, spcChart } from "../../../src/web/charts/index.js";
import { inside, labelAt, markerBox, overlaps, type Box } from "../../../src/web/charts/frame.js";
import type { Chart } from "../../../src/web/charts/types.js";
import { funnelData, improvingResult, trendSeries } from "./fixtures.js";

interface Drawn {
  labels: { text: string; box: Box }[];
  points: Box[];
  frame: Box;
}

/** The placed labels, the point markers and the viewBox of one drawing. */
function drawn(svg: string): Drawn {
  const [, w, h] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg) ?? [];
  const fontSize = Number(/<svg[^>]* font-size="([\d.]+)"/.exec(svg)?.[1]);
  const labels = [
    ...svg.matchAll(
      /<text class="app-chart__label" x="([-\d.]+)" y="([-\d.]+)" text-anchor="(start|end)"[^>]* font-size="([\d.]+)"[^>]*>([^<]*)<\/text>/g,
    ),
  ].map(([, x, y, anchor, size, text]) => ({
    text: text!,
    box: labelAt(Number(x), Number(y), anchor as "start" | "end", text!, Number(size)).box,
  }));
  const points = [...svg.matchAll(/class="app-chart__hit" cx="([-\d.]+)" cy="([-\d.]+)"/g)].map(
    ([, x, y]) => markerBox(Number(x), Number(y)),
  );
  expect(fontSize).toBeGreaterThan(0);
  return { labels, points, frame: { x: 0, y: 0, width: Number(w), height: Number(h) } };
}

function expectClear(chart: Chart): string[] {
  const texts: string[] = [];
  for (const svg of [chart.svg, chart.compactSvg]) {
    const d = drawn(svg);
    for (const l of d.labels) {
      texts.push(l.text);
      expect(inside(l.box, d.frame), `${l.text} inside the chart`).toBe(true);
      for (const p of d.points) expect(overlaps(l.box, p), `${l.text} clear of points`).toBe(false);
      for (const o of d.labels)
        if (o !== l) expect(overlaps(l.box, o.box), `${l.text} / ${o.text}`).toBe(false);
    }
  }
  return texts;
}

describe("chart labels", () => {
  it("puts the SPC target label where no point is, not over the latest points", () => {
    // As RDE's 4-hour series: the latest points sit on the target at the right end.
    const values = [...Array.from({ length: 30 }, (_, i) => 90 - i * 0.4), 78, 77.5, 78.4, 78.1];
    const result = analyseSpc(
      values.map((value, i) => ({
        date: `${2022 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}-01`,
        value,
      })),
      { target: 78 },
    );
    const chart = spcChart(result, { id: "t", title: "Target", format: { kind: "percent" } });
    const texts = expectClear(chart);
    expect(texts).toContain("Target 78%");
    expect(chart.legend.map((l) => l.label)).toContain("Target 78%");
  });

  it("keeps the fixtures' target labels clear on both layouts", () => {
    expectClear(spcChart(improvingResult(), { id: "i", title: "I", format: { kind: "percent" } }));
    expectClear(lineChart(trendSeries, { id: "l", title: "L", target: 78 }));
  });

  it("keeps the funnel's selected label on the plot and off the points, wherever the point is", () => {
    for (const code of ["ZZ001", "ZZ003", "ZZ012", "ZZ024"]) {
      const chart = funnelPlot(funnelData, { id: "f", title: "F", selected: code });
      expectClear(chart);
    }
    // The largest organisation sits at the right edge: its name goes on the left of its point.
    const biggest = [...funnelData].sort((a, b) => b.denominator - a.denominator)[0]!;
    const chart = funnelPlot(funnelData, { id: "f", title: "F", selected: biggest.code });
    expect(expectClear(chart)).toContain(`${biggest.name} (selected)`);
  });
});
