/** Helpers for chart tests: number-normalised snapshots and structural checks of SVG text. */
import { expect } from "vitest";

/**
 * Every decimal number rounded to 1 decimal (so float noise from another platform or a harmless
 * change in arithmetic does not break a snapshot), and one element per line for readable diffs.
 */
export function normaliseSvg(svg: string): string {
  return svg
    .replace(/-?\d+\.\d+/g, (m) => {
      const r = Math.round(Number(m) * 10) / 10;
      return Object.is(r, -0) ? "0" : String(r);
    })
    .replace(/></g, ">\n<")
    .concat("\n");
}

/** Well-formedness: every tag closed in order, attributes quoted, no stray `<` or `&`. */
export function expectWellFormed(markup: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"<]*")?)*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(markup); m; m = tag.exec(markup)) {
    const between = markup.slice(last, m.index);
    expect(between, `text before <${m[2]}>`).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|#39);)/);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(markup.slice(last).trim()).toBe("");
  expect(stack).toEqual([]);
}

export function count(markup: string, re: RegExp): number {
  return (
    markup.match(new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`)) ?? []
  ).length;
}

/** The `d` attribute of the first path with this class. */
export function pathData(svg: string, cls: string): string {
  const m = new RegExp(`<path class="${cls}" d="([^"]*)"`).exec(svg);
  return m?.[1] ?? "";
}
