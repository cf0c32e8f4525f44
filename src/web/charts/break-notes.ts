/**
 * The numbered break labels written under a downloaded SPC chart. On the page the labels are
 * listed under the chart (each number's `<title>` repeats its label for pointer users); a
 * downloaded SVG has no page around it, so it carries the list itself, numbered as the lines are.
 */
import { textWidth } from "./frame.js";
import { colours } from "./marks.js";
import { attrs, esc, n } from "./svg.js";

/** Words of `text` in lines no wider than `width` at `fontSize` (a word longer than a line is cut). */
function wrap(text: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next, fontSize) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The block of labels starting at `top` across a chart `width` units wide: a heading, then
 * "1. <label>" per break with wrapped lines indented under the label's first word.
 */
export function breakNotesBlock(
  labels: readonly string[],
  top: number,
  width: number,
  fontSize: number,
): { svg: string; height: number } {
  const lineHeight = Math.round(fontSize * 1.4);
  const left = 8;
  const indent = left + textWidth("00. ", fontSize);
  let y = top + lineHeight;
  const text = (x: number, content: string, weight?: string) =>
    `<text${attrs({ x: n(x), y: n(y), fill: colours.text, "font-weight": weight })}>${esc(content)}</text>`;
  let svg = `<g class="app-chart__break-notes">${text(left, "Where the limits start again (the numbered lines):", "bold")}`;
  labels.forEach((label, i) => {
    wrap(label, width - indent - left, fontSize).forEach((line, j) => {
      y += lineHeight;
      if (j === 0) svg += text(left, `${i + 1}.`);
      svg += text(indent, line);
    });
  });
  svg += "</g>";
  return { svg, height: y - top + Math.round(fontSize / 2) };
}
