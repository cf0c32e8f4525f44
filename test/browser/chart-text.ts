/**
 * How chart text renders at the current viewport: for every chart drawing shown (the wide or
 * the compact one, decision 0011), the smallest rendered font size of its text (its computed
 * size in SVG units times the SVG's screen scale), labels that overlap one another, and labels
 * that run off the drawing.
 */
import type { Page } from "playwright-core";
import { expect } from "vitest";

export interface ChartTextReport {
  chart: string;
  /** Rendered CSS px of the smallest text. */
  smallest: number;
  overlapping: string[];
  outside: string[];
}

// A string, run in the page: the project type-checks without the DOM library.
const measure = `(() => {
  const out = [];
  for (const svg of document.querySelectorAll("svg.app-chart__svg")) {
    const frame = svg.getBoundingClientRect();
    if (frame.width === 0) continue;
    const scale = svg.getScreenCTM().a;
    const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim() !== "");
    const boxes = texts.map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }));
    const overlapping = [];
    const hit = (a, b) =>
      a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (hit(boxes[i].box, boxes[j].box)) overlapping.push(boxes[i].text + " / " + boxes[j].text);
    const outside = boxes
      .filter(({ box }) => box.left < frame.left - 0.5 || box.right > frame.right + 0.5 || box.top < frame.top - 0.5 || box.bottom > frame.bottom + 0.5)
      .map((b) => b.text);
    const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
    out.push({
      chart: svg.id || svg.querySelector("title")?.id || svg.getAttribute("class"),
      smallest: Math.round(Math.min(...sizes) * 10) / 10,
      overlapping,
      outside,
    });
  }
  return out;
})()`;

export async function chartText(page: Page): Promise<ChartTextReport[]> {
  return (await page.evaluate(measure)) as ChartTextReport[];
}

/** Every chart shown: text at least `minPx` CSS px, no two labels overlapping, none off the chart. */
export async function expectLegibleCharts(
  page: Page,
  minPx: number,
  charts: number,
): Promise<void> {
  const report = await chartText(page);
  expect(report).toHaveLength(charts);
  for (const r of report) {
    expect(r.smallest, `${r.chart}: smallest text`).toBeGreaterThanOrEqual(minPx);
    expect(r.overlapping, `${r.chart}: overlapping labels`).toEqual([]);
    expect(r.outside, `${r.chart}: labels off the chart`).toEqual([]);
  }
}
